package main

import (
	"net/http"
	"strings"
	"testing"
)

// The connection pool's statistics are on /metrics, beside the service's own.
func TestRunServesPoolMetrics(t *testing.T) {
	r := startRun(t, testCredentials(t).env)
	code, body := get(t, r.base+"/metrics")
	for _, metric := range []string{`go_sql_open_connections{db_name="inventory"}`, `go_sql_wait_count_total{db_name="inventory"}`} {
		if code != http.StatusOK || !strings.Contains(body, metric) {
			t.Errorf("GET /metrics = %d without %s", code, metric)
		}
	}
	if err := r.stop(); err != nil {
		t.Errorf("run() = %v", err)
	}
}
