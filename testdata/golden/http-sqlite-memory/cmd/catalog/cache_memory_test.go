package main

import (
	"io"
	"net"
	"strings"
	"testing"
)

// testCacheEnv is what the service's cache needs in a test: nothing, as it lives
// in the process.
func testCacheEnv(*testing.T) map[string]string { return map[string]string{} }

// requireLiveCache lets a test that needs a working cache run (cache_metrics_test.go):
// the memory cache always works.
func requireLiveCache(*testing.T) {}

// A bad cache setting stops the service before it listens, with a line naming
// the variable.
func TestRunRejectsInvalidCacheConfig(t *testing.T) {
	err := run(t.Context(), testEnv(t, map[string]string{"CACHE_SIZE": "0"}), io.Discard, func(string, net.Addr) {
		t.Error("run listened despite an invalid CACHE_SIZE")
	})
	if err == nil || !strings.Contains(err.Error(), "CACHE_SIZE") || strings.Contains(err.Error(), "\n") {
		t.Errorf("run() = %v, want one line naming CACHE_SIZE", err)
	}
}
