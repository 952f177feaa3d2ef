package httpserver

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/acme/orders/internal/app"
	"github.com/acme/orders/internal/config"
	"github.com/acme/orders/internal/health"
	"github.com/acme/orders/internal/middleware"
	"github.com/acme/orders/internal/respond"
)

// Deps is what the routes need. main builds it; the optional features (auth,
// metrics, tracing, ...) add their middleware and routes to it from their own
// files in cmd/, so that this package names none of them.
type Deps struct {
	Config config.Config
	Logger *slog.Logger
	Health *health.Health
	// Observe wraps every request, outermost first, between the request ID and the
	// access log, so that the log line is written inside it: tracing, metrics.
	Observe []func(http.Handler) http.Handler
	// Routes are GET routes served beside the probes and, like them, outside the
	// API's middleware, such as /metrics.
	Routes []Route
	// Services are what the API serves; every one must be set.
	Services app.Services
	// Authenticate guards every API route; nil admits every caller.
	Authenticate func(http.Handler) http.Handler
	// Admit wraps every API route, outermost first, before the rate limit:
	// what decides whether the instance takes a call at all (load shedding).
	Admit []func(http.Handler) http.Handler
	// Create wraps the API's routes that create a resource (POST), innermost,
	// after auth and the route's timeout: idempotency keys.
	Create []func(http.Handler) http.Handler
}

// Route is one GET route of Deps.Routes.
type Route struct {
	Pattern string
	Handler http.Handler
}

// NewRouter returns every route of the service with its middleware. The order of
// the middleware for every request matters: request ID first, so everything after
// can log it; then Deps.Observe and the access log, which see the final status;
// then panic recovery, inside them, so a panic is logged as the 500 it becomes.
// The probes and Deps.Routes stay outside the API's own middleware, so that
// orchestrators and scrapers can always reach them.
func NewRouter(d Deps) (*chi.Mux, error) {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(d.Observe...)
	r.Use(middleware.AccessLog(d.Logger, d.Config.API.TrustedProxies))
	r.Use(middleware.Recover(d.Logger))
	r.NotFound(notFound)
	r.MethodNotAllowed(methodNotAllowed(r))
	if err := mountAPI(r, d); err != nil {
		return nil, err
	}

	r.Get("/livez", d.Health.ServeLive)
	r.Get("/readyz", d.Health.ServeReady)
	r.Get("/health", d.Health.ServeHealth)
	for _, rt := range d.Routes {
		r.Method(http.MethodGet, rt.Pattern, rt.Handler)
	}
	return r, nil
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
