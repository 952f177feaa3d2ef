package generator

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcgen/svcgen/templates"
)

// The deploy tests read the generated deploy files with the parsers of the tools
// that run them (Kubernetes' API types, compose-go, BuildKit) and check them
// against the generated service: its configuration's variables, its ports, its
// probes and its shutdown budget. Each check returns an error rather than
// failing the test, so that TestDeployChecksCatch* can show it fails on a broken
// file. They only parse, so they run under -short.

// project is a generated project as the deploy checks read it.
type project struct {
	spec  Spec
	files map[string][]byte
	// vars are the environment variables the service reads (configVars).
	vars map[string]bool
}

// runtimeVars are variables that the Go runtime reads rather than the service's
// configuration, which the deploy files may set too.
var runtimeVars = map[string]bool{"GOMEMLIMIT": true}

// generateDeploy generates s with every deploy file (--deploy all).
func generateDeploy(t testing.TB, s Spec) project {
	t.Helper()
	p, err := newProject(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newProject generates s with every deploy file (--deploy all).
func newProject(s Spec) (project, error) {
	s.Deploy = []string{"docker", "compose", "k8s", "github-actions"}
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		return project{}, err
	}
	p := project{spec: s, files: map[string][]byte{}}
	for _, f := range files {
		p.files[f.Path] = f.Data
	}
	p.vars, err = configVars(p.files)
	return p, err
}

// matrixProjects are the matrix's variants, each generated with every deploy
// file once for all the deploy tests, which only read them.
var matrixProjects = sync.OnceValues(func() ([]project, error) {
	var ps []project
	for _, s := range matrix() {
		p, err := newProject(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", variantName(s), err)
		}
		ps = append(ps, p)
	}
	return ps, nil
})

// deployVariants are the matrix's variants, each generated with every deploy file.
func deployVariants(t *testing.T) []project {
	t.Helper()
	ps, err := matrixProjects()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// withFile returns a copy of p whose file name is edited by edit, for the checks'
// failure cases; it fails t if edit changes nothing, so that a case cannot pass
// because its edit no longer applies.
func (p project) withFile(t *testing.T, name string, edit func(string) string) project {
	t.Helper()
	old, ok := p.files[name]
	if !ok {
		t.Fatalf("no file %s", name)
	}
	edited := edit(string(old))
	if edited == string(old) {
		t.Fatalf("the edit left %s unchanged", name)
	}
	q := p
	q.files = map[string][]byte{}
	for k, v := range p.files {
		q.files[k] = v
	}
	q.files[name] = []byte(edited)
	return q
}

// replace returns an edit replacing old by new once.
func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// envNameRE is what an environment variable's name looks like in the service's code.
var envNameRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// configVars returns the environment variables the generated service reads, from
// its source: every getenv("NAME") (or os.Getenv, os.LookupEnv) and every call
// that passes getenv along with a "NAME" literal, as config's parse helpers take
// them (parseDuration(getenv, "SHUTDOWN_TIMEOUT", ...)). Reading the source, not
// a list kept here, keeps the deploy checks right as features add variables.
// Test files and test helpers (*test packages) are skipped.
func configVars(files map[string][]byte) (map[string]bool, error) {
	vars := map[string]bool{}
	fset := token.NewFileSet()
	for name, data := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(path.Dir(name), "test") {
			continue
		}
		f, err := parser.ParseFile(fset, name, data, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			getenv := isGetenv(call.Fun)
			for _, a := range call.Args {
				getenv = getenv || isGetenv(a)
			}
			if !getenv {
				return true
			}
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if v, err := strconv.Unquote(lit.Value); err == nil && envNameRE.MatchString(v) {
						vars[v] = true
					}
				}
			}
			return true
		})
	}
	if !vars["HTTP_ADDR"] {
		return nil, fmt.Errorf("found no HTTP_ADDR among the service's variables %v: does config still read getenv?", vars)
	}
	return vars, nil
}

// isGetenv reports whether e is getenv, os.Getenv or os.LookupEnv.
func isGetenv(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "getenv"
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "os" && (e.Sel.Name == "Getenv" || e.Sel.Name == "LookupEnv")
	}
	return false
}

