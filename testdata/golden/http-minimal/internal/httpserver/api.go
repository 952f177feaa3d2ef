package httpserver

import (
	"github.com/go-chi/chi/v5"
	"tiny/internal/middleware"
)

// apiMaxBodyBytes caps API request bodies, well below the server-wide 1 MiB.
const apiMaxBodyBytes = 64 << 10

// mountAPI adds /api/v1 with its own middleware, in this order: CORS (so that even
// refusals carry CORS headers), rate limiting, the body limit, compression, and the per-route timeout.
func mountAPI(r chi.Router, d Deps) {
	limiter := middleware.NewRateLimiter(d.Config.API.RateLimitRPS, d.Config.API.RateLimitBurst, d.Config.API.RateLimitClients, d.Config.API.TrustedProxies)
	u := usersHandler{svc: d.Users, logger: d.Logger}
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(middleware.CORS(d.Config.API.CORSAllowedOrigins))
		if d.Config.API.RateLimitRPS > 0 {
			r.Use(limiter.Middleware)
		}
		r.Use(middleware.BodyLimit(apiMaxBodyBytes))
		r.Use(middleware.Compress(5))

		// Each route may set its own timeout; these share the configured one.
		timeout := middleware.Timeout(d.Config.API.RequestTimeout)
		r.With(timeout).Get("/users", u.list)
		r.With(timeout).Post("/users", u.create)
		r.With(timeout).Get("/users/{id}", u.get)
		r.With(timeout).Delete("/users/{id}", u.delete)
	})
}
