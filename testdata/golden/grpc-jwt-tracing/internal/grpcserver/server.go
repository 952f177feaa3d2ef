// Package grpcserver serves the gRPC API: the users service, the standard health
// service (grpc.health.v1) and reflection, behind logging, metrics, recovery and
// auth interceptors, with every limit set and a graceful stop that cannot hang.
package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"
	grpchealth "google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/stats"

	paymentsv1 "github.com/acme/payments/gen/payments/v1"
	"github.com/acme/payments/internal/health"
	"github.com/acme/payments/internal/ratelimit"
	"github.com/acme/payments/internal/users"
)

// grpc-go's defaults suit a trusted network, not the internet: unlimited concurrent
// streams per connection (the HTTP/2 rapid-reset advisory asks to cap them) and
// connections that live for ever (so clients that balance over DNS never see new
// backends). These limits are set explicitly.
const (
	maxMsgSize           = 4 << 20
	maxConcurrentStreams = 256
	connectionTimeout    = 5 * time.Second
	// keepaliveMinTime is the shortest client keepalive interval tolerated; a client
	// pinging more often is cut off with "too_many_pings". Generated clients ping every
	// 30s, well above it.
	keepaliveMinTime = 10 * time.Second
)

var keepaliveParams = keepalive.ServerParameters{
	MaxConnectionIdle:     5 * time.Minute,
	MaxConnectionAge:      5 * time.Minute,
	MaxConnectionAgeGrace: 30 * time.Second,
	Time:                  time.Minute,
	Timeout:               20 * time.Second,
}

// Options are what the server serves and how it stops.
type Options struct {
	Logger *slog.Logger
	Health *health.Health
	Users  *users.Service
	// Authenticate checks a call's credentials; nil admits every call. Health checks
	// are never authenticated.
	Authenticate auth.AuthFunc
	// RateLimiter limits each client's calls to the API; nil: no limit.
	// TrustedProxies are the peers whose x-forwarded-for metadata names the client,
	// for the rate limit and the log.
	RateLimiter    *ratelimit.Limiter
	TrustedProxies []netip.Prefix
	// RequestTimeout is the deadline of each unary API call, unless the client's
	// own is sooner; 0: only the client's.
	RequestTimeout time.Duration
	// Interceptors run inside logging and before recovery, e.g. metrics.
	Unary  []grpc.UnaryServerInterceptor
	Stream []grpc.StreamServerInterceptor
	// StatsHandlers see every call from the transport's side, e.g. tracing.
	StatsHandlers []stats.Handler
	// DrainDelay is how long the server keeps serving after health turns
	// NOT_SERVING; ShutdownTimeout is how long in-flight calls then get.
	DrainDelay      time.Duration
	ShutdownTimeout time.Duration
}

// Server is a grpc.Server together with its health service and shutdown policy.
type Server struct {
	grpc   *grpc.Server
	status *grpchealth.Server
	opts   Options
	// watches is done once health Watch streams must end; see endWatches.
	watches    context.Context
	endWatches context.CancelFunc
}

// New builds the server and registers its services.
func New(opts Options) *Server {
	s := &Server{opts: opts}
	s.watches, s.endWatches = context.WithCancel(context.Background())
	unary, stream := chain(opts)
	stream = append([]grpc.StreamServerInterceptor{s.endWithShutdown}, stream...)
	serverOpts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(maxMsgSize),
		grpc.MaxSendMsgSize(maxMsgSize),
		grpc.MaxConcurrentStreams(maxConcurrentStreams),
		grpc.ConnectionTimeout(connectionTimeout),
		grpc.KeepaliveParams(keepaliveParams),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: keepaliveMinTime, PermitWithoutStream: true}),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
	}
	for _, h := range opts.StatsHandlers {
		serverOpts = append(serverOpts, grpc.StatsHandler(h))
	}
	srv := grpc.NewServer(serverOpts...)
	paymentsv1.RegisterUserServiceServer(srv, &userService{users: opts.Users, logger: opts.Logger})

	// health.NewServer reports SERVING at once; until start-up has finished, and
	// again from the start of shutdown, the service must say NOT_SERVING.
	status := grpchealth.NewServer()
	for _, name := range servingNames {
		status.SetServingStatus(name, healthpb.HealthCheckResponse_NOT_SERVING)
	}
	healthpb.RegisterHealthServer(srv, status)
	reflection.Register(srv)
	s.grpc, s.status = srv, status
	return s
}

