package config

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache configures the Redis cache of reads by ID, shared by every replica.
type Cache struct {
	// TTL is how long an entry is served after it was written (CACHE_TTL). Writes
	// invalidate their entry, so the TTL bounds staleness only when that fails
	// (Redis unreachable at the time) or races a write on another replica.
	TTL time.Duration
	// KeyPrefix starts every key (REDIS_KEY_PREFIX), so that several services, or
	// tests, can share one Redis.
	KeyPrefix string
	// Redis is the client's options: REDIS_URL (address, credentials, database,
	// rediss:// for TLS) with REDIS_DIAL_TIMEOUT, REDIS_TIMEOUT and
	// REDIS_POOL_SIZE applied.
	Redis *redis.Options
}

// defaultRedisURL is a Redis on the same machine, as in development.
const defaultRedisURL = "redis://localhost:6379/0"

// LoadCache reads the cache's variables, each error naming its variable and
// never showing a password.
func LoadCache(getenv func(string) string) (Cache, error) {
	c := Cache{TTL: 5 * time.Minute, KeyPrefix: "inventory:"}
	// A cache sits on the request path: a call that takes longer than this is
	// given up, and the request is answered from the database instead.
	dial, timeout, pool := time.Second, 250*time.Millisecond, 20
	if v := getenv("REDIS_KEY_PREFIX"); v != "" {
		c.KeyPrefix = v
	}
	err := errors.Join(
		parseDuration(getenv, "CACHE_TTL", &c.TTL, false),
		parseDuration(getenv, "REDIS_DIAL_TIMEOUT", &dial, false),
		parseDuration(getenv, "REDIS_TIMEOUT", &timeout, false),
		parseInt(getenv, "REDIS_POOL_SIZE", &pool),
		parseRedisURL(getenv, "REDIS_URL", &c.Redis),
	)
	if err != nil {
		return Cache{}, fmt.Errorf("invalid configuration: %w", err)
	}
	c.Redis.DialTimeout = dial
	c.Redis.ReadTimeout, c.Redis.WriteTimeout = timeout, timeout
	// Waiting for a free connection is bounded like a call.
	c.Redis.PoolTimeout = timeout
	c.Redis.PoolSize = pool
	return c, nil
}

// parseRedisURL parses a redis:// or rediss:// URL with go-redis's own parser.
// The timeouts and pool size come from their variables only: a URL that sets
// them too is refused, so that one setting never silently wins over another.
func parseRedisURL(getenv func(string) string, name string, dst **redis.Options) error {
	v := getenv(name)
	if v == "" {
		v = defaultRedisURL
	}
	const want = "want redis://[user:password@]host:port/db, or rediss:// for TLS"
	u, err := url.Parse(v)
	if err != nil {
		// Neither the value nor url.Parse's error is shown: where a malformed URL
		// keeps its password is anyone's guess.
		return fmt.Errorf("%s is not a valid URL; %s", name, want)
	}
	o, err := redis.ParseURL(v)
	switch {
	case err != nil:
		return fmt.Errorf("%s=%q: %w; %s", name, u.Redacted(), err, want)
	case o.DialTimeout != 0 || o.ReadTimeout != 0 || o.WriteTimeout != 0 || o.PoolTimeout != 0 || o.PoolSize != 0 || o.MaxRetries != 0:
		return fmt.Errorf("%s=%q: sets timeouts, a pool size or retries; set REDIS_DIAL_TIMEOUT, REDIS_TIMEOUT and REDIS_POOL_SIZE instead", name, u.Redacted())
	}
	*dst = o
	return nil
}
