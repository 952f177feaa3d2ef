// Command ledger is an HTTP and gRPC service. It is configured from environment variables
// (see internal/config), logs JSON to stdout, and shuts down gracefully on SIGINT
// or SIGTERM.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"example.com/platform/ledger/internal/config"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/httpserver"
	"example.com/platform/ledger/internal/metrics"
	"example.com/platform/ledger/internal/users"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once the first signal has started the shutdown, a second one gets the default
	// behaviour and kills the process.
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintf(os.Stderr, "ledger: %v\n", err)
		os.Exit(1)
	}
}

// run is the whole service, with its inputs passed in so that tests can drive it.
// It returns when ctx is done and shutdown has finished. onListen, if not nil, is
// called with each listener's name ("http", "grpc") and bound address once the
// service accepts connections.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer, onListen func(name string, addr net.Addr)) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))

	h := health.New(version, logger)
	// Without credentials the API refuses every call, so the service must get no
	// traffic: it runs (so that it starts on its defaults, and /livez answers) but
	// stays unready, with the reason in /health.
	if missing := cfg.Auth.Missing(); missing != "" {
		logger.Warn("not ready: the API cannot admit anyone until it is configured; see README.md, Configuration", "reason", missing)
		h.Register("auth", func(context.Context) error { return health.Reason(missing) })
	}
	svc := users.NewService(users.NewMemoryRepository())
	m := metrics.New()
	router := httpserver.NewRouter(httpserver.Deps{
		Config:  cfg,
		Logger:  logger,
		Health:  h,
		Users:   svc,
		Metrics: m,
	})
	srv := httpserver.New(cfg, router, h, logger)
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "version", version)
	if onListen != nil {
		onListen("http", ln.Addr())
	}
	grpcLn, err := lc.Listen(ctx, "tcp", cfg.GRPCAddr)
	if err != nil {
		ln.Close()
		return fmt.Errorf("listen on GRPC_ADDR: %w", err)
	}
	grpcSrv := newGRPCServer(cfg, logger, h, svc, m)
	logger.Info("listening for gRPC", "addr", grpcLn.Addr().String())
	if onListen != nil {
		onListen("grpc", grpcLn.Addr())
	}

	// Start-up has finished: connect dependencies and run migrations above this line.
	h.MarkStarted()
	err = serveBoth(ctx,
		func(ctx context.Context) error { return srv.Serve(ctx, ln) },
		func(ctx context.Context) error { return grpcSrv.Serve(ctx, grpcLn) })
	if err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
