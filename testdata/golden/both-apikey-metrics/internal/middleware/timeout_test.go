package middleware

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

func TestTimeoutCancelsHandlerContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var handlerErr error
		h := Timeout(time.Second)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // a slow dependency that respects ctx
			handlerErr = r.Context().Err()
		}))
		start := time.Now()
		rec := serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
		if elapsed := time.Since(start); elapsed != time.Second {
			t.Errorf("request took %v, want the 1s timeout", elapsed)
		}
		if !errors.Is(handlerErr, context.DeadlineExceeded) {
			t.Errorf("handler saw ctx error %v, want DeadlineExceeded", handlerErr)
		}
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("status = %d, want 503", rec.Code)
		}
	})
}

// If the handler answered itself, the middleware must not write again (chi's
// Timeout does, causing "superfluous WriteHeader" and a second body).
func TestTimeoutNeverWritesTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := Timeout(time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
			w.WriteHeader(http.StatusGatewayTimeout)
		}))
		rec := serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code != http.StatusGatewayTimeout || rec.Body.Len() != 0 {
			t.Errorf("response = %d %q, want the handler's bare 504", rec.Code, rec.Body.String())
		}
	})
}

func TestTimeoutFastHandlerUntouched(t *testing.T) {
	rec := serve(Timeout(time.Second)(http.HandlerFunc(ok)), httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Errorf("fast handler = %d %q, want 200 ok", rec.Code, rec.Body.String())
	}
}
