// Package store keeps the service's data in SQLite, in one local file: the
// users (store.go) through the queries sqlc generated into package db, and the
// schema's migrations (migrate.go), embedded in the binary.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, "sqlite": no cgo

	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/store/db"
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

// DB is the database: its connection pool, the file it is in, and the
// queries prepared on the pool (see statements).
type DB struct {
	sql   *sql.DB
	path  string
	stmts statements
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
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // G304: the operator's own DATABASE_URL.
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

// Close closes the prepared statements and the pool, once the servers have
// stopped.
func (db *DB) Close() error {
	return errors.Join(db.stmts.close(), db.sql.Close())
}

// gooseSetup is what migrate.go needs: the pool, goose's dialect, and its
// options: the lock that serializes migrations between processes (see
// migrationLock).
func (db *DB) gooseSetup() (*sql.DB, goose.Dialect, []goose.ProviderOption) {
	return db.sql, goose.DialectSQLite3, []goose.ProviderOption{goose.WithLocker(&migrationLock{path: db.path + "-migrate.lock"})}
}

// statements are the queries prepared once, so that SQLite parses each SQL
// text once rather than on every call (about half of a read's time otherwise).
// A statement prepared on the pool is usable on any of its connections:
// database/sql prepares it again, once, on each connection it runs on, and
// closes it there when that connection closes.
//
// They are prepared on first use rather than when the pool opens, because they
// name the tables, which exist only once the migrations have run.
type statements struct {
	prepared atomic.Pointer[db.Queries] // nil until prepared
	mu       sync.Mutex                 // serializes preparing and closing
	retryAt  time.Time                  // the next attempt after a failure
}

// prepareRetry spaces the attempts to prepare while they fail: sqlc's Prepare
// does not close the statements it prepared before the one that failed, so
// trying on every call could pile them up until the pool closes.
const prepareRetry = time.Second

// queries returns the prepared queries, preparing them if need be. Until they
// can be (the schema is not migrated yet: MIGRATE_ON_START=false and
// `migrate up` pending), it returns the queries that parse their SQL on each
// call, whose errors say what is wrong.
func (st *statements) queries(ctx context.Context, pool *sql.DB) *db.Queries {
	if q := st.prepared.Load(); q != nil {
		return q
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if q := st.prepared.Load(); q != nil {
		return q
	}
	if time.Now().Before(st.retryAt) {
		return db.New(pool)
	}
	// Not the request's cancellation: it would fail the preparation for every
	// caller waiting on the lock.
	q, err := db.Prepare(context.WithoutCancel(ctx), pool)
	if err != nil {
		st.retryAt = time.Now().Add(prepareRetry)
		return db.New(pool)
	}
	st.prepared.Store(q)
	return q
}

// close closes the prepared statements, if any, before the pool closes.
func (st *statements) close() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if q := st.prepared.Swap(nil); q != nil {
		return q.Close()
	}
	return nil
}
