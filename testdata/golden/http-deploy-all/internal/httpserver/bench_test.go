package httpserver

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/platform/ledger-api/internal/config"
	"example.com/platform/ledger-api/internal/health"
	"example.com/platform/ledger-api/internal/users"
)

// benchUserID is the user the benchmarks and the load server fetch.
const benchUserID = "BENCHUSER"

// benchService holds one user, so GET /api/v1/users/{id} does real work.
func benchService(tb testing.TB) *users.Service {
	repo := users.NewMemoryRepository()
	u := users.User{ID: benchUserID, Name: "Ada", Email: "ada@example.com", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := repo.Create(context.Background(), u); err != nil {
		tb.Fatal(err)
	}
	return users.NewService(repo)
}

// bareRouter serves only GET /api/v1/users/{id} on chi, with the production
// handler and no middleware: the baseline the full chain is measured against.
func bareRouter(svc *users.Service, logger *slog.Logger) *chi.Mux {
	r := chi.NewRouter()
	r.Get("/api/v1/users/{id}", usersHandler{svc: svc, logger: logger}.get)
	return r
}

// fullRouter is the production router, logging to w, with a rate limit that a
// single benchmark client never reaches (the limiter still runs).
func fullRouter(tb testing.TB, svc *users.Service, w io.Writer) *chi.Mux {
	cfg := testConfig()
	cfg.API.RateLimitRPS, cfg.API.RateLimitBurst = 1e9, 1e8
	logger := slog.New(slog.NewJSONHandler(w, nil))
	h := health.New("bench", logger)
	h.MarkStarted()
	d := testDeps(cfg, h, logger)
	d.Services.Users = svc
	return newRouter(tb, d)
}

// BenchmarkGetUser compares GET /api/v1/users/{id} on a bare chi route with the
// same request through the full middleware chain (access log to io.Discard). The
// difference in ns/op and allocs/op is what the chain costs:
//
//	go test -run '^$' -bench GetUser -benchmem ./internal/httpserver
func BenchmarkGetUser(b *testing.B) {
	svc := benchService(b)
	for _, bc := range []struct {
		name    string
		handler http.Handler
	}{
		{"bare", bareRouter(svc, discard())},
		{"full", fullRouter(b, svc, io.Discard)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, err := http.NewRequest(http.MethodGet, "/api/v1/users/"+benchUserID, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.RemoteAddr = "192.0.2.1:1234"
			authorize(req)
			w := &benchWriter{header: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.header)
				w.status = 0
				bc.handler.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// benchWriter is a reusable ResponseWriter, so the benchmark measures the router,
// not a recorder.
type benchWriter struct {
	header http.Header
	status int
}

func (w *benchWriter) Header() http.Header { return w.header }
func (w *benchWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
}

func (w *benchWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}

// TestLoadServer serves the bare or the full router on a real listener for load
// tests with wrk; it is skipped unless LOADTEST_ADDR is set, and it is not part of
// the service binary. LOADTEST=bare|full picks the router; LOADTEST_LOG is the
// access log file of the full router. It stops on SIGINT or SIGTERM. See README.md,
// "Performance".
func TestLoadServer(t *testing.T) {
	addr := os.Getenv("LOADTEST_ADDR")
	if addr == "" {
		t.Skip("set LOADTEST_ADDR (and LOADTEST=bare|full) to run a load-test server")
	}
	svc := benchService(t)
	var router http.Handler = bareRouter(svc, discard())
	if os.Getenv("LOADTEST") == "full" {
		log := io.Discard
		if path := os.Getenv("LOADTEST_LOG"); path != "" {
			f, err := os.Create(path) //nolint:gosec // G304: a path the load tester chose.
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			log = f
		}
		router = fullRouter(t, svc, log)
	}
	ctx, stop := signal.NotifyContext(t.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	h := health.New("load", discard())
	h.MarkStarted()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.ShutdownTimeout = time.Second
	if err := New(cfg, router, h, discard()).Serve(ctx, ln); err != nil {
		t.Fatal(err)
	}
}
