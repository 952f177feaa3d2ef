package grpcserver

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/callinfo"
	"example.com/shop/inventory/internal/resource"
)

// kindCodes is the gRPC code of each kind of failure of package resource, for
// every resource's service.
var kindCodes = map[error]codes.Code{
	resource.ErrNotFound: codes.NotFound,
	resource.ErrConflict: codes.AlreadyExists,
	resource.ErrInvalid:  codes.InvalidArgument,
}

// apiStatus maps an error of the service layer to what the client gets: invalid
// fields are InvalidArgument listing them, a resource.Error has its kind's code
// and its own message, and a cancelled or expired context its own code. Anything
// else is logged and answered with a generic Internal, so that internals never
// reach the client.
func apiStatus(ctx context.Context, logger *slog.Logger, err error) error {
	var fields resource.FieldErrors
	var known *resource.Error
	switch {
	case errors.As(err, &fields):
		return status.Error(codes.InvalidArgument, fields.Error())
	case errors.As(err, &known):
		if c, ok := kindCodes[known.Kind]; ok {
			return status.Error(c, known.Message)
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	}
	logger.ErrorContext(ctx, "call failed", "error", err, "request_id", callinfo.RequestID(ctx))
	return status.Error(codes.Internal, "internal error")
}
