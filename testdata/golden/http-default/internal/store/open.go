// Package store keeps the service's data in SQLite, in one local file: the
// users (store.go) through the queries sqlc generated into package db, and the
// schema's migrations (migrate.go), embedded in the binary.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite": no cgo

	"github.com/acme/orders/internal/config"
)

// pragmas apply to every connection the pool opens, as SQLite keeps most
// settings per connection:
//   - journal_mode WAL (a setting of the file, which the first connection
//     records): readers do not block the writer nor it them;
//   - busy_timeout: a connection waits up to 5s for another's write lock
//     instead of failing at once with SQLITE_BUSY;
//   - foreign_keys: SQLite leaves them unchecked unless asked, per connection;
//   - _txlock=immediate: a transaction takes the write lock when it begins, so
//     two transactions that read then write cannot deadlock (one waits);
//   - _time_format=sqlite: times are stored in a format SQLite's date
//     functions read, with their offset, and are read back as time.Time.
//
// synchronous stays at SQLite's default, FULL: a commit is on disk when the
// call returns.
const pragmas = "_busy_timeout=5000&_journal_mode=WAL&_foreign_keys=1&_txlock=immediate&_time_format=sqlite"

// DB is the database: its connection pool and the file it is in.
type DB struct {
	sql  *sql.DB
	path string
}

// Open prepares the pool on the file cfg.URL names, creating its directory and
// the file itself so that a path the service cannot write is reported now, as
// one line naming DATABASE_URL, rather than as a retried connection failure.
// The pool opens connections on first use.
func Open(cfg config.Database) (*DB, error) {
	path := config.SQLitePath(cfg.URL)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("DATABASE_URL: create the data directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: open the data file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("DATABASE_URL: open the data file: %w", err)
	}
	pool, err := sql.Open("sqlite", path+"?"+pragmas)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	pool.SetMaxOpenConns(cfg.MaxOpenConns)
	pool.SetMaxIdleConns(cfg.MaxIdleConns)
	pool.SetConnMaxLifetime(cfg.ConnMaxLifetime)
	pool.SetConnMaxIdleTime(cfg.ConnMaxIdleTime)
	return &DB{sql: pool, path: path}, nil
}

// Ping reports whether the database can be used: the health check, and what
// start-up waits for.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Close closes the pool, once the servers have stopped.
func (db *DB) Close() error { return db.sql.Close() }

// gooseSetup is what migrate.go needs: the pool, goose's dialect, and its
// options: the lock that serializes migrations between processes (see
// migrationLock).
func (db *DB) gooseSetup() (*sql.DB, goose.Dialect, []goose.ProviderOption) {
	return db.sql, goose.DialectSQLite3, []goose.ProviderOption{goose.WithLocker(&migrationLock{path: db.path + "-migrate.lock"})}
}
