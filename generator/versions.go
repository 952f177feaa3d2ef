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
	grpcPromVersion = "v1.1.1"
	xNetVersion     = "v0.62.0"
	otterVersion    = "v2.4.0"
	goRedisVersion  = "v9.23.0"
	gooseVersion    = "v3.30.0"
	backoffVersion  = "v5.0.3"
	breakerVersion  = "v2.4.0"
	sqliteVersion   = "v1.62.0"
	pgxVersion      = "v5.12.0"
	mysqlVersion    = "v1.10.1"
	// sqlcVersion is the sqlc that generated internal/store/db, which `make sqlc`
	// runs with go run: a tool, not a go.mod requirement.
	sqlcVersion = "v1.31.1"
	// golangciLintVersion is the golangci-lint (v2) that the generated
	// .golangci.yml is written for: `make lint` and the CI workflow run it with
	// go run, and svcgen's matrix runs it on every variant (check_test.go).
	golangciLintVersion = "v2.15.0"
	// govulncheckVersion is the golang.org/x/vuln whose govulncheck the CI
	// workflow runs.
	govulncheckVersion = "v1.9.0"
)

// requirement is one pinned module of a generated go.mod.
type requirement struct {
	Path    string
	Version string
	// Indirect marks a module that no generated package imports but that the module
	// graph needs (recorded by go generate, see modules.go); `go mod tidy` lists it
	// as "// indirect", and so does svcgen, so that tidy leaves go.mod unchanged.
	Indirect bool
	// When reports whether the spec needs the module; nil means always.
	When func(Spec) bool
}

// requirements lists the modules that generated packages import, each when its
// feature is chosen. What they need in turn is computed from the module graph
// (modules.go): after changing a version here, run `go generate ./generator`.
var requirements = []requirement{
	// chi routes the probes and /metrics with every transport.
	{Path: "github.com/go-chi/chi/v5", Version: chiVersion},
	{Path: "github.com/go-chi/cors", Version: chiCORSVersion, When: Spec.HasHTTP},
	// x/time/rate is the per-client rate limit of the API, HTTP or gRPC.
	{Path: "golang.org/x/time", Version: xTimeVersion},
	{Path: "go.uber.org/goleak", Version: goleakVersion},
	{Path: "github.com/maypok86/otter/v2", Version: otterVersion, When: Spec.HasMemoryCache},
	{Path: "github.com/redis/go-redis/v9", Version: goRedisVersion, When: Spec.HasRedis},
	{Path: "github.com/golang-jwt/jwt/v5", Version: jwtVersion, When: Spec.HasJWT},

	{Path: "google.golang.org/grpc", Version: grpcVersion, When: Spec.HasGRPC},
	{Path: "google.golang.org/protobuf", Version: protobufVersion, When: Spec.HasGRPC},
	{Path: "github.com/grpc-ecosystem/go-grpc-middleware/v2", Version: grpcMWVersion, When: Spec.HasGRPC},
	{Path: "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc", Version: otelHTTPVersion, When: both(Spec.HasGRPC, Spec.HasTracing)},
	// x/net/http2 lets the gRPC tests send what grpc-go's client would not (too much
	// metadata); grpc-go needs the same version anyway.
	{Path: "golang.org/x/net", Version: xNetVersion, When: Spec.HasGRPC},

	// Every database migrates with goose and waits for its server with backoff;
	// the HTTP client (loadbalance) retries with it.
	{Path: "github.com/pressly/goose/v3", Version: gooseVersion, When: Spec.HasDatabase},
	{Path: "github.com/cenkalti/backoff/v5", Version: backoffVersion, When: func(s Spec) bool {
		return s.HasDatabase() || (s.HasLoadBalance() && s.HasHTTP())
	}},
	// Circuit breakers guard the database (--resilience breaker).
	{Path: "github.com/sony/gobreaker/v2", Version: breakerVersion, When: Spec.HasBreaker},
	{Path: "modernc.org/sqlite", Version: sqliteVersion, When: Spec.HasSQLite},
	{Path: "github.com/jackc/pgx/v5", Version: pgxVersion, When: Spec.HasPostgres},
	{Path: "github.com/go-sql-driver/mysql", Version: mysqlVersion, When: Spec.HasMySQL},

	{Path: "github.com/prometheus/client_golang", Version: promVersion, When: Spec.HasMetrics},
	// go-grpc-middleware's Prometheus provider is a module of its own.
	{Path: "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus", Version: grpcPromVersion, When: both(Spec.HasGRPC, Spec.HasMetrics)},

	{Path: "go.opentelemetry.io/otel", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/sdk", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/trace", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp", Version: otelVersion, When: Spec.HasTracing},
	{Path: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", Version: otelHTTPVersion, When: Spec.HasTracing},
}

// Images are the container images that the deploy files and the CI workflow's
// service containers name, one version each, so that CI tests against what
// compose runs. Each is pinned to an exact release: a floating tag such as
// postgres:17-alpine would change what a rebuilt project runs without a change
// to its files. Checked against the
// registries' published tags by hand when raised; svcgen cannot pull them.
type Images struct {
	// Dockerfile is the BuildKit frontend of the Dockerfile's syntax line.
	Dockerfile string
	// Go builds the binary: the newest Go svcgen accepts, so that any go
	// directive builds, with that line's security fixes.
	Go string
	// Runtime is the final stage. Distroless publishes no version tags, only
	// digests of :nonroot, which svcgen cannot check here; the Dockerfile says
	// how to pin the digest (crane digest).
	Runtime  string
	Postgres string
	MySQL    string
	Redis    string
}

// Images returns the pinned container images of the deploy files.
func (Spec) Images() Images {
	return Images{
		Dockerfile: "docker/dockerfile:1.22.0",
		Go:         "golang:" + NewestGoVersion + "-bookworm",
		Runtime:    "gcr.io/distroless/static-debian12:nonroot",
		Postgres:   "postgres:17.10-alpine3.23",
		MySQL:      "mysql:8.4.11",
		Redis:      "redis:7.4.11-alpine",
	}
}
