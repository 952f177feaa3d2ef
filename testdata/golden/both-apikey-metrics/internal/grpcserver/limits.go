package grpcserver

import (
	"context"
	"math"
	"net"
	"net/netip"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"example.com/platform/ledger/internal/callinfo"
	"example.com/platform/ledger/internal/ratelimit"
)

// API calls get a per-client rate limit and unary calls a deadline (RATE_LIMIT_*,
// REQUEST_TIMEOUT), as the HTTP API's requests do.
//
// chain applies them to the API's services only: health checks come from probes
// that must always get through. Streams get no server deadline: a ListUsers
// stream lasts as long as there are users to send and the client reads them; the
// client's own deadline and the connections' maximum age bound it.

func limitUnary(l *ratelimit.Limiter, trusted []netip.Prefix) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := allow(ctx, l, trusted); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

func limitStream(l *ratelimit.Limiter, trusted []netip.Prefix) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := allow(ss.Context(), l, trusted); err != nil {
			return err
		}
		return handler(srv, ss)
	}
}

// allow refuses a call over its client's limit with RESOURCE_EXHAUSTED, the gRPC
// twin of 429. The client is the connection's peer or, when that peer is a
// trusted proxy (an L7 load balancer, a mesh sidecar), the client its
// x-forwarded-for metadata names; otherwise every call through the proxy would
// share one limit.
func allow(ctx context.Context, l *ratelimit.Limiter, trusted []netip.Prefix) error {
	if ok, retryAfter := l.Allow(callClient(ctx, trusted), time.Now()); !ok {
		return status.Errorf(codes.ResourceExhausted, "too many requests; retry in %ds", int(math.Ceil(retryAfter.Seconds())))
	}
	return nil
}

// callClient is the call's client as the rate limit counts it, and as the logs
// name it; found once per call (callinfo.ClientAddr).
func callClient(ctx context.Context, trusted []netip.Prefix) netip.Addr {
	return callinfo.ClientAddr(ctx, func() netip.Addr {
		return ratelimit.ClientAddr(peerAddr(ctx), metadata.ValueFromIncomingContext(ctx, "x-forwarded-for"), trusted)
	})
}

// peerAddr is the connection's IP address, or the zero Addr for connections
// without one (Unix sockets), which then share one limit.
func peerAddr(ctx context.Context) netip.Addr {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return netip.Addr{}
	}
	if tcp, ok := p.Addr.(*net.TCPAddr); ok {
		return tcp.AddrPort().Addr()
	}
	return netip.Addr{}
}

// deadline gives each unary call's context a deadline d from now, unless the
// client's own is sooner. Handlers see the context done and return; the client
// gets DEADLINE_EXCEEDED.
func deadline(d time.Duration) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		// With a sooner deadline a new one would change nothing; skipping it saves
		// a timer and 7 allocations per call.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= d {
			return handler(ctx, req)
		}
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return handler(ctx, req)
	}
}
