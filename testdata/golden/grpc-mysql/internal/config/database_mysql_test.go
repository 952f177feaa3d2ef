package config

import (
	"strings"
	"testing"
	"time"
)

func TestMySQLConfig(t *testing.T) {
	cfg, err := MySQLConfig("mysql://app:p%40ss%2Fw:rd@db.internal/orders?tls=true&timeout=3s&parseTime=false&loc=Local&sql_mode=%27ANSI%27")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "app" || cfg.Passwd != "p@ss/w:rd" || cfg.Addr != "db.internal:3306" || cfg.DBName != "orders" {
		t.Errorf("user %q, password %q, addr %q, database %q", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName)
	}
	if cfg.TLS == nil || cfg.Timeout != 3*time.Second || cfg.Params["sql_mode"] != "'ANSI'" {
		t.Errorf("parameters not passed to the driver: tls %v, timeout %v, params %v", cfg.TLS, cfg.Timeout, cfg.Params)
	}
	if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Collation != "utf8mb4_bin" {
		t.Errorf("parseTime %v, loc %v, collation %q; want true, UTC and utf8mb4_bin whatever the URL says", cfg.ParseTime, cfg.Loc, cfg.Collation)
	}
	dsn := cfg.FormatDSN()
	for _, want := range []string{"charset=utf8mb4", "collation=utf8mb4_bin", "parseTime=true"} {
		if !strings.Contains(dsn, want) {
			t.Errorf("DSN %q lacks %s", dsn, want)
		}
	}
}

func TestLoadDatabaseAcceptsMySQLURLs(t *testing.T) {
	for _, v := range []string{
		"",
		"mysql://app:s3cr%40t@db.internal:3306/app?tls=true",
		"mysql://root@127.0.0.1/test",
		"mysql://app@[::1]:3307/app?timeout=5s&readTimeout=30s",
	} {
		d, err := LoadDatabase(env(map[string]string{"DATABASE_URL": v}))
		if err != nil {
			t.Errorf("DATABASE_URL=%q: %v", v, err)
			continue
		}
		if v != "" && d.URL != v {
			t.Errorf("DATABASE_URL=%q: URL = %q", v, d.URL)
		}
	}
}

// A malformed DATABASE_URL is one line naming the variable, with the password
// (canary-7f3a, wherever it is in each value) masked.
func TestLoadDatabaseMasksPassword(t *testing.T) {
	for _, v := range []string{
		"mysql://app:canary-7f3a@db:3306",
		"mysql://app:canary-7f3a@db/a/b",
		"mysql://app:canary-7f3a@db/app?parseTime=maybe",
		"mysql://app:canary-7f3a@db/app?tls=sometimes",
		"mysql://app:canary-7f3a%zz@db/app",
		"mysql://app:canary/7f3a@db/app",
		"mysql://app:canary-7f3a@/app",
		"app:canary-7f3a@tcp(db:3306)/app",
		"postgres://app:canary-7f3a@db/app",
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
