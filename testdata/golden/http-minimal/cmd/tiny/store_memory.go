package main

import (
	"context"
	"log/slog"

	"tiny/internal/config"
	"tiny/internal/health"
	"tiny/internal/users"
)

// openStore returns where the users are kept: in memory, as the service was
// generated without a database (--db none), so they live as long as the process.
// A database's file defines openStore instead: it reads its own variables through
// getenv (its section of internal/config), connects, registers a readiness check
// on h and closes the pool through hk.flush.
func openStore(context.Context, func(string) string, config.Config, *slog.Logger, *health.Health, *hooks) (users.Repository, error) {
	return users.NewMemoryRepository(), nil
}
