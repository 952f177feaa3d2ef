package grpcserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	inventoryv1 "example.com/shop/inventory/gen/inventory/v1"
	"example.com/shop/inventory/internal/app"
	"example.com/shop/inventory/internal/callinfo"
	"example.com/shop/inventory/internal/health"
	"example.com/shop/inventory/internal/resource"
	"example.com/shop/inventory/internal/users"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// syncBuffer collects the log of a server under test: its goroutines write while
// the test reads, which bytes.Buffer alone does not allow.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is a running server on a loopback port and a client connected to it.
type testServer struct {
	addr   string
	conn   *grpc.ClientConn
	users  inventoryv1.UserServiceClient
	health healthpb.HealthClient
	hc     *health.Health
	stop   context.CancelFunc
	done   chan error
}

// mustNew is New(opts), which must succeed.
func mustNew(tb testing.TB, opts Options) *Server {
	tb.Helper()
	srv, err := New(opts)
	if err != nil {
		tb.Fatalf("New() = %v", err)
	}
	return srv
}

func start(t *testing.T, opts Options) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serve(t, opts, ln, ln.Addr().String())
}

// startInBubble is start for a test inside a synctest bubble, whose clock moves
// only while every goroutine of the bubble is blocked on the bubble's own
// channels, locks and timers. A socket is none of those, so the client reaches
// the server through an in-memory bufconn listener instead of loopback TCP.
func startInBubble(t *testing.T, opts Options) *testServer {
	t.Helper()
	ln := bufconn.Listen(1 << 20)
	dial := func(ctx context.Context, _ string) (net.Conn, error) { return ln.DialContext(ctx) }
	return serve(t, opts, ln, "passthrough:///bufconn", grpc.WithContextDialer(dial))
}

