package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/pressly/goose/v3/database"

	"example.com/billing/internal/users"
)

// holdLock takes the migration lock of db's database on a connection of its
// own, as a migrating replica does, and returns that connection.
func holdLock(t *testing.T, db *DB) *sql.Conn {
	t.Helper()
	conn, err := db.sql.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := (namedLock{wait: time.Second}).SessionLock(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	return conn
}

// While another session holds the migration lock, Migrate waits for it, then
// migrates.
func TestMigrateWaitsForTheLock(t *testing.T) {
	cfg := testConfig(t)
	conn := holdLock(t, openTest(t, cfg))
	done := make(chan error, 1)
	waiter := openTest(t, cfg)
	go func() {
		_, err := waiter.Migrate(context.Background())
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Migrate returned (%v) while another session held the lock", err)
	case <-time.After(time.Second):
	}
	if err := (namedLock{}).SessionUnlock(t.Context(), conn); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Migrate still waiting 5s after the lock was released")
	}
}

// The lock is the session's: when the replica holding it dies, its connection
// ends and the server frees the lock at once, with no lease to run out.
func TestLockFreedWhenHolderDies(t *testing.T) {
	cfg := testConfig(t)
	holder := openTest(t, cfg)
	conn := holdLock(t, holder)
	var id int64
	if err := conn.QueryRowContext(t.Context(), "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.sql.ExecContext(t.Context(), "KILL ?", id); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := openTest(t, cfg).Migrate(ctx); err != nil {
		t.Fatalf("Migrate after the holder died = %v, want it to take the lock at once", err)
	}
}

// Named locks are server-wide, the migration lock is per database: services
// (and tests) sharing a server do not wait for one another.
func TestLockIsPerDatabase(t *testing.T) {
	holdLock(t, openTest(t, testConfig(t)))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := openTest(t, testConfig(t)).Migrate(ctx); err != nil {
		t.Fatalf("Migrate of another database while this one is locked = %v", err)
	}
}

// utf8mb4_bin compares code points: emails that differ only by case or accent
// are different emails, as they are to Go and on every other store (the
// service lower-cases them before), where a _ci collation would refuse them.
func TestEmailsCompareExactly(t *testing.T) {
	db := openTest(t, testConfig(t))
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	s := NewUsers(db)
	for i, email := range []string{"jose@example.com", "jos\u00e9@example.com", "JOSE@example.com"} {
		u := users.User{ID: fmt.Sprint("ID", i), Name: "Jose", Email: email, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
		if err := s.Create(t.Context(), u); err != nil {
			t.Fatalf("Create(%s) = %v", email, err)
		}
	}
}

// A replica that has just created goose's version table, but not yet written
// its first row (version 0), does not make another one fail: that one waits
// for the row (see versionStore).
func TestMigrateWhileAnotherCreatesTheVersionTable(t *testing.T) {
	db := openTest(t, testConfig(t))
	if err := db.versions.CreateVersionTable(t.Context(), db.sql); err != nil {
		t.Fatal(err)
	}
	inserted := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		inserted <- db.versions.Insert(context.Background(), db.sql, database.InsertRequest{Version: 0})
	}()
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(t.Context())
	if err != nil || len(applied) != len(files) {
		t.Errorf("Migrate = %d applied, %v; want all %d once the version table has its first row", len(applied), err, len(files))
	}
	if err := <-inserted; err != nil {
		t.Fatal(err)
	}
}
