// Package resource is what every resource of the API shares below the
// transports: the kinds of failure a client can act on, field validation errors
// and paging. A resource package (users, and the ones a team adds) declares its
// errors with these, and each transport maps the kinds to its own status codes in
// one place (internal/httpserver/errors.go, internal/grpcserver/errors.go), so a
// new resource needs no mapping of its own.
package resource

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// The kinds of failure that transports answer with their own status; any other
// error is internal, logged and never shown to the client.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid input")
)

// Error is a failure of one kind with a message safe to show the client.
type Error struct {
	Kind    error // ErrNotFound, ErrConflict or ErrInvalid
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap makes errors.Is(err, ErrNotFound) true for a not-found Error.
func (e *Error) Unwrap() error { return e.Kind }

// NotFound returns an ErrNotFound error, e.g. "user not found".
func NotFound(message string) error { return &Error{Kind: ErrNotFound, Message: message} }

// Conflict returns an ErrConflict error, e.g. "a user with this email already exists".
func Conflict(message string) error { return &Error{Kind: ErrConflict, Message: message} }

// FieldErrors maps each invalid input field, by its name in the API, to what is
// wrong with it: {"email": "is required"}. It is an error of kind ErrInvalid.
type FieldErrors map[string]string

// Error lists the fields in name order, so that the message is the same on every
// call and for every resource, whatever order the fields were checked in.
func (f FieldErrors) Error() string {
	parts := make([]string, 0, len(f))
	for _, name := range slices.Sorted(maps.Keys(f)) {
		parts = append(parts, name+" "+f[name])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (FieldErrors) Unwrap() error { return ErrInvalid }

// Err returns f, or nil when no field is invalid, so that a validation can end
// with `return fields.Err()`.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}
