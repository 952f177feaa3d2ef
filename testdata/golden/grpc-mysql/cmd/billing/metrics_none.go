package main

// addMetrics adds nothing: the service was generated without metrics
// (--observability).
func addMetrics(*hooks) {}

// registry is empty: without metrics there is nowhere to register collectors,
// and the files that would are not generated.
type registry struct{}
