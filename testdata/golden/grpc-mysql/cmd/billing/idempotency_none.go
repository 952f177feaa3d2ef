package main

import (
	"log/slog"

	"example.com/billing/internal/config"
	"example.com/billing/internal/store"
)

// keepIdempotencyKeys adds nothing: the service was generated without
// idempotency keys (--resilience without retry), so a create sent twice runs
// twice.
func keepIdempotencyKeys(func(string) string, config.Config, *slog.Logger, *hooks, *store.DB) error {
	return nil
}
