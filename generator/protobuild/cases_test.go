package protobuild

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// testModule is the module path of the temporary module the compile tests build. Every
// go_package in testdata/cases starts with it.
const testModule = "example.com/svcgentest"

// testCase is one proto shape, loaded from testdata/cases/NAME.txtar.
//
// In the archive, files ending in .proto are the input of Generate, named by their
// path relative to the proto root. Every other file belongs to the temporary module
// (named relative to its root): the end-to-end test of the case, in the directory that
// the case's go_package paths also start with (the "case directory"). The archive
// comment says what the case covers.
type testCase struct {
	name   string
	dir    string            // case directory inside the temporary module
	protos map[string][]byte // Generate input
	files  map[string][]byte // other files of the temporary module
}

// loadCases loads every testdata/cases/*.txtar, sorted by name.
func loadCases(t testing.TB) []testCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no test cases in testdata/cases")
	}
	cases := make([]testCase, 0, len(paths))
	for _, p := range paths {
		cases = append(cases, loadCase(t, strings.TrimSuffix(filepath.Base(p), ".txtar")))
	}
	return cases
}

// loadCase loads testdata/cases/NAME.txtar.
func loadCase(t testing.TB, name string) testCase {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "cases", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	c := testCase{name: name, protos: map[string][]byte{}, files: map[string][]byte{}}
	for _, f := range a.Files {
		if strings.HasSuffix(f.Name, ".proto") {
			c.protos[f.Name] = f.Data
			continue
		}
		c.files[f.Name] = f.Data
		dir, _, _ := strings.Cut(f.Name, "/")
		if c.dir != "" && c.dir != dir {
			t.Fatalf("case %s: module files in two case directories, %s and %s", name, c.dir, dir)
		}
		c.dir = dir
	}
	if len(c.protos) == 0 || c.dir == "" {
		t.Fatalf("case %s: needs .proto files and an end-to-end test file", name)
	}
	return c
}

// writeTree writes files (slash paths relative to dir) under dir.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean(name)))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
