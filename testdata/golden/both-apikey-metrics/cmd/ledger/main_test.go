package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"example.com/platform/ledger/internal/testutil"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRunRejectsInvalidConfig(t *testing.T) {
	err := run(t.Context(), env(map[string]string{"LOG_LEVEL": "loud"}), io.Discard, func(string, net.Addr) {
		t.Error("run listened despite an invalid LOG_LEVEL")
	})
	if err == nil || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Errorf("run() = %v, want an error naming LOG_LEVEL", err)
	}
}

func TestRunReportsBusyAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = run(t.Context(), env(map[string]string{"HTTP_ADDR": ln.Addr().String()}), io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Errorf("run() on a busy address = %v, want an error naming HTTP_ADDR", err)
	}
}

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs testutil.Buffer
	addrs := make(chan net.Addr, 1)
	errs := make(chan error, 1)
	go func() {
		errs <- run(ctx, env(map[string]string{
			"HTTP_ADDR":        "127.0.0.1:0",
			"SHUTDOWN_TIMEOUT": "1s",
		}), &logs, func(_ string, a net.Addr) { addrs <- a })
	}()

	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-errs:
		t.Fatalf("run() = %v before listening", err)
	case <-time.After(10 * time.Second):
		t.Fatal("run() did not start listening")
	}

	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	for _, path := range []string{"/livez", "/readyz", "/health"} {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, resp.StatusCode, body)
		}
		if path == "/health" && !strings.Contains(string(body), `"version":"dev"`) {
			t.Errorf("GET /health = %s, want the build version \"dev\"", body)
		}
	}

	// The API answers, behind its authentication (no credentials are configured here).
	resp, err := client.Get(base + "/api/v1/users")
	if err != nil {
		t.Fatalf("GET /api/v1/users: %v", err)
	}
	resp.Body.Close()
	if want := http.StatusUnauthorized; resp.StatusCode != want {
		t.Errorf("anonymous GET /api/v1/users = %d, want %d", resp.StatusCode, want)
	}

	cancel() // what SIGINT or SIGTERM does in main
	select {
	case err := <-errs:
		if err != nil {
			t.Errorf("run() after cancel = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run() did not return within its shutdown timeout after cancel")
	}

	for _, msg := range []string{"listening", "shutting down", "stopped"} {
		if !strings.Contains(logs.String(), `"msg":"`+msg+`"`) {
			t.Errorf("log lacks %q:\n%s", msg, logs.String())
		}
	}
	for line := range strings.Lines(logs.String()) {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
}
