package middleware

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/acme/payments/internal/testutil"
)

func TestAccessLog(t *testing.T) {
	var logs testutil.Buffer
	r := chi.NewRouter()
	r.Use(RequestID, AccessLog(slog.New(slog.NewJSONHandler(&logs, nil))))
	r.Get("/users/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte("hello"))
	})
	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set(RequestIDHeader, "req-1")
	serve(r, req)

	var line struct {
		Msg       string  `json:"msg"`
		Method    string  `json:"method"`
		Route     string  `json:"route"`
		Status    int     `json:"status"`
		Bytes     int64   `json:"bytes"`
		Duration  float64 `json:"duration"`
		RequestID string  `json:"request_id"`
	}
	if err := json.Unmarshal([]byte(logs.String()), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if line.Msg != "request" || line.Method != "GET" || line.Route != "/users/{id}" ||
		line.Status != http.StatusAccepted || line.Bytes != 5 || line.RequestID != "req-1" || line.Duration <= 0 {
		t.Errorf("access log line = %+v", line)
	}
}

func TestAccessLogUnmatchedRoute(t *testing.T) {
	var logs testutil.Buffer
	r := chi.NewRouter()
	r.Use(AccessLog(slog.New(slog.NewJSONHandler(&logs, nil))))
	r.Get("/known", ok)
	serve(r, httptest.NewRequest(http.MethodGet, "/unknown/123", nil))
	var line map[string]any
	if err := json.Unmarshal([]byte(logs.String()), &line); err != nil {
		t.Fatal(err)
	}
	if line["route"] != "" || line["status"] != float64(http.StatusNotFound) {
		t.Errorf("unmatched request logged route %v status %v, want \"\" 404", line["route"], line["status"])
	}
}
