package httpserver

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/acme/inventory/internal/config"
	"github.com/acme/inventory/internal/health"
	"github.com/acme/inventory/internal/respond"
	"github.com/acme/inventory/internal/users"
)

// api is the full router, started and ready, as a test client sees it.
type api struct {
	t      *testing.T
	router *chi.Mux
}

func newAPI(t *testing.T, cfg config.Config, logger *slog.Logger) *api {
	h := health.New("test", logger)
	h.MarkStarted()
	return &api{t: t, router: newRouter(t, testDeps(cfg, h, logger))}
}

// do sends a request with valid credentials unless anonymous; body, when not "",
// is sent as JSON.
func (a *api) do(method, path, body string, anonymous bool) *httptest.ResponseRecorder {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if !anonymous {
		authorize(req)
	}
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	return rec
}

// errorCode returns the code of a JSON error body, failing if it is not one.
func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body respond.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d response is not a JSON error: %q (%v)", rec.Code, rec.Body.String(), err)
	}
	return body.Error.Code
}

func TestUsersCRUD(t *testing.T) {
	a := newAPI(t, testConfig(), discard())
	rec := a.do(http.MethodPost, "/api/v1/users", `{"name":"Ada","email":"ada@example.com"}`, false)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST = %d %s, want 201", rec.Code, rec.Body)
	}
	var created users.User
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || created.ID == "" {
		t.Fatalf("POST body %s: %v", rec.Body, err)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/v1/users/"+created.ID {
		t.Errorf("Location = %q", loc)
	}

	rec = a.do(http.MethodGet, "/api/v1/users/"+created.ID, "", false)
	var got users.User
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &got) != nil || got != created {
		t.Errorf("GET = %d %s, want 200 with %+v", rec.Code, rec.Body, created)
	}

	rec = a.do(http.MethodGet, "/api/v1/users?limit=10", "", false)
	var list userList
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list.Users) != 1 {
		t.Errorf("GET list = %d %s, want 200 with one user", rec.Code, rec.Body)
	}

	if rec := a.do(http.MethodPost, "/api/v1/users", `{"name":"Ada 2","email":"ada@example.com"}`, false); rec.Code != http.StatusConflict {
		t.Errorf("POST duplicate email = %d, want 409", rec.Code)
	}
	if rec := a.do(http.MethodDelete, "/api/v1/users/"+created.ID, "", false); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE = %d, want 204", rec.Code)
	}
	rec = a.do(http.MethodGet, "/api/v1/users/"+created.ID, "", false)
	if rec.Code != http.StatusNotFound || errorCode(t, rec) != respond.CodeNotFound {
		t.Errorf("GET after DELETE = %d %s, want 404 not_found", rec.Code, rec.Body)
	}
	if rec := a.do(http.MethodDelete, "/api/v1/users/"+created.ID, "", false); rec.Code != http.StatusNotFound {
		t.Errorf("second DELETE = %d, want 404", rec.Code)
	}
}

func TestBadRequests(t *testing.T) {
	a := newAPI(t, testConfig(), discard())
	tests := []struct {
		name, method, path, body string
		contentType              string
		want                     int
		code                     string
	}{
		{"invalid fields", "POST", "/api/v1/users", `{"name":"","email":"nope"}`, "application/json", 400, respond.CodeInvalid},
		{"malformed JSON", "POST", "/api/v1/users", `{"name":`, "application/json", 400, respond.CodeInvalid},
		{"unknown field", "POST", "/api/v1/users", `{"name":"A","email":"a@example.com","admin":true}`, "application/json", 400, respond.CodeInvalid},
		{"two objects", "POST", "/api/v1/users", `{"name":"A","email":"a@example.com"}{}`, "application/json", 400, respond.CodeInvalid},
		{"wrong type", "POST", "/api/v1/users", `{"name":1,"email":"a@example.com"}`, "application/json", 400, respond.CodeInvalid},
		{"not JSON", "POST", "/api/v1/users", `name=A`, "application/x-www-form-urlencoded", 415, respond.CodeUnsupportedType},
		{"bad limit", "GET", "/api/v1/users?limit=lots", "", "", 400, respond.CodeInvalid},
		{"limit too large", "GET", "/api/v1/users?limit=1000", "", "", 400, respond.CodeInvalid},
		{"body too large", "POST", "/api/v1/users", `{"name":"` + strings.Repeat("a", apiMaxBodyBytes) + `"}`, "application/json", 413, respond.CodeTooLarge},
		{"unknown id", "GET", "/api/v1/users/NOSUCHUSER", "", "", 404, respond.CodeNotFound},
		{"unknown API route", "GET", "/api/v1/no-such-route-for-tests", "", "", 404, respond.CodeNotFound},
		{"unknown route", "GET", "/nope", "", "", 404, respond.CodeNotFound},
		{"wrong method", "PUT", "/api/v1/users/X", "", "", 405, respond.CodeMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			authorize(req)
			rec := httptest.NewRecorder()
			a.router.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("status = %d %s, want %d", rec.Code, rec.Body, tt.want)
			}
			if code := errorCode(t, rec); code != tt.code {
				t.Errorf("error code = %q, want %q", code, tt.code)
			}
		})
	}
}

