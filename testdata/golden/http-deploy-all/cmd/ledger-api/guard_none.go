package main

import "log/slog"

// guardStore returns the repositories as they are: the service was generated
// without circuit breakers and retries (--resilience), or has no database for
// them to guard.
func guardStore(_ func(string) string, _ *slog.Logger, _ *hooks, r repositories) (repositories, error) {
	return r, nil
}
