// Package store keeps the service's data in PostgreSQL, through pgx's connection
// pool: the users (store.go) through the queries sqlc generated into package db,
// and the schema's migrations (migrate.go), embedded in the binary.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/acme/inventory/internal/config"
)

// DB is the database: pgx's pool, and the same pool through database/sql for
// goose, which needs a *sql.DB.
type DB struct {
	pool   *pgxpool.Pool
	sql    *sql.DB
	locker lock.SessionLocker
}

// Open prepares the pool for cfg. It connects on first use, not here, so that
// the service can listen while the database is still unreachable.
func Open(cfg config.Database) (*DB, error) {
	pc, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		// config.LoadDatabase has checked the URL; pgx's message masks the password.
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	pc.MaxConns = int32(min(max(cfg.MaxOpenConns, 1), math.MaxInt32))
	pc.MaxConnLifetime = cfg.ConnMaxLifetime
	pc.MaxConnIdleTime = cfg.ConnMaxIdleTime
	if pc.MaxConnIdleTime == 0 {
		// 0 means never, as with database/sql; pgx would close every idle
		// connection at its next health check.
		pc.MaxConnIdleTime = time.Duration(math.MaxInt64)
	}
	// Named, the service's sessions can be told apart in pg_stat_activity.
	if pc.ConnConfig.RuntimeParams["application_name"] == "" {
		pc.ConnConfig.RuntimeParams["application_name"] = "inventory"
	}
	// Polling once a second rather than goose's 5 s, a replica waiting for
	// another's migrations starts soon after them; for up to 5 minutes.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	return &DB{pool: pool, sql: stdlib.OpenDBFromPool(pool), locker: locker}, nil
}

// Ping reports whether the database answers: the health check, and what
// start-up waits for.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }

// Close closes the pool, once the servers have stopped.
func (db *DB) Close() error {
	err := db.sql.Close() // leaves the pool open
	db.pool.Close()
	return err
}

// migrateAgain reports whether a failed migration may be tried again: never
// here, as goose's lock covers everything that could race with another replica.
func (*DB) migrateAgain(error) bool { return false }

// gooseSetup is what migrate.go needs: the pool, goose's dialect, and its
// options: the lock that serializes migrations between replicas, a
// session-level advisory lock, which PostgreSQL releases by itself if the
// replica holding it dies, and which is per database, as goose's version table
// is.
func (db *DB) gooseSetup() (*sql.DB, goose.Dialect, []goose.ProviderOption) {
	return db.sql, goose.DialectPostgres, []goose.ProviderOption{goose.WithSessionLocker(db.locker)}
}
