package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3/lock"

	"github.com/acme/inventory/internal/store/storetest"
)

// testStoreEnv is what the service's store needs in a test: a database of its
// own on the server TEST_POSTGRES_URL names, dropped afterwards.
func testStoreEnv(t *testing.T) map[string]string {
	return map[string]string{"DATABASE_URL": storetest.URL(t)}
}

// A malformed DATABASE_URL stops the service before it listens, with one line
// naming the variable and not the password.
func TestRunRejectsMalformedDatabaseURL(t *testing.T) {
	vars := map[string]string{"DATABASE_URL": "postgres://app:canary-7f3a@db:99999/app"}
	err := run(t.Context(), env(vars), io.Discard, func(string, net.Addr) {
		t.Error("run listened despite a malformed DATABASE_URL")
	})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || strings.Contains(err.Error(), "canary") || strings.Contains(err.Error(), "\n") {
		t.Errorf("run() = %v, want one line naming DATABASE_URL without the password", err)
	}
}

// While the database is unreachable the service listens, /livez says 200 and
// /readyz 503; after DB_CONNECT_TIMEOUT it gives up with one line naming it.
// No line it logs or returns holds the password. It needs no server.
func TestRunWhileDatabaseUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close() // nothing listens there now: connections are refused
	vars := map[string]string{
		"HTTP_ADDR":          "127.0.0.1:0",
		"DATABASE_URL":       "postgres://app:canary-7f3a@" + closed + "/app?sslmode=disable",
		"DB_CONNECT_TIMEOUT": "3s",
	}
	for k, v := range testCredentials(t).env {
		vars[k] = v
	}
	logs := &syncBuffer{}
	addrs := make(chan net.Addr, 2)
	errs := make(chan error, 1)
	go func() {
		errs <- run(t.Context(), env(vars), logs, func(name string, a net.Addr) {
			if name == "http" {
				addrs <- a
			}
		})
	}()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-errs:
		t.Fatalf("run() = %v before listening", err)
	}
	if code, _ := get(t, base+"/livez"); code != http.StatusOK {
		t.Errorf("GET /livez while the database is unreachable = %d, want 200", code)
	}
	if code, body := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz while the database is unreachable = %d %s, want 503", code, body)
	}
	select {
	case err = <-errs:
	case <-time.After(10 * time.Second):
		t.Fatal("run() still waiting 10s after DB_CONNECT_TIMEOUT=3s")
	}
	if err == nil || !strings.Contains(err.Error(), "DB_CONNECT_TIMEOUT") || strings.Contains(err.Error(), "\n") {
		t.Errorf("run() = %v, want one line naming DB_CONNECT_TIMEOUT", err)
	}
	if out := logs.String() + err.Error(); strings.Contains(out, "canary") {
		t.Errorf("the password is in the output:\n%s", out)
	}
}

// While another replica migrates (it holds the migration lock), the service
// listens, answers /livez, and says 503 on /readyz; once the lock is released
// it migrates and turns ready.
func TestRunWaitsForTheMigrationLock(t *testing.T) {
	vars := testStoreEnv(t)
	for k, v := range testCredentials(t).env {
		vars[k] = v
	}
	conn, err := pgx.Connect(t.Context(), vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	// goose's PostgreSQL locker takes this advisory lock (lock.DefaultLockID).
	if _, err := conn.Exec(t.Context(), "SELECT pg_advisory_lock($1)", lock.DefaultLockID); err != nil {
		t.Fatal(err)
	}
	r := startListening(t, vars)
	time.Sleep(1500 * time.Millisecond) // past goose's first poll of the lock
	if code, _ := get(t, r.base+"/livez"); code != http.StatusOK {
		t.Errorf("GET /livez while waiting = %d, want 200", code)
	}
	if code, body := get(t, r.base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz while waiting for the lock = %d %s, want 503", code, body)
	}
	if _, err := conn.Exec(t.Context(), "SELECT pg_advisory_unlock($1)", lock.DefaultLockID); err != nil {
		t.Fatal(err)
	}
	waitStarted(t, r.base)
	if code, body := get(t, r.base+"/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz after the lock was released = %d %s, want 200", code, body)
	}
	if err := r.stop(); err != nil {
		t.Errorf("run() = %v", err)
	}
}

// A migration that fails (here: a users table made by hand, which the first
// migration cannot create) stops the service after it listened: run returns
// the error, and the process would exit 1.
func TestRunStopsWhenMigrationFails(t *testing.T) {
	vars := testStoreEnv(t)
	conn, err := pgx.Connect(t.Context(), vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec(t.Context(), "CREATE TABLE users (id text)")
	conn.Close(context.Background())
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

// When the database goes away after start-up (here: dropped, its sessions
// ended), /readyz turns 503, while /livez stays 200.
func TestReadyzFailsWhenTheDatabaseGoes(t *testing.T) {
	vars := testStoreEnv(t)
	for k, v := range testCredentials(t).env {
		vars[k] = v
	}
	r := startRun(t, vars)
	if code, body := get(t, r.base+"/readyz"); code != http.StatusOK {
		t.Fatalf("GET /readyz = %d %s, want 200 once started", code, body)
	}
	u, err := url.Parse(vars["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := pgx.Connect(t.Context(), os.Getenv("TEST_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(t.Context(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, _ := get(t, r.base+"/readyz")
		if code == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /readyz = %d 5s after the database was dropped, want 503", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code, _ := get(t, r.base+"/livez"); code != http.StatusOK {
		t.Errorf("GET /livez without the database = %d, want 200", code)
	}
	if err := r.stop(); err != nil {
		t.Errorf("run() = %v", err)
	}
}
