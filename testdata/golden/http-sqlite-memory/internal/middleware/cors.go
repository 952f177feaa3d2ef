package middleware

import (
	"net/http"
	"strings"

	"github.com/go-chi/cors"
)

// CORS lets browsers on the listed origins call the routes under prefix (such as
// "/api/v1/"); other paths, such as the probes and /metrics, get no CORS headers.
// Use it on the whole router, so that it also answers browsers' preflight OPTIONS
// requests, which match no route. With no origins it adds nothing, so browsers
// refuse every cross-origin call: deny by default. (An empty list given to
// go-chi/cors itself would mean "allow all".) Credentials (cookies) are never
// allowed: the API authenticates with headers.
func CORS(origins []string, prefix string) func(http.Handler) http.Handler {
	if len(origins) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	allow := cors.Handler(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-API-Key", RequestIDHeader},
		ExposedHeaders:   []string{RequestIDHeader, "Retry-After"},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return func(next http.Handler) http.Handler {
		withCORS := allow(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, prefix) {
				withCORS.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
