package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestBodyLimit(t *testing.T) {
	const limit = 100
	h := BodyLimit(limit)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				TooLarge(w)
				return
			}
			t.Errorf("read body: %v", err)
		}
	}))
	for _, tt := range []struct {
		name    string
		size    int
		chunked bool
		want    int
	}{
		{"at the limit", limit, false, http.StatusOK},
		{"declared over the limit", limit + 1, false, http.StatusRequestEntityTooLarge},
		{"chunked over the limit", limit + 1, true, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", tt.size)))
			if tt.chunked {
				req.ContentLength = -1
			}
			rec := serve(h, req)
			if rec.Code != tt.want {
				t.Errorf("status = %d, want %d", rec.Code, tt.want)
			}
			if tt.want == http.StatusRequestEntityTooLarge && !strings.Contains(rec.Body.String(), `"code":"request_too_large"`) {
				t.Errorf("body = %q, want the JSON error", rec.Body.String())
			}
		})
	}
}
