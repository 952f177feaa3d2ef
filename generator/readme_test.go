package generator

import (
	"bytes"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/svcgen/svcgen/templates"
)

// readmeSpecs are the specs the README tests render: every transport, auth and
// observability choice, and no, one and every deploy target.
func readmeSpecs() []Spec {
	var specs []Spec
	for _, tr := range []Transport{TransportHTTP, TransportGRPC, TransportBoth} {
		for _, auth := range []Auth{AuthAPIKey, AuthJWT, AuthNone} {
			for _, obs := range [][]string{{}, {ObsMetrics}, {ObsTracing}, {ObsMetrics, ObsTracing}} {
				for _, deploy := range [][]string{{}, {"docker"}, {"docker", "compose", "k8s", "github-actions"}} {
					s := NewSpec("orders")
					s.Transport, s.Auth, s.Observability, s.Deploy = tr, auth, obs, deploy
					specs = append(specs, s)
				}
			}
		}
	}
	return specs
}

func renderREADME(t *testing.T, set *template.Template, s Spec) string {
	t.Helper()
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, "base/README.md.tmpl", s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Each feature's README section appears exactly when the feature is chosen, and
// every rendered README is tidy Markdown whatever the mix of sections.
func TestREADMESectionsFollowSpec(t *testing.T) {
	set, err := parseTemplates(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	marks := []struct {
		text string
		when func(Spec) bool
	}{
		{"## HTTP API", Spec.HasHTTP},
		{"| `CORS_ALLOWED_ORIGINS` |", Spec.HasHTTP},
		{"| `POST /api/v1/users` |", Spec.HasHTTP},
		{"## gRPC", Spec.HasGRPC},
		{"| `GRPC_ADDR` |", Spec.HasGRPC},
		{"both APIs in one binary", both(Spec.HasHTTP, Spec.HasGRPC)},
		{"| `API_KEYS` |", Spec.HasAPIKey},
		{"| Auth | `X-API-Key`", both(Spec.HasAPIKey, Spec.HasHTTP)},
		{"in the `x-api-key` metadata", both(Spec.HasAPIKey, Spec.HasGRPC)},
		{"| `JWT_SECRET` |", Spec.HasJWT},
		{"| Auth | `Authorization: Bearer`", both(Spec.HasJWT, Spec.HasHTTP)},
		{"`authorization: Bearer <token>` metadata", both(Spec.HasJWT, Spec.HasGRPC)},
		{"`grpcurl` learns the API through reflection:", func(s Spec) bool { return s.HasGRPC() && !s.HasAuth() }},
		{"## Metrics", Spec.HasMetrics},
		{"| `grpc_server_started_total`, `grpc_server_handled_total`", both(Spec.HasGRPC, Spec.HasMetrics)},
		{"| Metrics |", both(Spec.HasHTTP, Spec.HasMetrics)},
		{"| `OTEL_EXPORTER_OTLP_ENDPOINT` |", Spec.HasTracing},
		{"| Tracing |", both(Spec.HasHTTP, Spec.HasTracing)},
		{"## Deploy", func(s Spec) bool { return len(s.Deploy) > 0 }},
		{"make docker VERSION", deploys("docker")},
		{"docker compose up --build", deploys("compose")},
		{`echo "API_KEYS=`, both(deploys("compose"), Spec.HasAPIKey)},
		{"kubectl apply -k deploy/k8s/", deploys("k8s")},
		{"--from-literal=JWT_SECRET=", both(deploys("k8s"), Spec.HasJWT)},
		{".github/workflows/ci.yaml", deploys("github-actions")},
	}
	for _, s := range readmeSpecs() {
		readme := renderREADME(t, set, s)
		for _, m := range marks {
			if got, want := strings.Contains(readme, m.text), m.when(s); got != want {
				t.Errorf("%s/%s/%v/%v: README has %q: %v, want %v", s.Transport, s.Auth, s.Observability, s.Deploy, m.text, got, want)
			}
		}
		for _, bad := range []string{"\n\n\n", " \n", "<no value>"} {
			if strings.Contains(readme, bad) {
				t.Errorf("%s/%s/%v/%v: README contains %q", s.Transport, s.Auth, s.Observability, s.Deploy, bad)
			}
		}
		if !strings.HasSuffix(readme, "\n") || strings.HasSuffix(readme, "\n\n") {
			t.Errorf("%s/%s/%v/%v: README must end with exactly one newline", s.Transport, s.Auth, s.Observability, s.Deploy)
		}
	}
}

// Every section file (README.md.tmpl, deploy.tmpl, ci.tmpl) is listed in sections, and
// every block in one is named after its file and a part that exists, so that no
// block is silently left out.
func TestSectionBlocksAreNamedForParts(t *testing.T) {
	set, err := parseTemplates(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, sec := range sections {
		listed[sec.Tmpl] = true
		if set.Lookup(sec.Tmpl) == nil {
			t.Errorf("sections lists %s, which is not in the templates FS", sec.Tmpl)
		}
	}
	err = fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && isSectionFile(p) && p != "base/README.md.tmpl" && !listed[p] {
			t.Errorf("%s is not listed in sections (generator/readme.go)", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var blocks int
	for _, tmpl := range set.Templates() {
		name := tmpl.Name()
		if strings.HasSuffix(name, ".tmpl") || !isSectionFile(path.Dir(name)+".tmpl") {
			continue
		}
		blocks++
		if !slices.ContainsFunc(sections, func(sec section) bool {
			return slices.ContainsFunc(parts, func(part string) bool { return blockName(sec.Tmpl, part) == name })
		}) {
			t.Errorf("block %q is not named <listed section file without .tmpl>/<part in parts>", name)
		}
	}
	if blocks < len(sections) {
		t.Errorf("found %d blocks for %d section files", blocks, len(sections))
	}
}

// isSectionFile reports whether the template at p holds a feature's blocks.
func isSectionFile(p string) bool {
	return strings.HasPrefix(path.Base(p), "README") || path.Base(p) == "deploy.tmpl" || path.Base(p) == "ci.tmpl"
}
