package grpcserver

import (
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/stats"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
)

func TestCallsAreTraced(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer func() {
		if err := tp.Shutdown(t.Context()); err != nil {
			t.Error(err)
		}
	}()
	ts := start(t, Options{StatsHandlers: []stats.Handler{otelgrpc.NewServerHandler(otelgrpc.WithTracerProvider(tp))}})
	if _, err := ts.users.GetUser(t.Context(), &inventoryv1.GetUserRequest{Id: "nobody"}); code(err) != codes.NotFound {
		t.Fatalf("GetUser: %v", err)
	}
	// every span has ended
	if err := ts.shutdown(t); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	const want = "inventory.v1.UserService/GetUser"
	for _, s := range spans.Ended() {
		if s.Name() == want {
			return
		}
	}
	t.Errorf("no span named %s among %d ended spans", want, len(spans.Ended()))
}
