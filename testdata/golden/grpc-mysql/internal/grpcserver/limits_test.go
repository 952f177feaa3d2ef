package grpcserver

import (
	"context"
	"errors"
	"io"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	billingv1 "example.com/billing/gen/billing/v1"
	"example.com/billing/internal/app"
	"example.com/billing/internal/ratelimit"
	"example.com/billing/internal/users"
)

func TestRateLimitRefusesWithResourceExhausted(t *testing.T) {
	const burst = 3
	ts := start(t, Options{RateLimiter: ratelimit.New(0.001, burst, 10)})
	for i := range burst {
		if _, err := ts.users.GetUser(t.Context(), &billingv1.GetUserRequest{Id: "nobody"}); code(err) != codes.NotFound {
			t.Fatalf("call %d within the burst: %v, want admitted (NotFound)", i+1, err)
		}
	}
	if _, err := ts.users.GetUser(t.Context(), &billingv1.GetUserRequest{Id: "nobody"}); code(err) != codes.ResourceExhausted {
		t.Errorf("unary call over the burst: %v, want ResourceExhausted", err)
	}
	stream, err := ts.users.ListUsers(t.Context(), &billingv1.ListUsersRequest{})
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

// Behind a trusted proxy each client named by x-forwarded-for has its own limit;
// from an untrusted peer the metadata is ignored, so a client cannot dodge its
// limit by changing it.
func TestRateLimitKeysClientsBehindTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		want    codes.Code // for a second client's first call
	}{
		{"trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, codes.NotFound},
		{"untrusted peer", nil, codes.ResourceExhausted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := start(t, Options{RateLimiter: ratelimit.New(0.001, 1, 10), TrustedProxies: tc.trusted})
			call := func(client string) error {
				ctx := metadata.AppendToOutgoingContext(t.Context(), "x-forwarded-for", client)
				_, err := ts.users.GetUser(ctx, &billingv1.GetUserRequest{Id: "nobody"})
				return err
			}
			if err := call("198.51.100.1"); code(err) != codes.NotFound {
				t.Fatalf("first client's first call: %v, want admitted (NotFound)", err)
			}
			if err := call("198.51.100.1"); code(err) != codes.ResourceExhausted {
				t.Errorf("first client's second call: %v, want ResourceExhausted", err)
			}
			if err := call("198.51.100.2"); code(err) != tc.want {
				t.Errorf("second client's first call: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestRequestTimeoutEndsHungUnaryCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const timeout = 100 * time.Millisecond
		services := app.Memory()
		services.Users = users.NewService(blockingRepo{})
		ts := startInBubble(t, Options{Services: services, RequestTimeout: timeout})
		// The client's own deadline is far later: only the server's can end the
		// call in time.
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		begin := time.Now()
		if _, err := ts.users.GetUser(ctx, &billingv1.GetUserRequest{Id: "x"}); code(err) != codes.DeadlineExceeded {
			t.Errorf("hung unary call: %v, want DeadlineExceeded", err)
		}
		if took := time.Since(begin); took != timeout {
			t.Errorf("hung call ended after %v, want the server's %v", took, timeout)
		}
		// The repository read goes on without the call, as reads by ID are shared
		// by their callers, until its own bound (package users): let it end.
		time.Sleep(time.Minute)
	})
}

// slowRepo takes wait to list the users, as a large table would.
type slowRepo struct {
	users.Repository
	wait time.Duration
}

func (r slowRepo) List(ctx context.Context, _ string, _ int) ([]users.User, error) {
	select {
	case <-time.After(r.wait):
		return nil, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Streams last as long as they have something to send: neither ListUsers nor a
// health Watch is cut off at the request timeout.
func TestStreamsOutliveRequestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const timeout = 100 * time.Millisecond
		services := app.Memory()
		services.Users = users.NewService(slowRepo{wait: 3 * timeout})
		ts := startInBubble(t, Options{Services: services, RequestTimeout: timeout})
		stream, err := ts.users.ListUsers(t.Context(), &billingv1.ListUsersRequest{})
		if err == nil {
			_, err = stream.Recv()
		}
		if !errors.Is(err, io.EOF) {
			t.Errorf("ListUsers taking 3× the request timeout: %v, want it to complete", err)
		}

		watch, err := ts.health.Watch(t.Context(), &healthpb.HealthCheckRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := watch.Recv(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * timeout) // in the bubble's time: costs nothing
		ts.hc.MarkStopping()
		if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Errorf("Watch after 3× the request timeout = %v, %v; want the NOT_SERVING update", resp, err)
		}
	})
}
