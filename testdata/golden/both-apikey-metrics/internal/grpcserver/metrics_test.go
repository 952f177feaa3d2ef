package grpcserver

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
)

func TestMetricsCountCallsByMethodAndCode(t *testing.T) {
	reg := prometheus.NewRegistry()
	unary, stream := MetricsInterceptors(reg)
	ts := start(t, Options{Unary: []grpc.UnaryServerInterceptor{unary}, Stream: []grpc.StreamServerInterceptor{stream}})
	if _, err := ts.users.GetUser(t.Context(), &ledgerv1.GetUserRequest{Id: "missing"}); code(err) != codes.NotFound {
		t.Fatalf("GetUser: %v", err)
	}
	want := `
# HELP grpc_server_handled_total gRPC calls completed, by full method name and status code.
# TYPE grpc_server_handled_total counter
grpc_server_handled_total{code="NotFound",method="/ledger.v1.UserService/GetUser"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "grpc_server_handled_total"); err != nil {
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
# HELP grpc_server_msg_too_large_total gRPC calls refused because a request message was larger than the limit, by full method name.
# TYPE grpc_server_msg_too_large_total counter
grpc_server_msg_too_large_total{method="/ledger.v1.UserService/CreateUser"} 1
grpc_server_msg_too_large_total{method="/ledger.v1.UserService/ListUsers"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "grpc_server_msg_too_large_total"); err != nil {
		t.Error(err)
	}
}
