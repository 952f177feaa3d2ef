package grpcserver

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
	"example.com/platform/ledger/internal/ratelimit"
	"example.com/platform/ledger/internal/users"
)

func TestRateLimitRefusesWithResourceExhausted(t *testing.T) {
	const burst = 3
	ts := start(t, Options{RateLimiter: ratelimit.New(0.001, burst, 10)})
	for i := range burst {
		if _, err := ts.users.GetUser(t.Context(), &ledgerv1.GetUserRequest{Id: "nobody"}); code(err) != codes.NotFound {
			t.Fatalf("call %d within the burst: %v, want admitted (NotFound)", i+1, err)
		}
	}
	if _, err := ts.users.GetUser(t.Context(), &ledgerv1.GetUserRequest{Id: "nobody"}); code(err) != codes.ResourceExhausted {
		t.Errorf("unary call over the burst: %v, want ResourceExhausted", err)
	}
	stream, err := ts.users.ListUsers(t.Context(), &ledgerv1.ListUsersRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	if code(err) != codes.ResourceExhausted {
		t.Errorf("stream over the burst: %v, want ResourceExhausted", err)
	}
	// Probes are not API calls: they always get through.
	for range 2 * burst {
		if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{}); err != nil {
			t.Fatalf("health check of a limited client: %v", err)
		}
	}
}

func TestRequestTimeoutEndsHungCalls(t *testing.T) {
	const timeout = 100 * time.Millisecond
	ts := start(t, Options{Users: users.NewService(blockingRepo{}), RequestTimeout: timeout})
	// The client's own deadline is far later: only the server's can end the calls
	// in time.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()

	begin := time.Now()
	if _, err := ts.users.GetUser(ctx, &ledgerv1.GetUserRequest{Id: "x"}); code(err) != codes.DeadlineExceeded {
		t.Errorf("hung unary call: %v, want DeadlineExceeded", err)
	}
	stream, err := ts.users.ListUsers(ctx, &ledgerv1.ListUsersRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	if code(err) != codes.DeadlineExceeded {
		t.Errorf("hung stream: %v, want DeadlineExceeded", err)
	}
	if took := time.Since(begin); took > 2*time.Second {
		t.Errorf("two hung calls took %v: ended by the client's deadline, not the server's %v", took, timeout)
	}

	// Health Watch streams are not API calls: they outlive the timeout.
	watch, err := ts.health.Watch(t.Context(), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := watch.Recv(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * timeout)
	ts.hc.MarkStopping()
	if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("Watch after 3× the request timeout = %v, %v; want the NOT_SERVING update", resp, err)
	}
}
