package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/version"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// checkDockerfile parses the Dockerfile with BuildKit's parser, as `docker build`
// does, and checks its stages: a pinned frontend and images, a static build with
// cache mounts, and a runtime stage that runs the binary as nonroot, in exec
// form, with no credentials in any layer.
func (p project) checkDockerfile() error {
	data := p.files["Dockerfile"]
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	im := p.spec.Images()
	if syntax, _, _, ok := parser.DetectSyntax(data); !ok || syntax != im.Dockerfile {
		add("Dockerfile: syntax %q, want the pinned %s", syntax, im.Dockerfile)
	}
	ast, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("Dockerfile: %w", err)
	}
	stages, _, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return fmt.Errorf("Dockerfile: %w", err)
	}
	if len(stages) != 2 {
		return fmt.Errorf("Dockerfile has %d stages, want build and runtime", len(stages))
	}
	build, runtime := stages[0], stages[1]
	if build.BaseName != im.Go || build.Name != "build" {
		add("Dockerfile: first stage %s AS %s, want %s AS build", build.BaseName, build.Name, im.Go)
	}
	if m := regexp.MustCompile(`^golang:(\d+\.\d+\.\d+)-`).FindStringSubmatch(build.BaseName); m == nil || version.Compare("go"+m[1], "go"+p.spec.GoVersion) < 0 {
		add("Dockerfile: %s cannot build go %s", build.BaseName, p.spec.GoVersion)
	}
	if runtime.BaseName != im.Runtime {
		add("Dockerfile: runtime stage FROM %s, want %s", runtime.BaseName, im.Runtime)
	}

	// The secrets are what the deploy files tell users to put in .env and Secrets.
	secrets := documentedKeys(string(p.files["docker-compose.yaml"]) + string(p.files[k8sDir+"deployment.yaml"]))
	var static, goBuild bool
	for _, cmd := range build.Commands {
		switch c := cmd.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				static = static || kv.Key == "CGO_ENABLED" && kv.Value == "0"
			}
		case *instructions.RunCommand:
			line := strings.Join(c.CmdLine, " ")
			if !strings.Contains(line, "go build") && !strings.Contains(line, "go mod download") {
				continue
			}
			goBuild = goBuild || strings.Contains(line, "go build")
			static = static || strings.Contains(line, "CGO_ENABLED=0 go build")
			// BuildKit reads a RUN's mounts when it expands the command's
			// variables; there are none in the mount flags to expand.
			if err := c.Expand(func(word string) (string, error) { return word, nil }); err != nil {
				add("Dockerfile: %q: %v", line, err)
				continue
			}
			var caches []string
			for _, m := range instructions.GetMounts(c) {
				if m.Type == instructions.MountTypeCache {
					caches = append(caches, m.Target)
				}
			}
			want := []string{"/go/pkg/mod"}
			if strings.Contains(line, "go build") {
				want = append(want, "/root/.cache/go-build")
			}
			if !isSubsetOf(want, caches) {
				add("Dockerfile: %q has cache mounts %v, want %v", line, caches, want)
			}
		}
	}
	if !goBuild || !static {
		add("Dockerfile: no go build with CGO_ENABLED=0; the distroless image has no libc")
	}
	for _, st := range stages {
		for _, cmd := range st.Commands {
			var keys []string
			switch c := cmd.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					keys = append(keys, kv.Key)
				}
			case *instructions.ArgCommand:
				for _, a := range c.Args {
					keys = append(keys, a.Key)
				}
			}
			for _, k := range keys {
				if slices.Contains(secrets, k) {
					add("Dockerfile: %s is a credential, and would be kept in the image", k)
				}
			}
		}
	}

	var user string
	var entrypoint, healthcheck []string
	var exposed []int
	for _, cmd := range runtime.Commands {
		switch c := cmd.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.EntrypointCommand:
			if c.PrependShell {
				add("Dockerfile: ENTRYPOINT in shell form: there is no shell, and signals would not reach the service")
			}
			entrypoint = c.CmdLine
		case *instructions.CmdCommand:
			add("Dockerfile: CMD %v; the service takes no arguments", c.CmdLine)
		case *instructions.HealthCheckCommand:
			healthcheck = c.Health.Test
		case *instructions.ExposeCommand:
			for _, port := range c.Ports {
				n, err := strconv.Atoi(port)
				if err != nil {
					add("Dockerfile: EXPOSE %s", port)
				}
				exposed = append(exposed, n)
			}
		}
	}
	if user != "nonroot:nonroot" {
		add("Dockerfile: runtime USER %q, want nonroot:nonroot", user)
	}
	bin := "/" + p.spec.Name
	if !slices.Equal(entrypoint, []string{bin}) {
		add("Dockerfile: ENTRYPOINT %q, want [%q]", entrypoint, bin)
	}
	if want := []string{"CMD", bin, "healthcheck"}; !slices.Equal(healthcheck, want) {
		add("Dockerfile: HEALTHCHECK %q, want %q (exec form: there is no shell)", healthcheck, want)
	}
	want := []int{8080}
	if p.spec.HasGRPC() {
		want = append(want, 9090)
	}
	if !slices.Equal(exposed, want) {
		add("Dockerfile: EXPOSE %v, want the service's ports %v", exposed, want)
	}
	if p.spec.HasSQLite() {
		df := string(p.files["Dockerfile"])
		for _, line := range []string{
			"COPY --from=build --chown=nonroot:nonroot /out/data " + sqliteDataDir + "\n",
			"ENV DATABASE_URL=" + sqliteDataDir + "/" + p.spec.Name + ".db\n",
		} {
			if !strings.Contains(df, line) {
				add("Dockerfile has no line %q: SQLite's file belongs in a directory the service owns", strings.TrimSpace(line))
			}
		}
	}
	return errors.Join(errs...)
}

