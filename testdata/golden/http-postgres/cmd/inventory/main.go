// Command inventory runs the service. It is configured from environment variables
// (see internal/config), logs JSON to stdout, and shuts down gracefully on SIGINT
// or SIGTERM.
//
// This file names no optional feature: each one (the store, auth, metrics,
// tracing, a transport) is wired by its own file in this directory.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/acme/inventory/internal/app"
	"github.com/acme/inventory/internal/config"
	"github.com/acme/inventory/internal/health"
	"github.com/acme/inventory/internal/httpserver"
	"github.com/acme/inventory/internal/users"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Once the first signal has started the shutdown, a second one gets the default
	// behaviour and kills the process.
	context.AfterFunc(ctx, stop)
	if err := dispatch(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "inventory: %v\n", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// command is a subcommand of the binary, such as `inventory migrate up`: a one-off
// job beside serving, for an init container or a CI step.
type command func(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error

// commands are the binary's subcommands by name. A feature that has one adds it
// from its own file's init (as database/sql drivers register themselves), so
// that this file names none.
var commands = map[string]command{}

// usageError is a command line the binary does not accept; main exits with
// status 2 for it, as for any usage error.
type usageError string

func (e usageError) Error() string { return string(e) }

// dispatch serves when there are no arguments, and otherwise runs the command
// that args[0] names.
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return run(ctx, getenv, stdout, nil)
	}
	cmd, ok := commands[args[0]]
	if !ok {
		want := "no arguments, to serve"
		if len(commands) > 0 {
			names := slices.Sorted(maps.Keys(commands))
			want += ", or a command: " + strings.Join(names, ", ")
		}
		return usageError(fmt.Sprintf("unknown command %q (want %s)", args[0], want))
	}
	return cmd(ctx, args[1:], getenv, stdout)
}

// hooks are what the optional features add to the servers: each feature's add
// function (auth_*.go, metrics*.go, tracing*.go) appends its part, and the
// servers' constructors apply them in order.
type hooks struct {
	http []func(*httpserver.Deps)
	// start runs once the servers listen, in order, before readiness turns on:
	// connecting to dependencies and migrating, which may take a while, so /livez
	// answers and /readyz says 503 meanwhile. An error stops the service.
	start []func(context.Context) error
	// flush runs once the servers have stopped, with the context that bounds the
	// last step of shutdown (config.Config.FlushTimeout).
	flush []func(context.Context)
	// registry is where features register their Prometheus collectors; metrics.go
	// declares its type. Only files generated with metrics use it.
	registry registry
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
	if err := addShed(getenv, logger, &hk); err != nil {
		return err
	}

	repos, err := openStore(ctx, getenv, cfg, logger, h, &hk)
	if err != nil {
		return err
	}
	// Circuit breakers and retries around the store, when the service has them.
	if repos, err = guardStore(getenv, logger, &hk, repos); err != nil {
		return err
	}
	cache, err := openCache(ctx, getenv, cfg, logger, h, &hk)
	if err != nil {
		return err
	}
	// A circuit breaker and retries around a Redis cache, when the service has them.
	if cache, err = guardCache(getenv, logger, &hk, cache); err != nil {
		return err
	}
	// The API's services, one per resource: every transport serves them all.
	services := app.Services{Users: users.NewService(repos.users, users.WithCache(cache), users.WithLogger(logger))}
	servers, err := newServers(cfg, logger, h, services, hk)
	if err != nil {
		return err
	}
	lns, err := listen(ctx, servers, logger, onListen)
	if err != nil {
		return err
	}
	// The servers answer from here on; readiness turns on once hk.start has run.
	if err := serve(ctx, servers, lns, h, hk.start); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
