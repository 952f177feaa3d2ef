package generator

import (
	"fmt"
	"slices"
	"strings"
	"text/template"
)

// section is what one feature adds to files that every project has (README.md,
// the deploy files): a template file in the feature's folder whose {{define}}
// blocks fill those files' parts. The block for part p of "apikey/README.md.tmpl"
// is named "apikey/README.md/p"; a file defines only the parts it has something to
// say in. README.md.tmpl holds a feature's prose, deploy.tmpl its lines of the
// deploy files, ci.tmpl its lines of the CI workflow.
type section struct {
	// Tmpl is the template file holding the blocks.
	Tmpl string
	// When reports whether the spec gets this section; nil means always.
	When func(Spec) bool
}

// sections lists the section files in catalog order, the order in which their
// blocks appear within each part. As the manifest decides which files exist, this
// list decides which sections do, so that the shared templates hold prose and
// configuration, not conditions.
var sections = []section{
	{Tmpl: "http/README.md.tmpl", When: Spec.HasHTTP},
	{Tmpl: "grpc/README.md.tmpl", When: Spec.HasGRPC},
	{Tmpl: "grpc/README.both.md.tmpl", When: both(Spec.HasHTTP, Spec.HasGRPC)},
	{Tmpl: "grpc/deploy.tmpl", When: Spec.HasGRPC},
	{Tmpl: "users/README.memory.md.tmpl", When: Spec.HasMemoryStore},
	{Tmpl: "database/README.md.tmpl", When: Spec.HasDatabase},
	{Tmpl: "sqlite/README.md.tmpl", When: Spec.HasSQLite},
	{Tmpl: "sqlite/deploy.tmpl", When: Spec.HasSQLite},
	{Tmpl: "postgres/README.md.tmpl", When: Spec.HasPostgres},
	{Tmpl: "postgres/deploy.tmpl", When: Spec.HasPostgres},
	{Tmpl: "postgres/ci.tmpl", When: Spec.HasPostgres},
	{Tmpl: "mysql/README.md.tmpl", When: Spec.HasMySQL},
	{Tmpl: "mysql/deploy.tmpl", When: Spec.HasMySQL},
	{Tmpl: "mysql/ci.tmpl", When: Spec.HasMySQL},
	// How users are read by ID, then the cache's section, in its place.
	{Tmpl: "users/README.reads.md.tmpl"},
	{Tmpl: "cache/README.md.tmpl", When: Spec.HasCache},
	{Tmpl: "memorycache/README.md.tmpl", When: Spec.HasMemoryCache},
	{Tmpl: "redis/README.md.tmpl", When: Spec.HasRedis},
	{Tmpl: "redis/deploy.tmpl", When: Spec.HasRedis},
	{Tmpl: "redis/ci.tmpl", When: Spec.HasRedis},
	{Tmpl: "resilience/README.md.tmpl", When: Spec.HasGuard},
	{Tmpl: "breaker/README.md.tmpl", When: Spec.HasBreaker},
	{Tmpl: "retry/README.md.tmpl", When: Spec.HasRetry},
	{Tmpl: "idempotency/README.md.tmpl", When: Spec.HasIdempotency},
	{Tmpl: "idempotency/sqlite/sqlc.tmpl", When: both(Spec.HasIdempotency, Spec.HasSQLite)},
	{Tmpl: "idempotency/postgres/sqlc.tmpl", When: both(Spec.HasIdempotency, Spec.HasPostgres)},
	{Tmpl: "idempotency/mysql/sqlc.tmpl", When: both(Spec.HasIdempotency, Spec.HasMySQL)},
	{Tmpl: "loadbalance/README.md.tmpl", When: Spec.HasLoadBalance},
	{Tmpl: "loadbalance/README.http.md.tmpl", When: both(Spec.HasLoadBalance, Spec.HasHTTP)},
	{Tmpl: "loadbalance/README.grpc.md.tmpl", When: both(Spec.HasLoadBalance, Spec.HasGRPC)},
	{Tmpl: "apikey/README.md.tmpl", When: Spec.HasAPIKey},
	{Tmpl: "apikey/deploy.tmpl", When: Spec.HasAPIKey},
	{Tmpl: "jwt/README.md.tmpl", When: Spec.HasJWT},
	{Tmpl: "jwt/deploy.tmpl", When: Spec.HasJWT},
	{Tmpl: "noauth/README.md.tmpl", When: func(s Spec) bool { return !s.HasAuth() }},
	{Tmpl: "shed/README.md.tmpl", When: Spec.HasShed},
	{Tmpl: "metrics/README.md.tmpl", When: Spec.HasMetrics},
	{Tmpl: "tracing/README.md.tmpl", When: Spec.HasTracing},
	{Tmpl: "docker/README.md.tmpl", When: deploys("docker")},
	{Tmpl: "compose/README.md.tmpl", When: deploys("compose")},
	{Tmpl: "k8s/README.md.tmpl", When: deploys("k8s")},
	{Tmpl: "github-actions/README.md.tmpl", When: deploys("github-actions")},
	// The example resource is always there; its section comes after the features'.
	{Tmpl: "users/README.resource.md.tmpl"},
}

