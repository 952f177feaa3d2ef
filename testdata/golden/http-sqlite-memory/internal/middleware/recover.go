package middleware

import (
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"example.com/shop/catalog/internal/callinfo"
	"example.com/shop/catalog/internal/respond"
)

// Recover turns a handler panic into a 500 with a generic JSON body and logs the
// panic value and stack with the request ID; the process stays up. Two cases are
// passed on instead:
//
//   - http.ErrAbortHandler is net/http's way to abort a response on purpose, so it
//     is re-panicked for net/http to handle quietly;
//   - when the response has already started, a 500 can no longer be sent, so the
//     connection is aborted rather than leaving the client a truncated "200".
func Recover(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ww := response(w, r)
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				logger.LogAttrs(r.Context(), slog.LevelError, "panic",
					slog.Any("panic", v),
					slog.String("stack", string(debug.Stack())),
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.String("request_id", callinfo.RequestID(r.Context())),
				)
				if ww.Status() != 0 {
					panic(http.ErrAbortHandler)
				}
				respond.Error(ww, http.StatusInternalServerError, respond.CodeInternal, "internal server error")
			}()
			next.ServeHTTP(ww, r)
		})
	}
}
