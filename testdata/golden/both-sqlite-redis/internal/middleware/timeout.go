package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"

	"example.com/shop/inventory/internal/respond"
)

// Timeout gives the handler's context a deadline d from now. Handlers and
// everything they call must watch ctx.Done(); when the deadline passes they get
// context.DeadlineExceeded and should return.
//
// Unlike chi's middleware.Timeout, this writes its 503 only if the handler has not
// written anything, so there is never a second WriteHeader, and it runs the handler
// on the request's own goroutine (as net/http.TimeoutHandler does not), so nothing
// is left running after the response. A handler that ignores its context is still
// cut off by the server's WriteTimeout.
func Timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			ww := response(w, r)
			next.ServeHTTP(ww, r.WithContext(ctx))
			if ww.Status() == 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				respond.Error(ww, http.StatusServiceUnavailable, respond.CodeTimeout, "the request took too long")
			}
		})
	}
}
