// Package middleware holds the HTTP middleware of the service, one small tested
// piece per file. internal/httpserver/routes.go composes them, in one place.
package middleware

import (
	"bufio"
	"errors"
	"net"
	"net/http"
)

// Recorder is an http.ResponseWriter that remembers the status and the number of
// body bytes written. The access log, metrics, recovery and timeout middleware all
// need those; NewRecorder reuses the Recorder an outer middleware already made, so
// a request pays for one wrapper, not one per middleware.
type Recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	route  string
	routed bool
}

// NewRecorder wraps w, or returns w itself if it is already a Recorder.
func NewRecorder(w http.ResponseWriter) *Recorder {
	if rec, ok := w.(*Recorder); ok {
		return rec
	}
	return &Recorder{ResponseWriter: w}
}

// WriteHeader records the first status; net/http ignores (and logs) later ones.
func (r *Recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *Recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Status is the status sent, 200 if the handler wrote nothing (as net/http sends).
func (r *Recorder) Status() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// Written reports whether the response has started; after that the status can no
// longer change.
func (r *Recorder) Written() bool { return r.status != 0 }

// Bytes is the number of body bytes written.
func (r *Recorder) Bytes() int64 { return r.bytes }

// Route is RoutePattern(r), computed once per request however many middleware
// ask (chi builds the pattern string on every call). Call it after routing.
func (r *Recorder) Route(req *http.Request) string {
	if !r.routed {
		r.route, r.routed = RoutePattern(req), true
	}
	return r.route
}

// Unwrap lets http.ResponseController reach the connection's writer (deadlines,
// flushing, hijacking).
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Flush sends buffered data to the client, for streaming handlers.
func (r *Recorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	_ = http.NewResponseController(r.ResponseWriter).Flush()
}

// Hijack hands the connection over (WebSockets); the status is recorded as 101.
func (r *Recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("middleware: the response writer does not support hijacking")
	}
	r.status = http.StatusSwitchingProtocols
	return h.Hijack()
}
