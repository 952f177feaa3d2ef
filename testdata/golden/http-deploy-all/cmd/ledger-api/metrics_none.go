package main

// addMetrics adds nothing: the service was generated without metrics
// (--observability).
func addMetrics(*hooks) {}
