package httpserver

import (
	"log/slog"
	"net/http"

	"example.com/platform/ledger/internal/auth"
	"example.com/platform/ledger/internal/config"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/metrics"
	"example.com/platform/ledger/internal/middleware"
	"example.com/platform/ledger/internal/respond"
	"example.com/platform/ledger/internal/users"
	"github.com/go-chi/chi/v5"
)

// apiMaxBodyBytes caps API request bodies, well below the server-wide 1 MiB.
const apiMaxBodyBytes = 64 << 10

// Deps is what the routes need.
type Deps struct {
	Config  config.Config
	Logger  *slog.Logger
	Health  *health.Health
	Users   *users.Service
	Metrics *metrics.Metrics
}

// NewRouter returns every route of the service with its middleware. This is the
// one place the middleware chain is put together; the order matters:
//
//   - For every request: request ID first, so everything after can log it;
//     then the access log and metrics, which see the final status; then panic
//     recovery, inside them, so a panic is logged and counted as the 500 it becomes.
//   - The probes and /metrics stay outside auth and rate limiting, so that
//     orchestrators and Prometheus can always reach them.
//   - /api/v1: CORS (so that even refusals carry CORS headers), rate limiting
//     (before auth, so key guessing is limited too), the body limit, auth,
//     compression, and the per-route timeout.
func NewRouter(d Deps) *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.AccessLog(d.Logger))
	r.Use(d.Metrics.Middleware)
	r.Use(middleware.Recover(d.Logger))
	r.NotFound(notFound)
	r.MethodNotAllowed(methodNotAllowed(r))

	r.Get("/livez", d.Health.ServeLive)
	r.Get("/readyz", d.Health.ServeReady)
	r.Get("/health", d.Health.ServeHealth)
	r.Method(http.MethodGet, "/metrics", d.Metrics.Handler())

	limiter := middleware.NewRateLimiter(d.Config.RateLimitRPS, d.Config.RateLimitBurst, d.Config.RateLimitClients, d.Config.TrustedProxies)
	u := usersHandler{svc: d.Users, logger: d.Logger}
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(middleware.CORS(d.Config.CORSAllowedOrigins))
		if d.Config.RateLimitRPS > 0 {
			r.Use(limiter.Middleware)
		}
		r.Use(middleware.BodyLimit(apiMaxBodyBytes))
		r.Use(auth.APIKey(d.Config.Auth.APIKeys))
		r.Use(middleware.Compress(5))

		// Each route may set its own timeout; these share the configured one.
		timeout := middleware.Timeout(d.Config.RequestTimeout)
		r.With(timeout).Get("/users", u.list)
		r.With(timeout).Post("/users", u.create)
		r.With(timeout).Get("/users/{id}", u.get)
		r.With(timeout).Delete("/users/{id}", u.delete)
	})
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
