package generator

import (
	"fmt"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/templates"
)

// workflowPath is where --deploy github-actions writes the CI workflow.
const workflowPath = ".github/workflows/ci.yaml"

// ciWorkflow is the part of the generated workflow that checkWorkflow reads.
type ciWorkflow struct {
	Jobs map[string]struct {
		Services map[string]struct {
			Image   string   `yaml:"image"`
			Ports   []string `yaml:"ports"`
			Options string   `yaml:"options"`
		} `yaml:"services"`
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			Uses string `yaml:"uses"`
			Run  string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// lintWorkflow runs actionlint, as a library, on a workflow: its YAML, its
// expressions, job and step keys, runner labels, action inputs of the popular
// actions, and more. shellcheck and pyflakes are not run (they are programs,
// not libraries).
func lintWorkflow(t *testing.T, data []byte) []string {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{WorkingDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(workflowPath, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// testURLName matches the variables that name a test server in the generated
// Go code: TEST_POSTGRES_URL, TEST_MYSQL_URL, TEST_REDIS_URL.
var testURLName = regexp.MustCompile(`"(TEST_[A-Z]+_URL)"`)

// ciServices is the service container that each TEST_*_URL variable needs, by
// the variable's name.
var ciServices = map[string]string{
	"TEST_POSTGRES_URL": "postgres",
	"TEST_MYSQL_URL":    "mysql",
	"TEST_REDIS_URL":    "redis",
}

// checkWorkflow reports how the workflow in files fails to run what the
// project's tests need: every TEST_*_URL variable that the generated Go code
// reads is set in the test job, to the URL svcgen's own matrix runs the tests
// with (integrationURLs), and names a service container of the pinned image that
// publishes the URL's port; the job has no other servers and variables. The
// lint job runs the pinned golangci-lint and govulncheck, and the test job runs
// the tests with the race detector.
func checkWorkflow(files Files) []string {
	var problems []string
	var wf ciWorkflow
	if err := yaml.Unmarshal(fileData0(files, workflowPath), &wf); err != nil {
		return []string{err.Error()}
	}
	want := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") {
			for _, m := range testURLName.FindAllSubmatch(f.Data, -1) {
				want[string(m[1])] = true
			}
		}
	}
	test := wf.Jobs["test"]
	if got := slices.Sorted(maps.Keys(test.Env)); !slices.Equal(got, slices.Sorted(maps.Keys(want))) {
		problems = append(problems, fmt.Sprintf("test job sets %v, the generated tests read %v", got, slices.Sorted(maps.Keys(want))))
	}
	img := Spec{}.Images()
	images := map[string]string{"postgres": img.Postgres, "mysql": img.MySQL, "redis": img.Redis}
	var wantServices []string
	for name := range want {
		svc, ok := ciServices[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("the generated tests read %s, which the workflow has no service for (add it to ciServices)", name))
			continue
		}
		wantServices = append(wantServices, svc)
		if test.Env[name] != integrationURLs[name] {
			problems = append(problems, fmt.Sprintf("test job sets %s=%q, want %q as svcgen's matrix tests with", name, test.Env[name], integrationURLs[name]))
		}
		c, ok := test.Services[svc]
		if !ok {
			continue // reported below
		}
		if c.Image != images[svc] {
			problems = append(problems, fmt.Sprintf("service %s runs %q, want %q", svc, c.Image, images[svc]))
		}
		if u, err := url.Parse(integrationURLs[name]); err != nil || !slices.Contains(c.Ports, u.Port()+":"+u.Port()) {
			problems = append(problems, fmt.Sprintf("service %s publishes %v, not the port of %s", svc, c.Ports, integrationURLs[name]))
		}
		if !strings.Contains(c.Options, "--health-cmd") {
			problems = append(problems, fmt.Sprintf("service %s has no health check: the tests could start before it is ready", svc))
		}
	}
	if got := slices.Sorted(maps.Keys(test.Services)); !slices.Equal(got, slices.Sorted(slices.Values(wantServices))) {
		problems = append(problems, fmt.Sprintf("test job runs services %v, want %v", got, slices.Sorted(slices.Values(wantServices))))
	}
	runs := func(job, cmd string) {
		for _, st := range wf.Jobs[job].Steps {
			if strings.Contains(st.Run, cmd) {
				return
			}
		}
		problems = append(problems, fmt.Sprintf("job %s does not run %q", job, cmd))
	}
	runs("lint", "gofmt -l .")
	runs("lint", "go vet ./...")
	runs("lint", "golangci-lint@"+golangciLintVersion+" run")
	runs("lint", "govulncheck@"+govulncheckVersion+" ./...")
	runs("test", "go test -race ./...")
	return problems
}

// fileData0 is files' path, or nil.
func fileData0(files Files, path string) []byte {
	for _, f := range files {
		if f.Path == path {
			return f.Data
		}
	}
	return nil
}

// Every variant of the matrix with a CI workflow gets one that actionlint
// passes and that runs the project's integration tests against service
// containers of its database and cache. Generating and linting is fast, so this
// runs under -short too.
func TestWorkflowLintsAndRunsTheIntegrationTests(t *testing.T) {
	specs := slices.DeleteFunc(matrix(), func(s Spec) bool { return !s.HasDeploy("github-actions") })
	// Every database and cache, with and without the other, is checked even
	// where the matrix pairs them with no workflow.
	for _, db := range []Database{DatabaseSQLite, DatabasePG, DatabaseMySQL, DatabaseNone} {
		for _, c := range []Cache{CacheNone, CacheMemory, CacheRedis} {
			s := NewSpec("ci")
			s.Database, s.Cache, s.Deploy = db, c, []string{"github-actions"}
			if s.Validate() == nil {
				specs = append(specs, s)
			}
		}
	}
	if len(specs) < 10 {
		t.Fatalf("only %d specs with a workflow", len(specs))
	}
	for _, s := range specs {
		t.Run(variantName(s), func(t *testing.T) {
			files, err := Generate(s, templates.FS, "test")
			if err != nil {
				t.Fatal(err)
			}
			data := fileData(t, files, workflowPath)
			for _, e := range lintWorkflow(t, data) {
				t.Errorf("actionlint: %s", e)
			}
			for _, p := range checkWorkflow(files) {
				t.Error(p)
			}
		})
	}
}

// The checks above fail on a broken workflow: each case breaks a generated one
// in one way.
func TestWorkflowChecksCatchBrokenWorkflows(t *testing.T) {
	s := NewSpec("ci")
	s.Database, s.Cache, s.Deploy = DatabasePG, CacheRedis, []string{"github-actions"}
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	good := string(fileData(t, files, workflowPath))
	for _, tc := range []struct {
		name, old, new string
		lint           bool   // actionlint must object; else checkWorkflow must
		want           string // in the objection
	}{
		{"misspelled job key", "    runs-on: ubuntu-24.04\n    timeout-minutes: 20", "    runs_on: ubuntu-24.04\n    timeout-minutes: 20", true, "runs_on"},
		{"unknown runner", "runs-on: ubuntu-24.04\n    timeout-minutes: 15", "runs-on: ubuntu-14.04\n    timeout-minutes: 15", true, "ubuntu-14.04"},
		{"bad expression", "go test -race ./...", "go test -race ${{ matrix.packages }}", true, `"packages" is not defined`},
		{"broken YAML", "permissions:\n  contents: read", "permissions:\n  contents: read\n   x: [", true, ""},
		{"no Redis service", "      redis:\n        image:", "      cache:\n        image:", false, "services"},
		{"wrong variable", "TEST_REDIS_URL: redis", "REDIS_URL: redis", false, "TEST_REDIS_URL"},
		{"unpinned linter", "golangci-lint@" + golangciLintVersion, "golangci-lint@latest", false, "golangci-lint"},
		{"no race detector", "go test -race ./...", "go test ./...", false, "-race"},
		{"wrong port", "- 5432:5432", "- 5433:5432", false, "port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("the generated workflow lacks %q", tc.old)
			}
			broken := strings.Replace(good, tc.old, tc.new, 1)
			bad := slices.Clone(files)
			for i := range bad {
				if bad[i].Path == workflowPath {
					bad[i].Data = []byte(broken)
				}
			}
			var got []string
			if tc.lint {
				got = lintWorkflow(t, []byte(broken))
			} else {
				got = checkWorkflow(bad)
			}
			if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.want) {
				t.Errorf("no objection mentioning %q to the broken workflow; got %q", tc.want, got)
			}
		})
	}
}
