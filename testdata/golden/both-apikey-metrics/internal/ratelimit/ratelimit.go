// Package ratelimit limits how often each client may call the API: a token
// bucket per client address, in bounded memory. ClientAddr tells clients apart,
// believing X-Forwarded-For only from trusted proxies. The transports answer
// refusals in their own way: 429 and Retry-After over HTTP, RESOURCE_EXHAUSTED
// over gRPC.
package ratelimit

import (
	"container/list"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter allows each client rps calls per second on average, with bursts of up
// to burst. Clients are keyed by address; IPv6 clients by their /64, which one
// host usually owns whole.
//
// It tracks at most maxClients clients, dropping the least recently seen when a new
// one arrives, so memory stays bounded however many addresses appear. A dropped
// client that returns starts with a full burst again; size maxClients well above
// the number of clients active within burst/rps seconds.
type Limiter struct {
	limit      rate.Limit
	burst      int
	maxClients int

	mu      sync.Mutex
	clients map[netip.Addr]*list.Element // of *client
	lru     *list.List                   // front: most recently seen
}

type client struct {
	key     netip.Addr
	limiter *rate.Limiter
}

// New returns a Limiter.
func New(rps float64, burst, maxClients int) *Limiter {
	return &Limiter{
		limit:      rate.Limit(rps),
		burst:      burst,
		maxClients: max(maxClients, 1),
		clients:    make(map[netip.Addr]*list.Element),
		lru:        list.New(),
	}
}

// Allow takes one token from the bucket of the client at addr, at now. When there
// is none it reports how long until there will be: at least one second, as
// HTTP's Retry-After counts whole seconds.
func (l *Limiter) Allow(addr netip.Addr, now time.Time) (bool, time.Duration) {
	res := l.limiter(key(addr)).ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second
	}
	delay := res.DelayFrom(now)
	if delay == 0 {
		return true, 0
	}
	res.CancelAt(now)
	return false, max(delay, time.Second)
}

func (l *Limiter) limiter(key netip.Addr) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.clients[key]; ok {
		l.lru.MoveToFront(e)
		return e.Value.(*client).limiter
	}
	if l.lru.Len() >= l.maxClients {
		oldest := l.lru.Back()
		l.lru.Remove(oldest)
		delete(l.clients, oldest.Value.(*client).key)
	}
	c := &client{key: key, limiter: rate.NewLimiter(l.limit, l.burst)}
	l.clients[key] = l.lru.PushFront(c)
	return c.limiter
}

// key groups IPv6 addresses by /64.
func key(addr netip.Addr) netip.Addr {
	addr = addr.Unmap()
	if addr.Is6() {
		if p, err := addr.Prefix(64); err == nil {
			return p.Addr()
		}
	}
	return addr
}

// ClientAddr returns the address a call is counted against: the connection's peer
// address, unless that peer is one of the trusted proxies. Then the
// X-Forwarded-For values (forwardedFor, one per header or metadata entry) are read
// from the right, skipping trusted proxies, and the first untrusted address is the
// client. Values from untrusted peers are ignored, so a client cannot choose its
// own address, and a malformed entry stops the walk at the last address known to
// be real.
func ClientAddr(peer netip.Addr, forwardedFor []string, trusted []netip.Prefix) netip.Addr {
	addr := peer.Unmap()
	if !isTrusted(addr, trusted) {
		return addr
	}
	for i := len(forwardedFor) - 1; i >= 0; i-- {
		rest := forwardedFor[i]
		for rest != "" {
			var hop string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				rest, hop = rest[:j], rest[j+1:]
			} else {
				rest, hop = "", rest
			}
			next, err := netip.ParseAddr(strings.TrimSpace(hop))
			if err != nil {
				return addr
			}
			addr = next.Unmap()
			if !isTrusted(addr, trusted) {
				return addr
			}
		}
	}
	return addr
}

func isTrusted(addr netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
