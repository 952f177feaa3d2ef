package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/acme/orders/internal/callinfo"
)

func TestAPIKey(t *testing.T) {
	var caller string
	h := APIKey([]string{key1, key2})(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		caller = callinfo.Caller(r.Context())
	}))
	tests := []struct {
		name string
		key  string
		want int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong", "k1-0123456789abcdef0123456789abcdeX", http.StatusUnauthorized},
		{"prefix of a key", key1[:10], http.StatusUnauthorized},
		{"key plus suffix", key1 + "x", http.StatusUnauthorized},
		{"over-long", strings.Repeat("k", 8<<10), http.StatusUnauthorized},
		{"first key", key1, http.StatusOK},
		{"second key", key2, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			caller = ""
			req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
			if tt.key != "" {
				req.Header.Set(APIKeyHeader, tt.key)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d", rec.Code, tt.want)
			}
			if tt.want == http.StatusUnauthorized {
				if !strings.Contains(rec.Body.String(), `"code":"unauthenticated"`) || rec.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("401 = %q (WWW-Authenticate %q), want the JSON error and a challenge", rec.Body.String(), rec.Header().Get("WWW-Authenticate"))
				}
				return
			}
			if !strings.HasPrefix(caller, "apikey:") || strings.Contains(caller, tt.key) {
				t.Errorf("caller = %q, want apikey:<digest prefix> without the key", caller)
			}
		})
	}
}

// Inside the router the request already has a callinfo.Info: the caller is
// recorded in it, where the access log (outside auth) finds it.
func TestAPIKeyRecordsCallerForOuterLayers(t *testing.T) {
	h := APIKey([]string{key1})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
	req = req.WithContext(callinfo.New(req.Context(), "req-1"))
	req.Header.Set(APIKeyHeader, key1)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if caller := callinfo.Caller(req.Context()); !strings.HasPrefix(caller, "apikey:") {
		t.Errorf("caller seen outside the middleware = %q, want apikey:<digest prefix>", caller)
	}
}

func TestNoKeysRefusesEverything(t *testing.T) {
	h := APIKey(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("handler reached") }))
	for _, key := range []string{"", "anything-at-all-1234"} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set(APIKeyHeader, key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("key %q with no keys configured = %d, want 401", key, rec.Code)
		}
	}
}

// A refusal's reason is recorded for the access log: whether a key came at all.
func TestAPIKeyRecordsWhyItRefused(t *testing.T) {
	h := APIKey([]string{key1})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("handler reached") }))
	for key, want := range map[string]string{"": NoCredentials, "wrong-key-0123456789abcdef": BadCredentials} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/users", nil)
		req = req.WithContext(callinfo.New(req.Context(), "req-1"))
		if key != "" {
			req.Header.Set(APIKeyHeader, key)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got := callinfo.From(req.Context()).AuthFailure; got != want {
			t.Errorf("key %q: recorded failure %q, want %q", key, got, want)
		}
	}
}
