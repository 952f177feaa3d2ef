package main

import "example.com/shop/catalog/internal/store"

// addStoreMetrics serves the connection pool's statistics on /metrics.
func addStoreMetrics(hk *hooks, db *store.DB) {
	hk.registry.MustRegister(db.Collector())
}
