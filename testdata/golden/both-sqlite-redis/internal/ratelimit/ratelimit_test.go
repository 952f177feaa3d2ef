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

// However many clients appear, the limiter tracks at most maxClients clients and
// maxClients networks.
func TestMemoryIsBounded(t *testing.T) {
	const maxClients = 100
	l := New(1, 1, maxClients)
	now := time.Unix(0, 0)
	for i := range 100_000 {
		l.Allow(netip.AddrFrom4([4]byte{10, byte(i >> 16 & 0xff), byte(i >> 8 & 0xff), byte(i & 0xff)}), now)
		now = now.Add(time.Millisecond)
	}
	// Nothing else runs: the tables can be read without the lock.
	for name, tab := range map[string]*table{"clients": &l.clients, "networks": &l.networks} {
		if n, m := tab.lru.Len(), len(tab.entries); n != maxClients || m != maxClients {
			t.Errorf("%s: tracking %d (%d in the map) after 100k distinct addresses, want the cap %d", name, n, m, maxClients)
		}
	}
}

// fakeStart is the fake clock's origin: the limiter reads no clock of its own.
var fakeStart = time.Unix(1_000_000, 0)

// An attacker holding an IPv6 /48 cycles through 100k addresses in all of its
// 65,536 /64s, one call per millisecond, each /64 a client never seen or long
// refilled. Together they get no more than the network's share, stated in the
// Limiter's doc: NetworkShare·(burst + rps·T).
func TestNetworkBoundsAddressCycling(t *testing.T) {
	const (
		rps, burst = 1, 2
		calls      = 100_000
		step       = time.Millisecond
	)
	l := New(rps, burst, 1000)
	now := fakeStart
	allowed := 0
	for i := range calls {
		// 2001:db8:7:<i mod 65536>:<i / 65536>::1
		a := [16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 7, byte(i >> 8 & 0xff), byte(i & 0xff), byte(i >> 24 & 0xff), byte(i >> 16 & 0xff), 15: 1}
		if ok, _ := l.Allow(netip.AddrFrom16(a), now); ok {
			allowed++
		}
		now = now.Add(step)
	}
	elapsed := time.Duration(calls-1) * step
	bound := NetworkShare * (burst + rps*elapsed.Seconds())
	if float64(allowed) > bound {
		t.Errorf("one /48 cycling %d addresses over %v got %d calls admitted, want at most %.0f", calls, elapsed, allowed, bound)
	}
	// The network's bucket, not something stricter, is what held them back.
	if float64(allowed) < 0.99*bound {
		t.Errorf("one /48 got %d calls admitted over %v, want about its share %.0f", allowed, elapsed, bound)
	}
}

// Addresses cycling through the limiter, from one network or from many, fill
// its tables, but a known client's bucket keeps what it spent: it is neither
// dropped (a fresh, full bucket) nor pushed into the overflow bucket.
func TestKnownClientKeepsItsState(t *testing.T) {
	for _, tc := range []struct {
		name string
		addr func(i int) netip.Addr
	}{
		{"one /48", func(i int) netip.Addr {
			return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 7, byte(i >> 8 & 0xff), byte(i & 0xff), byte(i >> 24 & 0xff), byte(i >> 16 & 0xff), 15: 1})
		}},
		{"a /48 each", func(i int) netip.Addr {
			return netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, byte(i >> 16 & 0xff), byte(i >> 8 & 0xff), byte(i & 0xff), 15: 1})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := New(1, 2, 100)
			client := netip.MustParseAddr("198.51.100.7")
			now := fakeStart
			for range 2 {
				l.Allow(client, now)
			}
			for i := range 100_000 {
				l.Allow(tc.addr(i), now.Add(time.Duration(i)*time.Microsecond))
			}
			now = now.Add(100 * time.Millisecond) // the attack's length: a tenth of a token
			if ok, _ := l.Allow(client, now); ok {
				t.Fatal("client that spent its burst admitted again: its bucket was reset")
			}
			if ok, _ := l.Allow(client, now.Add(time.Second)); !ok {
				t.Error("client refused after refilling a token: it lost its bucket to the overflow")
			}
		})
	}
}

// When the table is full of buckets still refilling, newcomers share one
// overflow bucket; once a bucket has refilled, its entry goes to a newcomer.
func TestNewcomersShareOverflowUntilRoom(t *testing.T) {
	l := New(1, 1, 2)
	now := fakeStart
	addr := netip.MustParseAddr
	for _, known := range []string{"192.0.2.1", "198.51.100.1"} {
		if ok, _ := l.Allow(addr(known), now); !ok {
			t.Fatalf("first call of %s refused", known)
		}
	}
	if ok, _ := l.Allow(addr("203.0.113.1"), now); !ok {
		t.Error("first newcomer refused, want the overflow bucket's token")
	}
	if ok, _ := l.Allow(addr("100.64.0.1"), now); ok {
		t.Error("second newcomer admitted at once, want it to share the spent overflow bucket")
	}
	now = now.Add(time.Second) // the known clients' buckets are full again
	if ok, _ := l.Allow(addr("100.64.0.1"), now); !ok {
		t.Error("newcomer refused once a known bucket refilled")
	}
	if ok, _ := l.Allow(addr("203.0.113.1"), now); !ok {
		t.Error("second newcomer refused: it should have taken the other refilled entry")
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
