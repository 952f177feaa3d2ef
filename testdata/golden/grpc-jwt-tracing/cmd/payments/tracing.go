package main

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"

	"github.com/acme/payments/internal/grpcserver"
	"github.com/acme/payments/internal/httpserver"
	"github.com/acme/payments/internal/tracing"
)

// addTracing traces every call the servers answer when the OTEL_* variables name
// a collector, and flushes pending spans at the end of shutdown.
func addTracing(ctx context.Context, hk *hooks, getenv func(string) string, logger *slog.Logger) error {
	stop, err := tracing.Setup(ctx, getenv, "payments", version)
	if err != nil {
		return err
	}
	hk.flush = append(hk.flush, func(ctx context.Context) {
		if err := stop(ctx); err != nil {
			logger.Warn("flush traces", "error", err.Error())
		}
	})
	hk.http = append(hk.http, func(d *httpserver.Deps) { d.Observe = append(d.Observe, tracing.Middleware) })
	hk.grpc = append(hk.grpc, func(o *grpcserver.Options) { o.StatsHandlers = append(o.StatsHandlers, otelgrpc.NewServerHandler()) })
	return nil
}

// logHandler adds the trace_id and span_id of the current span to log lines.
func logHandler(h slog.Handler) slog.Handler { return tracing.LogHandler(h) }
