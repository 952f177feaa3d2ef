package main

import (
	"log/slog"

	"github.com/acme/payments/internal/auth"
	"github.com/acme/payments/internal/config"
	"github.com/acme/payments/internal/grpcserver"
	"github.com/acme/payments/internal/health"
)

// addAuth admits to the API only callers that send a bearer JWT valid for
// cfg.Auth.
func addAuth(hk *hooks, cfg config.Config, logger *slog.Logger, h *health.Health) {
	unreadyUntilConfigured(cfg.Auth.Missing(), logger, h)
	verifier := auth.NewJWTVerifier(cfg.Auth)
	hk.grpc = append(hk.grpc, func(o *grpcserver.Options) { o.Authenticate = grpcserver.JWTAuth(verifier) })
}
