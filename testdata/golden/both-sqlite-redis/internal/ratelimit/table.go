package ratelimit

import (
	"container/list"
	"net/netip"
	"time"

	"golang.org/x/time/rate"
)

// table holds the token buckets of one level (clients or networks): one per
// address prefix, at most max of them, least recently seen last. Buckets are
// x/time/rate Limiters; the table only decides which bucket a call draws on.
// Its caller holds the Limiter's lock.
type table struct {
	bits4, bits6 int // prefix lengths that make one key
	limit        rate.Limit
	burst        int
	max          int
	entries      map[netip.Prefix]*list.Element // of *entry
	lru          *list.List                     // front: most recently seen
	overflow     *rate.Limiter                  // shared by newcomers while the table is full
}

type entry struct {
	key    netip.Prefix
	bucket *rate.Limiter
}

func newTable(bits4, bits6 int, limit rate.Limit, burst, maxEntries int) table {
	return table{
		bits4: bits4, bits6: bits6, limit: limit, burst: burst, max: max(maxEntries, 1),
		entries:  make(map[netip.Prefix]*list.Element),
		lru:      list.New(),
		overflow: rate.NewLimiter(limit, burst),
	}
}

// bucket returns the bucket for addr at now: its own, a new one, or, when the
// table is full of buckets still refilling, the overflow bucket.
func (t *table) bucket(addr netip.Addr, now time.Time) *rate.Limiter {
	key := t.key(addr)
	if e, ok := t.entries[key]; ok {
		t.lru.MoveToFront(e)
		return e.Value.(*entry).bucket
	}
	if t.lru.Len() < t.max {
		e := &entry{key: key, bucket: rate.NewLimiter(t.limit, t.burst)}
		t.entries[key] = t.lru.PushFront(e)
		return e.bucket
	}
	// The least recently seen entry is the one most likely to have refilled. A
	// full bucket is exactly what a new one would be, so it is handed over as it
	// is: its owner, if it returns, starts from full, as it would have anyway.
	oldest := t.lru.Back()
	e := oldest.Value.(*entry)
	if e.bucket.TokensAt(now) < float64(t.burst) {
		return t.overflow
	}
	delete(t.entries, e.key)
	e.key = key
	t.entries[key] = oldest
	t.lru.MoveToFront(oldest)
	return e.bucket
}

// key is the prefix of addr that one bucket covers. Addresses that are not IP
// addresses (the zero Addr) share one bucket.
func (t *table) key(addr netip.Addr) netip.Prefix {
	bits := t.bits4
	if addr.Is6() {
		bits = t.bits6
	}
	p, _ := addr.Prefix(bits)
	return p
}
