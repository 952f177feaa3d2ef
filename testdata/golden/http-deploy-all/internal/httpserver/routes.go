package httpserver

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/platform/ledger-api/internal/config"
	"example.com/platform/ledger-api/internal/health"
	"example.com/platform/ledger-api/internal/middleware"
	"example.com/platform/ledger-api/internal/respond"
	"example.com/platform/ledger-api/internal/users"
)

// Deps is what the routes need.
type Deps struct {
	Config config.Config
	Logger *slog.Logger
	Health *health.Health
	Users  *users.Service
}

// NewRouter returns every route of the service with its middleware. The order of
// the middleware for every request matters: request ID first, so everything after
// can log it; then the access log, which sees the final status; then
// panic recovery, inside it, so a panic is logged as the 500 it
// becomes. The probes stay outside rate limiting, so that
// orchestrators can always reach them. The API and its own middleware
// are in api.go.
func NewRouter(d Deps) *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.AccessLog(d.Logger, d.Config.API.TrustedProxies))
	r.Use(middleware.Recover(d.Logger))
	// CORS is router-wide so that it can answer browsers' preflight OPTIONS
	// requests, which match no route; it serves only the API's paths.
	r.Use(middleware.CORS(d.Config.API.CORSAllowedOrigins, apiPrefix+"/"))
	r.NotFound(notFound)
	r.MethodNotAllowed(methodNotAllowed(r))

	r.Get("/livez", d.Health.ServeLive)
	r.Get("/readyz", d.Health.ServeReady)
	r.Get("/health", d.Health.ServeHealth)

	mountAPI(r, d)
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
