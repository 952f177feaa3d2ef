package grpcserver

import (
	"context"
	"log/slog"
	"net/netip"
	"slices"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// tooLarge logs each call refused because a request message exceeded
// maxRecvMsgSize, and counts it when count is set (a metric). grpc-go refuses such
// a message when the handler reads it, which for unary calls happens before any
// interceptor runs: neither the access log nor the call metrics would see them.
//
// So services are registered through a registrar that watches each handler's
// reading of messages: one allocation per call. A stats handler, the other place
// grpc-go reports such calls, made grpc-go build its stats events for every call:
// 18 allocations and several µs more per call (BenchmarkGetUser).
type tooLarge struct {
	logger  *slog.Logger
	trusted []netip.Prefix
	count   func(method string)
}

// check logs and counts err if it is a refusal of a too large message, and
// returns it unchanged.
func (t *tooLarge) check(ctx context.Context, method string, err error) error {
	if err == nil || !isTooLarge(err) {
		return err
	}
	t.logger.LogAttrs(ctx, slog.LevelWarn, "grpc message too large",
		slog.String("method", method),
		slog.String("client", clientAddr(ctx, t.trusted)),
		slog.String("error", status.Convert(err).Message()),
	)
	if t.count != nil {
		t.count(method)
	}
	return err
}

// isTooLarge recognises grpc-go's refusal of a received message by its wording,
// since grpc-go gives it no error type of its own (rpc_util.go: "received message
// larger than max", and the same after decompression).
// TestOversizedMessageIsRefused fails should an upgrade reword it.
func isTooLarge(err error) bool {
	st := status.Convert(err)
	msg := st.Message()
	return st.Code() == codes.ResourceExhausted &&
		(strings.HasPrefix(msg, "grpc: received message") || strings.HasPrefix(msg, "grpc: message after decompression"))
}

// registrar registers services on its grpc.Server with every handler's reading
// of request messages watched by tooLarge. It is a grpc.ServiceRegistrar, and
// reflection.Register takes it as a server too.
type registrar struct {
	*grpc.Server
	tooLarge *tooLarge
}

func (r registrar) RegisterService(sd *grpc.ServiceDesc, impl any) {
	watched := *sd
	watched.Methods = slices.Clone(sd.Methods)
	for i, m := range watched.Methods {
		method, handler := "/"+sd.ServiceName+"/"+m.MethodName, m.Handler
		watched.Methods[i].Handler = func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			return handler(srv, ctx, func(m any) error { return r.tooLarge.check(ctx, method, dec(m)) }, ic)
		}
	}
	watched.Streams = slices.Clone(sd.Streams)
	for i, s := range watched.Streams {
		method, handler := "/"+sd.ServiceName+"/"+s.StreamName, s.Handler
		watched.Streams[i].Handler = func(srv any, ss grpc.ServerStream) error {
			return handler(srv, &watchedStream{ServerStream: ss, tooLarge: r.tooLarge, method: method})
		}
	}
	r.Server.RegisterService(&watched, impl)
}

// watchedStream is a ServerStream whose RecvMsg errors tooLarge checks.
type watchedStream struct {
	grpc.ServerStream
	tooLarge *tooLarge
	method   string
}

func (s *watchedStream) RecvMsg(m any) error {
	return s.tooLarge.check(s.Context(), s.method, s.ServerStream.RecvMsg(m))
}
