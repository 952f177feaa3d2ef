package main

import (
	"log/slog"

	"example.com/shop/inventory/internal/auth"
	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/grpcserver"
	"example.com/shop/inventory/internal/health"
	"example.com/shop/inventory/internal/httpserver"
)

// addAuth admits to the API only callers that send a bearer JWT valid for
// cfg.Auth.
func addAuth(hk *hooks, cfg config.Config, logger *slog.Logger, h *health.Health) {
	unreadyUntilConfigured(cfg.Auth.Missing(), logger, h)
	hk.http = append(hk.http, func(d *httpserver.Deps) { d.Authenticate = auth.JWT(cfg.Auth) })
	verifier := auth.NewJWTVerifier(cfg.Auth)
	hk.grpc = append(hk.grpc, func(o *grpcserver.Options) { o.Authenticate = grpcserver.JWTAuth(verifier) })
}
