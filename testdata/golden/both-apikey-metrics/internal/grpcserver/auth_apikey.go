package grpcserver

import (
	"context"

	grpcauth "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"example.com/platform/ledger/internal/auth"
	"example.com/platform/ledger/internal/callinfo"
)

// APIKeyMetadata is the metadata key callers send their API key in, the gRPC twin
// of the HTTP X-API-Key header.
const APIKeyMetadata = "x-api-key"

// APIKeyAuth authenticates calls by their x-api-key metadata, with auth.APIKeys'
// constant-time check, as the HTTP API.
func APIKeyAuth(keys *auth.APIKeys) grpcauth.AuthFunc {
	return func(ctx context.Context) (context.Context, error) {
		values := metadata.ValueFromIncomingContext(ctx, APIKeyMetadata)
		var key string
		if len(values) == 1 {
			key = values[0]
		}
		caller, ok := keys.Check(key)
		if !ok {
			callinfo.SetAuthFailure(ctx, auth.Failure(len(values) > 0))
			return nil, status.Error(codes.Unauthenticated, "missing or invalid credentials")
		}
		return callinfo.WithCaller(ctx, caller), nil
	}
}
