package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// NewRedisClient returns a go-redis client for opts with this package's retry
// policy. It connects lazily: a Redis that is down at start-up only makes the
// first calls fail, and they are answered from the database.
func NewRedisClient(opts *redis.Options) *redis.Client {
	o := *opts
	// One retry layer at most per dependency, and go-redis's is not it: its
	// defaults (3 retries with backoff per call, 5 dial attempts 100 ms apart,
	// timeouts included) would make every request wait them out while Redis is
	// down, when the database answers a failed call at once. So both are off:
	// MaxRetries -1 is no retry, DialerRetries 1 a single dial attempt. The
	// service's own retries, where generated (internal/retry, cache.Retryable),
	// resend only what a refused or reset connection lost. After as many failed
	// dials as the pool has connections, go-redis fails calls at once and probes
	// Redis in the background until it is back.
	o.MaxRetries = -1
	o.DialerRetries = 1
	// Calls also end at the caller's deadline, not only at REDIS_TIMEOUT.
	o.ContextTimeoutEnabled = true
	return redis.NewClient(&o)
}

// Redis is a cache in Redis, shared by every replica: a write on any replica
// invalidates the entry for all of them. Values are stored as JSON (readable
// with redis-cli) under prefix+key, with the TTL set on every write.
type Redis[V any] struct {
	client *redis.Client
	prefix string
	ttl    time.Duration
	stats  Stats
}

// NewRedis returns a cache of V values in client's Redis. Several caches can
// share one client; its owner closes it.
func NewRedis[V any](client *redis.Client, prefix string, ttl time.Duration) *Redis[V] {
	return &Redis[V]{client: client, prefix: prefix, ttl: ttl}
}

// Get returns the value stored under key, and whether there was one. An entry
// that cannot be decoded is an error, and a miss for the caller.
func (r *Redis[V]) Get(ctx context.Context, key string) (V, bool, error) {
	var v V
	data, err := r.client.Get(ctx, r.prefix+key).Bytes()
	switch {
	case errors.Is(err, redis.Nil):
		r.stats.found(false)
		return v, false, nil
	case err != nil:
		return v, false, r.stats.failed(ctx, fmt.Errorf("redis get: %w", err))
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, false, r.stats.failed(ctx, fmt.Errorf("redis get %s: unreadable entry: %w", key, err))
	}
	r.stats.found(true)
	return v, true, nil
}

// Set stores v under key for the TTL.
func (r *Redis[V]) Set(ctx context.Context, key string, v V) error {
	data, err := json.Marshal(v)
	if err == nil {
		err = r.client.Set(ctx, r.prefix+key, data, r.ttl).Err()
	}
	if err != nil {
		return r.stats.failed(ctx, fmt.Errorf("redis set: %w", err))
	}
	return nil
}

// Delete removes key; a missing key is not an error.
func (r *Redis[V]) Delete(ctx context.Context, key string) error {
	if err := r.client.Del(ctx, r.prefix+key).Err(); err != nil {
		return r.stats.failed(ctx, fmt.Errorf("redis delete: %w", err))
	}
	return nil
}

// Ping reports whether Redis answers, for the health check.
func (r *Redis[V]) Ping(ctx context.Context) error {
	return r.client.Ping(ctx).Err()
}

// Stats counts the cache's answers.
func (r *Redis[V]) Stats() *Stats { return &r.stats }

// failed counts err, unless it comes from the caller having gone (ctx done):
// that says nothing about the cache. It returns err. It is here because Redis is
// the cache whose calls can fail.
func (s *Stats) failed(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil {
		s.errors.Add(1)
	}
	return err
}
