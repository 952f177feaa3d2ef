package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cenkalti/backoff/v5"

	"example.com/shop/inventory/internal/config"
	"example.com/shop/inventory/internal/health"
	"example.com/shop/inventory/internal/store"
)

// openStore keeps the API's resources in the database DATABASE_URL names, one
// repository each (store.NewUsers, ...). It builds the pool without connecting,
// so the servers can listen at once; the start-up step it adds then waits for
// the database and migrates it (MIGRATE_ON_START) while /readyz says 503, and
// the service exits 1 if that fails. The database is a readiness check from
// then on, its pool's statistics are on /metrics when the service has metrics,
// and the pool is closed last at shutdown. The API's idempotency keys are kept
// there too, when the service has them (keepIdempotencyKeys).
func openStore(_ context.Context, getenv func(string) string, svc config.Config, logger *slog.Logger, h *health.Health, hk *hooks) (repositories, error) {
	cfg, err := config.LoadDatabase(getenv)
	if err != nil {
		return repositories{}, err
	}
	db, err := store.Open(cfg)
	if err != nil {
		return repositories{}, err
	}
	hk.flush = append(hk.flush, func(context.Context) {
		if err := db.Close(); err != nil {
			logger.Warn("close the database", "error", err)
		}
	})
	h.Register("database", db.Ping)
	addStoreMetrics(hk, db)
	hk.start = append(hk.start, func(ctx context.Context) error {
		if err := connect(ctx, db, cfg.ConnectTimeout, logger); err != nil {
			return err
		}
		if !cfg.MigrateOnStart {
			return nil
		}
		results, err := db.Migrate(ctx)
		for _, r := range results {
			logger.Info("migration applied", "migration", r.Source.Path, "duration", r.Duration)
		}
		return err
	})
	// After the migrating step, which creates the keys' table.
	if err := keepIdempotencyKeys(getenv, svc, logger, hk, db); err != nil {
		return repositories{}, err
	}
	return repositories{users: store.NewUsers(db)}, nil
}

// pingTimeout bounds one connection attempt, so that an address that drops
// packets costs one attempt, not the whole DB_CONNECT_TIMEOUT.
const pingTimeout = 5 * time.Second

// connect waits until the database answers, retrying with exponential backoff
// and jitter for up to timeout (DB_CONNECT_TIMEOUT): under compose or
// Kubernetes the database may start after the service. Each failure is logged
// with the time to the next attempt; the last one is returned.
func connect(ctx context.Context, db *store.DB, timeout time.Duration, logger *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	ping := func() (struct{}, error) {
		ctx, cancel := context.WithTimeout(ctx, pingTimeout)
		defer cancel()
		last = db.Ping(ctx)
		return struct{}{}, last
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval, b.MaxInterval = 250*time.Millisecond, 5*time.Second
	_, err := backoff.Retry(ctx, ping,
		backoff.WithBackOff(b),
		backoff.WithMaxElapsedTime(timeout),
		backoff.WithNotify(func(err error, next time.Duration) {
			logger.Warn("database unreachable, retrying", "retry_in", next, "error", err)
		}))
	if err == nil {
		return nil
	}
	if last == nil {
		last = err
	}
	return fmt.Errorf("connect to the database: gave up after DB_CONNECT_TIMEOUT=%s: %w", timeout, last)
}
