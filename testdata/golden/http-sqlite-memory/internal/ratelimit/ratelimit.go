// Package ratelimit limits how often each client may call the API: a token
// bucket per client address and one per network, in bounded memory. ClientAddr
// tells clients apart, believing X-Forwarded-For only from trusted proxies.
// Refusals are answered with 429 and Retry-After.
package ratelimit

import (
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// NetworkShare is how many clients' worth of calls one network (an IPv4 /24 or
// an IPv6 /48) may make in all. A /48 is what one site is usually given and holds
// 65,536 /64s, so without this an attacker holding one could cycle through fresh
// client buckets; 16 leaves room for an office, or a NAT pool of distinct
// addresses, to work side by side.
const NetworkShare = 16

// Limiter allows each client rps calls per second on average, with bursts of up
// to burst. Clients are keyed by address; IPv6 clients by their /64, which one
// host usually owns whole. Every call also draws on its network's bucket, which
// holds NetworkShare times as much and refills NetworkShare times as fast.
//
// Over any T seconds, one client is admitted at most burst + rps·T times and
// one network at most NetworkShare·(burst + rps·T) times, however many addresses
// in it take turns: as if each had a bucket of its own for ever. Spent tokens are
// never forgotten: a bucket is dropped only once it has refilled, when it is the
// same as a new one. Only while the table is full may a newcomer also draw on the
// shared overflow bucket (below), which doubles the bound at worst.
//
// It remembers at most maxClients clients and maxClients networks, so memory
// stays bounded however many addresses appear. When a new one arrives and the
// table is full, the least recently seen is dropped if its bucket is full;
// otherwise every entry in the table was seen within the last burst/rps seconds,
// and the newcomer shares one overflow bucket (of one client's or one network's
// size) with every other newcomer until room is made. Size maxClients well above
// the number of clients active within burst/rps seconds.
type Limiter struct {
	mu       sync.Mutex
	clients  table
	networks table
}

// New returns a Limiter.
func New(rps float64, burst, maxClients int) *Limiter {
	return &Limiter{
		clients:  newTable(32, 64, rate.Limit(rps), burst, maxClients),
		networks: newTable(24, 48, rate.Limit(rps*NetworkShare), burst*NetworkShare, maxClients),
	}
}

// Allow takes one token from the buckets of the client at addr and of its
// network, at now. When either has none it takes neither and reports how long
// until there will be one: at least one second, as HTTP's Retry-After counts
// whole seconds.
//
// The buckets are read with TokensAt and taken from with AllowN under the
// Limiter's lock, which the tables need anyway: no token has to be given back
// when the second bucket refuses, and no Reservation is allocated per call.
func (l *Limiter) Allow(addr netip.Addr, now time.Time) (bool, time.Duration) {
	addr = addr.Unmap()
	l.mu.Lock()
	defer l.mu.Unlock()
	// The network first: an address it refuses gets no client entry, so the
	// addresses of one network hold only as many entries as it admits calls.
	network := l.networks.bucket(addr, now)
	if wait := untilToken(network, now); wait > 0 {
		return false, wait
	}
	client := l.clients.bucket(addr, now)
	if wait := untilToken(client, now); wait > 0 {
		return false, wait
	}
	network.AllowN(now, 1)
	client.AllowN(now, 1)
	return true, 0
}

// untilToken is how long until b holds a whole token at now: 0 if it does, else
// at least a second.
func untilToken(b *rate.Limiter, now time.Time) time.Duration {
	missing := 1 - b.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	if b.Limit() <= 0 {
		return time.Second
	}
	return max(time.Duration(missing/float64(b.Limit())*float64(time.Second)), time.Second)
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
