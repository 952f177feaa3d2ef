package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/acme/orders/internal/httpserver"
	"github.com/acme/orders/internal/metrics"
)

// registry is the service's Prometheus registry, where features register their
// collectors (hooks.registry).
type registry = *prometheus.Registry

// addMetrics counts every call the servers answer and serves the counts on
// GET /metrics, beside the probes.
func addMetrics(hk *hooks) {
	m := metrics.New()
	hk.registry = m.Registry()
	hk.http = append(hk.http, func(d *httpserver.Deps) {
		d.Observe = append(d.Observe, m.Middleware)
		d.Routes = append(d.Routes, httpserver.Route{Pattern: "/metrics", Handler: m.Handler()})
	})
}
