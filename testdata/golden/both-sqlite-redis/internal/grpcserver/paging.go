package grpcserver

import (
	"context"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/resource"
)

// streamPages is the body of every server-streaming List call: it sends what list
// returns, page by page in key order, until the last page or limit items (0: no
// limit), so that memory stays bounded by one page however many items there are.
// list is a service's List (errors are mapped by apiStatus); send converts an
// item and sends it (its error, the stream's, ends the call as it is).
func streamPages[T any](ctx context.Context, logger *slog.Logger, limit int32, list func(ctx context.Context, after string, size int) (resource.Page[T], error), send func(T) error) error {
	if limit < 0 {
		return status.Error(codes.InvalidArgument, "limit must not be negative")
	}
	remaining := int(limit)
	after := ""
	for {
		size := resource.MaxPageSize
		if limit > 0 {
			size = min(size, remaining)
		}
		page, err := list(ctx, after, size)
		if err != nil {
			return apiStatus(ctx, logger, err)
		}
		for _, item := range page.Items {
			if err := send(item); err != nil {
				return err
			}
		}
		remaining -= len(page.Items)
		if page.NextAfter == "" || (limit > 0 && remaining == 0) {
			return nil
		}
		after = page.NextAfter
	}
}
