// Package auth authenticates API callers, with checks that every transport
// shares; a refused call never reaches a handler. Handlers read the caller with
// CallerFrom. Health and metrics endpoints need no credentials.
package auth

import "context"

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
