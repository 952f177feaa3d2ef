// Package health says whether the service is alive, whether it should receive
// traffic, and how each of its dependencies is doing.
//
//   - /livez answers from the process alone, so a slow dependency never gets the
//     process restarted.
//   - /readyz is 503 until start-up has finished, again as soon as shutdown begins,
//     and whenever a registered check fails.
//   - /health reports the same as JSON, with each check's status and latency.
package health

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Check reports whether one dependency is usable. It must return soon after ctx is
// done.
type Check func(ctx context.Context) error

const (
	// cacheTTL is how long a check's result is reused, so that however often probes
	// arrive, each dependency is checked at most about once per TTL.
	cacheTTL = time.Second
	// checkTimeout bounds one check, so that a hung dependency makes the service
	// unready instead of hanging its probes.
	checkTimeout = 2 * time.Second
)

// Statuses reported by /health. Only StatusOK is answered with 200.
const (
	StatusOK          = "ok"
	StatusStarting    = "starting"
	StatusStopping    = "stopping"
	StatusUnavailable = "unavailable"
	StatusUp          = "up"
	StatusDown        = "down"
)

// phase is where the process is in its life cycle.
type phase int32

const (
	starting phase = iota
	serving
	stopping
)

// Health tracks the life cycle and the dependency checks. It is safe for
// concurrent use.
type Health struct {
	version string
	logger  *slog.Logger
	phase   atomic.Int32

	mu     sync.Mutex
	checks []*check
}

// New returns a Health that is not ready until MarkStarted is called.
func New(version string, logger *slog.Logger) *Health {
	return &Health{version: version, logger: logger}
}

// Register adds a dependency check. /readyz requires it to pass and /health reports
// it under name, in registration order.
func (h *Health) Register(name string, fn Check) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks = append(h.checks, &check{name: name, fn: fn, running: make(chan struct{}, 1)})
}

// MarkStarted turns readiness on once start-up has finished. It cannot undo
// MarkStopping.
func (h *Health) MarkStarted() {
	h.phase.CompareAndSwap(int32(starting), int32(serving))
}

// MarkStopping turns readiness off for good, as the first step of shutdown.
func (h *Health) MarkStopping() {
	h.phase.Store(int32(stopping))
}

// Report is the body of /health.
type Report struct {
	Status  string   `json:"status"`
	Version string   `json:"version"`
	Checks  []Result `json:"checks"`
}

// Result is the latest outcome of one check. Error details are logged, never
// reported, because they may hold addresses or credentials.
type Result struct {
	Name      string  `json:"name"`
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
}

// Report runs every check whose cached result has expired, concurrently, and sums
// them up with the life-cycle phase.
func (h *Health) Report(ctx context.Context) Report {
	h.mu.Lock()
	checks := slices.Clone(h.checks)
	h.mu.Unlock()

	results := make([]Result, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { results[i] = c.result(ctx, h.logger) })
	}
	wg.Wait()

	status := StatusOK
	switch phase(h.phase.Load()) {
	case starting:
		status = StatusStarting
	case stopping:
		status = StatusStopping
	default:
		for _, r := range results {
			if r.Status != StatusUp {
				status = StatusUnavailable
			}
		}
	}
	return Report{Status: status, Version: h.version, Checks: results}
}

// Ready reports whether the service should receive traffic. Outside the serving
// phase it answers without running any check.
func (h *Health) Ready(ctx context.Context) bool {
	return phase(h.phase.Load()) == serving && h.Report(ctx).Status == StatusOK
}

// ServeLive answers /livez: the process is up and serving HTTP.
func (h *Health) ServeLive(w http.ResponseWriter, _ *http.Request) {
	writeText(w, http.StatusOK, "ok\n")
}

// ServeReady answers /readyz.
func (h *Health) ServeReady(w http.ResponseWriter, r *http.Request) {
	if !h.Ready(r.Context()) {
		writeText(w, http.StatusServiceUnavailable, "not ready\n")
		return
	}
	writeText(w, http.StatusOK, "ok\n")
}

// ServeHealth answers /health with the Report as JSON.
func (h *Health) ServeHealth(w http.ResponseWriter, r *http.Request) {
	rep := h.Report(r.Context())
	code := http.StatusOK
	if rep.Status != StatusOK {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(rep); err != nil {
		h.logger.DebugContext(r.Context(), "write health report", "error", err)
	}
}

func writeText(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body)) // the prober may be gone; nothing left to do
}

// check is one registered check with its cached result.
type check struct {
	name string
	fn   Check

	// running is held while the check runs, so that concurrent probes wait for one
	// run and share its result. It is a channel rather than a sync.Mutex because
	// testing/synctest counts goroutines blocked on channels, not on mutexes, as idle.
	running chan struct{}
	checked time.Time
	last    Result
}

func (c *check) result(ctx context.Context, logger *slog.Logger) Result {
	c.running <- struct{}{}
	defer func() { <-c.running }()
	if !c.checked.IsZero() && time.Since(c.checked) < cacheTTL {
		return c.last
	}
	// A prober that hangs up must not be cached as a failed dependency, so the
	// check gets its own deadline instead of the request's cancellation.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
	defer cancel()
	start := time.Now()
	err := c.fn(ctx)
	latency := time.Since(start)
	c.last = Result{Name: c.name, Status: StatusUp, LatencyMS: float64(latency.Microseconds()) / 1000}
	if err != nil {
		c.last.Status = StatusDown
		logger.WarnContext(ctx, "health check failed", "check", c.name, "latency", latency, "error", err)
	}
	c.checked = time.Now()
	return c.last
}
