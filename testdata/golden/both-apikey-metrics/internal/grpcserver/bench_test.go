package grpcserver

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
	"example.com/platform/ledger/internal/app"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/ratelimit"
	"example.com/platform/ledger/internal/users"
)

// BenchmarkGetUser calls GetUser over loopback on a bare grpc-go server and on the
// server as the service runs it, with its whole interceptor chain (logging to
// io.Discard, metrics, recovery, rate limit, auth, deadline); the difference is
// what the chain costs per call.
func BenchmarkGetUser(b *testing.B) {
	// JSON to io.Discard, not slog.DiscardHandler: encoding the lines is part of
	// the chain's cost.
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil)) //nolint:sloglint // see above
	svc := users.NewService(users.NewMemoryRepository())
	u, err := svc.Create(context.Background(), users.NewUser{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("bare", func(b *testing.B) {
		// The same stream workers as the service's server, so that the difference
		// is the interceptor chain's.
		srv := grpc.NewServer(grpc.NumStreamWorkers(streamWorkers))
		ledgerv1.RegisterUserServiceServer(srv, &userService{users: svc, logger: logger})
		benchGetUser(b, u.ID, func(ln net.Listener) func() {
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			return func() {
				srv.Stop()
				if err := <-done; err != nil {
					b.Error(err)
				}
			}
		})
	})
	b.Run("chain", func(b *testing.B) {
		h := health.New("bench", logger)
		h.MarkStarted()
		services := app.Memory()
		services.Users = svc
		opts := Options{
			Logger: logger, Health: h, Services: services, ShutdownTimeout: time.Second, Authenticate: benchAuth,
			// A limit the benchmark never reaches: the limiter still runs.
			RateLimiter: ratelimit.New(1e9, 1e8, 10), RequestTimeout: 10 * time.Second,
		}
		unary, stream := MetricsInterceptors(prometheus.NewRegistry())
		opts.Unary, opts.Stream = []grpc.UnaryServerInterceptor{unary}, []grpc.StreamServerInterceptor{stream}
		srv := mustNew(b, opts)
		benchGetUser(b, u.ID, func(ln net.Listener) func() {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ctx, ln) }()
			return func() {
				cancel()
				if err := <-done; err != nil {
					b.Error(err)
				}
			}
		})
	})
}

func benchGetUser(b *testing.B, id string, serve func(net.Listener) (stop func())) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer serve(ln)()
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	client := ledgerv1.NewUserServiceClient(conn)
	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-api-key", "bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.GetUser(ctx, &ledgerv1.GetUserRequest{Id: id}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchAuth stands in for the credential check: it reads the metadata as the real
// one does, so that the benchmark needs no keys or tokens.
func benchAuth(ctx context.Context) (context.Context, error) {
	if len(metadata.ValueFromIncomingContext(ctx, "x-api-key")) == 0 {
		panic("no key")
	}
	return ctx, nil
}