// parts are the places in README.md, the deploy files and the sections themselves
// where blocks go, as `{{sections "part" .}}`. A block is whole lines, ending with
// a newline; a README block that is a paragraph or a section of its own starts
// with a blank line. Parts are rendered only where they are called, so a block for
// a part that only one section calls (such as the HTTP middleware table's rows)
// appears only when that section does.
var parts = []string{
	"about",                  // the introduction's list of what the service has
	"run",                    // quick start, before the service starts: what to export
	"try",                    // quick start: calls to the API, one block per transport
	"try-http",               // the HTTP API's example calls, with each auth option's credentials
	"try-grpc",               // the gRPC API's example calls, likewise
	"try-ops",                // quick start: operator endpoints beyond the probes
	"config",                 // rows of the Configuration table
	"config-notes",           // sentences below the Configuration table
	"endpoints",              // rows of the Endpoints table
	"store",                  // the paragraph after Endpoints: where the users are kept
	"resource-files",         // "Adding a resource": a feature's files to add per resource
	"resource-wiring",        // "Adding a resource": a feature's wiring points
	"sections",               // whole sections after Endpoints
	"auth-http",              // how an HTTP API request authenticates
	"auth-grpc",              // how a gRPC call authenticates
	"chain-after-request-id", // HTTP middleware table rows, in chain order
	"chain-after-rate-limit",
	"grpc-chain-after-logging", // gRPC interceptor list items, in chain order
	"grpc-chain-after-rate-limit",
	"grpcurl",  // the gRPC section's grpcurl examples
	"metrics",  // rows of the Metrics table
	"shutdown", // paragraphs of the Shutdown section
	"bench",    // paragraphs of the Performance section: how to measure
	"loadtest", // the HTTP load test's server and wrk commands
	"layout",   // items of the Layout list
	"deploy",   // paragraphs of the Deploy section
	"compose",  // the compose paragraph's credentials sentence
	"k8s",      // the Kubernetes paragraph's credentials sentence

	// The deploy files' parts (deploy.tmpl), each block indented for its place.
	"docker-build",      // lines of the build stage after the build
	"docker-expose",     // EXPOSE lines after EXPOSE 8080
	"docker-runtime",    // lines of the runtime stage before USER
	"compose-ports",     // the service's published ports
	"compose-env",       // the service's environment
	"compose-secrets",   // comment lines: what to put in .env, which the service reads
	"compose-depends",   // the service's depends_on entries
	"compose-mounts",    // the service's volumes
	"compose-options",   // further keys of the service, such as tmpfs
	"compose-services",  // services beside the service (its database, its cache)
	"compose-volumes",   // named volumes
	"k8s-ports",         // the container's ports
	"k8s-config",        // the ConfigMap's data entries (settings, never credentials)
	"k8s-env-from",      // the container's envFrom entries (Secrets)
	"k8s-mounts",        // the container's volumeMounts
	"k8s-volumes",       // the pod's volumes
	"k8s-service-ports", // the Service's ports
	"k8s-resources",     // kustomization.yaml's resources beyond the common ones

	// sqlc.yaml's part: sql blocks of features with tables of their own.
	"sqlc",

	// The CI workflow's parts (ci.tmpl).
	"ci-services", // the test job's service containers: the database, the cache
	"ci-env",      // the test job's TEST_* variables, which name those servers
}

// blockName is the {{define}} name of tmpl's block for part.
func blockName(tmpl, part string) string {
	return strings.TrimSuffix(tmpl, ".tmpl") + "/" + part
}

// sectionsFunc returns the "sections" template function over the parsed set: it
// renders part's blocks from the sections s gets, in catalog order.
func sectionsFunc(set *template.Template) func(part string, s Spec) (string, error) {
	return func(part string, s Spec) (string, error) {
		if !slices.Contains(parts, part) {
			return "", fmt.Errorf("unknown part %q (add it to parts in generator/readme.go)", part)
		}
		var b strings.Builder
		for _, sec := range sections {
			t := set.Lookup(blockName(sec.Tmpl, part))
			if t == nil || sec.When != nil && !sec.When(s) {
				continue
			}
			start := b.Len()
			if err := t.Execute(&b, s); err != nil {
				return "", err
			}
			if b.Len() > start && !strings.HasSuffix(b.String(), "\n") {
				return "", fmt.Errorf("block %s must end with a newline", t.Name())
			}
		}
		return b.String(), nil
	}
}
