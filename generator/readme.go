package generator

import (
	"fmt"
	"slices"
	"strings"
	"text/template"
)

// section is one feature's part of README.md: a template file in the feature's
// folder whose {{define}} blocks fill the README's parts. The block for part p of
// "apikey/README.md.tmpl" is named "apikey/README.md/p"; a file defines only the
// parts it has something to say in.
type section struct {
	// Tmpl is the template file holding the blocks.
	Tmpl string
	// When reports whether the spec gets this section; nil means always.
	When func(Spec) bool
}

// readme lists the README sections in catalog order, the order in which their
// blocks appear within each part. As the manifest decides which files exist, this
// list decides which README sections do, so that the README templates hold prose,
// not conditions.
var readme = []section{
	{Tmpl: "http/README.md.tmpl", When: Spec.HasHTTP},
	{Tmpl: "grpc/README.md.tmpl", When: Spec.HasGRPC},
	{Tmpl: "grpc/README.both.md.tmpl", When: both(Spec.HasHTTP, Spec.HasGRPC)},
	{Tmpl: "users/README.memory.md.tmpl", When: Spec.HasMemoryStore},
	{Tmpl: "database/README.md.tmpl", When: Spec.HasDatabase},
	{Tmpl: "sqlite/README.md.tmpl", When: Spec.HasSQLite},
	{Tmpl: "apikey/README.md.tmpl", When: Spec.HasAPIKey},
	{Tmpl: "jwt/README.md.tmpl", When: Spec.HasJWT},
	{Tmpl: "noauth/README.md.tmpl", When: func(s Spec) bool { return !s.HasAuth() }},
	{Tmpl: "metrics/README.md.tmpl", When: Spec.HasMetrics},
	{Tmpl: "tracing/README.md.tmpl", When: Spec.HasTracing},
	{Tmpl: "docker/README.md.tmpl", When: deploys("docker")},
	{Tmpl: "compose/README.md.tmpl", When: deploys("compose")},
	{Tmpl: "k8s/README.md.tmpl", When: deploys("k8s")},
	{Tmpl: "github-actions/README.md.tmpl", When: deploys("github-actions")},
	// The example resource is always there; its section comes after the features'.
	{Tmpl: "users/README.resource.md.tmpl"},
}

// readmeParts are the places in README.md (and in its sections) where blocks go,
// as `{{sections "part" .}}`. A block is whole lines, ending with a newline; a
// block that is a paragraph or a section of its own starts with a blank line.
// Parts are rendered only where they are called, so a block for a part that only
// one section calls (such as the HTTP middleware table's rows) appears only when
// that section does.
var readmeParts = []string{
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
}

// blockName is the {{define}} name of tmpl's block for part.
func blockName(tmpl, part string) string {
	return strings.TrimSuffix(tmpl, ".tmpl") + "/" + part
}

// sectionsFunc returns the "sections" template function over the parsed set: it
// renders part's blocks from the sections s gets, in catalog order.
func sectionsFunc(set *template.Template) func(part string, s Spec) (string, error) {
	return func(part string, s Spec) (string, error) {
		if !slices.Contains(readmeParts, part) {
			return "", fmt.Errorf("unknown README part %q (add it to readmeParts in generator/readme.go)", part)
		}
		var b strings.Builder
		for _, sec := range readme {
			t := set.Lookup(blockName(sec.Tmpl, part))
			if t == nil || sec.When != nil && !sec.When(s) {
				continue
			}
			start := b.Len()
			if err := t.Execute(&b, s); err != nil {
				return "", err
			}
			if b.Len() > start && !strings.HasSuffix(b.String(), "\n") {
				return "", fmt.Errorf("README block %s must end with a newline", t.Name())
			}
		}
		return b.String(), nil
	}
}
