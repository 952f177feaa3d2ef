package middleware

import (
	"net/http"

	"example.com/platform/ledger/internal/respond"
)

// BodyLimit caps request bodies at n bytes. A declared Content-Length above n is
// refused with 413 at once; a body that turns out longer makes reads fail with
// *http.MaxBytesError, which handlers answer with 413 (and net/http then closes the
// connection instead of reading the rest).
func BodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				TooLarge(w)
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TooLarge writes the 413 JSON error.
func TooLarge(w http.ResponseWriter) {
	respond.Error(w, http.StatusRequestEntityTooLarge, respond.CodeTooLarge, "the request body is too large")
}
