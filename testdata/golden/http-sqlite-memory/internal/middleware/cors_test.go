package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func preflight(h http.Handler, origin string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodOptions, "/api/v1/users", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	return serve(h, req)
}

func TestCORSDeniesByDefault(t *testing.T) {
	h := CORS(nil, "/api/v1/")(http.HandlerFunc(ok))
	if got := preflight(h, "http://evil.test").Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no origins configured: Access-Control-Allow-Origin = %q, want none", got)
	}
}

func TestCORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	h := CORS([]string{"https://app.example.com"}, "/api/v1/")(http.HandlerFunc(ok))
	if got := preflight(h, "http://evil.test").Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("evil origin: Access-Control-Allow-Origin = %q, want none", got)
	}
	rec := preflight(h, "https://app.example.com")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "https://app.example.com" {
		t.Errorf("allowed origin: Access-Control-Allow-Origin = %q", got)
	}
	if got := rec.Header().Get("Access-Control-Allow-Credentials"); got != "" {
		t.Errorf("Access-Control-Allow-Credentials = %q, want none", got)
	}
}
