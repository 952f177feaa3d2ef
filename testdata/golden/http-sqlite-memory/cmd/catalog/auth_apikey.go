package main

import (
	"log/slog"

	"example.com/shop/catalog/internal/auth"
	"example.com/shop/catalog/internal/config"
	"example.com/shop/catalog/internal/health"
	"example.com/shop/catalog/internal/httpserver"
)

// addAuth admits to the API only callers that send one of API_KEYS.
func addAuth(hk *hooks, cfg config.Config, logger *slog.Logger, h *health.Health) {
	unreadyUntilConfigured(cfg.Auth.Missing(), logger, h)
	hk.http = append(hk.http, func(d *httpserver.Deps) { d.Authenticate = auth.APIKey(cfg.Auth.APIKeys) })
}
