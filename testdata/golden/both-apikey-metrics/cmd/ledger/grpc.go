package main

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc"

	"example.com/platform/ledger/internal/auth"
	"example.com/platform/ledger/internal/config"
	"example.com/platform/ledger/internal/grpcserver"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/metrics"
	"example.com/platform/ledger/internal/ratelimit"
	"example.com/platform/ledger/internal/users"
)

// newGRPCServer builds the gRPC server on the process's one service layer and
// health state, with its metrics in the registry /metrics serves.
func newGRPCServer(cfg config.Config, logger *slog.Logger, h *health.Health, svc *users.Service, m *metrics.Metrics) *grpcserver.Server {
	opts := grpcserver.Options{
		Logger:          logger,
		Health:          h,
		Users:           svc,
		TrustedProxies:  cfg.API.TrustedProxies,
		RequestTimeout:  cfg.API.RequestTimeout,
		MaxHeaderBytes:  cfg.GRPCMaxHeaderBytes,
		DrainDelay:      cfg.ShutdownDrainDelay,
		ShutdownTimeout: cfg.ShutdownTimeout,
	}
	if cfg.API.RateLimitRPS > 0 {
		opts.RateLimiter = ratelimit.New(cfg.API.RateLimitRPS, cfg.API.RateLimitBurst, cfg.API.RateLimitClients)
	}
	unary, stream := grpcserver.MetricsInterceptors(m.Registry())
	opts.Unary = []grpc.UnaryServerInterceptor{unary}
	opts.Stream = []grpc.StreamServerInterceptor{stream}
	opts.CountTooLarge = grpcserver.TooLargeCounter(m.Registry())
	opts.Authenticate = grpcserver.APIKeyAuth(auth.NewAPIKeys(cfg.Auth.APIKeys))
	return grpcserver.New(opts)
}

// serveBoth runs the HTTP and gRPC servers until ctx is done, then shuts both down
// together. If one of them fails, the other is shut down too: the process serves
// both or neither.
func serveBoth(ctx context.Context, serveHTTP, serveGRPC func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	for _, serve := range []func(context.Context) error{serveHTTP, serveGRPC} {
		go func() {
			err := serve(ctx)
			cancel()
			errs <- err
		}()
	}
	return errors.Join(<-errs, <-errs)
}
