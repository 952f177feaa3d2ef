package middleware

import (
	"net/http"

	"example.com/shop/catalog/internal/callinfo"
)

// RequestIDHeader carries the request ID in both directions.
const RequestIDHeader = "X-Request-Id"

// RequestID starts the request's callinfo.Info, the one context value the whole
// chain shares, with its ID: the caller's X-Request-Id if callinfo.ValidRequestID
// accepts it, otherwise a new one. The ID is echoed in the response; handlers read
// it with callinfo.RequestID.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// RequestIDHeader is in canonical form, so the header maps are indexed
		// directly: Get and Set would canonicalize it again on every request.
		var id string
		if v := r.Header[RequestIDHeader]; len(v) > 0 {
			id = v[0]
		}
		if !callinfo.ValidRequestID(id) {
			id = callinfo.NewRequestID()
		}
		w.Header()[RequestIDHeader] = []string{id}
		next.ServeHTTP(w, r.WithContext(callinfo.New(r.Context(), id)))
	})
}
