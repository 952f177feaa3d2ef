package grpcserver

import (
	"context"
	"log/slog"
	"runtime/debug"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/callinfo"
)

// recoverPanic turns a handler panic into codes.Internal with a generic message, and
// logs the value and stack: without it one panic would end the whole process.
func recoverPanic(logger *slog.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in gRPC handler", "panic", p, "stack", string(debug.Stack()), "request_id", callinfo.RequestID(ctx))
		return status.Error(codes.Internal, "internal error")
	}
}

// isAPICall selects the calls that authentication, rate limits and deadlines
// apply to: all but the health service's, as on HTTP the probes are outside the
// API. Probes carry no credentials and must always get through. Reflection counts
// as API, since it describes the whole API (grpcurl sends credentials with -H).
func isAPICall(_ context.Context, c interceptors.CallMeta) bool {
	return c.Service != healthpb.Health_ServiceDesc.ServiceName
}