// checkVars reports the names in names that the service does not read.
func (p project) checkVars(where string, names []string) error {
	var unknown []string
	for _, n := range names {
		if !p.vars[n] && !runtimeVars[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%s sets %s, which the service does not read", where, strings.Join(unknown, ", "))
	}
	return nil
}

// secretKeysRE finds the keys of the Secrets and env files that the deploy files'
// comments tell the user to create: --from-literal=KEY=... and echo "KEY=...".
var secretKeysRE = regexp.MustCompile(`(?:--from-literal=|echo ")([A-Z][A-Z0-9_]*)=`)

// documentedKeys returns the keys secretKeysRE finds in text, sorted.
func documentedKeys(text string) []string {
	var keys []string
	for _, m := range secretKeysRE.FindAllStringSubmatch(text, -1) {
		keys = append(keys, m[1])
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// addrPort is the port of a listen address such as ":8080".
func addrPort(addr string) (int, error) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(port)
}

// shutdownEnv checks the shutdown variables env sets against the grace period
// the orchestrator gives (grace, in seconds) and Spec.Shutdown: SHUTDOWN_GRACE_PERIOD
// equals it, and the drain delay and the shutdown timeout (or their defaults)
// leave the flush its minimum, so that the orchestrator never kills a shutdown
// the service planned to finish.
func (p project) shutdownEnv(where string, grace int, env map[string]string) error {
	b := p.spec.Shutdown()
	seconds := func(name string, def int) (int, error) {
		v, ok := env[name]
		if !ok {
			return def, nil
		}
		d, err := time.ParseDuration(v)
		if err != nil || d%time.Second != 0 {
			return 0, fmt.Errorf("%s: %s=%q, want whole seconds", where, name, v)
		}
		return int(d / time.Second), nil
	}
	if grace != b.GracePeriod {
		return fmt.Errorf("%s: grace period %ds, want Spec.Shutdown's %ds", where, grace, b.GracePeriod)
	}
	set, err := seconds("SHUTDOWN_GRACE_PERIOD", b.GracePeriod)
	if err != nil {
		return err
	}
	if set != grace {
		return fmt.Errorf("%s: SHUTDOWN_GRACE_PERIOD=%ds, want the grace period %ds", where, set, grace)
	}
	drain, err := seconds("SHUTDOWN_DRAIN_DELAY", 0)
	if err != nil {
		return err
	}
	timeout, err := seconds("SHUTDOWN_TIMEOUT", b.Timeout)
	if err != nil {
		return err
	}
	if drain+timeout+b.MinSpare() > grace {
		return fmt.Errorf("%s: drain %ds + timeout %ds + %ds for the flush and exit > grace period %ds", where, drain, timeout, b.MinSpare(), grace)
	}
	return nil
}

// The config defaults come from the same budget as the deploy files' grace
// periods (checked by checkK8s and checkCompose).
func TestConfigDefaultsFollowShutdownBudget(t *testing.T) {
	s := NewSpec("orders")
	s.Observability = []string{ObsTracing}
	b := s.Shutdown()
	p := generateDeploy(t, s)
	config := string(p.files["internal/config/config.go"])
	for _, want := range []string{
		fmt.Sprintf(`ShutdownTimeout:\s+%d \* time.Second,`, b.Timeout),
		fmt.Sprintf(`ShutdownGracePeriod:\s+%d \* time.Second,`, b.GracePeriod),
		fmt.Sprintf(`exitMargin\s+= %d \* time.Second`, b.ExitMargin),
		fmt.Sprintf(`minFlushTimeout\s+= %d \* time.Second`, b.MinFlush),
	} {
		if !regexp.MustCompile(want).MatchString(config) {
			t.Errorf("internal/config/config.go does not match %s", want)
		}
	}
}

// configVars finds the variables of every feature, including those read through
// a helper and those read with getenv directly.
func TestConfigVarsReadsTheSource(t *testing.T) {
	s := NewSpec("orders")
	s.Database, s.Cache, s.Auth = DatabasePG, CacheRedis, AuthJWT
	p := generateDeploy(t, s)
	for _, v := range []string{"HTTP_ADDR", "SHUTDOWN_GRACE_PERIOD", "DATABASE_URL", "DB_MAX_IDLE_CONNS", "REDIS_URL", "REDIS_KEY_PREFIX", "JWT_SECRET", "JWT_AUDIENCE"} {
		if !p.vars[v] {
			t.Errorf("configVars misses %s", v)
		}
	}
	for _, v := range []string{"TEST_POSTGRES_URL", "HS256", "API_KEYS"} {
		if p.vars[v] {
			t.Errorf("configVars has %s, which the service does not read", v)
		}
	}
}

// BenchmarkDeployChecks measures the checks on one generated project (the
// generation itself is measured by the generator's own benchmarks).
func BenchmarkDeployChecks(b *testing.B) {
	s := NewSpec("orders")
	s.Database, s.Cache, s.Auth, s.Transport = DatabasePG, CacheRedis, AuthJWT, TransportBoth
	p := generateDeploy(b, s)
	for b.Loop() {
		if err := errors.Join(p.checkK8s(), p.checkCompose(), p.checkDockerfile(), p.checkDockerignore()); err != nil {
			b.Fatal(err)
		}
	}
}
