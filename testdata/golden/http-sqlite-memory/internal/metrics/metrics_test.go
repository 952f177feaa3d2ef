package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestRouteLabels(t *testing.T) {
	m := New()
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/users/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for _, path := range []string{"/users/1", "/users/2", "/users/3", "/random/1", "/random/2"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("BREW", "/users/1", nil))

	if got := testutil.ToFloat64(m.requests.WithLabelValues("/users/{id}", "GET", "204")); got != 3 {
		t.Errorf(`requests{route="/users/{id}",method="GET",status="204"} = %v, want 3`, got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(unmatched, "GET", "404")); got != 2 {
		t.Errorf(`requests{route="unmatched",status="404"} = %v, want 2`, got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues(unmatched, "OTHER", "405")); got != 1 {
		t.Errorf(`requests{route="unmatched",method="OTHER",status="405"} = %v, want 1`, got)
	}
	if n := testutil.CollectAndCount(m.requests); n != 3 {
		t.Errorf("%d request series, want 3: raw paths must never become labels", n)
	}
	if n := testutil.CollectAndCount(m.duration); n != 3 {
		t.Errorf("%d latency series, want 3", n)
	}
}

func TestHandlerExposesHistogramAndRuntime(t *testing.T) {
	m := New()
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/users/{id}", func(http.ResponseWriter, *http.Request) {})
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users/7", nil))

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`http_request_duration_seconds_bucket{method="GET",route="/users/{id}",status="200",le="0.005"}`,
		`http_requests_total{method="GET",route="/users/{id}",status="200"} 1`,
		"go_goroutines",
		"go_memstats_heap_alloc_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/users/7") {
		t.Error("/metrics contains the raw path /users/7")
	}
}
