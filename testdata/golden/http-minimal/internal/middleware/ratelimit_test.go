package middleware

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"testing"
	"time"
)

func request(remote string, xff ...string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = remote
	for _, v := range xff {
		req.Header.Add("X-Forwarded-For", v)
	}
	return req
}

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"untrusted peer's header ignored", "203.0.113.7:5000", []string{"1.2.3.4"}, "203.0.113.7"},
		{"trusted proxy", "10.0.0.1:5000", []string{"198.51.100.9"}, "198.51.100.9"},
		{"client-supplied prefix ignored", "10.0.0.1:5000", []string{"6.6.6.6, 198.51.100.9"}, "198.51.100.9"},
		{"chain of trusted proxies", "10.0.0.1:5000", []string{"198.51.100.9, 10.1.1.1"}, "198.51.100.9"},
		{"several headers", "10.0.0.1:5000", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		{"malformed entry stops the walk", "10.0.0.1:5000", []string{"198.51.100.9, bogus"}, "10.0.0.1"},
		{"trusted proxy without header", "10.0.0.1:5000", nil, "10.0.0.1"},
		{"IPv6", "[2001:db8::1]:5000", nil, "2001:db8::1"},
		{"IPv4-mapped IPv6", "[::ffff:203.0.113.7]:5000", nil, "203.0.113.7"},
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
	h := NewRateLimiter(0.001, burst, 100, nil).Middleware(http.HandlerFunc(ok))
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
	h := NewRateLimiter(0.001, burst, 1000, trusted).Middleware(http.HandlerFunc(ok))
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

func TestRateLimitRefillsOverTime(t *testing.T) {
	l := NewRateLimiter(10, 1, 10, nil)
	key := netip.MustParseAddr("203.0.113.7")
	now := time.Now()
	if ok, _ := l.Allow(key, now); !ok {
		t.Fatal("first request refused")
	}
	ok, wait := l.Allow(key, now)
	if ok || wait != time.Second {
		t.Errorf("second request at once = %v, %v; want refused, Retry-After rounded up to 1s", ok, wait)
	}
	if ok, _ := l.Allow(key, now.Add(100*time.Millisecond)); !ok {
		t.Error("request after one token interval refused")
	}
}

func TestRateLimitGroupsIPv6By64(t *testing.T) {
	h := NewRateLimiter(0.001, 1, 10, nil).Middleware(http.HandlerFunc(ok))
	serve(h, request("[2001:db8:1:2::1]:1"))
	if rec := serve(h, request("[2001:db8:1:2:ffff::9]:1")); rec.Code != http.StatusTooManyRequests {
		t.Errorf("second address in the same /64 = %d, want 429", rec.Code)
	}
}

// However many clients appear, the limiter tracks at most maxClients.
func TestRateLimitMemoryIsBounded(t *testing.T) {
	const maxClients = 1000
	l := NewRateLimiter(1, 1, maxClients, nil)
	now := time.Now()
	for i := range 100_000 {
		l.Allow(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), now)
	}
	// Nothing else runs: the fields can be read without the lock.
	if n, m := l.lru.Len(), len(l.clients); n != maxClients || m != maxClients {
		t.Errorf("tracking %d clients (%d in the map) after 100k distinct ones, want the cap %d", n, m, maxClients)
	}
}