// isSubsetOf reports whether every element of sub is in set.
func isSubsetOf(sub, set []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}

// checkDockerignore checks that .dockerignore keeps history, local data and env
// files out of the build context, with BuildKit's own pattern matcher.
func (p project) checkDockerignore() error {
	patterns, err := ignorefile.ReadAll(bytes.NewReader(p.files[".dockerignore"]))
	if err != nil {
		return fmt.Errorf(".dockerignore: %w", err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return fmt.Errorf(".dockerignore: %w", err)
	}
	var errs []error
	for _, path := range []string{".git/config", ".env", ".env.local", "prod.env", "data/" + p.spec.Name + ".db"} {
		if ok, err := pm.MatchesOrParentMatches(path); err != nil || !ok {
			errs = append(errs, fmt.Errorf(".dockerignore lets %s into the build context", path))
		}
	}
	for _, path := range []string{"go.mod", "go.sum", "cmd/" + p.spec.Name + "/main.go", "internal/config/config.go"} {
		if ok, _ := pm.MatchesOrParentMatches(path); ok {
			errs = append(errs, fmt.Errorf(".dockerignore keeps %s, which the build needs, out of the build context", path))
		}
	}
	return errors.Join(errs...)
}

func TestDeployDockerfile(t *testing.T) {
	for _, p := range deployVariants(t) {
		if err := errors.Join(p.checkDockerfile(), p.checkDockerignore()); err != nil {
			t.Errorf("%s: %v", variantName(p.spec), err)
		}
	}
}

// Each case breaks one thing in a generated Dockerfile or .dockerignore, and the
// checks must say so.
func TestDeployDockerChecksCatchBrokenFiles(t *testing.T) {
	s := NewSpec("orders")
	s.Database, s.Transport = DatabaseSQLite, TransportBoth
	p := generateDeploy(t, s)
	im := s.Images()
	for _, tc := range []struct {
		name, file string
		edit       func(string) string
		want       string
	}{
		{"syntax error", "Dockerfile", replace("USER nonroot:nonroot", "USER"), "USER requires"},
		{"floating syntax", "Dockerfile", replace("# syntax="+im.Dockerfile, "# syntax=docker/dockerfile:1"), "want the pinned"},
		{"floating go", "Dockerfile", replace("FROM "+im.Go, "FROM golang:1.26"), "want " + im.Go},
		{"single stage", "Dockerfile", replace("FROM "+im.Runtime+"\n", ""), "want build and runtime"},
		{"root", "Dockerfile", replace("USER nonroot:nonroot", "USER root"), `USER "root"`},
		{"shell entrypoint", "Dockerfile", replace(`ENTRYPOINT ["/orders"]`, "ENTRYPOINT /orders"), "shell form"},
		{"shell healthcheck", "Dockerfile", replace(`CMD ["/orders", "healthcheck"]`, "CMD /orders healthcheck"), "HEALTHCHECK"},
		{"cgo", "Dockerfile", replace("ENV CGO_ENABLED=0\n", ""), "CGO_ENABLED=0"},
		{"no build cache", "Dockerfile", replace("    --mount=type=cache,target=/root/.cache/go-build \\\n", ""), "cache mounts"},
		{"no module cache", "Dockerfile", replace("RUN --mount=type=cache,target=/go/pkg/mod go mod download", "RUN go mod download"), "cache mounts"},
		{"secret in a layer", "Dockerfile", replace("ARG VERSION=dev", "ARG VERSION=dev\nARG API_KEYS"), "API_KEYS is a credential"},
		{"unexposed port", "Dockerfile", replace("EXPOSE 9090\n", ""), "EXPOSE [8080]"},
		{"sqlite dir", "Dockerfile", replace("--chown=nonroot:nonroot /out/data", "/out/data"), "SQLite's file"},
		{"env file", ".dockerignore", replace(".env.*\n", ""), ".env.local"},
		{"data", ".dockerignore", replace("data/\n", ""), "data/orders.db"},
		{"too much", ".dockerignore", replace("*.out\n", "*.out\ninternal/\n"), "internal/config/config.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := p.withFile(t, tc.file, tc.edit)
			err := errors.Join(q.checkDockerfile(), q.checkDockerignore())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checks = %v, want an error with %q", err, tc.want)
			}
		})
	}
}
