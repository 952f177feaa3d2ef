package main

import (
	"log/slog"

	"example.com/shop/inventory/internal/app"
	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/grpcserver"
	"example.com/shop/inventory/internal/health"
	"example.com/shop/inventory/internal/ratelimit"
)

// newGRPCServer builds the gRPC server on the process's one set of services and
// health state, with the features' hooks applied.
func newGRPCServer(cfg config.Config, logger *slog.Logger, h *health.Health, services app.Services, hk hooks) (*grpcserver.Server, error) {
	opts := grpcserver.Options{
		Logger:          logger,
		Health:          h,
		Services:        services,
		TrustedProxies:  cfg.API.TrustedProxies,
		RequestTimeout:  cfg.API.RequestTimeout,
		MaxHeaderBytes:  cfg.GRPC.MaxHeaderBytes,
		DrainDelay:      cfg.ShutdownDrainDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	}
	if cfg.API.RateLimitRPS > 0 {
		opts.RateLimiter = ratelimit.New(cfg.API.RateLimitRPS, cfg.API.RateLimitBurst, cfg.API.RateLimitClients)
	}
	for _, hook := range hk.grpc {
		hook(&opts)
	}
	return grpcserver.New(opts)
}
