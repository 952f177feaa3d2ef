package cache

import "github.com/prometheus/client_golang/prometheus"

// Collectors exposes s as Prometheus counters, labelled cache=name:
// cache_hits_total, cache_misses_total and cache_errors_total. They read s when
// scraped, so counting costs the cache nothing more.
func Collectors(name string, s *Stats) []prometheus.Collector {
	counter := func(metric, help string, read func() uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        metric,
			Help:        help,
			ConstLabels: prometheus.Labels{"cache": name},
		}, func() float64 { return float64(read()) })
	}
	return []prometheus.Collector{
		counter("cache_hits_total", "Cache reads that found their key.", s.Hits),
		counter("cache_misses_total", "Cache reads that did not find their key.", s.Misses),
		counter("cache_errors_total", "Cache calls that failed (unreachable, too slow, unreadable entry); each was answered from the database.", s.Errors),
	}
}
