package httpserver

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/shop/inventory/internal/respond"
	"example.com/shop/inventory/internal/users"
)

// A body that cannot be decoded is answered in the API's terms: the field at
// fault by its JSON name, in the message and in fields, and never encoding/json's
// Go wording ("json: unknown field", Go type names) or an empty field name.
func TestDecodeErrorsInAPITerms(t *testing.T) {
	tests := []struct {
		name, body, message string
		fields              map[string]string
	}{
		{"array", `[1,2]`, "request body must be a JSON object", nil},
		{"string", `"Ada"`, "request body must be a JSON object", nil},
		{"unknown field", `{"name":"Ada","admin":true}`, `unknown field "admin"`, map[string]string{"admin": "unknown field"}},
		{"number for a string", `{"name":"Ada","email":1}`, `field "email" must be a string`, map[string]string{"email": "must be a string"}},
		{"object for a string", `{"name":{}}`, `field "name" must be a string`, map[string]string{"name": "must be a string"}},
		{"malformed", `{"name" "Ada"}`, "malformed JSON at byte 9", nil},
		{"truncated", `{"name":`, "request body is empty or truncated", nil},
		{"empty", ``, "request body is empty or truncated", nil},
		{"two objects", `{}{}`, "request body must be one JSON object, with nothing after it", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			var in users.NewUser
			if decode(rec, req, &in) {
				t.Fatalf("body %s decoded, want refused", tt.body)
			}
			var got respond.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusBadRequest {
				t.Fatalf("answer %d %q (%v), want a 400 JSON error", rec.Code, rec.Body, err)
			}
			if got.Error.Message != tt.message || !maps.Equal(got.Error.Fields, tt.fields) {
				t.Errorf("body %s: message %q, fields %v; want %q, %v", tt.body, got.Error.Message, got.Error.Fields, tt.message, tt.fields)
			}
		})
	}
}

// decode reads at most apiMaxBodyBytes, whether the length was declared or the
// body is chunked, and answers 413 in JSON beyond.
func TestDecodeBodyLimit(t *testing.T) {
	for _, tt := range []struct {
		size    int
		chunked bool
		want    int
	}{
		{apiMaxBodyBytes, false, http.StatusOK},
		{apiMaxBodyBytes + 1, false, http.StatusRequestEntityTooLarge},
		{apiMaxBodyBytes + 1, true, http.StatusRequestEntityTooLarge},
	} {
		body := `{"name":"` + strings.Repeat("a", tt.size-len(`{"name":""}`)) + `"}`
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tt.chunked {
			req.ContentLength = -1
		}
		rec := httptest.NewRecorder()
		var in users.NewUser
		decoded := decode(rec, req, &in)
		if decoded != (tt.want == http.StatusOK) || rec.Code != tt.want {
			t.Errorf("%d bytes (chunked %v): decoded %v, status %d; want status %d", tt.size, tt.chunked, decoded, rec.Code, tt.want)
		}
		if tt.want != http.StatusOK && !strings.Contains(rec.Body.String(), `"code":"`+respond.CodeTooLarge+`"`) {
			t.Errorf("%d bytes: body %q, want the JSON error", tt.size, rec.Body.String())
		}
	}
}

func TestDecodePage(t *testing.T) {
	tests := []struct {
		query, after string
		limit        int
		ok           bool
	}{
		{"", "", 0, true},
		{"?limit=10&after=K7", "K7", 10, true},
		{"?limit=1000", "", 1000, true}, // the range is the service's to check
		{"?limit=lots", "", 0, false},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		after, limit, ok := decodePage(rec, httptest.NewRequest(http.MethodGet, "/api/v1/users"+tt.query, nil))
		if after != tt.after || limit != tt.limit || ok != tt.ok {
			t.Errorf("decodePage(%q) = %q, %d, %v; want %q, %d, %v", tt.query, after, limit, ok, tt.after, tt.limit, tt.ok)
		}
		if !ok && (rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"limit"`)) {
			t.Errorf("decodePage(%q) answered %d %s, want 400 naming limit", tt.query, rec.Code, rec.Body)
		}
	}
}
