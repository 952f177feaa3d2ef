package respond

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestInvalid(t *testing.T) {
	rec := httptest.NewRecorder()
	Invalid(rec, "invalid user", map[string]string{"email": "must be an email address"})
	want := `{"error":{"code":"invalid_argument","message":"invalid user","fields":{"email":"must be an email address"}}}` + "\n"
	if rec.Code != http.StatusBadRequest || rec.Body.String() != want {
		t.Errorf("Invalid() = %d %q, want 400 %q", rec.Code, rec.Body.String(), want)
	}
}
