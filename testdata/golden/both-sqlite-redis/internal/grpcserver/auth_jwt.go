package grpcserver

import (
	"context"

	grpcauth "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/auth"
	"example.com/shop/inventory/internal/callinfo"
)

// JWTAuth authenticates calls by an "authorization: Bearer <token>" metadata
// entry, with auth.JWTVerifier (algorithm pinned, expiry and subject required), as
// the HTTP API.
func JWTAuth(verifier *auth.JWTVerifier) grpcauth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		values := metadata.ValueFromIncomingContext(ctx, "authorization")
		var token string
		if len(values) == 1 {
			token, _ = auth.BearerToken(values[0])
		}
		caller, ok := verifier.Check(token)
		if !ok {
			callinfo.SetAuthFailure(ctx, auth.Failure(len(values) > 0))
			return nil, status.Error(codes.Unauthenticated, "missing or invalid credentials")
		}
		return callinfo.WithCaller(ctx, caller), nil
	}
}
