package httpserver

import (
	"io"
	"net/http"
	"testing"
	"time"

	"example.com/shop/catalog/internal/config"
	"example.com/shop/catalog/internal/store"
	"example.com/shop/catalog/internal/users"
)

// BenchmarkGetUserDatabase measures GET /api/v1/users/{id} through the full
// middleware chain on the service's database, without a cache: every request
// reads the store. Compare it with BenchmarkGetUser/full (the memory store) to
// see what the database costs a request:
//
//	go test -run '^$' -bench GetUserDatabase -benchmem ./internal/httpserver
func BenchmarkGetUserDatabase(b *testing.B) {
	svc := users.NewService(benchStore(b))
	b.Run("sqlite", func(b *testing.B) { benchGetUser(b, svc) })
}

// benchStore opens a database of the benchmark's own (benchDatabaseURL) as the
// service does, migrated and holding the benchmark user. It is the store alone,
// without the retries and breaker the service puts around it.
func benchStore(b *testing.B) users.Repository {
	url := benchDatabaseURL(b)
	cfg, err := config.LoadDatabase(func(k string) string {
		if k == "DATABASE_URL" {
			return url
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	repo := store.NewUsers(db)
	u := users.User{ID: benchUserID, Name: "Ada", Email: "ada@example.com", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := repo.Create(b.Context(), u); err != nil {
		b.Fatal(err)
	}
	return repo
}

// benchGetUser sends GET /api/v1/users/{id} for the benchmark user through the
// production router on svc, access log to io.Discard, b.N times.
func benchGetUser(b *testing.B, svc *users.Service) {
	handler := fullRouter(b, svc, io.Discard)
	req, err := http.NewRequest(http.MethodGet, "/api/v1/users/"+benchUserID, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.RemoteAddr = "192.0.2.1:1234"
	authorize(req)
	w := &benchWriter{header: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.header)
		w.status = 0
		handler.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
