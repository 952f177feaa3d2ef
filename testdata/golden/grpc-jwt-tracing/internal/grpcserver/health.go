package grpcserver

import (
	"context"
	"time"

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
		for _, name := range servingNames {
			s.status.SetServingStatus(name, status)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
