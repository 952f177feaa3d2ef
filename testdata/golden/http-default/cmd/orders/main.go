// Command orders runs the service. It is configured from environment variables
// (see internal/config), logs JSON to stdout, and shuts down gracefully on SIGINT
// or SIGTERM.
//
// This file names no optional feature: each one (the store, auth, metrics,
// tracing, a transport) is wired by its own file in this directory.
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

	"github.com/acme/orders/internal/app"
	"github.com/acme/orders/internal/config"
	"github.com/acme/orders/internal/health"
	"github.com/acme/orders/internal/httpserver"
	"github.com/acme/orders/internal/users"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once the first signal has started the shutdown, a second one gets the default
	// behaviour and kills the process.
	context.AfterFunc(ctx, stop)
	if err := run(ctx, os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintf(os.Stderr, "orders: %v\n", err)
		os.Exit(1)
	}
}

// hooks are what the optional features add to the servers: each feature's add
// function (auth_*.go, metrics*.go, tracing*.go) appends its part, and the
// servers' constructors apply them in order.
type hooks struct {
	http []func(*httpserver.Deps)
	// flush runs once the servers have stopped, with the context that bounds the
	// last step of shutdown (config.Config.FlushTimeout).
	flush []func(context.Context)
}

// run is the whole service, with its inputs passed in so that tests can drive it.
// It returns when ctx is done and shutdown has finished. onListen, if not nil, is
// called with each server's name and bound address once it accepts connections.
func run(ctx context.Context, getenv func(string) string, stdout io.Writer, onListen func(name string, addr net.Addr)) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(logHandler(slog.NewJSONHandler(stdout, &slog.HandlerOptions{Level: cfg.LogLevel})))

	var hk hooks
	// Flushing what the features still hold is the last step of shutdown, bounded
	// so that an unreachable collector cannot keep the process past its grace period.
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.FlushTimeout())
		defer cancel()
		for _, flush := range hk.flush {
			flush(ctx)
		}
	}()
	if err := addTracing(ctx, &hk, getenv, logger); err != nil {
		return err
	}
	h := health.New(version, logger)
	addAuth(&hk, cfg, logger, h)
	addMetrics(&hk)

	repo, err := openStore(ctx, getenv, cfg, logger, h, &hk)
	if err != nil {
		return err
	}
	cache, err := openCache(ctx, getenv, cfg, logger, h, &hk)
	if err != nil {
		return err
	}
	// The API's services, one per resource: every transport serves them all.
	services := app.Services{Users: users.NewService(repo, users.WithCache(cache), users.WithLogger(logger))}
	servers, err := newServers(cfg, logger, h, services, hk)
	if err != nil {
		return err
	}
	lns, err := listen(ctx, servers, logger, onListen)
	if err != nil {
		return err
	}

	// Start-up has finished: connect dependencies and run migrations above this line.
	h.MarkStarted()
	if err := serveAll(ctx, servers, lns); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
