package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"example.com/shop/inventory/internal/grpcserver"
	"example.com/shop/inventory/internal/httpserver"
	"example.com/shop/inventory/internal/metrics"
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
	hk.grpc = append(hk.grpc, func(o *grpcserver.Options) {
		unary, stream := grpcserver.MetricsInterceptors(m.Registry())
		o.Unary = append(o.Unary, unary)
		o.Stream = append(o.Stream, stream)
		o.CountTooLarge = grpcserver.TooLargeCounter(m.Registry())
	})
}
