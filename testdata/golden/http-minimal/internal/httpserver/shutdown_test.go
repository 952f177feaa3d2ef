package httpserver

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tiny/internal/health"
)

// TestShutdownUnderLoadLosesNothing drives steady traffic from several keep-alive
// clients through the full middleware chain, then shuts down mid-stream (what
// SIGTERM does in main). Every request a handler started must reach its client as
// a 200: the server may refuse new connections after the drain, but never drop a
// request it accepted.
func TestShutdownUnderLoadLosesNothing(t *testing.T) {
	const clients = 8
	var accepted, answered atomic.Int64
	h := health.New("test", discard())
	h.MarkStarted()
	cfg := testConfig()
	cfg.API.RateLimitRPS = 0
	cfg.ShutdownDrainDelay = 200 * time.Millisecond
	cfg.ShutdownTimeout = 5 * time.Second
	router := newRouter(t, testDeps(cfg, h, discard()))
	router.Get("/work", func(w http.ResponseWriter, _ *http.Request) {
		accepted.Add(1)
		time.Sleep(20 * time.Millisecond) // in flight long enough to overlap the shutdown
		_, _ = io.WriteString(w, "done")
	})
	srv := New(cfg, router, h, discard())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String() + "/work"
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	var shuttingDown atomic.Bool
	var failures sync.Map // error text -> struct{}; only before shutdown is any failure a bug
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				resp, err := client.Get(url)
				if err != nil {
					if !shuttingDown.Load() {
						failures.Store("before shutdown: "+err.Error(), struct{}{})
					}
					return // refused: the listener is closed
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || string(body) != "done" || err != nil {
					failures.Store("response "+resp.Status+" "+string(body), struct{}{})
					return
				}
				answered.Add(1)
			}
		})
	}

	for accepted.Load() < 100 { // steady state first
		time.Sleep(5 * time.Millisecond)
	}
	shuttingDown.Store(true)
	start := time.Now()
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve() = %v, want nil: every in-flight request should have finished", err)
		}
	case <-time.After(cfg.ShutdownDrainDelay + cfg.ShutdownTimeout + 5*time.Second):
		t.Fatal("Serve() did not return")
	}
	t.Logf("shutdown took %v; %d requests accepted", time.Since(start), accepted.Load())
	wg.Wait()

	failures.Range(func(k, _ any) bool {
		t.Errorf("client saw a failure: %v", k)
		return true
	})
	if a, b := accepted.Load(), answered.Load(); a != b {
		t.Errorf("%d requests accepted by handlers but %d answered with 200: %d lost", a, b, a-b)
	}
}
