package main

import "log/slog"

// addShed adds nothing: the service was generated without load shedding
// (--resilience without shed), so calls queue as the transports let them.
func addShed(func(string) string, *slog.Logger, *hooks) error { return nil }
