package main

import (
	"context"
	"log/slog"

	"example.com/shop/catalog/internal/health"
)

// unreadyUntilConfigured keeps the service unready while the API lacks its
// credentials (missing says which). The API then refuses every call, so the
// service must get no traffic: it runs (so that it starts on its defaults, and
// /livez answers) but stays unready, with the reason in /health.
func unreadyUntilConfigured(missing string, logger *slog.Logger, h *health.Health) {
	if missing == "" {
		return
	}
	logger.Warn("not ready: the API cannot admit anyone until it is configured; see README.md, Configuration", "reason", missing)
	h.Register("auth", func(context.Context) error { return health.Reason(missing) })
}
