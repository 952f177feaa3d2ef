package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"example.com/shop/inventory/internal/resource"
)

// listOf pages through keys as a service's List does, counting the calls.
func listOf(keys []string, calls *int) func(context.Context, string, int) (resource.Page[string], error) {
	return func(_ context.Context, after string, size int) (resource.Page[string], error) {
		*calls++
		i, _ := slices.BinarySearch(keys, after)
		if i < len(keys) && keys[i] == after {
			i++
		}
		return resource.NewPage(keys[i:min(i+size, len(keys))], size, func(k string) string { return k }), nil
	}
}

func TestStreamPages(t *testing.T) {
	const total = resource.MaxPageSize + 5
	var keys []string
	for i := range total {
		keys = append(keys, fmt.Sprintf("k%04d", i))
	}
	for _, tt := range []struct {
		limit int32
		want  int
	}{
		{0, len(keys)},
		{3, 3},
		{resource.MaxPageSize, resource.MaxPageSize},
		{total + 10, total},
	} {
		var sent []string
		calls := 0
		send := func(k string) error {
			if len(sent) == len(keys) {
				return errors.New("more items sent than there are") // fail, not loop for ever
			}
			sent = append(sent, k)
			return nil
		}
		err := streamPages(t.Context(), slog.New(slog.DiscardHandler), tt.limit, listOf(keys, &calls), send)
		if err != nil || !slices.Equal(sent, keys[:tt.want]) {
			t.Errorf("limit %d: sent %d items (%v), want the first %d in order", tt.limit, len(sent), err, tt.want)
		}
		if maxCalls := tt.want/resource.MaxPageSize + 2; calls > maxCalls {
			t.Errorf("limit %d: %d List calls, want at most %d", tt.limit, calls, maxCalls)
		}
	}
}

func TestStreamPagesErrors(t *testing.T) {
	calls := 0
	nothing := func(string) error { return nil }
	if err := streamPages(t.Context(), slog.New(slog.DiscardHandler), -1, listOf(nil, &calls), nothing); status.Code(err) != codes.InvalidArgument || calls != 0 {
		t.Errorf("limit -1: %v after %d List calls, want InvalidArgument before any", err, calls)
	}
	failing := func(context.Context, string, int) (resource.Page[string], error) {
		return resource.Page[string]{}, resource.FieldErrors{"limit": "bad"}
	}
	if err := streamPages(t.Context(), slog.New(slog.DiscardHandler), 0, failing, nothing); status.Code(err) != codes.InvalidArgument {
		t.Errorf("List error: %v, want it mapped to InvalidArgument", err)
	}
	gone := errors.New("stream closed")
	err := streamPages(t.Context(), slog.New(slog.DiscardHandler), 0, listOf([]string{"a", "b"}, &calls), func(string) error { return gone })
	if !errors.Is(err, gone) {
		t.Errorf("send error: %v, want it returned as it is", err)
	}
}
