package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"google.golang.org/grpc/metadata"
)

// testCredentials configures a credential and sends it on both transports.
func testCredentials(t *testing.T) credentials {
	const secret = "test-secret-0123456789abcdef-0123456789"
	claims := jwt.MapClaims{"sub": "test", "aud": "test-api", "exp": time.Now().Add(time.Hour).Unix()}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return credentials{
		env:  map[string]string{"JWT_SECRET": secret, "JWT_AUDIENCE": "test-api"},
		http: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) },
		grpc: func(ctx context.Context) context.Context {
			return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
		},
	}
}
