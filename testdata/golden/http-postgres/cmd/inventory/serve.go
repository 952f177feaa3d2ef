package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"

	"github.com/acme/inventory/internal/app"
	"github.com/acme/inventory/internal/config"
	"github.com/acme/inventory/internal/health"
	"github.com/acme/inventory/internal/httpserver"
)

// server is one listener of the service.
type server struct {
	name  string // for onListen and the log
	env   string // the variable that sets addr, for errors
	addr  string
	serve func(context.Context, net.Listener) error
}

// newServers builds every server of the service (the HTTP one always serves the
// probes) on the one set of services and health state, each with the features'
// hooks applied.
func newServers(cfg config.Config, logger *slog.Logger, h *health.Health, services app.Services, hk hooks) ([]server, error) {
	d := httpserver.Deps{Config: cfg, Logger: logger, Health: h, Services: services}
	for _, hook := range hk.http {
		hook(&d)
	}
	router, err := httpserver.NewRouter(d)
	if err != nil {
		return nil, err
	}
	srv := httpserver.New(cfg, router, h, logger)
	servers := []server{{name: "http", env: "HTTP_ADDR", addr: cfg.HTTPAddr, serve: srv.Serve}}
	return servers, nil
}

// listen binds every server's address, or none: on a failure the listeners
// already bound are closed.
func listen(ctx context.Context, servers []server, logger *slog.Logger, onListen func(name string, addr net.Addr)) ([]net.Listener, error) {
	var lc net.ListenConfig
	lns := make([]net.Listener, 0, len(servers))
	for _, s := range servers {
		ln, err := lc.Listen(ctx, "tcp", s.addr)
		if err != nil {
			err = fmt.Errorf("listen on %s: %w", s.env, err)
			for _, l := range lns {
				err = errors.Join(err, l.Close())
			}
			return nil, err
		}
		lns = append(lns, ln)
		logger.Info("listening", "server", s.name, "addr", ln.Addr().String(), "version", version)
		if onListen != nil {
			onListen(s.name, ln.Addr())
		}
	}
	return lns, nil
}

// serve runs the servers and, while they already answer (/readyz says 503), the
// start-up steps in order; readiness turns on once every step has succeeded. A
// failed step shuts the servers down and is returned, so the process exits 1; a
// signal during start-up stops the service as it would later.
func serve(ctx context.Context, servers []server, lns []net.Listener, h *health.Health, steps []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		err := serveAll(ctx, servers, lns)
		cancel() // a server that fails ends the start-up steps too
		done <- err
	}()
	for _, step := range steps {
		if err := step(ctx); err != nil {
			if ctx.Err() != nil {
				break // stopped during start-up: not a start-up failure
			}
			cancel()
			return errors.Join(fmt.Errorf("start: %w", err), <-done)
		}
	}
	if ctx.Err() == nil {
		h.MarkStarted()
	}
	return <-done
}

// serveAll runs every server on its listener until ctx is done, then shuts them
// all down together. If one of them fails, the others are shut down too: the
// process serves all or none.
func serveAll(ctx context.Context, servers []server, lns []net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(servers))
	for i, s := range servers {
		go func() {
			err := s.serve(ctx, lns[i])
			cancel()
			errs <- err
		}()
	}
	all := make([]error, 0, len(servers))
	for range servers {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}
