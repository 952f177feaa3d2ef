package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// testCacheEnv is what the service's cache needs in a test: TEST_REDIS_URL's
// Redis, under a key prefix of the test's own whose keys are deleted when it
// ends. Without TEST_REDIS_URL it is a closed port, so that no test depends on
// a Redis that happens to run on the machine: the service then runs degraded,
// answering from its store.
func testCacheEnv(t *testing.T) map[string]string {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		return map[string]string{"REDIS_URL": "redis://" + closedAddr(t) + "/0"}
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	prefix := "test:" + rand.Text() + ":"
	t.Cleanup(func() {
		client := redis.NewClient(opts)
		defer client.Close()
		ctx := context.WithoutCancel(t.Context())
		iter := client.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			if err := client.Del(ctx, iter.Val()).Err(); err != nil {
				t.Errorf("delete test key %s: %v", iter.Val(), err)
			}
		}
		if err := iter.Err(); err != nil {
			t.Errorf("list test keys: %v", err)
		}
	})
	return map[string]string{"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix}
}

// requireLiveCache skips a test that needs a working cache (cache_metrics_test.go,
// cache_resilience_test.go) unless TEST_REDIS_URL names one.
func requireLiveCache(t *testing.T) {
	if os.Getenv("TEST_REDIS_URL") == "" {
		t.Skip("skipped: set TEST_REDIS_URL to run")
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// With Redis unreachable the service starts and stays ready, answers from the
// store, counts the cache's errors, and /health shows it degraded with the
// redis check down.
func TestRunWithRedisDown(t *testing.T) {
	creds := testCredentials(t)
	vars := map[string]string{"REDIS_URL": "redis://" + closedAddr(t) + "/0"}
	for k, v := range creds.env {
		vars[k] = v
	}
	r := startRun(t, vars)
	defer func() {
		if err := r.stop(); err != nil {
			t.Errorf("run() after cancel = %v", err)
		}
	}()

	if code, body := get(t, r.base+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz with Redis down = %d %s, want 200", code, body)
	}
	code, body := get(t, r.base+"/health")
	var rep struct {
		Status string
		Checks []struct {
			Name, Status string
			Optional     bool
		}
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("/health = %s: %v", body, err)
	}
	redisDown := false
	for _, c := range rep.Checks {
		redisDown = redisDown || c.Name == "redis" && c.Status == "down" && c.Optional
	}
	if code != http.StatusOK || rep.Status != "degraded" || !redisDown {
		t.Errorf("/health with Redis down = %d %s, want 200, degraded, redis down and optional", code, body)
	}

	// The API answers from the store.
	code, body = call(t, creds, http.MethodPost, r.base+"/api/v1/users", `{"name":"Ada","email":"ada@example.com"}`)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); code != http.StatusCreated || err != nil {
		t.Fatalf("POST /api/v1/users with Redis down = %d %s", code, body)
	}
	for range 2 {
		if code, body := call(t, creds, http.MethodGet, r.base+"/api/v1/users/"+created.ID, ""); code != http.StatusOK || !strings.Contains(body, "ada@example.com") {
			t.Errorf("GET the user with Redis down = %d %s, want 200 and the user", code, body)
		}
	}
	if code, body := call(t, creds, http.MethodDelete, r.base+"/api/v1/users/"+created.ID, ""); code != http.StatusNoContent {
		t.Errorf("DELETE the user with Redis down = %d %s, want 204", code, body)
	}

	// The create and the delete each tried to invalidate, and each read to GET,
	// then to SET what the store answered: 6 cache calls, each an error. (With
	// --resilience breaker or retry, cache.Guarded retries some calls and
	// skips others; cache_resilience_test.go counts those.)
	_, metrics := get(t, r.base+"/metrics")
	m := regexp.MustCompile(`(?m)^cache_errors_total\{cache="users"\} (\d+)$`).FindStringSubmatch(metrics)
	if m == nil {
		t.Fatalf("/metrics has no cache_errors_total for users:\n%s", metrics)
	}
	if n, _ := strconv.Atoi(m[1]); n != 6 {
		t.Errorf("cache_errors_total = %d after a create, 2 reads and a delete with Redis down, want 6", n)
	}
}
