package grpcserver

import (
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
	"example.com/platform/ledger/internal/auth"
	"example.com/platform/ledger/internal/callinfo"
)

func TestAPIKeyAuth(t *testing.T) {
	const key = "test-key-0123456789abcdef"
	ts := start(t, Options{Authenticate: APIKeyAuth(auth.NewAPIKeys([]string{key}))})
	for _, tc := range []struct {
		name string
		md   metadata.MD
		want codes.Code
	}{
		{"missing", nil, codes.Unauthenticated},
		{"wrong", metadata.Pairs(APIKeyMetadata, "test-key-0123456789abcdeX"), codes.Unauthenticated},
		{"prefix", metadata.Pairs(APIKeyMetadata, key[:10]), codes.Unauthenticated},
		{"twice", metadata.Pairs(APIKeyMetadata, key, APIKeyMetadata, key), codes.Unauthenticated},
		{"valid", metadata.Pairs(APIKeyMetadata, key), codes.NotFound}, // admitted; no such user
	} {
		ctx := metadata.NewOutgoingContext(t.Context(), tc.md)
		_, err := ts.users.GetUser(ctx, &ledgerv1.GetUserRequest{Id: "nobody"})
		if code(err) != tc.want {
			t.Errorf("%s key: %v, want %v", tc.name, err, tc.want)
		}
	}
	// Probes carry no credentials; health stays open, as /livez and /readyz do.
	if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health check without a key: %v", err)
	}
	// Reflection describes the whole API: it needs a key.
	info, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(t.Context())
	if err == nil {
		// The server may refuse the stream before the request is sent; Recv says why.
		_ = info.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
		_, err = info.Recv()
	}
	if code(err) != codes.Unauthenticated {
		t.Errorf("reflection without a key: %v, want Unauthenticated", err)
	}
}

// The caller is recorded in the call's callinfo.Info, which the logging
// interceptor (outside auth) reads once the call returns.
func TestAPIKeyAuthRecordsCallerForTheLog(t *testing.T) {
	const key = "test-key-0123456789abcdef"
	ctx := callinfo.New(t.Context(), "req-1")
	if _, err := APIKeyAuth(auth.NewAPIKeys([]string{key}))(metadata.NewIncomingContext(ctx, metadata.Pairs(APIKeyMetadata, key))); err != nil {
		t.Fatal(err)
	}
	if caller := callinfo.Caller(ctx); !strings.HasPrefix(caller, "apikey:") {
		t.Errorf("caller seen outside auth = %q, want apikey:<digest prefix>", caller)
	}
}

// A refusal's reason is recorded for the log: whether a key came at all.
func TestAPIKeyAuthRecordsWhyItRefused(t *testing.T) {
	check := APIKeyAuth(auth.NewAPIKeys([]string{"test-key-0123456789abcdef"}))
	for _, tc := range []struct {
		md   metadata.MD
		want string
	}{
		{metadata.MD{}, auth.NoCredentials},
		{metadata.Pairs(APIKeyMetadata, "wrong-key-0123456789abcdef"), auth.BadCredentials},
	} {
		ctx := callinfo.New(t.Context(), "req-1")
		if _, err := check(metadata.NewIncomingContext(ctx, tc.md)); code(err) != codes.Unauthenticated {
			t.Fatalf("metadata %v: %v, want Unauthenticated", tc.md, err)
		}
		if got := callinfo.From(ctx).AuthFailure; got != tc.want {
			t.Errorf("metadata %v: recorded failure %q, want %q", tc.md, got, tc.want)
		}
	}
}
