package middleware

import (
	"net/http"

	chimiddleware "github.com/go-chi/chi/v5/middleware"
)

// Compress gzip- or deflate-compresses JSON and text responses (chi's
// middleware.Compress at level) for clients that accept it. Requests without
// Accept-Encoding skip the compressing writer altogether, which chi would still
// allocate.
func Compress(level int) func(http.Handler) http.Handler {
	compress := chimiddleware.Compress(level)
	return func(next http.Handler) http.Handler {
		compressed := compress(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Accept-Encoding") == "" {
				next.ServeHTTP(w, r)
				return
			}
			compressed.ServeHTTP(w, r)
		})
	}
}
