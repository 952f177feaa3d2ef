package middleware

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	h := RequestID(Recover(slog.New(slog.NewJSONHandler(&logs, nil)))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal detail")
	})))
	req := httptest.NewRequest(http.MethodGet, "/boom", nil)
	req.Header.Set(RequestIDHeader, "req-panic")
	for range 100 { // the process, and the middleware, keep going
		rec := serve(h, req)
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status = %d, want 500", rec.Code)
		}
		if body := rec.Body.String(); strings.Contains(body, "secret") || !strings.Contains(body, `"code":"internal"`) {
			t.Fatalf("body = %q, want a generic JSON error", body)
		}
	}
	line, _, _ := strings.Cut(logs.String(), "\n")
	for _, want := range []string{`"msg":"panic"`, `"request_id":"req-panic"`, `secret internal detail`, `recover_test.go`} {
		if !strings.Contains(line, want) {
			t.Errorf("panic log lacks %s: %s", want, line)
		}
	}
}

func TestRecoverPassesAbortHandler(t *testing.T) {
	h := Recover(slog.New(slog.DiscardHandler))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler { //nolint:errorlint // net/http compares with ==
			t.Errorf("recovered %v, want http.ErrAbortHandler re-panicked", v)
		}
	}()
	serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
}

// After the response has started, a 500 is impossible; the connection is aborted.
func TestRecoverAfterWriteAborts(t *testing.T) {
	h := Recover(slog.New(slog.DiscardHandler))(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("partial"))
		panic("late")
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler { //nolint:errorlint // net/http compares with ==
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
}
