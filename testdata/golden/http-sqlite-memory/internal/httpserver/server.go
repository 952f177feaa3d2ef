// Package httpserver serves the service over HTTP, with every limit set and a
// graceful shutdown.
package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"example.com/shop/catalog/internal/config"
	"example.com/shop/catalog/internal/health"
)

const (
	// readHeaderTimeout stops clients that send headers slowly (Slowloris) from
	// holding connections; it is lowered to the read timeout if that is shorter.
	readHeaderTimeout = 5 * time.Second
	// maxHeaderBytes is far above what real clients send and far below net/http's
	// 1 MiB default.
	maxHeaderBytes = 64 << 10
	// maxBodyBytes caps every request body, for any route that reads one without a
	// limit of its own; a route can only lower it (the API's decode does, to 64 KiB).
	// Raising it means raising this cap.
	maxBodyBytes = 1 << 20
)

// Server is an http.Server together with its shutdown policy.
type Server struct {
	srv             *http.Server
	health          *health.Health
	logger          *slog.Logger
	drainDelay      time.Duration
	shutdownTimeout time.Duration
}

// New returns a Server for handler. net/http's zero values mean "no limit", so every
// timeout and size limit is set explicitly.
func New(cfg config.Config, handler http.Handler, h *health.Health, logger *slog.Logger) *Server {
	return &Server{
		srv: &http.Server{
			Handler:           limitBody(handler, maxBodyBytes),
			ReadHeaderTimeout: min(readHeaderTimeout, cfg.HTTPReadTimeout),
			ReadTimeout:       cfg.HTTPReadTimeout,
			WriteTimeout:      cfg.HTTPWriteTimeout,
			IdleTimeout:       cfg.HTTPIdleTimeout,
			MaxHeaderBytes:    maxHeaderBytes,
			// net/http logs handler panics and TLS errors here; keep them in the
			// JSON log stream.
			ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelError),
		},
		health:          h,
		logger:          logger,
		drainDelay:      cfg.ShutdownDrainDelay,
		shutdownTimeout: cfg.ShutdownTimeout,
	}
}

// limitBody caps request bodies at n bytes with http.MaxBytesHandler. Requests
// without a body (net/http gives them http.NoBody: most GETs) skip it, since it
// copies the request and allocates a reader each time, about a tenth of what the
// rest of the middleware allocates per request.
func limitBody(h http.Handler, n int64) http.Handler {
	limited := http.MaxBytesHandler(h, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == http.NoBody {
			h.ServeHTTP(w, r)
			return
		}
		limited.ServeHTTP(w, r)
	})
}

// Serve serves on ln until ctx is done, then shuts down in order:
//
//  1. readiness turns 503, so load balancers stop sending new requests;
//  2. it keeps serving for the drain delay, while they notice;
//  3. it closes the listener and waits up to the shutdown timeout for in-flight
//     requests;
//  4. it closes the connections of requests still running.
//
// Serve returns only when all of that is done, because http.Server.Serve returns as
// soon as shutdown begins. It returns an error if the server failed or requests had
// to be cut off.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	serveErr := make(chan error, 1)
	go func() { serveErr <- s.srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}

	s.health.MarkStopping()
	s.logger.Info("shutting down", "drain_delay", s.drainDelay.String(), "timeout", s.shutdownTimeout.String())
	time.Sleep(s.drainDelay)

	// ctx is already cancelled; the shutdown gets its own deadline.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.shutdownTimeout)
	defer cancel()
	err := s.srv.Shutdown(shutdownCtx)
	if err != nil {
		err = errors.Join(fmt.Errorf("shut down http server: %w", err), s.srv.Close())
	}
	// Serve returns http.ErrServerClosed once Shutdown has begun; anything else failed.
	if serr := <-serveErr; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("serve http: %w", serr))
	}
	return err
}
