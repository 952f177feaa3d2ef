package grpcserver

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
)

// The call metrics keep the standard names and labels, which dashboards and
// alerts written for go-grpc-prometheus query.
func TestMetricsCountCallsByMethodAndCode(t *testing.T) {
	reg := prometheus.NewRegistry()
	unary, stream := MetricsInterceptors(reg)
	ts := start(t, Options{Unary: []grpc.UnaryServerInterceptor{unary}, Stream: []grpc.StreamServerInterceptor{stream}})
	if _, err := ts.users.GetUser(t.Context(), &inventoryv1.GetUserRequest{Id: "missing"}); code(err) != codes.NotFound {
		t.Fatalf("GetUser: %v", err)
	}
	want := `
# HELP grpc_server_handled_total Total number of RPCs completed on the server, regardless of success or failure.
# TYPE grpc_server_handled_total counter
grpc_server_handled_total{grpc_code="NotFound",grpc_method="GetUser",grpc_service="inventory.v1.UserService",grpc_type="unary"} 1
# HELP grpc_server_started_total Total number of RPCs started on the server.
# TYPE grpc_server_started_total counter
grpc_server_started_total{grpc_method="GetUser",grpc_service="inventory.v1.UserService",grpc_type="unary"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "grpc_server_handled_total", "grpc_server_started_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "grpc_server_handling_seconds"); n != 1 {
		t.Errorf("grpc_server_handling_seconds has %d series, want 1", n)
	}
}

func TestMetricsCountTooLargeMessages(t *testing.T) {
	reg := prometheus.NewRegistry()
	ts := start(t, Options{CountTooLarge: TooLargeCounter(reg)})
	sendTooLarge(t, ts)
	want := `
# HELP grpc_server_msg_too_large_total gRPC calls refused because a request message was larger than the limit.
# TYPE grpc_server_msg_too_large_total counter
grpc_server_msg_too_large_total{grpc_method="CreateUser",grpc_service="inventory.v1.UserService"} 1
grpc_server_msg_too_large_total{grpc_method="ListUsers",grpc_service="inventory.v1.UserService"} 1
`
	// The server counts a refusal once it has answered it, so the client can
	// see its error a moment before the count moves.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := testutil.GatherAndCompare(reg, strings.NewReader(want), "grpc_server_msg_too_large_total")
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
