package middleware

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/shop/inventory/internal/callinfo"
)

// AccessLog logs one line per request, after it is answered: method, route
// pattern (such as /api/v1/users/{id}, so that lines group by endpoint, and never
// the raw path, which may carry identifiers), status, body bytes, duration,
// request ID and client address: the one the rate limit counts, found by
// ClientIP with the trusted proxies.
//
// Auth adds who the caller is or, on a 401, why it refused (auth.NoCredentials
// or auth.BadCredentials); each is left out of the line when empty, as on
// requests auth never saw.
//
// The line is written before the middleware returns, in one Write to the
// logger's output (no buffer in between to lose on a crash). It is the record
// slog.LogAttrs would write, less two costs LogAttrs cannot skip, together about
// a seventh of the line's instructions: the caller's program counter, which only
// a handler with AddSource reads and which would name this file anyway, and a
// second clock read for the line's time.
func AccessLog(logger *slog.Logger, trusted []netip.Prefix) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := response(w, r)
			next.ServeHTTP(ww, r)
			ctx := r.Context()
			h := logger.Handler()
			if !h.Enabled(ctx, slog.LevelInfo) {
				return
			}
			end := time.Now()
			line := slog.NewRecord(end, slog.LevelInfo, "request", 0)
			var info callinfo.Info
			if i := callinfo.From(ctx); i != nil {
				info = *i
			}
			// Collected first and added in one call: the record holds five
			// attributes inline, and each further AddAttrs would grow its overflow
			// slice again.
			attrs := append(make([]slog.Attr, 0, 9),
				slog.String("method", r.Method),
				// The route is complete only now that the router has run.
				slog.String("route", chi.RouteContext(ctx).RoutePattern()),
				slog.Int("status", status(ww)),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", end.Sub(start)),
				slog.String("request_id", info.RequestID),
				slog.String("client", clientString(ClientIP(r, trusted))),
			)
			if info.Caller != "" {
				attrs = append(attrs, slog.String("caller", info.Caller))
			}
			if info.AuthFailure != "" {
				attrs = append(attrs, slog.String("auth_failure", info.AuthFailure))
			}
			line.AddAttrs(attrs...)
			_ = h.Handle(ctx, line) // slog's own loggers ignore it too: nowhere to report it
		})
	}
}

// clientString is addr for the log: "" rather than "invalid IP" when the peer's
// address could not be parsed.
func clientString(addr netip.Addr) string {
	if !addr.IsValid() {
		return ""
	}
	return addr.String()
}
