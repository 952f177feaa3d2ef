package httpserver

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/acme/payments/internal/config"
	"github.com/acme/payments/internal/health"
	"github.com/acme/payments/internal/metrics"
	"github.com/acme/payments/internal/middleware"
	"github.com/acme/payments/internal/respond"
	"github.com/acme/payments/internal/tracing"
)

// Deps is what the routes need.
type Deps struct {
	Config  config.Config
	Logger  *slog.Logger
	Health  *health.Health
	Metrics *metrics.Metrics
}

// NewRouter returns every route of the service with its middleware. The order of
// the middleware for every request matters: request ID first, so everything after
// can log it; then the access log and metrics, which see the final status; then
// panic recovery, inside them, so a panic is logged and counted as the 500 it
// becomes. The probes and /metrics stay outside auth and any API middleware, so that
// orchestrators and Prometheus can always reach them.
func NewRouter(d Deps) *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(tracing.Middleware)
	r.Use(middleware.AccessLog(d.Logger, d.Config.API.TrustedProxies))
	r.Use(d.Metrics.Middleware)
	r.Use(middleware.Recover(d.Logger))
	r.NotFound(notFound)
	r.MethodNotAllowed(methodNotAllowed(r))

	r.Get("/livez", d.Health.ServeLive)
	r.Get("/readyz", d.Health.ServeReady)
	r.Get("/health", d.Health.ServeHealth)
	r.Method(http.MethodGet, "/metrics", d.Metrics.Handler())
	return r
}

func notFound(w http.ResponseWriter, _ *http.Request) {
	respond.Error(w, http.StatusNotFound, respond.CodeNotFound, "no such route")
}

// methodNotAllowed answers 405 with the Allow header RFC 9110 requires, which chi
// sets only for its own default handler.
func methodNotAllowed(mux *chi.Mux) http.HandlerFunc {
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range methods {
			if mux.Match(chi.NewRouteContext(), m, r.URL.Path) {
				allowed = append(allowed, m)
			}
		}
		for _, m := range allowed {
			w.Header().Add("Allow", m)
		}
		respond.Error(w, http.StatusMethodNotAllowed, respond.CodeMethodNotAllowed, "method not allowed on this route")
	}
}
