package main

import (
	"context"
	"log/slog"
)

// addTracing adds nothing: the service was generated without tracing
// (--observability).
func addTracing(context.Context, *hooks, func(string) string, *slog.Logger) error { return nil }
