package main

import (
	"github.com/acme/orders/internal/httpserver"
	"github.com/acme/orders/internal/metrics"
)

// addMetrics counts every HTTP request and serves the counts on
// GET /metrics, beside the probes.
func addMetrics(hk *hooks) {
	m := metrics.New()
	hk.http = append(hk.http, func(d *httpserver.Deps) {
		d.Observe = append(d.Observe, m.Middleware)
		d.Routes = append(d.Routes, httpserver.Route{Pattern: "/metrics", Handler: m.Handler()})
	})
}
