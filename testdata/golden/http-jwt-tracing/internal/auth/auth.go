// Package auth authenticates API callers, with checks that every transport
// shares; a refused call never reaches a handler. An accepted caller is recorded
// in the call's callinfo.Info, where handlers read it with callinfo.Caller and
// the access log names it. Health and metrics endpoints need no credentials.
package auth
