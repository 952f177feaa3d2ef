package store

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Collector exports the pool's statistics (open, in use and idle connections,
// waits for a connection and their time) as client_golang's go_sql_* metrics.
func (db *DB) Collector() prometheus.Collector {
	return collectors.NewDBStatsCollector(db.sql, "inventory")
}
