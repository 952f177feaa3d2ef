package middleware

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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

// One status wrapper serves the whole chain, and http.ResponseController reaches
// the connection through it: deadlines and flushing, and hijacking (WebSockets).
func TestResponseWrapper(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	ww := response(httptest.NewRecorder(), req)
	if response(ww, req) != ww {
		t.Error("an inner middleware made a second wrapper")
	}

	logger := slog.New(slog.DiscardHandler)
	chain := func(h http.HandlerFunc) http.Handler {
		return AccessLog(logger, nil)(Recover(logger)(h))
	}
	streamed := httptest.NewServer(chain(func(w http.ResponseWriter, _ *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline through the chain: %v", err)
		}
		_, _ = w.Write([]byte("ok"))
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush through the chain: %v", err)
		}
	}))
	defer streamed.Close()
	hijacked := httptest.NewServer(chain(func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack through the chain: %v", err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
		_ = buf.Flush()
	}))
	defer hijacked.Close()

	for srv, want := range map[*httptest.Server]int{streamed: http.StatusOK, hijacked: http.StatusNoContent} {
		resp, err := srv.Client().Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("status = %d, want %d", resp.StatusCode, want)
		}
	}
}
