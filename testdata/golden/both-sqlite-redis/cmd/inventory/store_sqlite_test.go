package main

import (
	"database/sql"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// testStoreEnv is what the service's store needs in a test: a data file of its
// own, removed with the test's temporary directory.
func testStoreEnv(t *testing.T) map[string]string {
	return map[string]string{"DATABASE_URL": filepath.Join(t.TempDir(), "test.db")}
}

// A data file the service cannot create stops it before it listens, with one
// line naming DATABASE_URL.
func TestRunRefusesUnwritableDataPath(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "DATABASE_URL": filepath.Join(notDir, "test.db")}
	err := run(t.Context(), env(vars), io.Discard, func(string, net.Addr) {
		t.Error("run listened despite an unusable DATABASE_URL")
	})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || strings.Contains(err.Error(), "\n") {
		t.Errorf("run() = %v, want one line naming DATABASE_URL", err)
	}
}

// While another process migrates the same file (it holds the migration lock),
// the service listens, answers /livez, and says 503 on /readyz; once the lock
// is released it migrates and turns ready.
func TestRunWaitsForTheMigrationLock(t *testing.T) {
	vars := testStoreEnv(t)
	for k, v := range testCredentials(t).env {
		vars[k] = v
	}
	release := holdMigrationLock(t, vars["DATABASE_URL"])
	r := startListening(t, vars)
	time.Sleep(300 * time.Millisecond) // long enough for a migration that did not wait
	if code, _ := get(t, r.base+"/livez"); code != http.StatusOK {
		t.Errorf("GET /livez while waiting = %d, want 200", code)
	}
	if code, body := get(t, r.base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz while waiting for the lock = %d %s, want 503", code, body)
	}
	release()
	waitStarted(t, r.base)
	if code, body := get(t, r.base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz after the lock was released = %d %s, want 200", code, body)
	}
	if err := r.stop(); err != nil {
		t.Errorf("run() = %v", err)
	}
}

// holdMigrationLock takes the lock a migrating process holds on the data file
// at path, and returns its release.
func holdMigrationLock(t *testing.T, path string) func() {
	t.Helper()
	db, err := sql.Open("sqlite", path+"-migrate.lock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
	}
}

// A migration that fails (here: a users table made by hand, which the first
// migration cannot create) stops the service after it listened: run returns
// the error, and the process would exit 1.
func TestRunStopsWhenMigrationFails(t *testing.T) {
	vars := testStoreEnv(t)
	db, err := sql.Open("sqlite", vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(t.Context(), "CREATE TABLE users (id TEXT)")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	vars["HTTP_ADDR"] = "127.0.0.1:0"
	listened := false
	err = run(t.Context(), env(vars), io.Discard, func(string, net.Addr) { listened = true })
	if !listened || err == nil || !strings.Contains(err.Error(), "start: migrate") {
		t.Errorf("run() = %v (listened: %v), want it to listen, then fail with the migration's error", err, listened)
	}
}
