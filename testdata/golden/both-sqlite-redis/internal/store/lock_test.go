package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// While one process holds the migration lock, another waits for it, and gets
// it as soon as it is released.
func TestMigrationLockExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db-migrate.lock")
	first, second := &migrationLock{path: path}, &migrationLock{path: path}
	if err := first.Lock(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if err := second.Lock(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock while the first holds it = %v, want it to wait until its deadline", err)
	}

	got := make(chan error, 1)
	go func() { got <- second.Lock(t.Context(), nil) }()
	select {
	case err := <-got:
		t.Fatalf("second Lock returned %v while the first still held it", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := first.Unlock(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("second Lock after the release = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second Lock did not get the released lock")
	}
	if err := second.Unlock(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
}

// A holder that goes away without unlocking (its process died: its
// connection closed) leaves no stale lock behind.
func TestMigrationLockFreedWithItsConnection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db-migrate.lock")
	dead := &migrationLock{path: path}
	if err := dead.Lock(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	dead.conn.Close()
	dead.db.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	next := &migrationLock{path: path}
	if err := next.Lock(ctx, nil); err != nil {
		t.Fatalf("Lock after the holder's connection closed = %v", err)
	}
	if err := next.Unlock(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
}
