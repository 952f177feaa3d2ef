package middleware

import (
	"context"
	"crypto/rand"
	"net/http"
	"strconv"
	"sync/atomic"
)

// RequestIDHeader carries the request ID in both directions.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an accepted incoming ID; longer ones are replaced.
const maxRequestIDLen = 64

type requestIDKey struct{}

// RequestID gives every request an ID: the caller's X-Request-Id if it is at most
// 64 characters of [A-Za-z0-9._-], otherwise a new random one. Anything else is
// replaced rather than cleaned up, so that a client can never put line breaks,
// quotes or megabytes into the logs. The ID is echoed in the response and available
// to handlers through RequestIDFrom.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// New IDs are a random per-process prefix and a counter: unique across processes
// and restarts without reading crypto/rand on every request, which cost more than
// the rest of this middleware. Request IDs correlate logs; they are not secrets.
var (
	requestIDPrefix  = rand.Text()[:12]
	requestIDCounter atomic.Uint64
)

func newRequestID() string {
	b := make([]byte, 0, 32)
	b = append(append(b, requestIDPrefix...), '-')
	return string(strconv.AppendUint(b, requestIDCounter.Add(1), 36))
}

// RequestIDFrom returns the request's ID, or "" outside the RequestID middleware.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := range len(id) {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}
