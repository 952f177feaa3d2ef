package generator

import "strings"

// entry is one file a project may contain.
type entry struct {
	// Out is the output path; the element "_name_" becomes Spec.Name.
	Out string
	// Tmpl is the template's path in the templates FS.
	Tmpl string
	// When reports whether the spec gets this file; nil means always.
	When func(Spec) bool
}

// manifest decides which files exist. Templates decide only what is in them, so a
// reader finds every "is this file generated?" rule here.
var manifest = []entry{
	base("cmd/_name_/main.go"),
	base("cmd/_name_/main_test.go"),
	base("internal/config/config.go"),
	base("internal/config/config_test.go"),
	base("internal/health/health.go"),
	base("internal/health/health_test.go"),
	base("internal/httpserver/server.go"),
	base("internal/httpserver/routes.go"),
	base("internal/httpserver/server_test.go"),
	base("Makefile"),
	base("README.md"),
	{Out: ".gitignore", Tmpl: "base/gitignore.tmpl"},

	{Out: "Dockerfile", Tmpl: "base/Dockerfile.tmpl", When: deploys("docker")},
	{Out: ".dockerignore", Tmpl: "base/dockerignore.tmpl", When: deploys("docker")},
	{Out: "docker-compose.yaml", Tmpl: "base/docker-compose.yaml.tmpl", When: deploys("compose")},
	{Out: "deploy/k8s/deployment.yaml", Tmpl: "base/deploy/k8s/deployment.yaml.tmpl", When: deploys("k8s")},
	{Out: "deploy/k8s/service.yaml", Tmpl: "base/deploy/k8s/service.yaml.tmpl", When: deploys("k8s")},
	{Out: ".github/workflows/ci.yaml", Tmpl: "base/github/workflows/ci.yaml.tmpl", When: deploys("github-actions")},
}

// base is an always-present file whose template mirrors its output path under base/.
func base(out string) entry {
	return entry{Out: out, Tmpl: "base/" + out + ".tmpl"}
}

// deploys selects a file for one --deploy value.
func deploys(target string) func(Spec) bool {
	return func(s Spec) bool { return s.HasDeploy(target) }
}

// outPath is where e is written for s.
func (e entry) outPath(s Spec) string {
	return strings.ReplaceAll(e.Out, "_name_", s.Name)
}
