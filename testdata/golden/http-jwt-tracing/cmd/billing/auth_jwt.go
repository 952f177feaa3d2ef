package main

import (
	"log/slog"

	"github.com/acme/billing/internal/auth"
	"github.com/acme/billing/internal/config"
	"github.com/acme/billing/internal/health"
	"github.com/acme/billing/internal/httpserver"
)

// addAuth admits to the API only callers that send a bearer JWT valid for
// cfg.Auth.
func addAuth(hk *hooks, cfg config.Config, logger *slog.Logger, h *health.Health) {
	unreadyUntilConfigured(cfg.Auth.Missing(), logger, h)
	hk.http = append(hk.http, func(d *httpserver.Deps) { d.Authenticate = auth.JWT(cfg.Auth) })
}
