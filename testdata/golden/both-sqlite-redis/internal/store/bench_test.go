package store

import (
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/users"
)

// The SQLite store's own cost per call, without HTTP: compare with the memory
// repository's (go test -bench . ./internal/users) to see what the database adds.
//
//	go test -run '^$' -bench . -benchmem ./internal/store
func BenchmarkUsers(b *testing.B) {
	cfg, err := config.LoadDatabase(func(k string) string {
		if k == "DATABASE_URL" {
			return filepath.Join(b.TempDir(), "bench.db")
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	db, err := Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	repo := NewUsers(db)
	const n = 1000
	for i := range n {
		u := users.User{ID: fmt.Sprintf("B%06d", i), Name: "Bench", Email: fmt.Sprintf("b%d@example.com", i), CreatedAt: time.Now().UTC()}
		if err := repo.Create(b.Context(), u); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("Get", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := repo.Get(b.Context(), fmt.Sprintf("B%06d", i%n)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GetParallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				if _, err := repo.Get(b.Context(), fmt.Sprintf("B%06d", i%n)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("List50", func(b *testing.B) {
		for b.Loop() {
			if _, err := repo.List(b.Context(), "", 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Create", func(b *testing.B) {
		for b.Loop() {
			// Random, so that -count runs on the same database do not collide.
			id := rand.Text()
			u := users.User{ID: id, Name: "Bench", Email: id + "@example.com", CreatedAt: time.Now().UTC()}
			if err := repo.Create(b.Context(), u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
