package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/acme/inventory/internal/users"
)

// migrated is a store on a new, migrated database.
func migrated(t *testing.T) *Users {
	t.Helper()
	db := openTest(t, testConfig(t))
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return NewUsers(db)
}

// While another session holds the migration lock, Migrate waits for it, then
// migrates.
func TestMigrateWaitsForTheLock(t *testing.T) {
	cfg := testConfig(t)
	holder := openTest(t, cfg)
	conn, err := holder.sql.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := holder.locker.SessionLock(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	waiter := openTest(t, cfg)
	go func() {
		_, err := waiter.Migrate(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Migrate returned (%v) while another session held the lock", err)
	case <-time.After(1500 * time.Millisecond): // goose polls the lock once a second
	}
	if err := holder.locker.SessionUnlock(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Migrate still waiting 10s after the lock was released")
	}
}

// Only the email's constraint means ErrEmailTaken: a duplicate ID is another
// failure (the service never makes one: its IDs are random).
func TestDuplicateIDIsNotEmailTaken(t *testing.T) {
	s := migrated(t)
	u := users.User{ID: "ID1", Name: "Ada", Email: "ada@example.com", CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if err := s.Create(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	u.Email = "grace@example.com"
	if err := s.Create(t.Context(), u); err == nil || errors.Is(err, users.ErrEmailTaken) {
		t.Fatalf("Create with a duplicate ID = %v, want an error other than ErrEmailTaken", err)
	}
}

// Emails that differ only by case or accent are different emails, as they are
// to Go and on every other store (the service lower-cases them before).
func TestEmailsCompareExactly(t *testing.T) {
	s := migrated(t)
	for i, email := range []string{"jose@example.com", "jos\u00e9@example.com", "JOSE@example.com"} {
		u := users.User{ID: fmt.Sprint("ID", i), Name: "Jose", Email: email, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
		if err := s.Create(t.Context(), u); err != nil {
			t.Fatalf("Create(%s) = %v", email, err)
		}
	}
}
