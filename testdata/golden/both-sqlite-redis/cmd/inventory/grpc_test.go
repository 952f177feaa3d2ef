package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
)

// TestRunServesGRPC runs the binary's run with HTTP and gRPC on loopback ports: a
// user created over HTTP is read over gRPC, gRPC health says SERVING, and
// one cancel stops both servers.
func TestRunServesGRPC(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	creds := testCredentials(t)
	vars := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "GRPC_ADDR": "127.0.0.1:0", "SHUTDOWN_TIMEOUT": "1s"}
	for k, v := range creds.env {
		vars[k] = v
	}
	addrs := make(chan net.Addr, 2)
	names := make(chan string, 2)
	errs := make(chan error, 1)
	getenv := testEnv(t, vars) // here, not in the goroutine: it may skip the test
	go func() {
		errs <- run(ctx, getenv, &syncBuffer{}, func(name string, a net.Addr) { names <- name; addrs <- a })
	}()
	listening := map[string]string{}
	for len(listening) < 2 {
		select {
		case name := <-names:
			listening[name] = (<-addrs).String()
		case err := <-errs:
			t.Fatalf("run() = %v before listening", err)
		case <-time.After(10 * time.Second):
			t.Fatal("run() did not start listening")
		}
	}
	waitStarted(t, "http://"+listening["http"])

	conn, err := grpc.NewClient(listening["grpc"], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := inventoryv1.NewUserServiceClient(conn)

	// Create over HTTP.
	req, err := http.NewRequest(http.MethodPost, "http://"+listening["http"]+"/api/v1/users", strings.NewReader(`{"name":"Ada","email":"ada@example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	creds.http(req)
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	resp, err := (&http.Client{Transport: transport, Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || err != nil {
		t.Fatalf("POST /api/v1/users = %d, %v", resp.StatusCode, err)
	}

	// Read over gRPC.
	got, err := client.GetUser(creds.grpc(t.Context()), &inventoryv1.GetUserRequest{Id: created.ID})
	if err != nil || got.GetEmail() != "ada@example.com" {
		t.Fatalf("GetUser over gRPC = %v, %v; want the user created over HTTP", got, err)
	}
	// gRPC health follows readiness once a second, so it may still say NOT_SERVING
	// right after start-up: watch it until it says SERVING.
	watchCtx, stopWatch := context.WithTimeout(t.Context(), 10*time.Second)
	defer stopWatch()
	watch, err := healthpb.NewHealthClient(conn).Watch(watchCtx, &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		health, err := watch.Recv()
		if err != nil {
			t.Fatalf("gRPC health never said SERVING: %v", err)
		}
		if health.GetStatus() == healthpb.HealthCheckResponse_SERVING {
			break
		}
	}

	cancel() // what SIGINT or SIGTERM does in main
	select {
	case err := <-errs:
		if err != nil {
			t.Errorf("run() after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run() did not stop both servers after cancel")
	}
}
