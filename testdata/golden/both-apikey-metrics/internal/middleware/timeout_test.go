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
		h := Timeout(time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
// Timeout does, causing "superfluous WriteHeader").
func TestTimeoutNeverWritesTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := Timeout(time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
			w.WriteHeader(http.StatusGatewayTimeout)
		}))
		rec := NewRecorder(httptest.NewRecorder())
		h.ServeHTTP(&countingWriter{Recorder: rec, t: t}, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Status() != http.StatusGatewayTimeout {
			t.Errorf("status = %d, want the handler's 504", rec.Status())
		}
	})
}

func TestTimeoutFastHandlerUntouched(t *testing.T) {
	rec := serve(Timeout(time.Second)(http.HandlerFunc(ok)), httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Errorf("fast handler = %d %q, want 200 ok", rec.Code, rec.Body.String())
	}
}

// countingWriter fails the test on a second WriteHeader.
type countingWriter struct {
	*Recorder
	t       *testing.T
	headers int
}

func (c *countingWriter) WriteHeader(code int) {
	c.headers++
	if c.headers > 1 {
		c.t.Errorf("WriteHeader(%d) called a second time", code)
	}
	c.Recorder.WriteHeader(code)
}
