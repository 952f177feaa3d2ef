package main

import (
	"context"
	"log/slog"
)

// addTracing adds nothing: the service was generated without tracing
// (--observability).
func addTracing(context.Context, *hooks, func(string) string, *slog.Logger) error { return nil }

// logHandler is h itself: without tracing, log lines carry no trace IDs.
func logHandler(h slog.Handler) slog.Handler { return h }
