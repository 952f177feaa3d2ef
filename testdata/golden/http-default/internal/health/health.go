// Package health says whether the service is alive, whether it should receive
// traffic, and how each of its dependencies is doing.
//
//   - /livez answers from the process alone, so a slow dependency never gets the
//     process restarted.
//   - /readyz is 503 until start-up has finished, again as soon as shutdown begins,
//     and whenever a required check fails. An optional dependency, such as a
//     cache the service can answer without, never makes it unready.
//   - /health reports the same as JSON, with each check's status and latency, and
//     "degraded" (still 200) while only optional checks fail.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Check reports whether one dependency is usable. It should return soon after ctx
// is done; one that does not is reported down once its timeout has passed.
type Check func(ctx context.Context) error

// Reason is a check error that /health shows as the check's reason. Use it for
// what an operator must fix and that reveals nothing, such as a setting that is
// missing (never its value). Other errors are only logged.
type Reason string

func (r Reason) Error() string { return string(r) }

const (
	// cacheTTL is how long a check's result is reused, so that however often probes
	// arrive, each dependency is checked at most about once per TTL.
	cacheTTL = time.Second
	// checkTimeout bounds one check, so that a hung dependency makes the service
	// unready instead of hanging its probes (see check).
	checkTimeout = 2 * time.Second
)

// Statuses reported by /health. StatusOK and StatusDegraded are answered with 200,
// the others with 503.
const (
	StatusOK          = "ok"
	StatusDegraded    = "degraded"
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
	h.register(&check{name: name, fn: fn})
}

// RegisterOptional adds a check of a dependency the service can answer without,
// such as a cache: /health reports it, and the service is degraded while it
// fails, but /readyz does not depend on it, so that its outage does not take
// every replica out of rotation at once.
func (h *Health) RegisterOptional(name string, fn Check) {
	h.register(&check{name: name, fn: fn, optional: true})
}

func (h *Health) register(c *check) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks = append(h.checks, c)
}

// MarkStarted turns readiness on once start-up has finished. It cannot undo
// MarkStopping. What the checks found while the start-up steps ran is
// forgotten: a database still being migrated may have failed its check, and
// that result must not keep the service unready for the rest of its cache TTL.
func (h *Health) MarkStarted() {
	if !h.phase.CompareAndSwap(int32(starting), int32(serving)) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.checks {
		c.forget()
	}
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
// reported, because they may hold addresses or credentials; only a Reason is.
type Result struct {
	Name      string  `json:"name"`
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Reason    string  `json:"reason,omitempty"`
	// Optional marks a check that readiness does not depend on.
	Optional bool `json:"optional,omitempty"`
}

// Report runs every check whose cached result has expired, concurrently, and sums
// them up with the life-cycle phase. It returns within checkTimeout, or when ctx
// is done if that is sooner, whatever the checks do.
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
			switch {
			case r.Status == StatusUp:
			case !r.Optional:
				status = StatusUnavailable
			case status == StatusOK:
				status = StatusDegraded
			}
		}
	}
	return Report{Status: status, Version: h.version, Checks: results}
}

// Ready reports whether the service should receive traffic: it is serving and
// every required check passes. Outside the serving phase it answers without
// running any check.
func (h *Health) Ready(ctx context.Context) bool {
	if phase(h.phase.Load()) != serving {
		return false
	}
	status := h.Report(ctx).Status
	return status == StatusOK || status == StatusDegraded
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
	if rep.Status != StatusOK && rep.Status != StatusDegraded {
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

// check is one registered check with its cached result and the run in flight.
//
// A check runs in its own goroutine and callers wait for it only until their
// deadline or checkTimeout, whichever comes first: a check that ignores its context
// cannot hang a probe or shutdown. At most one run per check is in flight, so a hung
// check costs one goroutine, not one per probe; until it returns, the check counts
// as down.
type check struct {
	name     string
	fn       Check
	optional bool

	mu       sync.Mutex
	last     Result
	checked  time.Time // when last was recorded; zero before the first result
	inflight *run      // nil when no run is in flight
}

// run is one execution of a check.
type run struct {
	deadline time.Time     // the check's context ends here; callers stop waiting
	done     chan struct{} // closed once result is set
	result   Result
}

func (c *check) result(ctx context.Context, logger *slog.Logger) Result {
	c.mu.Lock()
	if !c.checked.IsZero() && time.Since(c.checked) < cacheTTL {
		defer c.mu.Unlock()
		return c.last
	}
	r := c.inflight
	if r == nil {
		r = c.start(ctx, logger)
	}
	c.mu.Unlock()

	timer := time.NewTimer(time.Until(r.deadline))
	defer timer.Stop()
	select {
	case <-r.done:
		return r.result
	case <-timer.C:
	case <-ctx.Done():
	}
	select {
	case <-r.done: // finished just as the wait ended
		return r.result
	default:
	}
	if ctx.Err() != nil {
		// The caller has gone; the run goes on and its result is cached for the
		// next probe, so a prober that hangs up never marks the dependency down.
		return Result{Name: c.name, Status: StatusDown, Optional: c.optional}
	}
	return c.overdue(ctx, r, logger)
}

// start launches a run of the check; c.mu must be held. The run's context keeps
// the caller's values but not its cancellation: it serves every caller until it
// returns.
func (c *check) start(ctx context.Context, logger *slog.Logger) *run {
	r := &run{deadline: time.Now().Add(checkTimeout), done: make(chan struct{})}
	c.inflight = r
	go func() {
		ctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), r.deadline)
		defer cancel()
		start := time.Now()
		err := c.fn(ctx)
		latency := time.Since(start)
		r.result = Result{Name: c.name, Status: StatusUp, LatencyMS: float64(latency.Microseconds()) / 1000, Optional: c.optional}
		if err != nil {
			r.result.Status = StatusDown
			var reason Reason
			if errors.As(err, &reason) {
				r.result.Reason = string(reason)
			}
			logger.WarnContext(ctx, "health check failed", "check", c.name, "latency", latency, "error", err)
		}
		c.mu.Lock()
		if c.inflight == r { // not forgotten meanwhile
			c.last, c.checked, c.inflight = r.result, time.Now(), nil
		}
		c.mu.Unlock()
		close(r.done)
	}()
	return r
}

// forget drops c's cached result and its run in flight, if any, whose result
// will not be cached: the next probe runs the check afresh. (A hung run then
// costs a second goroutine, once.)
func (c *check) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked, c.inflight = time.Time{}, nil
}

// overdue records that run r outlived its deadline, which means the check ignores
// its context: the check is down until r returns, and says so once.
func (c *check) overdue(ctx context.Context, r *run, logger *slog.Logger) Result {
	res := Result{Name: c.name, Status: StatusDown, LatencyMS: float64(checkTimeout.Microseconds()) / 1000, Optional: c.optional}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight == r && c.checked.Before(r.deadline) {
		c.last, c.checked = res, time.Now()
		logger.WarnContext(ctx, "health check still running after its timeout; it ignores its context", "check", c.name, "timeout", checkTimeout)
	}
	return res
}
