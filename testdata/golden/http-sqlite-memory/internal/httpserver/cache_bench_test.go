package httpserver

import (
	"context"
	"testing"
	"time"

	"example.com/shop/catalog/internal/cache"
	"example.com/shop/catalog/internal/users"
)

// BenchmarkGetUserCached measures what a memory cache hit costs: GET
// /api/v1/users/{id} through the full middleware chain on the memory store
// alone, then on the memory store behind the memory cache, where every request
// after the first is a hit. The difference is the cache's cost on a hit (a
// database store would be slower than the memory store, and the cache spares it):
//
//	go test -run '^$' -bench GetUserCached -benchmem ./internal/httpserver
func BenchmarkGetUserCached(b *testing.B) {
	repo := users.NewMemoryRepository()
	u := users.User{ID: benchUserID, Name: "Ada", Email: "ada@example.com", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := repo.Create(context.Background(), u); err != nil {
		b.Fatal(err)
	}
	mem, err := cache.NewMemory[users.User](1000, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	defer mem.Close()
	for _, bc := range []struct {
		name string
		svc  *users.Service
	}{
		{"memory-store", users.NewService(repo)},
		{"memory-store+memory-cache", users.NewService(repo, users.WithCache(mem))},
	} {
		b.Run(bc.name, func(b *testing.B) { benchGetUser(b, bc.svc) })
	}
	if mem.Stats().Hits() == 0 {
		b.Error("the cached service never hit its cache")
	}
}
