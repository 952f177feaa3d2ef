package main

import "example.com/shop/catalog/internal/cache"

// addCacheMetrics serves a cache's hits, misses and errors on /metrics, labelled
// cache=name.
func addCacheMetrics(hk *hooks, name string, s *cache.Stats) {
	hk.registry.MustRegister(cache.Collectors(name, s)...)
}
