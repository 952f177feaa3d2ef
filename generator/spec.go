package generator

import (
	"errors"
	"fmt"
	"go/token"
	"go/version"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/module"
)

// Transport is how the generated service is reached.
type Transport string

// Database is the generated service's store.
type Database string

// Cache is the generated service's cache.
type Cache string

// Auth is how the generated service authenticates callers.
type Auth string

// The values generated code exists for. The catalog (catalog.go) lists them for users.
const (
	TransportHTTP  Transport = "http"
	TransportGRPC  Transport = "grpc"
	TransportBoth  Transport = "both"
	DatabaseNone   Database  = "none"
	DatabaseSQLite Database  = "sqlite"
	DatabasePG     Database  = "postgres"
	DatabaseMySQL  Database  = "mysql"
	CacheNone      Cache     = "none"
	CacheMemory    Cache     = "memory"
	CacheRedis     Cache     = "redis"
	AuthNone       Auth      = "none"
	AuthAPIKey     Auth      = "apikey"
	AuthJWT        Auth      = "jwt"
)

// Observability values (--observability).
const (
	ObsMetrics = "metrics"
	ObsTracing = "tracing"
)

// Spec is everything a project is generated from. It is plain data: the same Spec
// always renders the same bytes, so it holds every input, including the Go version.
type Spec struct {
	// Name is the project name: the default output directory, the binary and cmd/Name.
	Name string `json:"name"`
	// Module is the Go module path written to go.mod.
	Module string `json:"module"`
	// GoVersion is the go directive of go.mod, such as "1.26.0".
	GoVersion string `json:"go_version"`

	Transport     Transport `json:"transport"`
	Database      Database  `json:"db"`
	Cache         Cache     `json:"cache"`
	Auth          Auth      `json:"auth"`
	Resilience    []string  `json:"resilience"`
	Observability []string  `json:"observability"`
	Deploy        []string  `json:"deploy"`
}

// NewSpec returns a Spec named name with every other field at its default.
func NewSpec(name string) Spec {
	s := Spec{Name: name, Module: name, GoVersion: DefaultGoVersion}
	for _, o := range Catalog {
		o.SetValues(&s, o.Default)
	}
	return s
}

// HasHTTP reports whether the service serves its API over HTTP.
func (s Spec) HasHTTP() bool { return s.Transport == TransportHTTP || s.Transport == TransportBoth }

// HasGRPC reports whether the service serves its API over gRPC.
func (s Spec) HasGRPC() bool { return s.Transport == TransportGRPC || s.Transport == TransportBoth }

// APIName names the API's protobuf package (APIName.v1), its directory under
// api/proto and gen/, and its Go package (APIName + "v1").
func (s Spec) APIName() string { return PackageName(s.Name) }

// HasAuth reports whether the API authenticates its callers.
func (s Spec) HasAuth() bool { return s.Auth != AuthNone && s.Auth != "" }

// HasAPIKey reports whether callers authenticate with an X-API-Key header.
func (s Spec) HasAPIKey() bool { return s.Auth == AuthAPIKey }

// HasJWT reports whether callers authenticate with a bearer JWT.
func (s Spec) HasJWT() bool { return s.Auth == AuthJWT }

// HasMetrics reports whether the service exposes Prometheus metrics on /metrics.
func (s Spec) HasMetrics() bool { return slices.Contains(s.Observability, ObsMetrics) }

// HasTracing reports whether the service exports OpenTelemetry traces.
func (s Spec) HasTracing() bool { return slices.Contains(s.Observability, ObsTracing) }

// Resilience values (--resilience).
const (
	ResBreaker     = "breaker"
	ResRetry       = "retry"
	ResShed        = "shed"
	ResLoadBalance = "loadbalance"
)

// HasOutbound reports whether the service calls a dependency that can fail apart
// from it: a database (and a Redis cache, which needs one). An in-process memory
// cache cannot, so it does not count. Circuit breakers and retries protect these.
func (s Spec) HasOutbound() bool { return s.HasDatabase() }

// HasBreaker reports whether circuit breakers guard the database and the cache. With
// nothing outbound there is nothing to guard, and nothing is generated.
func (s Spec) HasBreaker() bool { return slices.Contains(s.Resilience, ResBreaker) && s.HasOutbound() }

// HasRetry reports whether idempotent database and cache calls are retried on
// transient errors. Like HasBreaker, it is false with nothing outbound.
func (s Spec) HasRetry() bool { return slices.Contains(s.Resilience, ResRetry) && s.HasOutbound() }

