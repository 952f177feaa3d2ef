package main

import (
	"context"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel"
)

// blackhole is a collector that accepts connections and never answers. It hangs
// up on every connection when the test ends, so that the exporter gives up.
func blackhole(t *testing.T) (addr string, accepted *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = &atomic.Int32{}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), accepted
}

// An unreachable collector must not keep the process past its grace period:
// flushing spans, the last step of shutdown, ends at its deadline (the grace
// period's rest, config.FlushTimeout), however long the exporter would wait.
func TestShutdownWithUnreachableCollector(t *testing.T) {
	collector, accepted := blackhole(t)
	// The exporter reads its endpoint from the process environment. Its own
	// timeout is set far beyond stop's 10s guard, so that only the service's
	// bound on the flush can end it in time.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+collector)
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "60000")
	vars := map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + collector,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "60000",
		"SHUTDOWN_TIMEOUT":            "1s",
		"SHUTDOWN_GRACE_PERIOD":       "3s", // leaves the flush 1s
	}
	for k, v := range testCredentials(t).env {
		vars[k] = v
	}
	r := startRun(t, vars)
	_, span := otel.Tracer("test").Start(context.Background(), "pending")
	span.End()

	// stop fails the test unless run returns within 10s, long before the
	// exporter's own 60s timeout.
	if err := r.stop(); err != nil {
		t.Errorf("run() after cancel = %v, want nil", err)
	}
	if accepted.Load() == 0 {
		t.Error("the flush never reached the collector")
	}
	logs := r.logs.String()
	if !strings.Contains(logs, `"msg":"flush traces"`) || !strings.Contains(logs, "deadline exceeded") {
		t.Errorf("log does not report the flush cut off at its deadline:\n%s", logs)
	}
}
