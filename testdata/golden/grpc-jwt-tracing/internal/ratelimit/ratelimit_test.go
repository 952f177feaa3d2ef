package ratelimit

import (
	"net/netip"
	"testing"
	"time"
)

func TestBurstThenRefusal(t *testing.T) {
	const burst = 5
	l := New(0.001, burst, 100)
	client := netip.MustParseAddr("203.0.113.7")
	now := time.Now()
	for i := range burst {
		if ok, _ := l.Allow(client, now); !ok {
			t.Fatalf("call %d within the burst refused", i+1)
		}
	}
	if ok, wait := l.Allow(client, now); ok || wait < time.Second {
		t.Errorf("call over the burst = %v, retry after %v; want refused, at least 1s", ok, wait)
	}
	if ok, _ := l.Allow(netip.MustParseAddr("198.51.100.1"), now); !ok {
		t.Error("another client refused: limits are per client")
	}
}

func TestRefillsOverTime(t *testing.T) {
	l := New(10, 1, 10)
	client := netip.MustParseAddr("203.0.113.7")
	now := time.Now()
	if ok, _ := l.Allow(client, now); !ok {
		t.Fatal("first call refused")
	}
	ok, wait := l.Allow(client, now)
	if ok || wait != time.Second {
		t.Errorf("second call at once = %v, %v; want refused, retry after rounded up to 1s", ok, wait)
	}
	if ok, _ := l.Allow(client, now.Add(100*time.Millisecond)); !ok {
		t.Error("call after one token interval refused")
	}
}

func TestGroupsIPv6By64(t *testing.T) {
	l := New(0.001, 1, 10)
	now := time.Now()
	l.Allow(netip.MustParseAddr("2001:db8:1:2::1"), now)
	if ok, _ := l.Allow(netip.MustParseAddr("2001:db8:1:2:ffff::9"), now); ok {
		t.Error("second address in the same /64 allowed, want one bucket per /64")
	}
	if ok, _ := l.Allow(netip.MustParseAddr("2001:db8:1:3::1"), now); !ok {
		t.Error("address in another /64 refused")
	}
}

// However many clients appear, the limiter tracks at most maxClients.
func TestMemoryIsBounded(t *testing.T) {
	const maxClients = 1000
	l := New(1, 1, maxClients)
	now := time.Now()
	for i := range 100_000 {
		l.Allow(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), now)
	}
	// Nothing else runs: the fields can be read without the lock.
	if n, m := l.lru.Len(), len(l.clients); n != maxClients || m != maxClients {
		t.Errorf("tracking %d clients (%d in the map) after 100k distinct ones, want the cap %d", n, m, maxClients)
	}
}

func TestClientAddr(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"direct", "203.0.113.7", nil, "203.0.113.7"},
		{"untrusted peer's header ignored", "203.0.113.7", []string{"1.2.3.4"}, "203.0.113.7"},
		{"trusted proxy", "10.0.0.1", []string{"198.51.100.9"}, "198.51.100.9"},
		{"client-supplied prefix ignored", "10.0.0.1", []string{"6.6.6.6, 198.51.100.9"}, "198.51.100.9"},
		{"chain of trusted proxies", "10.0.0.1", []string{"198.51.100.9, 10.1.1.1"}, "198.51.100.9"},
		{"several headers", "10.0.0.1", []string{"6.6.6.6", "198.51.100.9"}, "198.51.100.9"},
		{"malformed entry stops the walk", "10.0.0.1", []string{"198.51.100.9, bogus"}, "10.0.0.1"},
		{"trusted proxy without header", "10.0.0.1", nil, "10.0.0.1"},
		{"IPv6", "2001:db8::1", nil, "2001:db8::1"},
		{"IPv4-mapped IPv6", "::ffff:203.0.113.7", nil, "203.0.113.7"},
		{"IPv4-mapped trusted proxy", "::ffff:10.0.0.1", []string{"198.51.100.9"}, "198.51.100.9"},
	}
	for _, tt := range tests {
		if got := ClientAddr(netip.MustParseAddr(tt.peer), tt.xff, trusted).String(); got != tt.want {
			t.Errorf("%s: ClientAddr = %s, want %s", tt.name, got, tt.want)
		}
	}
}
