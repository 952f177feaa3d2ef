package grpcserver

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// callMetrics counts gRPC calls and their latency by full method name and status
// code. Method names come from the registered services, so the number of series
// is bounded.
type callMetrics struct {
	handled  *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// MetricsInterceptors registers gRPC call metrics in reg and returns the
// interceptors that record them, for Options.Unary and Options.Stream.
func MetricsInterceptors(reg prometheus.Registerer) (grpc.UnaryServerInterceptor, grpc.StreamServerInterceptor) {
	labels := []string{"method", "code"}
	m := &callMetrics{
		handled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "grpc_server_handled_total",
			Help: "gRPC calls completed, by full method name and status code.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "grpc_server_handling_seconds",
			Help:    "Time to complete gRPC calls, by full method name and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, labels),
	}
	reg.MustRegister(m.handled, m.duration)
	unary := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		m.observe(info.FullMethod, start, err)
		return resp, err
	}
	stream := func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		m.observe(info.FullMethod, start, err)
		return err
	}
	return unary, stream
}

func (m *callMetrics) observe(method string, start time.Time, err error) {
	code := status.Code(err).String()
	m.handled.WithLabelValues(method, code).Inc()
	m.duration.WithLabelValues(method, code).Observe(time.Since(start).Seconds())
}

// TooLargeCounter registers grpc_server_msg_too_large_total in reg and returns
// the function that counts, for Options.CountTooLarge: grpc-go refuses these
// calls before any interceptor runs, so grpc_server_handled_total misses the
// unary ones.
func TooLargeCounter(reg prometheus.Registerer) func(method string) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "grpc_server_msg_too_large_total",
		Help: "gRPC calls refused because a request message was larger than the limit, by full method name.",
	}, []string{"method"})
	reg.MustRegister(c)
	return func(method string) { c.WithLabelValues(method).Inc() }
}
