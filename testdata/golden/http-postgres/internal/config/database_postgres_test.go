package config

import (
	"strings"
	"testing"
)

func TestLoadDatabaseAcceptsPostgresURLs(t *testing.T) {
	for _, v := range []string{
		"",
		"postgres://app:s3cr%40t@db.internal:5432/app?sslmode=verify-full&connect_timeout=5",
		"postgresql://app@localhost/app",
		"postgres://app@[::1]:5433/app?sslmode=disable&application_name=worker",
	} {
		d, err := LoadDatabase(env(map[string]string{"DATABASE_URL": v}))
		if err != nil {
			t.Errorf("DATABASE_URL=%q: %v", v, err)
			continue
		}
		if want := v; want != "" && d.URL != want {
			t.Errorf("DATABASE_URL=%q: URL = %q", v, d.URL)
		}
	}
}

// A malformed DATABASE_URL is one line naming the variable, with the password
// (canary-7f3a, wherever it is in each value) masked.
func TestLoadDatabaseMasksPassword(t *testing.T) {
	for _, v := range []string{
		"postgres://app:canary-7f3a@db:99999/app",
		"postgres://app:canary-7f3a@db/app?sslmode=sometimes",
		"postgres://app@db/app?password=canary-7f3a&connect_timeout=soon",
		"postgres://app@db/app?sslpassword=canary-7f3a&sslmode=sometimes",
		"postgres://app:canary-7f3a%zz@db/app",
		"postgres://app:canary/7f3a@db/app",
		"host=db user=app password=canary-7f3a",
		"mysql://app:canary-7f3a@db/app",
		"postgres:app:canary-7f3a@db/app",
	} {
		_, err := LoadDatabase(env(map[string]string{"DATABASE_URL": v}))
		if err == nil {
			t.Errorf("DATABASE_URL=%q accepted, want an error", v)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "DATABASE_URL") || strings.Contains(msg, "canary") || strings.Contains(msg, "\n") {
			t.Errorf("DATABASE_URL=%q: error %q, want one line naming DATABASE_URL without the password", v, msg)
		}
	}
}

func TestRedactDatabaseURL(t *testing.T) {
	for v, want := range map[string]string{
		"postgres://app:secret@db/app?sslmode=require": "postgres://app:xxxxx@db/app?sslmode=require",
		"postgres://app@db/app?password=secret":        "postgres://app@db/app?password=xxxxx",
		"postgres://app@db/app?sslmode=require":        "postgres://app@db/app?sslmode=require",
		"host=db password=secret":                      "(hidden: not a URL)",
	} {
		if got := redactDatabaseURL(v); got != want {
			t.Errorf("redactDatabaseURL(%q) = %q, want %q", v, got, want)
		}
	}
}
