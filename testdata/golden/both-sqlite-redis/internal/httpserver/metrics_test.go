package httpserver

import (
	"net/http"
	"strings"
	"testing"
)

// /metrics labels requests by route pattern, never by raw path.
func TestMetricsLabelsByRoutePattern(t *testing.T) {
	a := newAPI(t, testConfig(), discard())
	a.do(http.MethodGet, "/api/v1/users/FIRSTID", "", false)
	a.do(http.MethodGet, "/api/v1/users/SECONDID", "", false)
	a.do(http.MethodGet, "/no/such/route", "", false)
	body := a.do(http.MethodGet, "/metrics", "", true).Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="/api/v1/users/{id}",status="404"} 2`,
		`http_request_duration_seconds_count{method="GET",route="/api/v1/users/{id}",status="404"} 2`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, raw := range []string{"FIRSTID", "SECONDID", "/no/such/route"} {
		if strings.Contains(body, raw) {
			t.Errorf("/metrics contains the raw path element %q", raw)
		}
	}
}
