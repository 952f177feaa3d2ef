package cache

import (
	"context"
	"fmt"
	"time"

	"github.com/maypok86/otter/v2"
)

// Memory is a cache in the process's memory, on maypok86/otter v2: at most size
// entries (the least useful are evicted first), each served for ttl after it
// was written. Each replica has its own, so a write invalidates only the copy of
// the replica that served it: the others may serve the old value until the TTL.
//
// Values are stored and returned as copies, so V must not share mutable memory
// (no pointers, slices or maps that callers modify).
type Memory[V any] struct {
	entries *otter.Cache[string, V]
	stats   Stats
}

// NewMemory returns an empty Memory. Close stops its background clean-up.
func NewMemory[V any](size int, ttl time.Duration) (*Memory[V], error) {
	entries, err := otter.New(&otter.Options[string, V]{
		MaximumSize:      size,
		ExpiryCalculator: otter.ExpiryWriting[string, V](ttl),
	})
	if err != nil {
		return nil, fmt.Errorf("memory cache: %w", err)
	}
	return &Memory[V]{entries: entries}, nil
}

// Get returns the value stored under key, and whether there was one.
func (m *Memory[V]) Get(_ context.Context, key string) (V, bool, error) {
	v, ok := m.entries.GetIfPresent(key)
	m.stats.found(ok)
	return v, ok, nil
}

// Set stores v under key for the TTL.
func (m *Memory[V]) Set(_ context.Context, key string, v V) error {
	m.entries.Set(key, v)
	return nil
}

// Delete removes key.
func (m *Memory[V]) Delete(_ context.Context, key string) error {
	m.entries.Invalidate(key)
	return nil
}

// Stats counts the cache's answers.
func (m *Memory[V]) Stats() *Stats { return &m.stats }

// Close stops the goroutine that expires entries; the cache must not be used
// afterwards.
func (m *Memory[V]) Close() { m.entries.StopAllGoroutines() }
