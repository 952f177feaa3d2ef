package generator

// ShutdownBudget is the generated service's shutdown plan, in whole seconds. The
// defaults in config.Default() and the grace periods of the deploy files are all
// rendered from it, so that the time an orchestrator allows and the time the
// service plans for cannot drift apart; TestDeployGracePeriodFitsShutdown reads the
// rendered files back. Shutdown runs: readiness off, the drain delay, the servers'
// shutdown (bounded by Timeout), then the flush (what is left of the grace period
// less ExitMargin, and at least MinFlush).
type ShutdownBudget struct {
	// Timeout is SHUTDOWN_TIMEOUT's default: how long in-flight calls get.
	Timeout int
	// GracePeriod is SHUTDOWN_GRACE_PERIOD's default and the deploy files' grace
	// period (terminationGracePeriodSeconds, stop_grace_period).
	GracePeriod int
	// KubeDrainDelay is SHUTDOWN_DRAIN_DELAY on Kubernetes, where removing a pod's
	// endpoint takes a few seconds to reach every node; the default elsewhere is 0.
	KubeDrainDelay int
	// ExitMargin is left unused at the end of the grace period, for the process
	// to exit before it is killed.
	ExitMargin int
	// MinFlush is the least time the flush may get; the service refuses settings
	// that leave less.
	MinFlush int
}

// Shutdown is the shutdown budget every generated service starts from.
func (Spec) Shutdown() ShutdownBudget {
	return ShutdownBudget{Timeout: 15, GracePeriod: 30, KubeDrainDelay: 5, ExitMargin: 1, MinFlush: 1}
}

// MinSpare is how much of the grace period the drain delay and the shutdown
// timeout must leave.
func (b ShutdownBudget) MinSpare() int { return b.ExitMargin + b.MinFlush }
