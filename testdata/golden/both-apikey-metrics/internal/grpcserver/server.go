// Package grpcserver serves the gRPC API: the users service, the standard health
// service (grpc.health.v1) and reflection, behind logging and recovery plus the
// interceptors the chosen features add (Options), with every limit set and a
// graceful stop that cannot hang.
package grpcserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"slices"
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

	ledgerv1 "example.com/platform/ledger/gen/ledger/v1"
	"example.com/platform/ledger/internal/app"
	"example.com/platform/ledger/internal/health"
	"example.com/platform/ledger/internal/ratelimit"
)

// grpc-go's defaults suit a trusted network, not the internet: 16 MiB of metadata
// per call, unlimited concurrent streams per connection (the HTTP/2 rapid-reset
// advisory asks to cap them), two minutes to finish the HTTP/2 handshake, and
// connections that live for ever (so clients that balance over DNS never see new
// backends). Each limit is set here, with why.
//
// What one connection can make the server hold is then bounded: at most
// maxConcurrentStreams calls, each with at most Options.MaxHeaderBytes of metadata
// and a request message of at most maxRecvMsgSize.
//
// Flow-control windows keep grpc-go's dynamic sizing (64 KiB, grown to the
// measured bandwidth-delay product). Every method reads its one request message at
// once, so no stream holds more unread data than maxRecvMsgSize whatever its
// window; fixed windows would only slow clients on long links. A client-streaming
// method that reads slowly would change that: then set grpc.StaticStreamWindowSize.
const (
	// maxRecvMsgSize is the largest request message: like the HTTP API's 64 KiB
	// body limit, far above what a users request needs (under 1 KiB) and far below
	// grpc-go's 4 MiB. Larger messages are refused with RESOURCE_EXHAUSTED before
	// the handler runs, and logged and counted (see toolarge.go).
	maxRecvMsgSize = 64 << 10
	// maxSendMsgSize is grpc-go's default receive limit, so that every message the
	// server sends is one a default client accepts; above it the call fails on the
	// server instead of in the client.
	maxSendMsgSize = 4 << 20
	// defaultMaxHeaderBytes applies when Options.MaxHeaderBytes is 0.
	defaultMaxHeaderBytes = 64 << 10
	// maxConcurrentStreams is the calls one connection may have open at once;
	// more wait on the client for a stream to end.
	maxConcurrentStreams = 256
	// connectionTimeout is the time a new connection gets to complete the
	// HTTP/2 handshake; grpc-go's 120 s would let idle sockets pile up.
	connectionTimeout = 5 * time.Second
	// streamWorkers are goroutines that grpc-go keeps to run calls on. By default
	// it starts a goroutine per call, whose stack, starting small, is grown and
	// copied twice or more on the way through the interceptors to the handler:
	// under load that copying took a fifth to a third of the server's CPU time
	// (testdata/perf in svcgen: runtime.copystack), more than the whole
	// interceptor chain. A worker keeps its grown stack from call to call. A call
	// that finds every worker busy still gets a goroutine of its own, so this
	// bounds nothing; 64 covers the calls a core serves at once. grpc-go marks the
	// option experimental; its version is pinned.
	streamWorkers = 64
)

// keepaliveParams recycle connections: an idle one is closed after 5 minutes, any
// after 5 minutes (±10% jitter) plus 30 s for its calls to finish, so that clients
// balancing over DNS reconnect and spread to new instances. A connection without
// traffic for a minute is pinged, and closed if the ping is not answered in 20 s,
// so that dead peers (a vanished NAT entry, a crashed host) do not hold streams.
var keepaliveParams = keepalive.ServerParameters{
	MaxConnectionIdle:     5 * time.Minute,
	MaxConnectionAge:      5 * time.Minute,
	MaxConnectionAgeGrace: 30 * time.Second,
	Time:                  time.Minute,
	Timeout:               20 * time.Second,
}

// keepalivePolicy is what clients may do: ping every 10 s at most (grpc-go's
// own clients cannot ping more often; the default enforcement, 5 minutes, would
// cut off clients configured for 10 s with "too_many_pings"), also without calls
// in flight, so that a client may keep an idle connection warm. A client pinging
// faster is sent GOAWAY, which bounds what ping floods cost.
var keepalivePolicy = keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}

