package grpcserver

import (
	"strings"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
)

// MetricsInterceptors registers the standard gRPC server metrics in reg and
// returns the interceptors that record them, for Options.Unary and
// Options.Stream. They are go-grpc-middleware's providers/prometheus, under the
// names and labels that existing dashboards and alerts expect:
// grpc_server_started_total, grpc_server_handled_total (by grpc_type,
// grpc_service, grpc_method and grpc_code), grpc_server_msg_received_total,
// grpc_server_msg_sent_total and the grpc_server_handling_seconds histogram.
func MetricsInterceptors(reg prometheus.Registerer) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	m := grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets([]float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}),
	))
	reg.MustRegister(m)
	return m.UnaryServerInterceptor(), m.StreamServerInterceptor()
}

// TooLargeCounter registers grpc_server_msg_too_large_total in reg, labelled as
// the standard metrics are, and returns the function that counts, for
// Options.CountTooLarge: grpc-go refuses these calls before any interceptor
// runs, so grpc_server_handled_total misses the unary ones.
func TooLargeCounter(reg prometheus.Registerer) func(method string) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "grpc_server_msg_too_large_total",
		Help: "gRPC calls refused because a request message was larger than the limit.",
	}, []string{"grpc_service", "grpc_method"})
	reg.MustRegister(c)
	return func(fullMethod string) {
		service, method, _ := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
		c.WithLabelValues(service, method).Inc()
	}
}