// HasIdempotency reports whether the API's creates honour an Idempotency-Key
// (internal/idempotency): the server's half of safe retries, so it comes with
// retry. Unlike HasRetry it needs no database: without one the keys are kept
// in memory, per process.
func (s Spec) HasIdempotency() bool { return slices.Contains(s.Resilience, ResRetry) }

// HasKeysInDatabase reports whether the idempotency keys live in the service's
// database (the idempotency_keys table), where their calls pass through the
// database's circuit breaker and retries like the users' repository's.
func (s Spec) HasKeysInDatabase() bool { return s.HasIdempotency() && s.HasDatabase() }

// HasGuard reports whether calls to the database pass through circuit breakers
// or retries (internal/resilience).
func (s Spec) HasGuard() bool { return s.HasBreaker() || s.HasRetry() }

// HasShed reports whether in-flight API calls are bounded, the excess refused at once.
func (s Spec) HasShed() bool { return slices.Contains(s.Resilience, ResShed) }

// HasLoadBalance reports whether the module gains the client/ package for callers.
func (s Spec) HasLoadBalance() bool { return slices.Contains(s.Resilience, ResLoadBalance) }

// HasResilience reports whether any resilience code is generated (the shared
// unavailable error kind and its transport mapping among it).
func (s Spec) HasResilience() bool {
	return s.HasBreaker() || s.HasRetry() || s.HasIdempotency() || s.HasShed() || s.HasLoadBalance()
}

// HasMemoryStore reports whether the example resource keeps its data in memory,
// because no database was chosen.
func (s Spec) HasMemoryStore() bool { return s.Database == DatabaseNone }

// HasDatabase reports whether the example resource is stored in a SQL database:
// the shared database scaffolding (templates/database: config, migrations, the
// migrate command, start-up and health wiring) comes with every dialect.
func (s Spec) HasDatabase() bool { return s.Database != DatabaseNone && s.Database != "" }

// SQLCVersion is the sqlc release that generated the store's query code, which
// `make sqlc` runs again.
func (Spec) SQLCVersion() string { return sqlcVersion }

// GolangciLintVersion is the golangci-lint release that .golangci.yml is written
// for, which `make lint` and the CI workflow run.
func (Spec) GolangciLintVersion() string { return golangciLintVersion }

// GovulncheckVersion is the golang.org/x/vuln release whose govulncheck the CI
// workflow runs.
func (Spec) GovulncheckVersion() string { return govulncheckVersion }

// HasSQLite reports whether the database is SQLite, embedded in the process.
func (s Spec) HasSQLite() bool { return s.Database == DatabaseSQLite }

// HasPostgres reports whether the database is PostgreSQL, through pgx's pool.
func (s Spec) HasPostgres() bool { return s.Database == DatabasePG }

// HasMySQL reports whether the database is MySQL or MariaDB, through database/sql.
func (s Spec) HasMySQL() bool { return s.Database == DatabaseMySQL }

// SingleReplica reports whether the service must run as one replica: SQLite is a
// file that one process writes, so the Kubernetes Deployment keeps one pod and
// replaces it instead of rolling.
func (s Spec) SingleReplica() bool { return s.HasSQLite() }

// DBName is Name as a database and user name in the deploy files (lower case,
// '_' instead of '-'), which PostgreSQL and MySQL accept unquoted.
func (s Spec) DBName() string {
	return strings.ReplaceAll(strings.ToLower(s.Name), "-", "_")
}

// HasCache reports whether reads of the example resource go through a cache.
func (s Spec) HasCache() bool { return s.Cache != CacheNone && s.Cache != "" }

// HasMemoryCache reports whether the cache is in the process (one per replica).
func (s Spec) HasMemoryCache() bool { return s.Cache == CacheMemory }

// HasRedis reports whether the cache is Redis, shared by every replica.
func (s Spec) HasRedis() bool { return s.Cache == CacheRedis }

// HasDeploy reports whether deployment target d (a --deploy value) was chosen.
func (s Spec) HasDeploy(d string) bool { return slices.Contains(s.Deploy, d) }

// DNSName is Name as a Kubernetes object name and image name (RFC 1123 label:
// lower case, '-' instead of '_').
func (s Spec) DNSName() string {
	return strings.ReplaceAll(strings.ToLower(s.Name), "_", "-")
}

