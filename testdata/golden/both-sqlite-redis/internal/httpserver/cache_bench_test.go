package httpserver

import (
	"context"
	"crypto/rand"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"example.com/shop/inventory/internal/cache"
	"example.com/shop/inventory/internal/users"
)

// BenchmarkGetUserRedis measures GET /api/v1/users/{id} through the full
// middleware chain on the service's database behind Redis, where every request
// after the first is a Redis hit (a round trip to Redis and a JSON decode).
// Compare it with BenchmarkGetUserDatabase, the same without the cache. It needs
// the Redis server TEST_REDIS_URL names (and the database's own TEST_*_URL
// where it has one), and is skipped without:
//
//	TEST_REDIS_URL=redis://127.0.0.1:6379/0 go test -run '^$' -bench GetUserRedis -benchmem ./internal/httpserver
func BenchmarkGetUserRedis(b *testing.B) {
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		b.Skip("skipped: set TEST_REDIS_URL to run, such as redis://127.0.0.1:6379/0")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		b.Fatalf("TEST_REDIS_URL: %v", err)
	}
	client := cache.NewRedisClient(opts)
	defer client.Close()
	// A prefix of the benchmark's own, so that it shares the server safely; its
	// one key is deleted at the end.
	prefix := "bench:" + rand.Text() + ":"
	defer client.Del(context.WithoutCancel(b.Context()), prefix+"users:v1:"+benchUserID)
	c := cache.NewRedis[users.User](client, prefix, time.Hour)
	svc := users.NewService(benchStore(b), users.WithCache(c))
	b.Run("sqlite+redis", func(b *testing.B) { benchGetUser(b, svc) })
	if c.Stats().Hits() == 0 {
		b.Error("the service never hit Redis")
	}
}
