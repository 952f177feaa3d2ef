package httpserver

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"go.uber.org/goleak"

	"example.com/platform/ledger/internal/app"
	"example.com/platform/ledger/internal/config"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/metrics"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestNewSetsEveryLimit(t *testing.T) {
	cfg := config.Default()
	srv := New(cfg, http.NotFoundHandler(), health.New("test", discard()), discard()).srv
	if srv.ReadHeaderTimeout <= 0 || srv.ReadHeaderTimeout > 10*time.Second {
		t.Errorf("ReadHeaderTimeout = %v, want in (0, 10s]", srv.ReadHeaderTimeout)
	}
	for name, d := range map[string]time.Duration{
		"ReadTimeout":  srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout,
		"IdleTimeout":  srv.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("%s = %v, want > 0 (0 means no limit)", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes >= http.DefaultMaxHeaderBytes {
		t.Errorf("MaxHeaderBytes = %d, want in (0, %d)", srv.MaxHeaderBytes, http.DefaultMaxHeaderBytes)
	}
	if srv.ErrorLog == nil {
		t.Error("ErrorLog is nil, want net/http's errors in the JSON log")
	}
}

func TestNewCapsHeaderTimeoutAtReadTimeout(t *testing.T) {
	cfg := config.Default()
	cfg.HTTPReadTimeout = time.Second
	srv := New(cfg, http.NotFoundHandler(), health.New("test", discard()), discard()).srv
	if srv.ReadHeaderTimeout != time.Second {
		t.Errorf("ReadHeaderTimeout = %v with a 1s read timeout, want 1s", srv.ReadHeaderTimeout)
	}
}

// testConfig is the default configuration with test credentials.
func testConfig() config.Config {
	cfg := config.Default()
	configureAuth(&cfg)
	return cfg
}

// testDeps wires the routes the way main does, logging to logger.
func testDeps(cfg config.Config, h *health.Health, logger *slog.Logger) Deps {
	d := Deps{
		Config:       cfg,
		Logger:       logger,
		Health:       h,
		Services:     app.Memory(),
		Authenticate: authenticate(cfg),
	}
	m := metrics.New()
	d.Observe = append(d.Observe, m.Middleware)
	d.Routes = append(d.Routes, Route{Pattern: "/metrics", Handler: m.Handler()})
	return d
}

// newRouter is NewRouter(d), which must succeed.
func newRouter(t testing.TB, d Deps) *chi.Mux {
	t.Helper()
	r, err := NewRouter(d)
	if err != nil {
		t.Fatalf("NewRouter() = %v", err)
	}
	return r
}

func TestRoutes(t *testing.T) {
	h := health.New("test", discard())
	router := newRouter(t, testDeps(testConfig(), h, discard()))
	tests := []struct {
		path string
		want int
	}{
		{"/livez", http.StatusOK},
		{"/readyz", http.StatusServiceUnavailable}, // start-up has not finished
		{"/health", http.StatusServiceUnavailable},
		{"/nope", http.StatusNotFound},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != tt.want {
			t.Errorf("GET %s = %d, want %d", tt.path, rec.Code, tt.want)
		}
	}
}

// A request without a body reaches the handler as it came: nothing to cap.
func TestBodyLimitSkipsRequestsWithoutBody(t *testing.T) {
	var body io.ReadCloser
	handler := New(config.Default(), http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { body = r.Body }),
		health.New("test", discard()), discard()).srv.Handler
	handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if body != http.NoBody {
		t.Errorf("handler got body %T, want http.NoBody", body)
	}
}

func TestBodyLimit(t *testing.T) {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				w.WriteHeader(http.StatusRequestEntityTooLarge)
			}
		}
	})
	handler := New(config.Default(), echo, health.New("test", discard()), discard()).srv.Handler
	for size, want := range map[int]int{maxBodyBytes: http.StatusOK, maxBodyBytes + 1: http.StatusRequestEntityTooLarge} {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", size))))
		if rec.Code != want {
			t.Errorf("POST with a %d-byte body = %d, want %d", size, rec.Code, want)
		}
	}
}

// serving is a Server running on a loopback listener, with a route that blocks
// until the test releases it or its connection is closed.
type serving struct {
	health  *health.Health
	url     string
	client  *http.Client
	cancel  context.CancelFunc
	served  chan struct{} // closed when Serve returns
	err     error         // Serve's result, once served is closed
	entered chan struct{} // closed when /block starts
	release chan struct{} // close to let /block finish
	exited  chan struct{} // closed when /block returns
}