// nameRE is what a project name may look like: it becomes a directory, a binary and,
// with dashes removed, part of Go identifiers, so it stays within portable characters.
var nameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// reservedNames would shadow directories or packages every project already has.
var reservedNames = []string{"main", "internal", "cmd", "api", "client", "vendor", "testdata"}

// Validate reports every problem with s at once, each naming the flag to fix.
// It does no I/O, so it runs before anything is written.
func (s Spec) Validate() error {
	var errs []error
	nameErr := CheckName(s.Name)
	if nameErr != nil {
		errs = append(errs, nameErr)
	}
	// A module path equal to the name is the name's default (NAME when --module is
	// not given), so an invalid name is reported once, as the name's problem.
	if nameErr == nil || s.Module != s.Name {
		if err := CheckModule(s.Module); err != nil {
			errs = append(errs, err)
		}
	}
	if err := CheckGoVersion(s.GoVersion); err != nil {
		errs = append(errs, err)
	}
	for _, o := range Catalog {
		if err := o.check(o.get(s)); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, checkNeeds(s)...)
	return errors.Join(errs...)
}

// CheckName reports whether name can be a project name: a directory, a binary and
// (lower-cased, without dashes) a Go package name.
func CheckName(name string) error {
	switch pkg := PackageName(name); {
	case name == "":
		return errors.New("missing project name (want a name such as orders: svcgen new orders)")
	case !nameRE.MatchString(name):
		return fmt.Errorf("invalid project name %q (want a letter, then up to 63 letters, digits, '-' or '_')", name)
	case token.IsKeyword(pkg):
		return fmt.Errorf("invalid project name %q: %q is a Go keyword (choose another name)", name, pkg)
	case slices.Contains(reservedNames, pkg):
		return fmt.Errorf("invalid project name %q: it clashes with the project's own %s directory (choose another name)", name, pkg)
	}
	return nil
}

// goReleaseRE is a Go release as a go directive names it: 1.N.P, without the rc
// or beta suffix of a pre-release, nor the 1.N form of a language version.
var goReleaseRE = regexp.MustCompile(`^1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// CheckGoVersion accepts a Go release from MinGoVersion to NewestGoVersion.
func CheckGoVersion(v string) error {
	var why string
	switch gv := "go" + v; {
	case !goReleaseRE.MatchString(v) || !version.IsValid(gv):
		why = "not a Go release"
	case version.Compare(gv, "go"+MinGoVersion) < 0:
		why = "older than the pinned dependencies need"
	case version.Compare(gv, "go"+NewestGoVersion) > 0:
		why = "newer than the newest Go this svcgen knows"
	default:
		return nil
	}
	return fmt.Errorf("invalid --go-version %q: %s (want a Go release from %s to %s, such as %s)", v, why, MinGoVersion, NewestGoVersion, DefaultGoVersion)
}

// PackageName is the Go package name derived from a project name: lower case, with
// dashes dropped ("Order-Svc" -> "ordersvc").
func PackageName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "-", ""))
}

// CheckModule accepts exactly the module paths that `go mod init` accepts.
func CheckModule(path string) error {
	if path == "go" || path == "toolchain" {
		return fmt.Errorf("invalid --module %q: reserved by the go command (choose another path)", path)
	}
	if err := module.CheckImportPath(path); err != nil {
		return fmt.Errorf("invalid --module %q: %v", path, unquotePath(err, path))
	}
	if _, _, ok := module.SplitPathVersion(path); !ok {
		return fmt.Errorf("invalid --module %q: a major version suffix must be /v2 or later", path)
	}
	return nil
}

// unquotePath drops x/mod's `malformed import path "p": ` prefix, which would repeat
// the path our own message already names.
func unquotePath(err error, path string) string {
	msg := strings.TrimPrefix(err.Error(), fmt.Sprintf("malformed import path %q: ", path))
	return strings.TrimPrefix(msg, fmt.Sprintf("malformed module path %q: ", path))
}

// Warnings lists what is allowed but likely to surprise, such as a module path that
// looks like an import path (acme/orders) but that `go get` could not fetch. A
// single-element path such as orders gets no warning: `go mod init orders` accepts
// it, and it is the common choice for a service that nobody imports.
func (s Spec) Warnings() []string {
	if CheckModule(s.Module) != nil || !strings.Contains(s.Module, "/") {
		return nil
	}
	if err := module.CheckPath(s.Module); err != nil {
		return []string{fmt.Sprintf("module path %q works locally but cannot be fetched with go get (%v); use a path such as github.com/you/%s if others will import it",
			s.Module, unquotePath(err, s.Module), s.Name)}
	}
	return nil
}
