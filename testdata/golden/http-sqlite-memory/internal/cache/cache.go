// Package cache keeps copies of values in front of the database, by key: Get,
// Set (for the cache's TTL) and Delete. Its callers declare the small interface
// they need (users.Cache) and treat every error as a miss, so an unusable cache
// slows the service down but never fails a request. Each cache counts its hits,
// misses and errors in Stats.
package cache

import "sync/atomic"

// Stats counts what a cache answered. It is safe for concurrent use.
type Stats struct {
	hits, misses, errors atomic.Uint64
}

// Hits is how many Gets found their key.
func (s *Stats) Hits() uint64 { return s.hits.Load() }

// Misses is how many Gets did not find their key.
func (s *Stats) Misses() uint64 { return s.misses.Load() }

// Errors is how many calls failed: the cache was unreachable, too slow, or held
// an entry that could not be read.
func (s *Stats) Errors() uint64 { return s.errors.Load() }

// found counts one Get that worked.
func (s *Stats) found(ok bool) {
	if ok {
		s.hits.Add(1)
	} else {
		s.misses.Add(1)
	}
}
