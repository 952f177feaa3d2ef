package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// A user read twice is a cache miss, then a hit, and /metrics counts both; a
// delete invalidates the entry, so the next read misses and finds no user.
func TestRunCountsCacheHits(t *testing.T) {
	requireLiveCache(t)
	creds := testCredentials(t)
	r := startRun(t, creds.env)
	defer func() {
		if err := r.stop(); err != nil {
			t.Errorf("run() after cancel = %v", err)
		}
	}()

	code, body := call(t, creds, http.MethodPost, r.base+"/api/v1/users", `{"name":"Ada","email":"ada@example.com"}`)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); code != http.StatusCreated || err != nil {
		t.Fatalf("POST /api/v1/users = %d %s", code, body)
	}
	user := r.base + "/api/v1/users/" + created.ID
	for range 2 {
		if code, body := call(t, creds, http.MethodGet, user, ""); code != http.StatusOK {
			t.Fatalf("GET the user = %d %s", code, body)
		}
	}
	checkCacheMetrics(t, r.base, 1, 1)
	if code, body := call(t, creds, http.MethodDelete, user, ""); code != http.StatusNoContent {
		t.Fatalf("DELETE the user = %d %s", code, body)
	}
	if code, body := call(t, creds, http.MethodGet, user, ""); code != http.StatusNotFound {
		t.Errorf("GET the deleted user = %d %s, want 404 (its cache entry invalidated)", code, body)
	}
	checkCacheMetrics(t, r.base, 1, 2)
}

// checkCacheMetrics compares the users cache's counters on /metrics.
func checkCacheMetrics(t *testing.T, base string, hits, misses int) {
	t.Helper()
	_, body := get(t, base+"/metrics")
	for _, want := range []string{
		`cache_hits_total{cache="users"} ` + strconv.Itoa(hits),
		`cache_misses_total{cache="users"} ` + strconv.Itoa(misses),
		`cache_errors_total{cache="users"} 0`,
	} {
		if !strings.Contains(body, "\n"+want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
