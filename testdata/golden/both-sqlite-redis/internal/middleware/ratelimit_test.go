package middleware

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"

	"example.com/shop/inventory/internal/ratelimit"
)

func request(remote string, xff ...string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = remote
	for _, v := range xff {
		req.Header.Add("X-Forwarded-For", v)
	}
	return req
}

// ClientIP reads the peer from RemoteAddr and X-Forwarded-For from the headers;
// ratelimit.ClientAddr's own test covers the walk through the proxies.
func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"untrusted peer's header ignored", "203.0.113.7:5000", []string{"1.2.3.4"}, "203.0.113.7"},
		{"several headers through a trusted proxy", "10.0.0.1:5000", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		{"IPv6", "[2001:db8::1]:5000", nil, "2001:db8::1"},
		{"unparsable peer", "pipe", nil, "invalid IP"},
	}
	for _, tt := range tests {
		if got := ClientIP(request(tt.remote, tt.xff...), trusted).String(); got != tt.want {
			t.Errorf("%s: ClientIP = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestRateLimitRefuses(t *testing.T) {
	const burst = 5
	h := RateLimit(ratelimit.New(0.001, burst, 100), nil)(http.HandlerFunc(ok))
	for i := range burst {
		if rec := serve(h, request("203.0.113.7:1")); rec.Code != http.StatusOK {
			t.Fatalf("request %d within the burst = %d, want 200", i+1, rec.Code)
		}
	}
	rec := serve(h, request("203.0.113.7:2"))
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("request over the burst = %d, want 429", rec.Code)
	}
	if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After = %q, want whole seconds >= 1", rec.Header().Get("Retry-After"))
	}
	if rec := serve(h, request("198.51.100.1:1")); rec.Code != http.StatusOK {
		t.Errorf("another client = %d, want 200: limits are per client", rec.Code)
	}
}

// A client that rotates X-Forwarded-For through an untrusted connection is still
// one client.
func TestRateLimitIgnoresSpoofedForwardedFor(t *testing.T) {
	const burst = 5
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	h := RateLimit(ratelimit.New(0.001, burst, 1000), trusted)(http.HandlerFunc(ok))
	limited := 0
	for i := range 100 {
		rec := serve(h, request("203.0.113.7:1", fmt.Sprintf("192.0.2.%d", i)))
		if rec.Code == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 100-burst {
		t.Errorf("%d of 100 spoofed requests limited, want %d", limited, 100-burst)
	}
}