func serve(t *testing.T, drainDelay, shutdownTimeout time.Duration) *serving {
	t.Helper()
	s := &serving{
		health:  health.New("test", discard()),
		served:  make(chan struct{}),
		entered: make(chan struct{}),
		release: make(chan struct{}),
		exited:  make(chan struct{}),
	}
	router := newRouter(t, testDeps(testConfig(), s.health, discard()))
	router.Get("/block", func(w http.ResponseWriter, r *http.Request) {
		defer close(s.exited)
		close(s.entered)
		select {
		case <-s.release:
			_, _ = io.WriteString(w, "done")
		case <-r.Context().Done():
		}
	})
	cfg := config.Default()
	cfg.ShutdownDrainDelay = drainDelay
	cfg.ShutdownTimeout = shutdownTimeout
	srv := New(cfg, router, s.health, discard())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.url = "http://" + ln.Addr().String()
	transport := &http.Transport{}
	s.client = &http.Client{Transport: transport, Timeout: 10 * time.Second}
	var ctx context.Context
	ctx, s.cancel = context.WithCancel(t.Context())
	go func() {
		defer close(s.served)
		s.err = srv.Serve(ctx, ln)
	}()
	s.health.MarkStarted()
	t.Cleanup(func() {
		s.cancel()
		<-s.served
		transport.CloseIdleConnections()
	})
	return s
}

func (s *serving) get(path string) (int, string, error) {
	resp, err := s.client.Get(s.url + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

type response struct {
	code int
	body string
	err  error
}

// startBlockingRequest sends GET /block and returns once the handler is running.
func (s *serving) startBlockingRequest(t *testing.T) <-chan response {
	t.Helper()
	got := make(chan response, 1)
	go func() {
		code, body, err := s.get("/block")
		got <- response{code, body, err}
	}()
	select {
	case <-s.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("GET /block never reached its handler")
	}
	return got
}

func TestGracefulShutdown(t *testing.T) {
	const drainDelay, shutdownTimeout = 500 * time.Millisecond, time.Second
	s := serve(t, drainDelay, shutdownTimeout)
	if code, _, err := s.get("/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz before shutdown = %d, %v; want 200", code, err)
	}
	inFlight := s.startBlockingRequest(t)

	start := time.Now()
	s.cancel()
	// During the drain delay the listener is still open and must say "not ready".
	for {
		code, _, err := s.get("/readyz")
		if err != nil {
			t.Fatalf("/readyz during the drain delay: %v", err)
		}
		if code == http.StatusServiceUnavailable {
			break
		}
		if time.Since(start) > drainDelay/2 {
			t.Fatalf("/readyz = %d %v after shutdown began, want 503", code, time.Since(start))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code, _, err := s.get("/livez"); code != http.StatusOK {
		t.Errorf("/livez during the drain delay = %d, %v; want 200", code, err)
	}

	close(s.release)
	if r := <-inFlight; r.err != nil || r.code != http.StatusOK || r.body != "done" {
		t.Errorf("in-flight request = %d %q %v, want 200 \"done\"", r.code, r.body, r.err)
	}
	select {
	case <-s.served:
		if s.err != nil {
			t.Errorf("Serve() = %v, want nil", s.err)
		}
	case <-time.After(drainDelay + shutdownTimeout + 2*time.Second):
		t.Fatal("Serve() did not return after its in-flight request finished")
	}
	if _, _, err := s.get("/livez"); err == nil {
		t.Error("GET /livez succeeded after Serve returned, want the listener closed")
	}
}

func TestShutdownCutsOffHungRequest(t *testing.T) {
	const shutdownTimeout = 300 * time.Millisecond
	s := serve(t, 0, shutdownTimeout)
	inFlight := s.startBlockingRequest(t)

	start := time.Now()
	s.cancel()
	select {
	case <-s.served:
		if !errors.Is(s.err, context.DeadlineExceeded) {
			t.Errorf("Serve() = %v, want context.DeadlineExceeded", s.err)
		}
		if elapsed := time.Since(start); elapsed < shutdownTimeout {
			t.Errorf("Serve() returned after %v, before the %v shutdown timeout", elapsed, shutdownTimeout)
		}
	case <-time.After(shutdownTimeout + 3*time.Second):
		t.Fatal("Serve() did not return by the shutdown timeout with a hung request")
	}
	if r := <-inFlight; r.err == nil {
		t.Errorf("hung request = %d, want its connection closed", r.code)
	}
	<-s.exited // the handler saw its connection close
}

func TestServeReportsListenerFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	srv := New(config.Default(), http.NotFoundHandler(), health.New("test", discard()), discard())
	if err := srv.Serve(t.Context(), ln); err == nil {
		t.Error("Serve() on a closed listener = nil, want an error")
	}
}
