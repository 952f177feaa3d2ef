// Package auth authenticates API callers. Its middleware answers 401 with the JSON
// error body before a handler runs; handlers read the caller with CallerFrom.
// Health and metrics endpoints are routed outside it.
package auth

import (
	"context"
	"net/http"

	"example.com/platform/ledger/internal/respond"
)

type callerKey struct{}

// CallerFrom returns who made the request, as the middleware identified them, or
// "" outside it.
func CallerFrom(ctx context.Context) string {
	c, _ := ctx.Value(callerKey{}).(string)
	return c
}

// WithCaller records who makes the call, for CallerFrom.
func WithCaller(ctx context.Context, caller string) context.Context {
	return context.WithValue(ctx, callerKey{}, caller)
}

// unauthorized answers 401. The message never says which check failed, so that a
// caller learns nothing about the keys; the log does.
func unauthorized(w http.ResponseWriter, challenge string) {
	w.Header().Set("WWW-Authenticate", challenge)
	respond.Error(w, http.StatusUnauthorized, respond.CodeUnauthenticated, "missing or invalid credentials")
}
