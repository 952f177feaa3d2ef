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
	"testing"

	"golang.org/x/mod/modfile"
)

// TestMinGoVersionIsPinnedModulesMax recomputes MinGoVersion: the highest go
// directive of the go.mod files of every pinned module, as `go mod download -json`
// finds them (from the module cache first, so that it works offline once warm).
func TestMinGoVersionIsPinnedModulesMax(t *testing.T) {
	var args []string
	for _, r := range requirements {
		args = append(args, r.Path+"@"+r.Version)
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
