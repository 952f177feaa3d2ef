// Command billing is an HTTP service. It is configured from environment variables
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

	"github.com/acme/billing/internal/config"
	"github.com/acme/billing/internal/health"
	"github.com/acme/billing/internal/httpserver"
	"github.com/acme/billing/internal/metrics"
	"github.com/acme/billing/internal/tracing"
	"github.com/acme/billing/internal/users"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once the first signal has started the shutdown, a second one gets the default
	// behaviour and kills the process.
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintf(os.Stderr, "billing: %v\n", err)
		os.Exit(1)
	}
}

// run is the whole service, with its inputs passed in so that tests can drive it.
// It returns when ctx is done and shutdown has finished. onListen, if not nil, is
// called with each listener's name ("http") and bound address once the
// service accepts connections.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer, onListen func(name string, addr net.Addr)) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	logger = slog.New(tracing.LogHandler(logger.Handler())) // trace and span IDs in log lines
	stopTracing, err := tracing.Setup(ctx, getenv, "billing", version)
	if err != nil {
		return err
	}
	// Flushing pending spans is the last step of shutdown, bounded so that an
	// unreachable collector cannot keep the process past its grace period.
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.FlushTimeout())
		defer cancel()
		if err := stopTracing(ctx); err != nil {
			logger.Warn("flush traces", "error", err.Error())
		}
	}()

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

	// Start-up has finished: connect dependencies and run migrations above this line.
	h.MarkStarted()
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
