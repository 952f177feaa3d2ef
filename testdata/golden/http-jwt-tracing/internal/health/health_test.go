package health

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func newHealth() *Health {
	return New("v1.2.3", slog.New(slog.DiscardHandler))
}

// get calls handler and returns the status code and body.
func get(t *testing.T, handler http.HandlerFunc) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	handler(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	return rec.Code, rec.Body.String()
}

func report(t *testing.T, h *Health) (int, Report) {
	t.Helper()
	code, body := get(t, h.ServeHealth)
	var rep Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("/health body %q: %v", body, err)
	}
	return code, rep
}

func TestLifecycle(t *testing.T) {
	h := newHealth()
	steps := []struct {
		name       string
		step       func()
		readyCode  int
		healthCode int
		status     string
	}{
		{"new", func() {}, 503, 503, StatusStarting},
		{"started", h.MarkStarted, 200, 200, StatusOK},
		{"stopping", h.MarkStopping, 503, 503, StatusStopping},
		{"started again", h.MarkStarted, 503, 503, StatusStopping},
	}
	for _, s := range steps {
		s.step()
		if code, _ := get(t, h.ServeLive); code != http.StatusOK {
			t.Errorf("%s: /livez = %d, want 200", s.name, code)
		}
		if code, _ := get(t, h.ServeReady); code != s.readyCode {
			t.Errorf("%s: /readyz = %d, want %d", s.name, code, s.readyCode)
		}
		code, rep := report(t, h)
		if code != s.healthCode || rep.Status != s.status {
			t.Errorf("%s: /health = %d %q, want %d %q", s.name, code, rep.Status, s.healthCode, s.status)
		}
	}
}

func TestHealthBodyWithoutChecks(t *testing.T) {
	h := newHealth()
	h.MarkStarted()
	_, body := get(t, h.ServeHealth)
	want := `{"status":"ok","version":"v1.2.3","checks":[]}` + "\n"
	if body != want {
		t.Errorf("/health body = %q, want %q", body, want)
	}
}

func TestFailingCheck(t *testing.T) {
	h := newHealth()
	h.Register("cache", func(context.Context) error { return nil })
	h.Register("db", func(context.Context) error { return errors.New("dial db://user:secret@host") })
	h.MarkStarted()

	if code, _ := get(t, h.ServeReady); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d with a failing check, want 503", code)
	}
	code, rep := report(t, h)
	if code != http.StatusServiceUnavailable || rep.Status != StatusUnavailable {
		t.Errorf("/health = %d %q, want 503 %q", code, rep.Status, StatusUnavailable)
	}
	if len(rep.Checks) != 2 || rep.Checks[0].Status != StatusUp || rep.Checks[1].Status != StatusDown {
		t.Errorf("/health checks = %+v, want cache up then db down", rep.Checks)
	}
	if _, body := get(t, h.ServeHealth); strings.Contains(body, "secret") {
		t.Errorf("/health body leaks the check's error: %s", body)
	}
}

// An optional dependency that fails degrades the service without taking it out
// of rotation; a required one that fails still does, whatever the optional ones.
func TestOptionalCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var cacheErr, dbErr atomic.Pointer[error]
		fails := func(p *atomic.Pointer[error]) Check {
			return func(context.Context) error {
				time.Sleep(3 * time.Millisecond)
				if err := p.Load(); err != nil {
					return *err
				}
				return nil
			}
		}
		h := newHealth()
		h.Register("db", fails(&dbErr))
		h.RegisterOptional("cache", fails(&cacheErr))
		h.MarkStarted()
		down := errors.New("connection refused")
		for _, tc := range []struct {
			name              string
			cache, db         error
			readyCode, code   int
			status, cacheStat string
		}{
			{"all up", nil, nil, 200, 200, StatusOK, StatusUp},
			{"cache down", down, nil, 200, 200, StatusDegraded, StatusDown},
			{"both down", down, down, 503, 503, StatusUnavailable, StatusDown},
			{"db down", nil, down, 503, 503, StatusUnavailable, StatusUp},
		} {
			cacheErr.Store(&tc.cache)
			dbErr.Store(&tc.db)
			time.Sleep(cacheTTL) // past the cached results
			if code, _ := get(t, h.ServeReady); code != tc.readyCode {
				t.Errorf("%s: /readyz = %d, want %d", tc.name, code, tc.readyCode)
			}
			code, rep := report(t, h)
			if code != tc.code || rep.Status != tc.status {
				t.Errorf("%s: /health = %d %q, want %d %q", tc.name, code, rep.Status, tc.code, tc.status)
			}
			want := Result{Name: "cache", Status: tc.cacheStat, LatencyMS: 3, Optional: true}
			if len(rep.Checks) != 2 || rep.Checks[1] != want || rep.Checks[0].Optional {
				t.Errorf("%s: /health checks = %+v, want db required, then %+v", tc.name, rep.Checks, want)
			}
		}
	})
}

func TestCheckLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHealth()
		h.Register("db", func(context.Context) error {
			time.Sleep(25 * time.Millisecond)
			return nil
		})
		h.MarkStarted()
		if _, rep := report(t, h); rep.Checks[0].LatencyMS != 25 {
			t.Errorf("latency_ms = %v, want 25", rep.Checks[0].LatencyMS)
		}
	})
}

