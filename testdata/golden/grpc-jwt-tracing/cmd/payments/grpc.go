package main

import (
	"context"
	"errors"
	"log/slog"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"

	"github.com/acme/payments/internal/auth"
	"github.com/acme/payments/internal/config"
	"github.com/acme/payments/internal/grpcserver"
	"github.com/acme/payments/internal/health"
	"github.com/acme/payments/internal/metrics"
	"github.com/acme/payments/internal/ratelimit"
	"github.com/acme/payments/internal/users"
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
	opts.StatsHandlers = []stats.Handler{otelgrpc.NewServerHandler()}
	opts.Authenticate = grpcserver.JWTAuth(auth.NewJWTVerifier(cfg.Auth))
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
