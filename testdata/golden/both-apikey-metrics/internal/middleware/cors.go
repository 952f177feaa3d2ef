package middleware

import (
	"net/http"

	"github.com/go-chi/cors"
)

// CORS lets browsers on the listed origins call the API. With no origins it adds
// nothing, so browsers refuse every cross-origin call: deny by default. (An empty
// list given to go-chi/cors itself would mean "allow all".) Credentials (cookies)
// are never allowed: the API authenticates with headers.
func CORS(origins []string) func(http.Handler) http.Handler {
	if len(origins) == 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	return cors.Handler(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-API-Key", RequestIDHeader},
		ExposedHeaders:   []string{RequestIDHeader, "Retry-After"},
		AllowCredentials: false,
		MaxAge:           600,
	})
}
