package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
)

// migrations are the schema's changes in order, plain SQL with goose's
// annotations (-- +goose Up / Down). They are embedded, so the binary migrates
// its database with no files beside it; sqlc reads the same files as the schema.
//
//go:embed migrations/*.sql
var migrations embed.FS

// provider is goose's migration runner on db, under the dialect's lock, so that
// replicas starting together apply each migration once.
func (db *DB) provider() (*goose.Provider, error) {
	dir, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	pool, dialect, opts := db.gooseSetup()
	// Never p.Close(): it would close the pool, which db owns.
	p, err := goose.NewProvider(dialect, pool, dir, append(opts, goose.WithDisableGlobalRegistry(true))...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration, in order, each in a transaction, and
// returns what it applied (nothing when the schema is up to date).
func (db *DB) Migrate(ctx context.Context) ([]*goose.MigrationResult, error) {
	for {
		// A fresh provider each time: goose creates its version table once per
		// provider, and would not try again after a failure.
		p, err := db.provider()
		if err != nil {
			return nil, err
		}
		results, err := p.Up(ctx)
		if err == nil {
			return results, nil
		}
		// Some of goose's work happens before it takes the lock, and a dialect
		// may report the other replica's concurrent work as a transient error.
		if !db.migrateAgain(err) {
			return results, fmt.Errorf("migrate: %w", err)
		}
		select {
		case <-ctx.Done():
			return results, fmt.Errorf("migrate: %w", err)
		case <-time.After(migrateRetryWait):
		}
	}
}

// migrateRetryWait is the pause before migrating again after a transient error.
const migrateRetryWait = 100 * time.Millisecond

// MigrationStatus lists every migration with whether and when it was applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]*goose.MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	return status, nil
}
