package generator

// Pinned versions of everything a generated project depends on. Generation never asks
// the network for "latest": the same svcgen always writes the same go.mod, and a version
// changes only when someone edits this file (and the goldens show the change).
const (
	// DefaultGoVersion is the go directive of generated go.mod files.
	DefaultGoVersion = MinGoVersion
	// MinGoVersion is the oldest go directive a generated go.mod may have: the
	// highest go directive among the pinned modules' go.mod files (client_golang,
	// x/time, grpc, ... say 1.26.0). Any lower, `go mod tidy` would raise it, and
	// go.mod would no longer match .svcgen.json. TestMinGoVersionIsPinnedModulesMax
	// recomputes it from the module cache; raise it when a pinned version needs more.
	MinGoVersion = "1.26.0"
	// NewestGoVersion is the newest go directive svcgen accepts: the Go svcgen
	// itself is built with (its own go.mod's go line, checked by
	// TestNewestGoVersionIsSvcgens), so a generated project never asks the machine
	// that generated it for a newer toolchain. Raise both together.
	NewestGoVersion = "1.26.8"

	chiVersion      = "v5.5.0"
	chiCORSVersion  = "v1.2.2"
	goleakVersion   = "v1.3.0"
	xTimeVersion    = "v0.16.0"
	jwtVersion      = "v5.3.1"
	promVersion     = "v1.25.0"
	otelVersion     = "v1.47.0"
	otelHTTPVersion = "v0.72.0"
	grpcVersion     = "v1.85.0"
	protobufVersion = "v1.36.12"
	grpcMWVersion   = "v2.3.4"
)

// requirement is one pinned module of a generated go.mod.
type requirement struct {
	Path    string
	Version string
	// Indirect marks a module that no generated package imports but that the module
	// graph needs; `go mod tidy` lists it as "// indirect", and so does svcgen, so
	// that tidy leaves the generated go.mod unchanged.
	Indirect bool
	// When reports whether the spec needs the module; nil means always.
	When func(Spec) bool
}

// requirements lists the modules generated projects may require. The indirect ones
// are what `go mod tidy` adds for the direct ones at these versions; metrics and
// tracing share some (x/sys, protobuf, xxhash) at the same versions, so one entry
// serves both.
var requirements = []requirement{
	// chi routes the probes and /metrics with every transport.
	{Path: "github.com/go-chi/chi/v5", Version: chiVersion},
	{Path: "github.com/go-chi/cors", Version: chiCORSVersion, When: Spec.HasHTTP},
	// x/time/rate is the per-client rate limit of the API, HTTP or gRPC.
	{Path: "golang.org/x/time", Version: xTimeVersion},
	{Path: "go.uber.org/goleak", Version: goleakVersion},
	{Path: "github.com/golang-jwt/jwt/v5", Version: jwtVersion, When: Spec.HasJWT},

	{Path: "google.golang.org/grpc", Version: grpcVersion, When: Spec.HasGRPC},
	{Path: "google.golang.org/protobuf", Version: protobufVersion, When: Spec.HasGRPC},
	{Path: "github.com/grpc-ecosystem/go-grpc-middleware/v2", Version: grpcMWVersion, When: Spec.HasGRPC},
	{Path: "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", Version: otelHTTPVersion, When: both(Spec.HasGRPC, Spec.HasTracing)},

	{Path: "github.com/prometheus/client_golang", Version: promVersion, When: Spec.HasMetrics},
	{Path: "github.com/prometheus/client_model", Version: "v0.6.3", Indirect: true, When: Spec.HasMetrics},
	{Path: "github.com/beorn7/perks", Version: "v1.0.1", Indirect: true, When: Spec.HasMetrics},
	{Path: "github.com/kylelemons/godebug", Version: "v1.1.0", Indirect: true, When: Spec.HasMetrics}, // prometheus/testutil
	{Path: "github.com/munnerz/goautoneg", Version: "v0.0.0-20191010083416-a7dc8b61c822", Indirect: true, When: Spec.HasMetrics},
	{Path: "github.com/prometheus/common", Version: "v0.72.0", Indirect: true, When: Spec.HasMetrics},
	{Path: "github.com/prometheus/procfs", Version: "v0.22.0", Indirect: true, When: Spec.HasMetrics},

	{Path: "go.opentelemetry.io/otel", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/sdk", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", Version: otelHTTPVersion, When: Spec.HasTracing},
	{Path: "github.com/cenkalti/backoff/v5", Version: "v5.0.3", Indirect: true, When: Spec.HasTracing},
	{Path: "github.com/felixge/httpsnoop", Version: "v1.1.0", Indirect: true, When: Spec.HasTracing},
	{Path: "github.com/go-logr/logr", Version: "v1.4.4", Indirect: true, When: Spec.HasTracing},
	{Path: "github.com/go-logr/stdr", Version: "v1.2.2", Indirect: true, When: Spec.HasTracing},
	{Path: "github.com/google/uuid", Version: "v1.6.0", Indirect: true, When: Spec.HasTracing},
	{Path: "github.com/grpc-ecosystem/grpc-gateway/v2", Version: "v2.30.0", Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/auto/sdk", Version: "v1.2.1", Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/exporters/otlp/otlptrace", Version: otelVersion, Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/log", Version: otelVersion, Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/metric", Version: otelVersion, Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/trace", Version: otelVersion, Indirect: true, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/proto/otlp", Version: "v1.11.0", Indirect: true, When: Spec.HasTracing},
	{Path: "golang.org/x/net", Version: "v0.59.0", Indirect: true, When: without(Spec.HasTracing, Spec.HasGRPC)},
	{Path: "google.golang.org/genproto/googleapis/api", Version: "v0.0.0-20260928230214-8a89bd6388cc", Indirect: true, When: Spec.HasTracing},
	{Path: "google.golang.org/genproto/googleapis/rpc", Version: "v0.0.0-20260928230214-8a89bd6388cc", Indirect: true, When: Spec.HasTracing},
	{Path: "google.golang.org/genproto/googleapis/rpc", Version: "v0.0.0-20260817212433-ac3dfec99bb1", Indirect: true, When: without(Spec.HasGRPC, Spec.HasTracing)},
	{Path: "google.golang.org/grpc", Version: "v1.83.2", Indirect: true, When: without(Spec.HasTracing, Spec.HasGRPC)},

	{Path: "github.com/cespare/xxhash/v2", Version: "v2.3.0", Indirect: true, When: hasTelemetry},
	// gRPC (at grpcVersion) and tracing both need these; gRPC needs the newer x/net.
	{Path: "golang.org/x/net", Version: "v0.60.0", Indirect: true, When: Spec.HasGRPC},
	{Path: "golang.org/x/text", Version: "v0.42.0", Indirect: true, When: either(Spec.HasTracing, Spec.HasGRPC)},
	{Path: "golang.org/x/sys", Version: "v0.48.0", Indirect: true, When: either(hasTelemetry, Spec.HasGRPC)},
	{Path: "google.golang.org/protobuf", Version: protobufVersion, Indirect: true, When: without(hasTelemetry, Spec.HasGRPC)},
}

// hasTelemetry selects the modules that metrics and tracing both need.
func hasTelemetry(s Spec) bool { return s.HasMetrics() || s.HasTracing() }

// without selects what a needs unless b holds: b brings the module directly.
func without(a, b func(Spec) bool) func(Spec) bool {
	return func(s Spec) bool { return a(s) && !b(s) }
}

// either selects what a or b needs.
func either(a, b func(Spec) bool) func(Spec) bool {
	return func(s Spec) bool { return a(s) || b(s) }
}
