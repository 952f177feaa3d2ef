package main

import (
	"context"
	"log/slog"

	"github.com/acme/billing/internal/config"
	"github.com/acme/billing/internal/health"
	"github.com/acme/billing/internal/users"
)

// openStore returns the API's repositories: in memory, as the service was
// generated without a database (--db none), so what they keep lives as long as
// the process. A database's file defines openStore instead: it reads its own
// variables through getenv (its section of internal/config), connects,
// registers a readiness check on h and closes the pool through hk.flush.
// Idempotency keys, when the service has them, are kept in memory too
// (keepIdempotencyKeys).
func openStore(_ context.Context, getenv func(string) string, cfg config.Config, logger *slog.Logger, _ *health.Health, hk *hooks) (repositories, error) {
	if err := keepIdempotencyKeys(getenv, cfg, logger, hk); err != nil {
		return repositories{}, err
	}
	return repositories{users: users.NewMemoryRepository()}, nil
}
