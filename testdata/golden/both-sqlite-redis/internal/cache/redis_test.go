package cache

import (
	"context"
	"crypto/rand"
	"net"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// testRedis returns a client of TEST_REDIS_URL's Redis and a key prefix of this
// test's own, whose keys are deleted when the test ends, so that parallel runs
// and other services can share the server. Without TEST_REDIS_URL the test is
// skipped.
func testRedis(t *testing.T) (*redis.Client, string) {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		t.Skip("skipped: set TEST_REDIS_URL to run")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	client := NewRedisClient(opts)
	prefix := "test:" + rand.Text() + ":"
	t.Cleanup(func() {
		defer client.Close()
		ctx := context.WithoutCancel(t.Context())
		iter := client.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			if err := client.Del(ctx, iter.Val()).Err(); err != nil {
				t.Errorf("delete test key %s: %v", iter.Val(), err)
			}
		}
		if err := iter.Err(); err != nil {
			t.Errorf("list test keys: %v", err)
		}
	})
	return client, prefix
}

func TestRedisContract(t *testing.T) {
	testContract(t, func(t *testing.T, ttl time.Duration) store {
		client, prefix := testRedis(t)
		return NewRedis[item](client, prefix, ttl)
	})
}

// Keys are namespaced by the prefix, and an entry that cannot be decoded (left
// by another version, say) is an error and a miss, not a crash or a zero value.
func TestRedisPrefixAndUnreadableEntry(t *testing.T) {
	client, prefix := testRedis(t)
	c := NewRedis[item](client, prefix, time.Minute)
	mustSet(t, c, "users:v1:a", item{Name: "a"})
	if n, err := client.Exists(t.Context(), prefix+"users:v1:a").Result(); err != nil || n != 1 {
		t.Errorf("EXISTS %susers:v1:a = %d, %v; want the key under the prefix", prefix, n, err)
	}
	if err := client.Set(t.Context(), prefix+"bad", "not json", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c.Get(t.Context(), "bad"); err == nil || ok {
		t.Errorf("Get(bad) = %v, %v; want an error and a miss", ok, err)
	}
	if n := c.Stats().Errors(); n != 1 {
		t.Errorf("errors = %d, want 1", n)
	}
	if err := c.Ping(t.Context()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// With Redis unreachable, every call fails fast and is counted, but a call the
// caller gave up on is not: that says nothing about Redis.
func TestRedisOutage(t *testing.T) {
	// A pool larger than the failed dials here: once as many dials as it has
	// connections fail, go-redis probes Redis from a goroutine that outlives
	// Close by up to a second, which goleak would report.
	client := NewRedisClient(&redis.Options{Addr: closedAddr(t), DialTimeout: time.Second, PoolSize: 10})
	defer client.Close()
	c := NewRedis[item](client, "test:", time.Minute)
	ctx := t.Context()
	start := time.Now()
	if _, ok, err := c.Get(ctx, "k"); err == nil || ok {
		t.Errorf("Get() = %v, %v; want an error", ok, err)
	}
	if err := c.Set(ctx, "k", item{}); err == nil {
		t.Error("Set() = nil, want an error")
	}
	if err := c.Delete(ctx, "k"); err == nil {
		t.Error("Delete() = nil, want an error")
	}
	if err := c.Ping(ctx); err == nil {
		t.Error("Ping() = nil, want an error")
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("4 calls to a closed port took %v: retried instead of failing fast", took)
	}
	if n := c.Stats().Errors(); n != 3 {
		t.Errorf("errors = %d, want 3 (Get, Set, Delete)", n)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := c.Get(cancelled, "k"); err == nil {
		t.Error("Get() with a cancelled context = nil error")
	}
	if n := c.Stats().Errors(); n != 3 {
		t.Errorf("errors = %d after a cancelled call, want still 3", n)
	}
}
