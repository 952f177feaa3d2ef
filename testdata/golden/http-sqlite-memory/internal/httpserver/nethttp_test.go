package httpserver

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/shop/catalog/internal/health"
)

// net/http answers some malformed requests itself, before the router: in plain
// text, with no request ID and no access-log line. README.md lists them; this
// test keeps that list true.
func TestNetHTTPAnswersSomeErrorsInPlainText(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	h := health.New("test", logger)
	h.MarkStarted()
	srv := New(testConfig(), newRouter(t, testDeps(testConfig(), h, logger)), h, logger).srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Close does not wait for connections; after a 431 net/http lingers half a
	// second before closing one (so the client reads the answer, not a reset).
	var conns sync.WaitGroup
	srv.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			conns.Done()
		}
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-served
		conns.Wait()
	})

	tests := []struct {
		name, request string
		status        int
		body          string // its start; "" for none
	}{
		{"headers over the limit", "GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 2*maxHeaderBytes) + "\r\n\r\n",
			http.StatusRequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large"},
		{"malformed request line", "GET\r\n\r\n", http.StatusBadRequest, "400 Bad Request"},
		{"no Host", "GET /livez HTTP/1.1\r\n\r\n", http.StatusBadRequest, "400 Bad Request: missing required Host header"},
		{"malformed Host", "GET /livez HTTP/1.1\r\nHost: a b\r\n\r\n", http.StatusBadRequest, "400 Bad Request: malformed Host header"},
		{"two Hosts", "GET /livez HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", http.StatusBadRequest, "400 Bad Request"},
		{"conflicting Content-Length", "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
			http.StatusBadRequest, "400 Bad Request"},
		{"unknown transfer encoding", "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
			http.StatusNotImplemented, "Unsupported transfer encoding"},
		{"HTTP/2 without its preface", "GET /livez HTTP/2.0\r\nHost: x\r\n\r\n",
			http.StatusHTTPVersionNotSupported, "505 HTTP Version Not Supported"},
		{"unknown expectation", "GET /livez HTTP/1.1\r\nHost: x\r\nExpect: nothing\r\n\r\n", http.StatusExpectationFailed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := roundTripRaw(t, ln.Addr().String(), tt.request)
			if resp.StatusCode != tt.status || !strings.HasPrefix(body, tt.body) || (tt.body == "") != (body == "") {
				t.Errorf("status %d, body %q; want %d, %q", resp.StatusCode, body, tt.status, tt.body)
			}
			if ct := resp.Header.Get("Content-Type"); body != "" && !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q, want text/plain", ct)
			}
		})
	}
	if strings.Contains(logs.String(), `"msg":"request"`) {
		t.Errorf("net/http's own answers reached the access log:\n%s", logs.String())
	}
	// A well-formed request, sent the same way, reaches the router: its error is
	// JSON and logged, so the checks above could fail.
	resp, body := roundTripRaw(t, ln.Addr().String(), "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(logs.String(), `"msg":"request"`) {
		t.Errorf("well-formed request: %d %q, log %q; want a logged 404 in JSON", resp.StatusCode, body, logs.String())
	}
}

// roundTripRaw sends request on a new connection to addr and reads the answer.
func roundTripRaw(t *testing.T, addr, request string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// syncBuffer collects the log of a server under test: its goroutines write while
// the test reads, which bytes.Buffer alone does not allow.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