// serve runs New(opts) on ln until the test ends, with a client dialling target.
func serve(t *testing.T, opts Options, ln net.Listener, target string, dialOpts ...grpc.DialOption) *testServer {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Health == nil {
		opts.Health = health.New("test", opts.Logger)
		opts.Health.MarkStarted()
	}
	if opts.Services == (app.Services{}) {
		opts.Services = app.Memory()
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{addr: ln.Addr().String(), hc: opts.Health, stop: cancel, done: make(chan error, 1)}
	srv := mustNew(t, opts)
	go func() { ts.done <- srv.Serve(ctx, ln) }()
	var err error
	dialOpts = append(dialOpts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if ts.conn, err = grpc.NewClient(target, dialOpts...); err != nil {
		t.Fatal(err)
	}
	ts.users = inventoryv1.NewUserServiceClient(ts.conn)
	ts.health = healthpb.NewHealthClient(ts.conn)
	t.Cleanup(func() {
		ts.conn.Close()
		if err := ts.shutdown(t); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return ts
}

// shutdown stops the server (once) and returns what Serve returned.
func (ts *testServer) shutdown(t *testing.T) error {
	t.Helper()
	ts.stop()
	select {
	case err, ok := <-ts.done:
		if ok {
			close(ts.done)
		}
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after shutdown")
		return nil
	}
}

func code(err error) codes.Code { return status.Code(err) }

func TestUsersRoundTrip(t *testing.T) {
	ts := start(t, Options{})
	ctx := t.Context()
	created, err := ts.users.CreateUser(ctx, &inventoryv1.CreateUserRequest{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ts.users.GetUser(ctx, &inventoryv1.GetUserRequest{Id: created.GetId()})
	if err != nil || got.GetEmail() != "ada@example.com" || !got.GetCreateTime().IsValid() {
		t.Fatalf("GetUser = %v, %v", got, err)
	}
	if _, err := ts.users.CreateUser(ctx, &inventoryv1.CreateUserRequest{Name: "Ada", Email: "ada@example.com"}); code(err) != codes.AlreadyExists {
		t.Errorf("duplicate CreateUser: %v, want AlreadyExists", err)
	}
	if _, err := ts.users.CreateUser(ctx, &inventoryv1.CreateUserRequest{Name: "", Email: "nope"}); code(err) != codes.InvalidArgument {
		t.Errorf("invalid CreateUser: %v, want InvalidArgument", err)
	}
	if _, err := ts.users.DeleteUser(ctx, &inventoryv1.DeleteUserRequest{Id: created.GetId()}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.users.GetUser(ctx, &inventoryv1.GetUserRequest{Id: created.GetId()}); code(err) != codes.NotFound {
		t.Errorf("GetUser after delete: %v, want NotFound", err)
	}
}

func TestListUsersStreamsAllOrLimit(t *testing.T) {
	ts := start(t, Options{})
	ctx := t.Context()
	const n = resource.MaxPageSize + 5 // more than one page
	for i := range n {
		name := "user" + string(rune('a'+i%26))
		if _, err := ts.users.CreateUser(ctx, &inventoryv1.CreateUserRequest{Name: name, Email: strings.Repeat("x", i+1) + "@example.com"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ limit, want int32 }{{0, n}, {3, 3}, {n + 10, n}} {
		stream, err := ts.users.ListUsers(ctx, &inventoryv1.ListUsersRequest{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		var got int32
		last := ""
		for {
			u, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.GetId() <= last {
				t.Errorf("ids out of order: %q after %q", u.GetId(), last)
			}
			last = u.GetId()
			got++
		}
		if got != tc.want {
			t.Errorf("ListUsers(limit %d) streamed %d users, want %d", tc.limit, got, tc.want)
		}
	}
	stream, err := ts.users.ListUsers(ctx, &inventoryv1.ListUsersRequest{Limit: -1})
	if err == nil {
		_, err = stream.Recv()
	}
	if code(err) != codes.InvalidArgument {
		t.Errorf("ListUsers(limit -1): %v, want InvalidArgument", err)
	}
}

// waitStatus polls the health service until it reports want for name. Inside a
// synctest bubble its sleeps and deadline cost no time.
func waitStatus(t *testing.T, c healthpb.HealthClient, name string, want healthpb.HealthCheckResponse_ServingStatus) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := c.Check(t.Context(), &healthpb.HealthCheckRequest{Service: name})
		if err == nil && resp.GetStatus() == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("health of %q = %v, %v; want %v", name, resp.GetStatus(), err, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHealthFollowsLifeCycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger := slog.New(slog.DiscardHandler)
		h := health.New("test", logger)
		ts := startInBubble(t, Options{Health: h, DrainDelay: 500 * time.Millisecond})
		service := inventoryv1.UserService_ServiceDesc.ServiceName

		// Before start-up has finished: NOT_SERVING, not grpc-go's default SERVING.
		waitStatus(t, ts.health, "", healthpb.HealthCheckResponse_NOT_SERVING)
		waitStatus(t, ts.health, service, healthpb.HealthCheckResponse_NOT_SERVING)

		h.MarkStarted()
		waitStatus(t, ts.health, "", healthpb.HealthCheckResponse_SERVING)
		waitStatus(t, ts.health, service, healthpb.HealthCheckResponse_SERVING)

		// Shutdown: NOT_SERVING at once, while calls are still served during the drain.
		ts.stop()
		waitStatus(t, ts.health, "", healthpb.HealthCheckResponse_NOT_SERVING)
		if _, err := ts.users.CreateUser(t.Context(), &inventoryv1.CreateUserRequest{Name: "Late", Email: "late@example.com"}); err != nil {
			t.Errorf("call during the drain delay failed: %v", err)
		}
		if err := ts.shutdown(t); err != nil {
			t.Errorf("Serve = %v, want a clean stop", err)
		}
	})
}

func TestNewRefusesAnUnwiredService(t *testing.T) {
	_, err := New(Options{Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "service Users is not wired") {
		t.Errorf("New() without Users = %v, want a start-up error naming Users", err)
	}
}

// TestHealthAnswersForEveryRegisteredService asks the server itself (through
// reflection) which services it has, so that a service registered in New is
// checked here without being named anywhere.
func TestHealthAnswersForEveryRegisteredService(t *testing.T) {
	ts := start(t, Options{})
	stream, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	services := resp.GetListServicesResponse().GetService()
	checked := 0
	for _, svc := range services {
		name := svc.GetName()
		if name == healthpb.Health_ServiceDesc.ServiceName || strings.HasPrefix(name, "grpc.reflection.") {
			continue
		}
		checked++
		waitStatus(t, ts.health, name, healthpb.HealthCheckResponse_SERVING)
	}
	if checked == 0 {
		t.Errorf("reflection listed %v, want at least one API service", services)
	}
}

func TestHealthFollowsDependencies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger := slog.New(slog.DiscardHandler)
		h := health.New("test", logger)
		var mu sync.Mutex
		depErr := errors.New("down")
		h.Register("db", func(context.Context) error { mu.Lock(); defer mu.Unlock(); return depErr })
		h.MarkStarted()
		ts := startInBubble(t, Options{Health: h})
		waitStatus(t, ts.health, "", healthpb.HealthCheckResponse_NOT_SERVING)
		mu.Lock()
		depErr = nil
		mu.Unlock()
		waitStatus(t, ts.health, "", healthpb.HealthCheckResponse_SERVING)
	})
}

// panicRepo panics on every call, as a buggy store might.
type panicRepo struct{ users.Repository }

func (panicRepo) Get(context.Context, string) (users.User, error) { panic("boom") }
func (panicRepo) List(context.Context, string, int) ([]users.User, error) {
	panic("boom")
}

func TestPanicBecomesInternalAndServerLives(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	services := app.Memory()
	services.Users = users.NewService(panicRepo{})
	ts := start(t, Options{Logger: logger, Services: services})
	for range 3 {
		if _, err := ts.users.GetUser(t.Context(), &inventoryv1.GetUserRequest{Id: "x"}); code(err) != codes.Internal || strings.Contains(err.Error(), "boom") {
			t.Errorf("unary panic: %v, want a generic Internal", err)
		}
		stream, err := ts.users.ListUsers(t.Context(), &inventoryv1.ListUsersRequest{})
		if err == nil {
			_, err = stream.Recv()
		}
		if code(err) != codes.Internal {
			t.Errorf("stream panic: %v, want Internal", err)
		}
	}
	if _, err := ts.health.Check(t.Context(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("server unusable after panics: %v", err)
	}
	if err := ts.shutdown(t); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if !strings.Contains(logs.String(), "panic in gRPC handler") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("panic and stack not logged:\n%s", logs.String())
	}
}

// TestCallsCarryRequestIDs checks the gRPC twin of X-Request-Id: a valid incoming
// x-request-id is kept, a hostile one replaced by a fresh ID, in the call's log
// line, which also names the client as the rate limit counts it and the caller.
func TestCallsCarryRequestIDs(t *testing.T) {
	var logs syncBuffer
	opts := Options{
		Logger:         slog.New(slog.NewJSONHandler(&logs, nil)),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	}
	opts.Authenticate = func(ctx context.Context) (context.Context, error) {
		return callinfo.WithCaller(ctx, "test-caller"), nil
	}
	ts := start(t, opts)
	const hostile = `evil "id"`
	ctx := metadata.AppendToOutgoingContext(t.Context(), RequestIDMetadata, "req-1", "x-forwarded-for", "198.51.100.9")
	_, _ = ts.users.GetUser(ctx, &inventoryv1.GetUserRequest{Id: "nobody"})
	ctx = metadata.AppendToOutgoingContext(t.Context(), RequestIDMetadata, hostile)
	stream, err := ts.users.ListUsers(ctx, &inventoryv1.ListUsersRequest{})
	for err == nil {
		_, err = stream.Recv()
	}
	if err := ts.shutdown(t); err != nil {
		t.Errorf("shutdown: %v", err)
	}

	lines := map[string]map[string]any{} // by method
	for line := range strings.Lines(logs.String()) {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if entry["msg"] == "grpc call" {
			lines[path.Base(entry["method"].(string))] = entry
		}
	}
	if got := lines["GetUser"]["request_id"]; got != "req-1" {
		t.Errorf("GetUser logged request_id %v, want the caller's req-1", got)
	}
	if got, _ := lines["ListUsers"]["request_id"].(string); got == hostile || !callinfo.ValidRequestID(got) {
		t.Errorf("ListUsers logged request_id %q, want a fresh valid ID instead of %q", got, hostile)
	}
	// GetUser came through a trusted proxy (the test's loopback peer) on behalf
	// of 198.51.100.9; ListUsers came straight from the peer.
	if got, want := lines["GetUser"]["client"], "198.51.100.9"; got != want {
		t.Errorf("GetUser logged client %v, want the forwarded %s", got, want)
	}
	if got, want := lines["ListUsers"]["client"], "127.0.0.1"; got != want {
		t.Errorf("ListUsers logged client %v, want the peer %s", got, want)
	}
	for _, method := range []string{"GetUser", "ListUsers"} {
		if got := lines[method]["caller"]; got != "test-caller" {
			t.Errorf("%s logged caller %v, want test-caller", method, got)
		}
	}
}

// blockingRepo blocks Get and List until the call is cut off, like a hung
// dependency.
type blockingRepo struct{ users.Repository }

func (blockingRepo) Get(ctx context.Context, _ string) (users.User, error) {
	<-ctx.Done()
	return users.User{}, ctx.Err()
}

func (blockingRepo) List(ctx context.Context, _ string, _ int) ([]users.User, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestShutdownCutsOffHungCallsAtDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const timeout = 300 * time.Millisecond
		services := app.Memory()
		services.Users = users.NewService(blockingRepo{})
		ts := startInBubble(t, Options{Services: services, ShutdownTimeout: timeout})
		stream, err := ts.users.ListUsers(t.Context(), &inventoryv1.ListUsersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		recvErr := make(chan error, 1)
		go func() { _, err := stream.Recv(); recvErr <- err }()
		synctest.Wait() // the call is running on the server, blocked
		start := time.Now()
		err = ts.shutdown(t)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Serve = %v, want the cut-off reported", err)
		}
		if took := time.Since(start); took != timeout {
			t.Errorf("shutdown took %v with a hung stream, want the %v timeout", took, timeout)
		}
		if err := <-recvErr; err == nil {
			t.Error("hung stream ended without an error")
		}
	})
}

func TestServeFailureStopsEverything(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close() // Serve fails at once
	logger := slog.New(slog.DiscardHandler)
	h := health.New("test", logger)
	h.MarkStarted()
	srv := mustNew(t, Options{Logger: logger, Health: h, Services: app.Memory(), ShutdownTimeout: time.Second})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(t.Context(), ln) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Serve on a closed listener = nil, want its error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its listener failed")
	}
}

func TestShutdownEndsHealthWatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := startInBubble(t, Options{ShutdownTimeout: 5 * time.Second})
		watch, err := ts.health.Watch(t.Context(), &healthpb.HealthCheckRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if resp, err := watch.Recv(); err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("first Watch answer = %v, %v; want SERVING", resp.GetStatus(), err)
		}
		started := time.Now()
		if err := ts.shutdown(t); err != nil {
			t.Errorf("Serve = %v; an open Watch must not hold the shutdown", err)
		}
		if took := time.Since(started); took != 0 {
			t.Errorf("shutdown took %v with a Watch open; want no wait at all", took)
		}
		for {
			resp, err := watch.Recv()
			if err != nil {
				break // the stream ended, as it must
			}
			if resp.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
				t.Errorf("Watch during shutdown = %v, want NOT_SERVING", resp.GetStatus())
			}
		}
	})
}

// A dependency check that ignores its context must not hold the shutdown: the
// readiness watcher stops waiting for it as soon as the server stops.
func TestShutdownWithHungHealthCheck(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	running := make(chan struct{}, 1)
	h := health.New("test", slog.New(slog.DiscardHandler))
	h.Register("db", func(context.Context) error {
		running <- struct{}{}
		<-release // a driver call with no deadline
		return nil
	})
	h.MarkStarted()
	ts := start(t, Options{Health: h})
	<-running // the readiness watcher is waiting on the check
	if err := ts.shutdown(t); err != nil {
		t.Errorf("Serve = %v, want a clean stop", err)
	}
}
