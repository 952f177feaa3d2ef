package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/version"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// TestMinGoVersionIsPinnedModulesMax recomputes MinGoVersion: the highest go
// directive of the go.mod files of every pinned module, as `go mod download -json`
// finds them (from the module cache first, so that it works offline once warm).
func TestMinGoVersionIsPinnedModulesMax(t *testing.T) {
	var args []string
	for _, r := range requirements {
		args = append(args, r.Path+"@"+r.Version)
	}
	for _, mods := range indirectModules {
		for _, m := range mods {
			args = append(args, m.Path+"@"+m.Version)
		}
	}
	cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, args...)...)
	cmd.Dir = t.TempDir() // outside svcgen's module: the versions are not svcgen's
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download -json: %v (needs the module cache or the module proxy)\n%s", err, out)
	}
	highest, from := "go1", "nothing"
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m struct{ Path, Version, GoMod, Error string }
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if m.Error != "" || m.GoMod == "" {
			t.Fatalf("go mod download %s@%s: %s", m.Path, m.Version, m.Error)
		}
		data, err := os.ReadFile(m.GoMod)
		if err != nil {
			t.Fatal(err)
		}
		f, err := modfile.ParseLax(m.GoMod, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.Go != nil && version.Compare("go"+f.Go.Version, highest) > 0 {
			highest, from = "go"+f.Go.Version, m.Path+"@"+m.Version
		}
	}
	if highest != "go"+MinGoVersion {
		t.Errorf("the pinned modules need Go %s at most (%s), but MinGoVersion is %s: set it to the modules' need", highest, from, MinGoVersion)
	}
}

// TestNewestGoVersionIsSvcgens keeps NewestGoVersion at the go line of svcgen's own
// go.mod, which the toolchain running these tests satisfies.
func TestNewestGoVersionIsSvcgens(t *testing.T) {
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Go.Version != NewestGoVersion {
		t.Errorf("svcgen's go.mod says go %s, NewestGoVersion is %s: keep them equal", f.Go.Version, NewestGoVersion)
	}
	if v := runtime.Version(); version.IsValid(v) && version.Compare(v, "go"+NewestGoVersion) < 0 {
		t.Errorf("tests run on %s, older than NewestGoVersion %s", runtime.Version(), NewestGoVersion)
	}
	if CheckGoVersion(MinGoVersion) != nil || CheckGoVersion(NewestGoVersion) != nil || CheckGoVersion(DefaultGoVersion) != nil {
		t.Errorf("the bounds %s..%s or the default %s are refused", MinGoVersion, NewestGoVersion, DefaultGoVersion)
	}
}

// TestRequirementsForMergesProbes checks how the recorded probes combine: each
// module once, at the highest version a selected probe names, and never listed
// as indirect when the project requires it directly.
func TestRequirementsForMergesProbes(t *testing.T) {
	s := NewSpec("x")
	s.Transport, s.Observability, s.Database = TransportBoth, []string{ObsTracing}, DatabaseNone
	got := map[string]requirement{}
	for _, r := range requirementsFor(s) {
		if _, dup := got[r.Path]; dup {
			t.Errorf("%s required twice", r.Path)
		}
		got[r.Path] = r
	}
	want := map[string]string{}
	for _, k := range []string{"http", "grpc", "http observability=tracing", "grpc observability=tracing"} {
		for _, m := range indirectModules[k] {
			if semver.Compare(m.Version, want[m.Path]) > 0 {
				want[m.Path] = m.Version
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("no indirect modules recorded for gRPC and tracing: run go generate ./generator")
	}
	for p, v := range want {
		switch r, ok := got[p]; {
		case !ok:
			t.Errorf("%s missing", p)
		case r.Indirect && r.Version != v:
			t.Errorf("%s at %s, want the highest recorded, %s", p, r.Version, v)
		case !r.Indirect && !slices.ContainsFunc(requirements, func(d requirement) bool { return d.Path == p }):
			t.Errorf("%s is direct but not pinned in versions.go", p)
		}
	}
	if r := got["google.golang.org/grpc"]; r.Indirect || r.Version != grpcVersion {
		t.Errorf("grpc is %+v, want direct at %s (tracing alone needs it indirectly at an older version)", r, grpcVersion)
	}
}

// Two values whose modules meet in one graph get what their pair's probe
// recorded: SQLite (through goose) and metrics (client_golang) both require
// prometheus/procfs, and the default project needs the higher version.
func TestRequirementsForIncludesPairs(t *testing.T) {
	pair := indirectModules[pairKey("http db=sqlite", "http observability=metrics")]
	if len(pair) == 0 {
		t.Fatal("nothing recorded for SQLite with metrics: run go generate ./generator")
	}
	s := NewSpec("x")
	s.Database, s.Observability = DatabaseSQLite, []string{ObsMetrics}
	got := map[string]string{}
	for _, r := range requirementsFor(s) {
		got[r.Path] = r.Version
	}
	for _, m := range pair {
		if semver.Compare(got[m.Path], m.Version) < 0 {
			t.Errorf("%s at %q, want at least %s, as the pair's probe recorded", m.Path, got[m.Path], m.Version)
		}
	}
}
