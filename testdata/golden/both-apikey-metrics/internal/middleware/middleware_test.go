package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// serve runs one request through h and returns the recorded response.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func ok(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }

func TestRecorderIsShared(t *testing.T) {
	rec := NewRecorder(httptest.NewRecorder())
	if NewRecorder(rec) != rec {
		t.Error("NewRecorder(recorder) made a second wrapper")
	}
	if rec.Written() || rec.Status() != http.StatusOK {
		t.Errorf("fresh recorder: Written=%v Status=%d, want false 200", rec.Written(), rec.Status())
	}
	rec.WriteHeader(http.StatusTeapot)
	_, _ = rec.Write([]byte("abc"))
	if !rec.Written() || rec.Status() != http.StatusTeapot || rec.Bytes() != 3 {
		t.Errorf("Written=%v Status=%d Bytes=%d, want true 418 3", rec.Written(), rec.Status(), rec.Bytes())
	}
	if err := http.NewResponseController(rec).Flush(); err != nil {
		t.Errorf("Flush through the recorder: %v", err)
	}
}