func TestMethodNotAllowedListsAllowed(t *testing.T) {
	rec := newAPI(t, testConfig(), discard()).do(http.MethodPatch, "/api/v1/users/X", "", false)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("PATCH = %d, want 405", rec.Code)
	}
	if got := strings.Join(rec.Header().Values("Allow"), ","); got != "GET,DELETE" {
		t.Errorf("Allow = %q, want GET,DELETE", got)
	}
}

func TestAuthGuardsOnlyTheAPI(t *testing.T) {
	a := newAPI(t, testConfig(), discard())
	rec := a.do(http.MethodGet, "/api/v1/users", "", true)
	if !authEnabled {
		if rec.Code != http.StatusOK {
			t.Errorf("anonymous GET /api/v1/users = %d, want 200 without auth", rec.Code)
		}
		return
	}
	if rec.Code != http.StatusUnauthorized || errorCode(t, rec) != respond.CodeUnauthenticated {
		t.Errorf("anonymous GET /api/v1/users = %d %s, want 401 unauthenticated", rec.Code, rec.Body)
	}
	// Auth guards the API's routes, not its path prefix: an unknown route is a 404
	// for everyone, as the routes are listed in README.md anyway.
	if rec := a.do(http.MethodGet, "/api/v1/nothing-here", "", true); rec.Code != http.StatusNotFound {
		t.Errorf("anonymous GET of an unknown API route = %d, want 404", rec.Code)
	}
	for _, path := range []string{"/livez", "/readyz", "/health", "/metrics"} {
		if rec := a.do(http.MethodGet, path, "", true); rec.Code != http.StatusOK {
			t.Errorf("anonymous GET %s = %d, want 200: probes stay open", path, rec.Code)
		}
	}
}

func TestRateLimitThroughChain(t *testing.T) {
	cfg := testConfig()
	cfg.API.RateLimitRPS, cfg.API.RateLimitBurst = 0.001, 3
	a := newAPI(t, cfg, discard())
	var codes []int
	for i := range 10 {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
		req.RemoteAddr = "203.0.113.7:4000"
		req.Header.Set("X-Forwarded-For", "198.51.100."+string(rune('0'+i))) // spoofed: the peer is not a trusted proxy
		authorize(req)
		rec := httptest.NewRecorder()
		a.router.ServeHTTP(rec, req)
		codes = append(codes, rec.Code)
		if rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	want := []int{200, 200, 200, 429, 429, 429, 429, 429, 429, 429}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", codes, want)
		}
	}
	if rec := a.do(http.MethodGet, "/livez", "", true); rec.Code != http.StatusOK {
		t.Errorf("/livez of a limited client = %d, want 200: probes are not limited", rec.Code)
	}
}

func TestPanicRecoveryThroughChain(t *testing.T) {
	var logs bytes.Buffer
	a := newAPI(t, testConfig(), slog.New(slog.NewJSONHandler(&logs, nil)))
	a.router.Get("/panic", func(http.ResponseWriter, *http.Request) { panic("kaboom") })

	req := httptest.NewRequest(http.MethodGet, "/panic", nil)
	req.Header.Set("X-Request-Id", "panic-req-1")
	rec := httptest.NewRecorder()
	a.router.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError || errorCode(t, rec) != respond.CodeInternal || strings.Contains(rec.Body.String(), "kaboom") {
		t.Errorf("panic = %d %s, want a generic 500", rec.Code, rec.Body)
	}
	if rec.Header().Get("X-Request-Id") != "panic-req-1" {
		t.Errorf("X-Request-Id = %q, want it echoed on the 500", rec.Header().Get("X-Request-Id"))
	}
	var sawPanic, sawAccess bool
	for line := range strings.Lines(logs.String()) {
		sawPanic = sawPanic || strings.Contains(line, `"msg":"panic"`) && strings.Contains(line, "panic-req-1") && strings.Contains(line, "goroutine")
		sawAccess = sawAccess || strings.Contains(line, `"msg":"request"`) && strings.Contains(line, `"status":500`)
	}
	if !sawPanic || !sawAccess {
		t.Errorf("logs lack the panic with stack and request ID, or the 500 access line:\n%s", logs.String())
	}
	if rec := a.do(http.MethodGet, "/livez", "", true); rec.Code != http.StatusOK {
		t.Errorf("/livez after a panic = %d, want 200", rec.Code)
	}
}

