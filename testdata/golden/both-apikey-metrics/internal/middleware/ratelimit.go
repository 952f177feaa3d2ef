package middleware

import (
	"container/list"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"example.com/platform/ledger/internal/respond"
)

// RateLimiter allows each client rps requests per second on average, with bursts
// of up to burst, and answers the rest with 429 and Retry-After. Clients are told
// apart by ClientIP; IPv6 clients by their /64, which one host usually owns whole.
//
// It tracks at most maxClients clients, dropping the least recently seen when a new
// one arrives, so memory stays bounded however many addresses appear. A dropped
// client that returns starts with a full burst again; size maxClients well above
// the number of clients active within burst/rps seconds.
type RateLimiter struct {
	limit      rate.Limit
	burst      int
	maxClients int
	trusted    []netip.Prefix

	mu      sync.Mutex
	clients map[netip.Addr]*list.Element // of *client
	lru     *list.List                   // front: most recently seen
}

type client struct {
	key     netip.Addr
	limiter *rate.Limiter
}

// NewRateLimiter returns a limiter; trusted are the proxies whose X-Forwarded-For
// is believed.
func NewRateLimiter(rps float64, burst, maxClients int, trusted []netip.Prefix) *RateLimiter {
	return &RateLimiter{
		limit:      rate.Limit(rps),
		burst:      burst,
		maxClients: max(maxClients, 1),
		trusted:    trusted,
		clients:    make(map[netip.Addr]*list.Element),
		lru:        list.New(),
	}
}

// Middleware applies the limit.
func (l *RateLimiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, retryAfter := l.Allow(clientKey(ClientIP(r, l.trusted)), time.Now())
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
			respond.Error(w, http.StatusTooManyRequests, respond.CodeRateLimited, "too many requests; retry later")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Allow takes one token from key's bucket at now. When there is none it reports
// how long until there will be (at least one second, as Retry-After counts whole
// seconds).
func (l *RateLimiter) Allow(key netip.Addr, now time.Time) (bool, time.Duration) {
	lim := l.limiter(key)
	res := lim.ReserveN(now, 1)
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

func (l *RateLimiter) limiter(key netip.Addr) *rate.Limiter {
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

// clientKey groups IPv6 addresses by /64.
func clientKey(ip netip.Addr) netip.Addr {
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.Addr()
		}
	}
	return ip
}
