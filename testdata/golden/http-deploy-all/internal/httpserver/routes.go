package httpserver

import (
	"github.com/go-chi/chi/v5"

	"example.com/platform/ledger-api/internal/health"
)

// NewRouter returns every route of the service. The probes stay outside any auth
// or rate limiting added later, so that orchestrators can always reach them.
func NewRouter(h *health.Health) *chi.Mux {
	r := chi.NewRouter()
	r.Get("/livez", h.ServeLive)
	r.Get("/readyz", h.ServeReady)
	r.Get("/health", h.ServeHealth)
	return r
}
