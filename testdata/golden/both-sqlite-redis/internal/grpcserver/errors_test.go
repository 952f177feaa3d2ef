package grpcserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/resource"
)

// Every resource's errors get their code from apiStatus alone: a resource declares
// them with package resource and writes no mapping of its own.
func TestAPIStatusMapsKinds(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   codes.Code
		msg    string
		logged bool
	}{
		{"not found, wrapped", fmt.Errorf("load: %w", resource.NotFound("order not found")), codes.NotFound, "order not found", false},
		{"conflict", resource.Conflict("order already paid"), codes.AlreadyExists, "order already paid", false},
		{"invalid fields", resource.FieldErrors{"quantity": "must be positive", "item": "is required"}, codes.InvalidArgument, "invalid input: item is required; quantity must be positive", false},
		{"kind without a code", &resource.Error{Kind: errors.New("secret kind"), Message: "secret"}, codes.Internal, "internal error", true},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), codes.DeadlineExceeded, "", false},
		{"unexpected", errors.New("dial tcp 10.0.0.7: refused"), codes.Internal, "internal error", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			st := status.Convert(apiStatus(t.Context(), slog.New(slog.NewJSONHandler(&logs, nil)), tt.err))
			if st.Code() != tt.code || (tt.msg != "" && st.Message() != tt.msg) {
				t.Errorf("apiStatus = %v %q, want %v %q", st.Code(), st.Message(), tt.code, tt.msg)
			}
			if logged := strings.Contains(logs.String(), "call failed"); logged != tt.logged {
				t.Errorf("logged = %v, want %v: %s", logged, tt.logged, logs.String())
			}
		})
	}
}
