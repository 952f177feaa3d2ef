package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/shop/inventory/internal/callinfo"
	"example.com/shop/inventory/internal/resource"
	"example.com/shop/inventory/internal/respond"
)

// kindStatus is the HTTP answer to each kind of failure of package resource, for
// every resource's handlers.
var kindStatus = map[error]struct {
	status int
	code   string
}{
	resource.ErrNotFound: {http.StatusNotFound, respond.CodeNotFound},
	resource.ErrConflict: {http.StatusConflict, respond.CodeConflict},
	resource.ErrInvalid:  {http.StatusBadRequest, respond.CodeInvalid},
}

// fail answers a request whose service call returned err: invalid fields with 400
// and the fields, a resource.Error with its kind's status and its own message, a
// timeout with 503. Anything else is logged with the request ID and answered with
// a generic 500, never with its text.
func fail(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var fields resource.FieldErrors
	var known *resource.Error
	switch {
	case errors.As(err, &fields):
		respond.Invalid(w, "invalid input", fields)
		return
	case errors.As(err, &known):
		if s, ok := kindStatus[known.Kind]; ok {
			respond.Error(w, s.status, s.code, known.Message)
			return
		}
	case errors.Is(err, context.DeadlineExceeded):
		respond.Error(w, http.StatusServiceUnavailable, respond.CodeTimeout, "the request took too long")
		return
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return // the client went away; nobody is left to answer
	}
	logger.ErrorContext(r.Context(), "request failed", "error", err, "route", chi.RouteContext(r.Context()).RoutePattern(), "request_id", callinfo.RequestID(r.Context()))
	respond.Error(w, http.StatusInternalServerError, respond.CodeInternal, "internal server error")
}
