package grpcserver

import (
	"context"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// readinessInterval is how often the gRPC health status is brought in line with
// /readyz. Health caches dependency checks, so polling costs nothing extra.
const readinessInterval = time.Second

// followReadiness mirrors the readiness of the service (start-up finished,
// dependencies up) into the standard health service until ctx is done.
func (s *Server) followReadiness(ctx context.Context) {
	ticker := time.NewTicker(readinessInterval)
	defer ticker.Stop()
	for {
		status := healthpb.HealthCheckResponse_NOT_SERVING
		if s.opts.Health.Ready(ctx) {
			status = healthpb.HealthCheckResponse_SERVING
		}
		if ctx.Err() != nil {
			return
		}
		for _, name := range s.names {
			s.status.SetServingStatus(name, status)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// endWithShutdown ends health Watch streams once the drain delay is over. A Watch
// stream lasts as long as its client wants, so without this one prober or
// health-checking client would hold GracefulStop until the shutdown timeout.
func (s *Server) endWithShutdown(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if info.FullMethod != healthpb.Health_Watch_FullMethodName {
		return handler(srv, ss)
	}
	ctx, cancel := context.WithCancel(ss.Context())
	defer cancel()
	stop := context.AfterFunc(s.watches, cancel)
	defer stop()
	return handler(srv, &streamWithContext{ServerStream: ss, ctx: ctx})
}

// streamWithContext is a ServerStream with another context.
type streamWithContext struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *streamWithContext) Context() context.Context { return s.ctx }
