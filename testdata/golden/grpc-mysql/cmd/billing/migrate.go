package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"time"

	"example.com/billing/internal/config"
	"example.com/billing/internal/store"
)

func init() { commands["migrate"] = migrate }

// migrate is `billing migrate up|status`, for an init container or a CI job
// (with MIGRATE_ON_START=false on the service): up applies the pending
// migrations, status lists them all. It reads the same DATABASE_URL and DB_*
// variables as the service and waits for the database as start-up does.
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) (err error) {
	if len(args) != 1 || args[0] != "up" && args[0] != "status" {
		return usageError("usage: billing migrate up|status")
	}
	cfg, err := config.LoadDatabase(getenv)
	if err != nil {
		return err
	}
	db, err := store.Open(cfg)
	if err != nil {
		return err
	}
	// Closing the pool can fail too; that is reported beside the migration's own error.
	defer func() { err = errors.Join(err, db.Close()) }()
	// Waiting is logged to stderr, so that stdout holds only the result.
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := connect(ctx, db, cfg.ConnectTimeout, logger); err != nil {
		return err
	}
	if args[0] == "status" {
		return printStatus(ctx, db, stdout)
	}
	results, err := db.Migrate(ctx)
	// What was applied is reported even when a later migration failed.
	var out []byte
	for _, r := range results {
		out = fmt.Appendf(out, "applied %s (%s)\n", path.Base(r.Source.Path), r.Duration.Round(time.Millisecond))
	}
	if err == nil && len(results) == 0 {
		out = append(out, "no pending migrations\n"...)
	}
	_, werr := stdout.Write(out)
	return errors.Join(err, werr)
}

// printStatus lists every migration, applied or pending, in order.
func printStatus(ctx context.Context, db *store.DB, stdout io.Writer) error {
	status, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	var out []byte
	for _, s := range status {
		applied := "-"
		if !s.AppliedAt.IsZero() {
			applied = s.AppliedAt.UTC().Format(time.RFC3339)
		}
		out = fmt.Appendf(out, "%-8s %-20s %s\n", s.State, applied, path.Base(s.Source.Path))
	}
	_, err = stdout.Write(out)
	return err
}