// Probes must not load a dependency: results are cached, and concurrent probes
// share one run.
func TestChecksAreCached(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		h := newHealth()
		h.Register("db", func(context.Context) error {
			runs.Add(1)
			time.Sleep(100 * time.Millisecond)
			return nil
		})
		h.MarkStarted()

		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if !h.Ready(t.Context()) {
					t.Error("Ready() = false, want true")
				}
			})
		}
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Errorf("20 concurrent probes ran the check %d times, want 1", n)
		}

		time.Sleep(cacheTTL)
		h.Ready(t.Context())
		if n := runs.Load(); n != 2 {
			t.Errorf("after the cache TTL the check ran %d times in all, want 2", n)
		}
	})
}

// A check that failed while the start-up steps ran (the database was still
// being migrated) does not keep the service unready once start-up is done,
// even within the cache TTL; nor does a run still in flight from then.
func TestStartUpResultsAreForgotten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var migrating atomic.Bool
		migrating.Store(true)
		h := newHealth()
		h.Register("db", func(context.Context) error {
			if migrating.Load() {
				return errors.New("database is locked")
			}
			return nil
		})
		if _, rep := report(t, h); rep.Checks[0].Status != StatusDown {
			t.Fatalf("/health while migrating = %+v, want the check down", rep)
		}
		migrating.Store(false)
		h.MarkStarted()
		if !h.Ready(t.Context()) {
			t.Error("Ready() right after start-up = false: the failure cached while migrating held it off")
		}

		var runs atomic.Int32
		release := make(chan struct{})
		slow := newHealth()
		slow.Register("db", func(context.Context) error {
			if runs.Add(1) == 1 { // the run of a probe during start-up
				<-release
				return errors.New("database is locked")
			}
			return nil
		})
		go slow.Report(t.Context())
		synctest.Wait() // the probe's run is under way
		slow.MarkStarted()
		if !slow.Ready(t.Context()) {
			t.Error("Ready() right after start-up = false: it waited for the run from start-up")
		}
		close(release)
		synctest.Wait() // the run from start-up has ended
		if !slow.Ready(t.Context()) {
			t.Error("Ready() = false: the run from start-up cached its failure")
		}
	})
}

func TestHungCheckTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHealth()
		h.Register("db", func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		h.MarkStarted()

		start := time.Now()
		if h.Ready(t.Context()) {
			t.Error("Ready() = true with a hung check, want false")
		}
		if elapsed := time.Since(start); elapsed != checkTimeout {
			t.Errorf("Ready() took %v with a hung check, want %v", elapsed, checkTimeout)
		}
	})
}

// A prober that hangs up mid-check must not make the dependency look down.
func TestProbeCancellationIsNotAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		h := newHealth()
		h.Register("db", func(ctx context.Context) error {
			runs.Add(1)
			time.Sleep(10 * time.Millisecond)
			return ctx.Err()
		})
		h.MarkStarted()

		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		h.Ready(ctx) // gives up at once; the run goes on
		synctest.Wait()
		time.Sleep(10 * time.Millisecond)
		if !h.Ready(t.Context()) {
			t.Error("Ready() = false after a cancelled probe of a healthy dependency, want true")
		}
		if n := runs.Load(); n != 1 {
			t.Errorf("the check ran %d times, want 1 (the cancelled probe's run is reused)", n)
		}
	})
}

// A check that ignores its context must not hang the probes, nor pile up
// goroutines: callers stop waiting at their deadline or the check timeout, and
// at most one run of the check is in flight.
func TestCheckIgnoringItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var runs atomic.Int32
		release := make(chan struct{})
		h := newHealth()
		h.Register("db", func(context.Context) error {
			runs.Add(1)
			<-release // a driver call with no deadline
			return nil
		})
		h.MarkStarted()

		// A prober with a 1s deadline gets 503 at its deadline.
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		rec := httptest.NewRecorder()
		h.ServeReady(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil).WithContext(ctx))
		cancel()
		if rec.Code != http.StatusServiceUnavailable || time.Since(start) != time.Second {
			t.Errorf("/readyz = %d after %v, want 503 after 1s", rec.Code, time.Since(start))
		}

		// Without a deadline of its own, a caller waits for the check timeout.
		start = time.Now()
		code, rep := report(t, h)
		if code != http.StatusServiceUnavailable || len(rep.Checks) != 1 || rep.Checks[0].Status != StatusDown {
			t.Errorf("/health = %d %+v, want 503 with db down", code, rep)
		}
		if elapsed := time.Since(start); elapsed != checkTimeout-time.Second {
			t.Errorf("/health took %v, want the rest of the check timeout, %v", elapsed, checkTimeout-time.Second)
		}

		// Later probes answer at once, and no new run starts while one is in flight.
		for range 5 {
			time.Sleep(cacheTTL)
			start = time.Now()
			if h.Ready(t.Context()) || time.Since(start) != 0 {
				t.Errorf("Ready() with the check still hung: took %v, want false at once", time.Since(start))
			}
		}
		if n := runs.Load(); n != 1 {
			t.Errorf("the hung check was started %d times, want 1", n)
		}

		close(release)
		synctest.Wait()
		if !h.Ready(t.Context()) {
			t.Error("Ready() = false once the check returned, want true")
		}
	})
}

// A Reason is shown in /health; other errors are not (see TestFailingCheck).
func TestReasonIsReported(t *testing.T) {
	h := newHealth()
	h.Register("auth", func(context.Context) error { return Reason("no API keys: set API_KEYS") })
	h.MarkStarted()
	code, rep := report(t, h)
	if code != http.StatusServiceUnavailable || len(rep.Checks) != 1 || rep.Checks[0].Reason != "no API keys: set API_KEYS" {
		t.Errorf("/health = %d %+v, want 503 with the reason", code, rep)
	}
}
