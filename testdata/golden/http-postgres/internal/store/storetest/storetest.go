// Package storetest gives each test a PostgreSQL database of its own, on the
// server TEST_POSTGRES_URL names, so that tests, parallel runs and other
// projects can share one server.
package storetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URL is the DATABASE_URL of a new, empty database, dropped when the test ends.
// The test is skipped when TEST_POSTGRES_URL is not set.
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("skipped: set TEST_POSTGRES_URL to run, such as postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable (a user that may create databases)")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal("TEST_POSTGRES_URL: not a URL")
	}
	name := "test_" + strings.ToLower(rand.Text())
	if err := exec(admin, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// FORCE ends the sessions a failed test may have left open; IF EXISTS
		// lets a test drop it first.
		if err := exec(admin, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// exec runs one statement on its own connection to the server.
func exec(admin, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("TEST_POSTGRES_URL: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}
