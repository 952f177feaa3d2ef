package httpserver

import (
	"fmt"

	"github.com/go-chi/chi/v5"

	"github.com/acme/orders/internal/middleware"
	"github.com/acme/orders/internal/ratelimit"
)

// apiMaxBodyBytes caps API request bodies, well below the server-wide 1 MiB;
// decode applies it where it reads a body, so that requests without one pay nothing
// more for it.
const apiMaxBodyBytes = 64 << 10

// apiPrefix is where the API lives; its major version is part of every path.
const apiPrefix = "/api/v1"

// mountAPI adds the API routes with their own middleware, in this order:
// Deps.Admit, rate limiting (before auth, so that key guessing is limited too), Deps.Authenticate
// and the per-route timeout. It refuses Deps whose services are not all set, so
// that an unwired resource stops start-up. Responses are not compressed: most are
// a few hundred bytes, which gzip makes larger, and a proxy in front compresses
// anyway.
//
// The routes are a chi Group, not a sub-router (r.Route): a sub-router routes each
// request twice and builds its route pattern twice, which cost 5 allocations and
// about 0.6µs per request (BenchmarkGetUser).
func mountAPI(r chi.Router, d Deps) error {
	if err := d.Services.Validate(); err != nil {
		return fmt.Errorf("HTTP API: %w", err)
	}
	// CORS is router-wide so that it can answer browsers' preflight OPTIONS
	// requests, which match no route; it serves only the API's paths.
	r.Use(middleware.CORS(d.Config.HTTPAPI.CORSAllowedOrigins, apiPrefix+"/"))
	limiter := ratelimit.New(d.Config.API.RateLimitRPS, d.Config.API.RateLimitBurst, d.Config.API.RateLimitClients)
	u := usersHandler{svc: d.Services.Users, logger: d.Logger}
	r.Group(func(r chi.Router) {
		r.Use(d.Admit...)
		if d.Config.API.RateLimitRPS > 0 {
			r.Use(middleware.RateLimit(limiter, d.Config.API.TrustedProxies))
		}
		if d.Authenticate != nil {
			r.Use(d.Authenticate)
		}

		// Each route may set its own timeout; these share the configured one.
		timeout := middleware.Timeout(d.Config.API.RequestTimeout)
		r.With(timeout).Get(apiPrefix+"/users", u.list)
		r.With(timeout).With(d.Create...).Post(apiPrefix+"/users", u.create)
		r.With(timeout).Get(apiPrefix+"/users/{id}", u.get)
		r.With(timeout).Delete(apiPrefix+"/users/{id}", u.delete)
	})
	return nil
}
