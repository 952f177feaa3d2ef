// Command ledger-api is an HTTP service. It is configured from environment variables
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

	"example.com/platform/ledger-api/internal/config"
	"example.com/platform/ledger-api/internal/health"
	"example.com/platform/ledger-api/internal/httpserver"
	"example.com/platform/ledger-api/internal/users"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once the first signal has started the shutdown, a second one gets the default
	// behaviour and kills the process.
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintf(os.Stderr, "ledger-api: %v\n", err)
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

	h := health.New(version, logger)
	svc := users.NewService(users.NewMemoryRepository())
	router := httpserver.NewRouter(httpserver.Deps{
		Config: cfg,
		Logger: logger,
		Health: h,
		Users:  svc,
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
