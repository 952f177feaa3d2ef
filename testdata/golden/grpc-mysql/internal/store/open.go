// Package store keeps the service's data in MySQL or MariaDB, through
// database/sql and go-sql-driver/mysql: the users (store.go) through the queries
// sqlc generated into package db, and the schema's migrations (migrate.go),
// embedded in the binary.
package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"example.com/billing/internal/config"
)

// DB is the database: database/sql's connection pool, and goose's record of
// the migrations applied to it.
type DB struct {
	sql      *sql.DB
	versions database.Store
}

// Open prepares the pool for cfg. It connects on first use, not here, so that
// the service can listen while the database is still unreachable.
func Open(cfg config.Database) (*DB, error) {
	mc, err := config.MySQLConfig(cfg.URL)
	if err != nil {
		// config.LoadDatabase has checked the URL; this error never quotes it.
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	connector, err := mysql.NewConnector(mc)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	versions, err := newVersionStore()
	if err != nil {
		return nil, err
	}
	pool := sql.OpenDB(connector)
	pool.SetMaxOpenConns(cfg.MaxOpenConns)
	pool.SetMaxIdleConns(cfg.MaxIdleConns)
	pool.SetConnMaxLifetime(cfg.ConnMaxLifetime)
	pool.SetConnMaxIdleTime(cfg.ConnMaxIdleTime)
	return &DB{sql: pool, versions: versions}, nil
}

// Ping reports whether the database answers: the health check, and what
// start-up waits for.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Close closes the pool, once the servers have stopped.
func (db *DB) Close() error { return db.sql.Close() }

// migrateAgain reports whether a failed migration may be tried again: never
// here, as goose's lock covers everything that could race with another replica.
func (*DB) migrateAgain(error) bool { return false }

// gooseSetup is what migrate.go needs: the pool, and goose's options: its
// MySQL store (which serves MariaDB too), made safe for replicas that start
// together (see versionStore), and the lock that serializes their migrations
// (see namedLock). A custom store goes with goose's custom dialect.
func (db *DB) gooseSetup() (*sql.DB, goose.Dialect, []goose.ProviderOption) {
	return db.sql, goose.DialectCustom, []goose.ProviderOption{
		goose.WithStore(db.versions),
		goose.WithSessionLocker(namedLock{wait: lockWait}),
	}
}