// servingNames are the names the health service answers for: "" (the whole server)
// and each API service.
var servingNames = []string{"", paymentsv1.UserService_ServiceDesc.ServiceName}

// chain puts logging outermost (it sees the final status code), then the
// extra interceptors, then recovery (a panic becomes codes.Internal). Then, for
// the API's services only (see isAPICall): the rate limit (before auth, so that
// key guessing is limited too), auth and, for unary calls, the deadline.
func chain(opts Options) ([]grpc.UnaryServerInterceptor, []grpc.StreamServerInterceptor) {
	recoverOpts := []recovery.Option{recovery.WithRecoveryHandlerContext(recoverPanic(opts.Logger))}

	unary := []grpc.UnaryServerInterceptor{logUnary(opts.Logger, opts.TrustedProxies)}
	unary = append(unary, opts.Unary...)
	unary = append(unary, recovery.UnaryServerInterceptor(recoverOpts...))
	stream := []grpc.StreamServerInterceptor{logStream(opts.Logger, opts.TrustedProxies)}
	stream = append(stream, opts.Stream...)
	stream = append(stream, recovery.StreamServerInterceptor(recoverOpts...))
	api := selector.MatchFunc(isAPICall)
	if opts.RateLimiter != nil {
		unary = append(unary, selector.UnaryServerInterceptor(limitUnary(opts.RateLimiter, opts.TrustedProxies), api))
		stream = append(stream, selector.StreamServerInterceptor(limitStream(opts.RateLimiter, opts.TrustedProxies), api))
	}
	if opts.Authenticate != nil {
		unary = append(unary, selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(opts.Authenticate), api))
		stream = append(stream, selector.StreamServerInterceptor(auth.StreamServerInterceptor(opts.Authenticate), api))
	}
	if opts.RequestTimeout > 0 {
		unary = append(unary, selector.UnaryServerInterceptor(deadline(opts.RequestTimeout), api))
	}
	return unary, stream
}

// Serve serves on ln until ctx is done, then stops in order: health turns
// NOT_SERVING, the server keeps serving for the drain delay, health Watch streams
// are ended (they never end on their own), then GracefulStop waits up to the
// shutdown timeout before Stop cuts off the calls still running (GracefulStop alone
// waits for ever on a stream that never ends).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	serveErr := make(chan error, 1)
	go func() { serveErr <- s.grpc.Serve(ln) }()
	// The watcher has its own context, so that a failed Serve can stop it too.
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); s.followReadiness(watchCtx) }()

	select {
	case err := <-serveErr:
		stopWatching()
		<-watchDone
		s.grpc.Stop()
		s.endWatches()
		return fmt.Errorf("serve gRPC: %w", err)
	case <-ctx.Done():
	}
	// Shutdown sets every service NOT_SERVING at once and ignores later updates, so
	// the watcher (which may be waiting on a slow dependency check) need not finish first.
	s.status.Shutdown()
	<-watchDone
	time.Sleep(s.opts.DrainDelay)
	s.endWatches()

	stopped := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(stopped) }()
	timer := time.NewTimer(s.opts.ShutdownTimeout)
	defer timer.Stop()
	var err error
	select {
	case <-stopped:
	case <-timer.C:
		s.grpc.Stop()
		<-stopped
		err = fmt.Errorf("stop gRPC server: calls still running after %s were cut off: %w", s.opts.ShutdownTimeout, context.DeadlineExceeded)
	}
	if serr := <-serveErr; serr != nil && !errors.Is(serr, grpc.ErrServerStopped) {
		err = errors.Join(err, fmt.Errorf("serve gRPC: %w", serr))
	}
	return err
}