func TestRequestIDThroughChain(t *testing.T) {
	a := newAPI(t, testConfig(), discard())
	for incoming, kept := range map[string]bool{"abc-123": true, "bad\r\nid": false, strings.Repeat("a", 65): false} {
		req := httptest.NewRequest(http.MethodGet, "/livez", nil)
		req.Header["X-Request-Id"] = []string{incoming}
		rec := httptest.NewRecorder()
		a.router.ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-Id")
		if (got == incoming) != kept || got == "" {
			t.Errorf("incoming %q: echoed %q, kept=%v", incoming, got, got == incoming)
		}
	}
}

// TestAccessLogThroughChain checks the line the production chain writes for an
// API call: route pattern, not path, the request ID and the client, and the
// caller, which auth (inside the access log) identified, or why it refused one.
func TestAccessLogThroughChain(t *testing.T) {
	var logs bytes.Buffer
	a := newAPI(t, testConfig(), slog.New(slog.NewJSONHandler(&logs, nil)))
	req := httptest.NewRequest(http.MethodGet, "/api/v1/users/NOSUCHUSER", nil)
	req.Header.Set("X-Request-Id", "req-1")
	authorize(req)
	a.router.ServeHTTP(httptest.NewRecorder(), req)

	var line struct {
		Msg         string `json:"msg"`
		Route       string `json:"route"`
		Status      int    `json:"status"`
		RequestID   string `json:"request_id"`
		Client      string `json:"client"`
		Caller      string `json:"caller"`
		AuthFailure string `json:"auth_failure"`
	}
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	// httptest's requests come from 192.0.2.1.
	if line.Msg != "request" || line.Route != "/api/v1/users/{id}" || line.Status != http.StatusNotFound || line.RequestID != "req-1" || line.Client != "192.0.2.1" {
		t.Errorf("access log line = %+v", line)
	}
	if line.Caller != testCaller() || line.AuthFailure != "" {
		t.Errorf("access log line = %+v, want the caller %q", line, testCaller())
	}

	a.router.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/users", nil))
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	line.Caller = ""
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &line); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if line.Status != http.StatusUnauthorized || line.AuthFailure != "no credentials" || line.Caller != "" {
		t.Errorf("access log line of a request without credentials = %+v, want 401 and auth_failure \"no credentials\"", line)
	}
}

// TestCORSThroughChain checks what a browser sees: the preflight OPTIONS request,
// which matches no route, is answered for an allowed origin, and an actual call
// carries the CORS header; other origins get no CORS headers, so browsers refuse.
func TestCORSThroughChain(t *testing.T) {
	const allowed = "https://app.example.com"
	cfg := testConfig()
	cfg.HTTPAPI.CORSAllowedOrigins = []string{allowed}
	a := newAPI(t, cfg, discard())
	for _, origin := range []string{allowed, "https://evil.example.com"} {
		req := httptest.NewRequest(http.MethodOptions, "/api/v1/users", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		rec := httptest.NewRecorder()
		a.router.ServeHTTP(rec, req)
		got := rec.Header().Get("Access-Control-Allow-Origin")
		if want := map[bool]string{true: allowed}[origin == allowed]; got != want {
			t.Errorf("preflight from %s: Access-Control-Allow-Origin = %q, want %q", origin, got, want)
		}
		if origin == allowed && (rec.Code >= 300 || !strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), http.MethodPost)) {
			t.Errorf("preflight from %s = %d, Allow-Methods %q; want 2xx allowing POST", origin, rec.Code, rec.Header().Get("Access-Control-Allow-Methods"))
		}
	}

	// The API is shared with the allowed origin; the probes and /metrics are not.
	for path, want := range map[string]string{"/api/v1/users": allowed, "/health": "", "/metrics": ""} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Origin", allowed)
		authorize(req)
		rec := httptest.NewRecorder()
		a.router.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Access-Control-Allow-Origin") != want {
			t.Errorf("GET %s from %s = %d, Access-Control-Allow-Origin %q, want 200 and %q", path, allowed, rec.Code, rec.Header().Get("Access-Control-Allow-Origin"), want)
		}
	}
}

func TestNewRouterRefusesAnUnwiredService(t *testing.T) {
	d := testDeps(testConfig(), health.New("test", discard()), discard())
	d.Services.Users = nil
	if _, err := NewRouter(d); err == nil || !strings.Contains(err.Error(), "service Users is not wired") {
		t.Errorf("NewRouter() without Users = %v, want a start-up error naming Users", err)
	}
}
