package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoadCacheDefaults(t *testing.T) {
	c, err := LoadCache(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	o := c.Redis
	if c.TTL != 5*time.Minute || c.KeyPrefix != "inventory:" || o.Addr != "localhost:6379" || o.DB != 0 {
		t.Errorf("LoadCache() = %+v with %s db %d; want a 5m TTL, prefix inventory: and localhost:6379 db 0", c, o.Addr, o.DB)
	}
	if o.DialTimeout != time.Second || o.ReadTimeout != 250*time.Millisecond || o.WriteTimeout != o.ReadTimeout || o.PoolTimeout != o.ReadTimeout || o.PoolSize != 20 {
		t.Errorf("timeouts and pool = %v %v %v %v %d; want 1s, 250ms for every call, 20", o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolTimeout, o.PoolSize)
	}
}

func TestLoadCacheOverrides(t *testing.T) {
	c, err := LoadCache(env(map[string]string{
		"CACHE_TTL":          "1m",
		"REDIS_URL":          "rediss://app:s3cret@cache.internal:6380/2",
		"REDIS_KEY_PREFIX":   "orders:",
		"REDIS_DIAL_TIMEOUT": "2s",
		"REDIS_TIMEOUT":      "100ms",
		"REDIS_POOL_SIZE":    "50",
	}))
	if err != nil {
		t.Fatal(err)
	}
	o := c.Redis
	if c.TTL != time.Minute || c.KeyPrefix != "orders:" || o.Addr != "cache.internal:6380" || o.DB != 2 || o.Username != "app" || o.Password != "s3cret" || o.TLSConfig == nil {
		t.Errorf("LoadCache() = %+v with %+v", c, o)
	}
	if o.DialTimeout != 2*time.Second || o.ReadTimeout != 100*time.Millisecond || o.WriteTimeout != o.ReadTimeout || o.PoolSize != 50 {
		t.Errorf("timeouts and pool = %v %v %v %d; want 2s, 100ms, 100ms, 50", o.DialTimeout, o.ReadTimeout, o.WriteTimeout, o.PoolSize)
	}
}

// Errors name the variable and what it accepts, and never show the password.
func TestLoadCacheRejects(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"REDIS_URL", "http://:s3cret@localhost:6379", `REDIS_URL="http://:xxxxx@localhost:6379": redis: invalid URL scheme`},
		{"REDIS_URL", "redis://:s3cret@localhost:6379/zero", `REDIS_URL="redis://:xxxxx@localhost:6379/zero": redis: invalid database number`},
		{"REDIS_URL", "redis://u:s3/cret@localhost:6379", "REDIS_URL is not a valid URL; want redis://"},
		{"REDIS_URL", "redis://:s3cret@localhost:6379/0?dial_timeout=3s", `REDIS_URL="redis://:xxxxx@localhost:6379/0?dial_timeout=3s": sets timeouts`},
		{"REDIS_TIMEOUT", "0s", `REDIS_TIMEOUT="0s": want a positive duration`},
		{"REDIS_POOL_SIZE", "many", `REDIS_POOL_SIZE="many": want a positive whole number`},
		{"CACHE_TTL", "forever", `CACHE_TTL="forever": want a duration`},
	} {
		_, err := LoadCache(env(map[string]string{tc.name: tc.value}))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "cret") {
			t.Errorf("%s=%s: LoadCache() = %v, want an error with %q and no password", tc.name, tc.value, err, tc.want)
		}
	}
}
