package config

import (
	"errors"
	"strings"
	"time"
)

// defaultDatabase is SQLite in ./data, created on first start.
//
// The pool is small on purpose: SQLite lets one connection write at a time (the
// others wait, up to the busy timeout), and in WAL mode readers never block, so
// a few connections already read in parallel on every core of a small
// machine; more would only wait for the write lock, each holding its own page
// cache. Connections are kept: a connection to a file never goes stale, and
// opening one runs the pragmas again.
func defaultDatabase() Database {
	return Database{
		URL:            "./data/inventory.db",
		ConnectTimeout: 30 * time.Second,
		MigrateOnStart: true,
		MaxOpenConns:   4,
		MaxIdleConns:   4,
	}
}

// checkDatabaseURL accepts a file path (./data/inventory.db, /var/lib/inventory/inventory.db)
// or the same as a file: URL (file:./data/inventory.db, file:///var/lib/inventory/inventory.db).
func checkDatabaseURL(v string) error {
	switch p := SQLitePath(v); {
	case p == "":
		return errors.New("want a file path such as ./data/inventory.db")
	case p == ":memory:" || strings.Contains(v, "mode=memory"):
		return errors.New("an in-memory database would be one per pooled connection and lost on restart; want a file path such as ./data/inventory.db")
	case strings.ContainsAny(v, "?#"):
		return errors.New("want a file path without '?' or '#': the service sets the SQLite options itself")
	}
	return nil
}

// redactDatabaseURL shows v as it is: a SQLite path holds no password.
func redactDatabaseURL(v string) string { return v }

// SQLitePath is the file a SQLite DATABASE_URL names: the path itself, or a
// file: URL's path.
func SQLitePath(v string) string {
	if p, ok := strings.CutPrefix(v, "file://"); ok {
		return p
	}
	return strings.TrimPrefix(v, "file:")
}
