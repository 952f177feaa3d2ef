package grpcserver

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
	"example.com/shop/inventory/internal/auth"
	"example.com/shop/inventory/internal/callinfo"
	"example.com/shop/inventory/internal/config"
)

func TestJWTAuth(t *testing.T) {
	secret := []byte("test-secret-0123456789abcdef-0123456789")
	cfg := config.Auth{Algorithm: "HS256", Secret: secret, Audience: "test-api", Leeway: 30 * time.Second}
	ts := start(t, Options{Authenticate: JWTAuth(auth.NewJWTVerifier(cfg))})
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		token, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	now := time.Now()
	valid := jwt.MapClaims{"sub": "ada", "aud": "test-api", "exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
	expired := jwt.MapClaims{"sub": "ada", "aud": "test-api", "exp": now.Add(-time.Hour).Unix()}
	noExp := jwt.MapClaims{"sub": "ada", "aud": "test-api"}
	otherAudience := jwt.MapClaims{"sub": "ada", "aud": "other-api", "exp": now.Add(time.Hour).Unix()}
	for _, tc := range []struct {
		name, authorization string
		want                codes.Code
	}{
		{"missing", "", codes.Unauthenticated},
		{"not bearer", "Basic " + sign(jwt.SigningMethodHS256, secret, valid), codes.Unauthenticated},
		{"wrong secret", "Bearer " + sign(jwt.SigningMethodHS256, []byte("another-secret-0123456789abcdef-xx"), valid), codes.Unauthenticated},
		{"expired", "Bearer " + sign(jwt.SigningMethodHS256, secret, expired), codes.Unauthenticated},
		{"no exp", "Bearer " + sign(jwt.SigningMethodHS256, secret, noExp), codes.Unauthenticated},
		{"alg none", "Bearer " + sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid), codes.Unauthenticated},
		{"other alg", "Bearer " + sign(jwt.SigningMethodHS384, secret, valid), codes.Unauthenticated},
		{"other audience", "Bearer " + sign(jwt.SigningMethodHS256, secret, otherAudience), codes.Unauthenticated},
		{"valid", "Bearer " + sign(jwt.SigningMethodHS256, secret, valid), codes.NotFound}, // admitted; no such user
	} {
		ctx := t.Context()
		if tc.authorization != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", tc.authorization)
		}
		_, err := ts.users.GetUser(ctx, &inventoryv1.GetUserRequest{Id: "nobody"})
		if code(err) != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health check without a token: %v", err)
	}
}

// The caller, the token's subject, is recorded in the call's callinfo.Info, which
// the logging interceptor (outside auth) reads once the call returns.
func TestJWTAuthRecordsCallerForTheLog(t *testing.T) {
	secret := []byte("test-secret-0123456789abcdef-0123456789")
	verifier := auth.NewJWTVerifier(config.Auth{Algorithm: "HS256", Secret: secret, Audience: "test-api", Leeway: 30 * time.Second})
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "ada", "aud": "test-api", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	ctx := callinfo.New(t.Context(), "req-1")
	if _, err := JWTAuth(verifier)(metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+token))); err != nil {
		t.Fatal(err)
	}
	if caller := callinfo.Caller(ctx); caller != "ada" {
		t.Errorf("caller seen outside auth = %q, want the subject ada", caller)
	}
}

// A refusal's reason is recorded for the log: whether credentials came at all.
func TestJWTAuthRecordsWhyItRefused(t *testing.T) {
	check := JWTAuth(auth.NewJWTVerifier(config.Auth{Algorithm: "HS256", Secret: []byte("test-secret-0123456789abcdef-0123456789")}))
	for _, tc := range []struct {
		md   metadata.MD
		want string
	}{
		{metadata.MD{}, auth.NoCredentials},
		{metadata.Pairs("authorization", "Bearer not.a.token"), auth.BadCredentials},
		{metadata.Pairs("authorization", "Basic dXNlcjpwYXNz"), auth.BadCredentials},
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
