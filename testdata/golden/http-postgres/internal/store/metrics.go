package store

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// Collector exports pgxpool's statistics (Stat) under the names client_golang's
// DBStatsCollector gives database/sql's, go_sql_*{db_name="inventory"}, so that
// one dashboard reads the pool whatever the database. pgx has no collector of
// its own, hence this one; pgxpool has no idle-connection cap, so
// go_sql_max_idle_closed_total has no counterpart.
func (db *DB) Collector() prometheus.Collector {
	return poolCollector{pool: db.pool}
}

// poolDescs are the metrics, each read from one Stat method.
var poolDescs = []struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(*pgxpool.Stat) float64
}{
	{poolDesc("max_open_connections", "Maximum number of open connections to the database."), prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }},
	{poolDesc("open_connections", "The number of established connections both in use and idle."), prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }},
	{poolDesc("in_use_connections", "The number of connections currently in use."), prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }},
	{poolDesc("idle_connections", "The number of idle connections."), prometheus.GaugeValue,
		func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }},
	{poolDesc("wait_count_total", "The total number of connections waited for."), prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }},
	{poolDesc("wait_duration_seconds_total", "The total time blocked waiting for a new connection."), prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return s.EmptyAcquireWaitTime().Seconds() }},
	{poolDesc("max_idle_time_closed_total", "The total number of connections closed due to DB_CONN_MAX_IDLE_TIME."), prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxIdleDestroyCount()) }},
	{poolDesc("max_lifetime_closed_total", "The total number of connections closed due to DB_CONN_MAX_LIFETIME."), prometheus.CounterValue,
		func(s *pgxpool.Stat) float64 { return float64(s.MaxLifetimeDestroyCount()) }},
}

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc("go_sql_"+name, help, nil, prometheus.Labels{"db_name": "inventory"})
}

// poolCollector reads the pool's statistics at each scrape.
type poolCollector struct {
	pool *pgxpool.Pool
}

// Describe implements prometheus.Collector.
func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range poolDescs {
		ch <- d.desc
	}
}

// Collect implements prometheus.Collector.
func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	for _, d := range poolDescs {
		ch <- prometheus.MustNewConstMetric(d.desc, d.kind, d.value(s))
	}
}
