package middleware

import (
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/acme/inventory/internal/callinfo"
)

// AccessLog logs one line per request, after it is answered: method, route
// pattern (such as /api/v1/users/{id}, so that lines group by endpoint, and never
// the raw path, which may carry identifiers), status, body bytes, duration,
// request ID and client address: the one the rate limit counts, found by
// ClientIP with the trusted proxies. It uses LogAttrs, which keeps the cost per
// request to a few allocations.
//
// Auth adds who the caller is or, on a 401, why it refused (auth.NoCredentials
// or auth.BadCredentials); both are empty on requests auth never saw.
func AccessLog(logger *slog.Logger, trusted []netip.Prefix) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := response(w, r)
			next.ServeHTTP(ww, r)
			var info callinfo.Info
			if i := callinfo.From(r.Context()); i != nil {
				info = *i
			}
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				// The route is complete only now that the router has run.
				slog.String("route", chi.RouteContext(r.Context()).RoutePattern()),
				slog.Int("status", status(ww)),
				slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)),
				slog.String("request_id", info.RequestID),
				slog.String("client", clientString(ClientIP(r, trusted))),
				slog.String("caller", info.Caller),
				slog.String("auth_failure", info.AuthFailure),
			)
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
