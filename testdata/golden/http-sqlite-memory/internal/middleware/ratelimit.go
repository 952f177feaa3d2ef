package middleware

import (
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"example.com/shop/catalog/internal/ratelimit"
	"example.com/shop/catalog/internal/respond"
)

// RateLimit answers 429 with Retry-After to clients over their limit. Clients are
// told apart by ClientIP, so X-Forwarded-For counts only from the trusted proxies.
func RateLimit(l *ratelimit.Limiter, trusted []netip.Prefix) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ok, retryAfter := l.Allow(ClientIP(r, trusted), time.Now())
			if !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
				respond.Error(w, http.StatusTooManyRequests, respond.CodeRateLimited, "too many requests; retry later")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
