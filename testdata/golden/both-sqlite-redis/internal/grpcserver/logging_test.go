package grpcserver

import (
	"log/slog"
	"strings"
	"testing"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestHealthChecksAreLoggedOnlyWhenTheyFail checks that answered health Checks
// write no access-log line, while a failed one (of an unknown service) does.
func TestHealthChecksAreLoggedOnlyWhenTheyFail(t *testing.T) {
	var logs syncBuffer
	ts := start(t, Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	for range 3 {
		if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{Service: "no.such.Service"}); err == nil {
		t.Fatal("Check of an unknown service succeeded")
	}
	if err := ts.shutdown(t); err != nil {
		t.Errorf("shutdown: %v", err)
	}

	var checks int
	for line := range strings.Lines(logs.String()) {
		if strings.Contains(line, `"msg":"grpc call"`) && strings.Contains(line, healthpb.Health_Check_FullMethodName) {
			checks++
			if !strings.Contains(line, `"code":"NotFound"`) {
				t.Errorf("logged a Check that did not fail: %s", line)
			}
		}
	}
	if checks != 1 {
		t.Errorf("%d Check lines logged, want 1 (the failed one):\n%s", checks, logs.String())
	}
}
