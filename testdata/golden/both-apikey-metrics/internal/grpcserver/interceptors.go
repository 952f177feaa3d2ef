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
)

// recoverPanic turns a handler panic into codes.Internal with a generic message, and
// logs the value and stack: without it one panic would end the whole process.
func recoverPanic(logger *slog.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in gRPC handler", "panic", p, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	}
}

// needsAuth exempts the health service from authentication, as /livez and
// /readyz are on HTTP: probes carry no credentials. Reflection needs them, since it
// describes the whole API (grpcurl sends them with -H).
func needsAuth(_ context.Context, c interceptors.CallMeta) bool {
	return c.Service != healthpb.Health_ServiceDesc.ServiceName
}
