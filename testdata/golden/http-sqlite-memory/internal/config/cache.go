package config

import (
	"errors"
	"fmt"
	"time"
)

// Cache configures the in-memory cache of reads by ID. It is per replica: a write
// invalidates only the replica that served it, so the others may answer with the
// old value until the TTL.
type Cache struct {
	// TTL is how long an entry is served after it was written (CACHE_TTL): the
	// longest another replica can lag behind a write.
	TTL time.Duration
	// Size is the most entries kept (CACHE_SIZE); the least useful are evicted.
	Size int
}

// DefaultCache returns the cache settings used for every variable that is unset.
func DefaultCache() Cache {
	return Cache{TTL: 30 * time.Second, Size: 10000}
}

// LoadCache reads the cache's variables, each error naming its variable.
func LoadCache(getenv func(string) string) (Cache, error) {
	c := DefaultCache()
	err := errors.Join(
		parseDuration(getenv, "CACHE_TTL", &c.TTL, false),
		parseInt(getenv, "CACHE_SIZE", &c.Size),
	)
	if err != nil {
		return Cache{}, fmt.Errorf("invalid configuration: %w", err)
	}
	return c, nil
}
