package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/users"
)

// testConfig configures a database of the test's own: an empty file in its
// temporary directory, removed afterwards.
func testConfig(t *testing.T) config.Database {
	t.Helper()
	cfg, err := config.LoadDatabase(func(k string) string {
		if k == "DATABASE_URL" {
			return filepath.Join(t.TempDir(), "test.db")
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestStatementsPreparedOnceMigrated checks that the queries are prepared only
// once their tables exist: before the migrations a query fails with SQLite's
// own error and nothing is kept prepared; once migrated they are prepared on
// first use, serve every call, and are closed with the pool.
func TestStatementsPreparedOnceMigrated(t *testing.T) {
	db, err := Open(testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	repo := NewUsers(db)
	if _, err := repo.Get(t.Context(), "nobody"); err == nil || errors.Is(err, users.ErrNotFound) {
		t.Fatalf("Get before the migrations = %v, want SQLite's error (no such table)", err)
	}
	if db.stmts.prepared.Load() != nil {
		t.Fatal("statements prepared before the migrations")
	}
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	db.stmts.retryAt = time.Time{} // as if prepareRetry had passed
	u := users.User{ID: "U1", Name: "Ada", Email: "ada@example.com", CreatedAt: time.Now().UTC()}
	if err := repo.Create(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	prepared := db.stmts.prepared.Load()
	if prepared == nil {
		t.Fatal("statements not prepared once migrated")
	}
	if got, err := repo.Get(t.Context(), u.ID); err != nil || got.Email != u.Email {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, u)
	}
	if db.stmts.prepared.Load() != prepared {
		t.Error("statements prepared again")
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if db.stmts.prepared.Load() != nil {
		t.Error("statements still held after Close")
	}
}