// Options are what the server serves and how it stops.
type Options struct {
	Logger *slog.Logger
	Health *health.Health
	// Services are what the API serves; every one must be set.
	Services app.Services
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
	// MaxHeaderBytes caps each call's metadata (its HTTP/2 header list); a call
	// with more is refused before any handler runs. 0: 64 KiB.
	MaxHeaderBytes int
	// Interceptors run inside logging and before recovery, e.g. metrics.
	Unary  []grpc.UnaryServerInterceptor
	Stream []grpc.StreamServerInterceptor
	// Create runs innermost on the API's unary calls, after auth and the
	// deadline: idempotency keys of the methods that create.
	Create []grpc.UnaryServerInterceptor
	// StatsHandlers see every call from the transport's side, e.g. tracing.
	StatsHandlers []stats.Handler
	// CountTooLarge, if set, counts each call refused because its request message
	// was larger than the limit (such calls are logged in any case), e.g. a metric.
	CountTooLarge func(method string)
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
	// names are what the health service answers for: "" (the whole server) and
	// each API service.
	names []string
	// watches is done once health Watch streams must end; see endWatches.
	watches    context.Context
	endWatches context.CancelFunc
}

// New returns the server for opts; Serve builds it (see build). It refuses
// Options whose services are not all set, so that an unwired resource stops
// start-up.
func New(opts Options) (*Server, error) {
	if err := opts.Services.Validate(); err != nil {
		return nil, fmt.Errorf("gRPC API: %w", err)
	}
	s := &Server{opts: opts}
	s.watches, s.endWatches = context.WithCancel(context.Background())
	return s, nil
}

// build builds the grpc-go server and registers its services, when Serve starts:
// its stream workers are goroutines, which a server built but never served (when
// start-up fails on another listener) would leave running.
func (s *Server) build() {
	opts := s.opts
	unary, stream := chain(opts)
	stream = append([]grpc.StreamServerInterceptor{s.endWithShutdown}, stream...)
	maxHeaderBytes := opts.MaxHeaderBytes
	if maxHeaderBytes <= 0 {
		maxHeaderBytes = defaultMaxHeaderBytes
	}
	serverOpts := []grpc.ServerOption{
		grpc.MaxHeaderListSize(uint32(maxHeaderBytes)),
		grpc.MaxRecvMsgSize(maxRecvMsgSize),
		grpc.MaxSendMsgSize(maxSendMsgSize),
		grpc.MaxConcurrentStreams(maxConcurrentStreams),
		grpc.ConnectionTimeout(connectionTimeout),
		grpc.NumStreamWorkers(streamWorkers),
		grpc.KeepaliveParams(keepaliveParams),
		grpc.KeepaliveEnforcementPolicy(keepalivePolicy),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
	}
	for _, h := range opts.StatsHandlers {
		serverOpts = append(serverOpts, grpc.StatsHandler(h))
	}
	srv := grpc.NewServer(serverOpts...)
	// Every service is registered through reg, so that its too large messages are
	// logged and counted (see toolarge.go).
	reg := registrar{Server: srv, tooLarge: &tooLarge{logger: opts.Logger, trusted: opts.TrustedProxies, count: opts.CountTooLarge}}
	ledgerv1.RegisterUserServiceServer(reg, &userService{users: opts.Services.Users, logger: opts.Logger})

	// The health service answers for every API service registered above, read
	// from the server, so that a new service needs no line here. health.NewServer
	// reports SERVING at once; until start-up has finished, and again from the
	// start of shutdown, the service must say NOT_SERVING.
	s.names = []string{""}
	for name := range srv.GetServiceInfo() {
		s.names = append(s.names, name)
	}
	slices.Sort(s.names)
	status := grpchealth.NewServer()
	for _, name := range s.names {
		status.SetServingStatus(name, healthpb.HealthCheckResponse_NOT_SERVING)
	}
	healthpb.RegisterHealthServer(reg, status)
	reflection.Register(reg)
	s.grpc, s.status = srv, status
}

// chain puts logging outermost (it sees the final status code), then the
// extra interceptors, then recovery (a panic becomes codes.Internal). Then, for
// the API's services only (see isAPICall): the rate limit (before auth, so that
// key guessing is limited too), auth and, for unary calls, the deadline; then
// Options.Create.
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
	unary = append(unary, opts.Create...)
	return unary, stream
}

// Serve serves on ln until ctx is done, then stops in order: health turns
// NOT_SERVING, the server keeps serving for the drain delay, health Watch streams
// are ended (they never end on their own), then GracefulStop waits up to the
// shutdown timeout before Stop cuts off the calls still running (GracefulStop alone
// waits for ever on a stream that never ends).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.build()
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
