package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/redis/go-redis/v9"

	"example.com/shop/inventory/internal/cache"
	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/health"
	"example.com/shop/inventory/internal/users"
)

// openCache returns the Redis cache of users read by ID (REDIS_URL and the
// other REDIS_* variables, CACHE_TTL), shared by every replica. It does not
// connect: while Redis is down, reads are answered from the store, and /health
// shows the service degraded without taking it out of rotation.
func openCache(_ context.Context, getenv func(string) string, _ config.Config, logger *slog.Logger, h *health.Health, hk *hooks) (users.Cache, error) {
	cfg, err := config.LoadCache(getenv)
	if err != nil {
		return nil, err
	}
	quietRedis.Do(func() { redis.SetLogger(redisLog{logger}) })
	client := cache.NewRedisClient(cfg.Redis)
	c := cache.NewRedis[users.User](client, cfg.KeyPrefix, cfg.TTL)
	h.RegisterOptional("redis", c.Ping)
	addCacheMetrics(hk, "users", c.Stats())
	hk.flush = append(hk.flush, func(ctx context.Context) {
		if err := client.Close(); err != nil {
			logger.WarnContext(ctx, "close redis client", "error", err)
		}
	})
	return c, nil
}

// quietRedis sets go-redis's logger once: it is global to the process.
var quietRedis sync.Once

// redisLog sends go-redis's own messages to the service's JSON log instead of
// stderr, at debug level: they repeat the errors that calls return, which the
// service logs and counts already.
type redisLog struct{ logger *slog.Logger }

func (l redisLog) Printf(ctx context.Context, format string, v ...any) {
	l.logger.DebugContext(ctx, fmt.Sprintf(format, v...), "source", "go-redis")
}
