package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"example.com/shop/inventory/internal/callinfo"
)

// TestJWTMiddleware checks the HTTP face of the verifier: 401 with the JSON error
// and a challenge, or the handler with the token's subject as the caller.
func TestJWTMiddleware(t *testing.T) {
	var caller string
	h := JWT(hsConfig())(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { caller = callinfo.Caller(r.Context()) }))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/users", nil))
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"unauthenticated"`) || rec.Header().Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d %q (WWW-Authenticate %q), want 401 with the JSON error and a challenge", rec.Code, rec.Body.String(), rec.Header().Get("WWW-Authenticate"))
	}

	req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
	req.Header.Set("Authorization", "Bearer "+sign(t, jwt.SigningMethodHS256, secret, claims(nil)))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || caller != "user-42" {
		t.Errorf("valid token: %d, caller %q; want 200 and user-42", rec.Code, caller)
	}
}

// A refusal's reason is recorded for the access log: whether credentials came at
// all. Another scheme's are credentials too, of the wrong kind.
func TestJWTRecordsWhyItRefused(t *testing.T) {
	h := JWT(hsConfig())(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("handler reached") }))
	for header, want := range map[string]string{
		"":                   NoCredentials,
		"Bearer not.a.token": BadCredentials,
		"Basic dXNlcjpwYXNz": BadCredentials,
	} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
		req = req.WithContext(callinfo.New(req.Context(), "req-1"))
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got := callinfo.From(req.Context()).AuthFailure; got != want {
			t.Errorf("Authorization %q: recorded failure %q, want %q", header, got, want)
		}
	}
}
