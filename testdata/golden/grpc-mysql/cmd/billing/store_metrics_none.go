package main

import "example.com/billing/internal/store"

// addStoreMetrics adds nothing: the service was generated without metrics
// (--observability).
func addStoreMetrics(*hooks, *store.DB) {}
