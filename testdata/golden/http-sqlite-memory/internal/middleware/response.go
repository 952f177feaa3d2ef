// Package middleware holds the HTTP middleware of the service, one small tested
// piece per file. internal/httpserver/routes.go composes them, in one place.
package middleware

import (
	"net/http"

	chimiddleware "github.com/go-chi/chi/v5/middleware"
)

// response returns w as chi's WrapResponseWriter, which records the status and
// body bytes and keeps Flush, Hijack, ReadFrom and Unwrap (so that
// http.ResponseController still reaches the connection). The access log,
// recovery and timeout all need the status: an outer middleware's wrapper is
// reused, so a request pays for one wrapper, not one per middleware.
func response(w http.ResponseWriter, r *http.Request) chimiddleware.WrapResponseWriter {
	if ww, ok := w.(chimiddleware.WrapResponseWriter); ok {
		return ww
	}
	return chimiddleware.NewWrapResponseWriter(w, r.ProtoMajor)
}

// status is the status sent: 200 when the handler wrote nothing, as net/http
// sends then.
func status(ww chimiddleware.WrapResponseWriter) int {
	if s := ww.Status(); s != 0 {
		return s
	}
	return http.StatusOK
}
