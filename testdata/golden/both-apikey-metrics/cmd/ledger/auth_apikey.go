package main

import (
	"log/slog"

	"example.com/platform/ledger/internal/auth"
	"example.com/platform/ledger/internal/config"
	"example.com/platform/ledger/internal/grpcserver"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/httpserver"
)

// addAuth admits to the API only callers that send one of API_KEYS.
func addAuth(hk *hooks, cfg config.Config, logger *slog.Logger, h *health.Health) {
	unreadyUntilConfigured(cfg.Auth.Missing(), logger, h)
	hk.http = append(hk.http, func(d *httpserver.Deps) { d.Authenticate = auth.APIKey(cfg.Auth.APIKeys) })
	keys := auth.NewAPIKeys(cfg.Auth.APIKeys)
	hk.grpc = append(hk.grpc, func(o *grpcserver.Options) { o.Authenticate = grpcserver.APIKeyAuth(keys) })
}
