package middleware

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/go-chi/chi/v5"
)

// The line names the client as the rate limit counts it: here the address a
// trusted proxy forwarded for, not the proxy.
func TestAccessLog(t *testing.T) {
	var logs bytes.Buffer
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	r := chi.NewRouter()
	r.Use(RequestID, AccessLog(slog.New(slog.NewJSONHandler(&logs, nil)), trusted))
	r.Get("/users/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte("hello"))
	})
	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set(RequestIDHeader, "req-1")
	req.RemoteAddr = "10.0.0.1:5000"
	req.Header.Set("X-Forwarded-For", "198.51.100.9")
	serve(r, req)

	var line struct {
		Msg       string  `json:"msg"`
		Method    string  `json:"method"`
		Route     string  `json:"route"`
		Status    int     `json:"status"`
		Bytes     int64   `json:"bytes"`
		Duration  float64 `json:"duration"`
		RequestID string  `json:"request_id"`
		Client    string  `json:"client"`
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if line.Msg != "request" || line.Method != http.MethodGet || line.Route != "/users/{id}" ||
		line.Status != http.StatusAccepted || line.Bytes != 5 || line.RequestID != "req-1" || line.Duration <= 0 ||
		line.Client != "198.51.100.9" {
		t.Errorf("access log line = %+v", line)
	}
}

func TestAccessLogUnmatchedRoute(t *testing.T) {
	var logs bytes.Buffer
	r := chi.NewRouter()
	r.Use(AccessLog(slog.New(slog.NewJSONHandler(&logs, nil)), nil))
	r.Get("/known", ok)
	serve(r, httptest.NewRequest(http.MethodGet, "/unknown/123", nil))
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["route"] != "" || line["status"] != float64(http.StatusNotFound) {
		t.Errorf("unmatched request logged route %v status %v, want \"\" 404", line["route"], line["status"])
	}
}
