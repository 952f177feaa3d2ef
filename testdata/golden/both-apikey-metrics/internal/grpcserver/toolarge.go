package grpcserver

import (
	"context"
	"log/slog"
	"net/netip"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"

	"example.com/platform/ledger/internal/ratelimit"
)

// tooLarge logs each call refused because its request message exceeded
// maxRecvMsgSize, and reports it to count (a metric) when that is set. grpc-go
// refuses such a message before the handler and, for unary calls, before every
// interceptor, so the access log and call metrics never see them; a stats handler
// sees the end of every call. It acts on nothing else, and allocates nothing for
// the calls that pass.
type tooLarge struct {
	logger  *slog.Logger
	trusted []netip.Prefix
	count   func(method string)
}

func (h tooLarge) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (h tooLarge) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (h tooLarge) HandleConn(context.Context, stats.ConnStats)                       {}

func (h tooLarge) HandleRPC(ctx context.Context, s stats.RPCStats) {
	end, ok := s.(*stats.End)
	if !ok || end.Error == nil || !isTooLarge(end.Error) {
		return
	}
	// Only registered methods get this far, so the method names are bounded.
	method, _ := grpc.Method(ctx)
	client := ratelimit.ClientAddr(peerAddr(ctx), metadata.ValueFromIncomingContext(ctx, "x-forwarded-for"), h.trusted)
	h.logger.LogAttrs(ctx, slog.LevelWarn, "grpc message too large",
		slog.String("method", method),
		slog.String("client", client.String()),
		slog.String("error", status.Convert(end.Error).Message()),
	)
	if h.count != nil {
		h.count(method)
	}
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
