package main

import (
	"context"
	"log/slog"

	"example.com/shop/catalog/internal/cache"
	"example.com/shop/catalog/internal/config"
	"example.com/shop/catalog/internal/health"
	"example.com/shop/catalog/internal/users"
)

// openCache returns the in-memory cache of users read by ID (CACHE_TTL,
// CACHE_SIZE), one per replica. It cannot be down, so it has no health check;
// its clean-up goroutine stops with the servers.
func openCache(_ context.Context, getenv func(string) string, _ config.Config, _ *slog.Logger, _ *health.Health, hk *hooks) (users.Cache, error) {
	cfg, err := config.LoadCache(getenv)
	if err != nil {
		return nil, err
	}
	c, err := cache.NewMemory[users.User](cfg.Size, cfg.TTL)
	if err != nil {
		return nil, err
	}
	addCacheMetrics(hk, "users", c.Stats())
	hk.flush = append(hk.flush, func(context.Context) { c.Close() })
	return c, nil
}
