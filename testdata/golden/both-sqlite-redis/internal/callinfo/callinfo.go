// Package callinfo carries what the layers of the service learn about one call (an
// HTTP request or a gRPC call): its request ID and who made it.
//
// The outermost layer of each transport puts one Info in the call's context with
// New; auth, further in, records the caller or its refusal in it; and the access log, outside
// auth, reads it once the call returns. A context value per fact would not do:
// what an inner layer adds to the context is invisible to the layers outside it,
// and over HTTP every added value costs a copy of the request.
package callinfo

import (
	"context"
	"crypto/rand"
	"net/netip"
	"strconv"
	"sync/atomic"
)

// Info is what is known about one call.
type Info struct {
	// RequestID correlates the call's log lines; see ValidRequestID.
	RequestID string
	// Caller is who the auth layer identified, "" until it has.
	Caller string
	// AuthFailure is why the auth layer refused the call, such as "no
	// credentials" or "bad credentials"; "" unless it did.
	AuthFailure string

	// client is the call's client address once ClientAddr has found it.
	client      netip.Addr
	clientFound bool
}

type infoKey struct{}

// New returns ctx carrying a new Info for a call with the given request ID.
func New(ctx context.Context, requestID string) context.Context {
	return context.WithValue(ctx, infoKey{}, &Info{RequestID: requestID})
}

// From returns the call's Info, or nil outside the transports' layers (such as in
// a unit test of one middleware).
func From(ctx context.Context) *Info {
	info, _ := ctx.Value(infoKey{}).(*Info)
	return info
}

// RequestID returns the call's request ID, or "".
func RequestID(ctx context.Context) string {
	if info := From(ctx); info != nil {
		return info.RequestID
	}
	return ""
}

// Caller returns who made the call, as the auth layer identified them, or "".
// Handlers use it for authorization decisions and audit logs.
func Caller(ctx context.Context) string {
	if info := From(ctx); info != nil {
		return info.Caller
	}
	return ""
}

// WithCaller records caller in the call's Info and returns ctx itself; only when
// ctx has no Info yet does it return a new context holding one.
func WithCaller(ctx context.Context, caller string) context.Context {
	if info := From(ctx); info != nil {
		info.Caller = caller
		return ctx
	}
	return context.WithValue(ctx, infoKey{}, &Info{Caller: caller})
}

// SetAuthFailure records in the call's Info why auth refused the call, for the
// access log. The call ends there, so no context is returned: without an Info
// there is no one to tell.
func SetAuthFailure(ctx context.Context, reason string) {
	if info := From(ctx); info != nil {
		info.AuthFailure = reason
	}
}

// ClientAddr returns the call's client address: the one a layer found earlier
// in the call, or else find's, kept for the layers after. The rate limit and the
// access log both name the client, and finding it parses the peer's address and
// reads X-Forwarded-For. Without an Info in ctx it is find's.
func ClientAddr(ctx context.Context, find func() netip.Addr) netip.Addr {
	info := From(ctx)
	if info == nil {
		return find()
	}
	if !info.clientFound {
		info.client, info.clientFound = find(), true
	}
	return info.client
}

// maxRequestIDLen bounds an accepted incoming request ID; longer ones are replaced.
const maxRequestIDLen = 64

// ValidRequestID reports whether a request ID sent by a client may be kept: at
// most 64 characters of [A-Za-z0-9._-]. Anything else is replaced rather than
// cleaned up, so that a client can never put line breaks, quotes or megabytes into
// the logs.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := range len(id) {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// New request IDs are a random per-process prefix and a counter: unique across
// processes and restarts without reading crypto/rand on every call, which cost more
// than the rest of the request ID middleware. Request IDs correlate logs; they are
// not secrets.
var (
	requestIDPrefix  = rand.Text()[:12]
	requestIDCounter atomic.Uint64
)

// NewRequestID returns a new, valid, process-unique request ID.
func NewRequestID() string {
	b := make([]byte, 0, 32)
	b = append(append(b, requestIDPrefix...), '-')
	return string(strconv.AppendUint(b, requestIDCounter.Add(1), 36))
}
