package main

import (
	"context"
	"testing"
)

// testCredentials is empty: the API is generated without authentication.
func testCredentials(*testing.T) credentials {
	return credentials{
		grpc: func(ctx context.Context) context.Context { return ctx },
	}
}
