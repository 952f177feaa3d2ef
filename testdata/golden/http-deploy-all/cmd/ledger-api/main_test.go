package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunRejectsInvalidConfig(t *testing.T) {
	err := run(t.Context(), testEnv(t, map[string]string{"LOG_LEVEL": "loud"}), io.Discard, func(string, net.Addr) {
		t.Error("run listened despite an invalid LOG_LEVEL")
	})
	if err == nil || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Errorf("run() = %v, want an error naming LOG_LEVEL", err)
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	err := dispatch(t.Context(), []string{"serve-please"}, env(nil), io.Discard)
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), `unknown command "serve-please"`) {
		t.Errorf("dispatch(serve-please) = %v, want a usage error naming the command", err)
	}
}

func TestRunReportsBusyAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(t.Context(), testEnv(t, map[string]string{"HTTP_ADDR": ln.Addr().String()}), io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Errorf("run() on a busy address = %v, want an error naming HTTP_ADDR", err)
	}
}

// credentials configure the service under test and authenticate calls to it; the
// auth variant's creds_test.go says how (testCredentials).
type credentials struct {
	env  map[string]string
	http func(*http.Request)
}

// running is the service started by startRun.
type running struct {
	base string // http://host:port of the HTTP listener
	logs *syncBuffer
	stop func() error // what SIGINT or SIGTERM does in main; returns run's error
}

// testEnv is vars plus what the service's store needs in a test: a database of
// its own (testStoreEnv, in the store's test file), or nothing in memory; and
// what its cache needs (testCacheEnv, in the cache's test file).
func testEnv(t *testing.T, vars map[string]string) func(string) string {
	t.Helper()
	all := testStoreEnv(t)
	maps.Copy(all, testCacheEnv(t))
	for k, v := range vars {
		all[k] = v
	}
	return env(all)
}

// startRun runs the service with vars on loopback ports until the test stops it,
// and returns once start-up has finished (see waitStarted).
func startRun(t *testing.T, vars map[string]string) running {
	t.Helper()
	r := startListening(t, vars)
	waitStarted(t, r.base)
	return r
}

// startListening runs the service as startRun does, but returns as soon as it
// listens, while its start-up steps may still run.
func startListening(t *testing.T, vars map[string]string) running {
	t.Helper()
	all := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "SHUTDOWN_TIMEOUT": "1s"}
	for k, v := range vars {
		all[k] = v
	}
	getenv := testEnv(t, all)
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	logs := &syncBuffer{}
	addrs := make(chan net.Addr, 2)
	errs := make(chan error, 1)
	go func() {
		errs <- run(ctx, getenv, logs, func(name string, a net.Addr) {
			if name == "http" {
				addrs <- a
			}
		})
	}()
	r := running{logs: logs, stop: func() error {
		cancel()
		select {
		case err := <-errs:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run() did not return within its shutdown timeout after cancel")
			return nil
		}
	}}
	select {
	case a := <-addrs:
		r.base = "http://" + a.String()
	case err := <-errs:
		t.Fatalf("run() = %v before listening", err)
	case <-time.After(10 * time.Second):
		t.Fatal("run() did not start listening")
	}
	return r
}

// waitStarted waits until the service at base has run its start-up steps
// (connecting to its database, migrating): until /health no longer says
// "starting". Whether it is then ready is the test's to check.
func waitStarted(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := get(t, base+"/health")
		if !strings.Contains(body, `"status":"starting"`) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("start-up did not finish within 10s: /health = %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get returns the status and body of GET url.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	resp, err := (&http.Client{Transport: transport, Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

func TestRunServesAndStops(t *testing.T) {
	r := startRun(t, testCredentials(t).env)
	for _, path := range []string{"/livez", "/readyz", "/health"} {
		code, body := get(t, r.base+path)
		if code != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, code, body)
		}
		if path == "/health" && !strings.Contains(body, `"version":"dev"`) {
			t.Errorf("GET /health = %s, want the build version \"dev\"", body)
		}
	}

	// The API answers, behind its authentication (no credentials are sent here).
	code, _ := get(t, r.base+"/api/v1/users")
	if want := http.StatusOK; code != want {
		t.Errorf("anonymous GET /api/v1/users = %d, want %d", code, want)
	}

	if err := r.stop(); err != nil {
		t.Errorf("run() after cancel = %v, want nil", err)
	}
	for _, msg := range []string{"listening", "shutting down", "stopped"} {
		if !strings.Contains(r.logs.String(), `"msg":"`+msg+`"`) {
			t.Errorf("log lacks %q:\n%s", msg, r.logs.String())
		}
	}
	for line := range strings.Lines(r.logs.String()) {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
}

// syncBuffer collects the log of a server under test: its goroutines write while
// the test reads, which bytes.Buffer alone does not allow.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
