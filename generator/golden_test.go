package generator

import (
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/svcgen/svcgen/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current templates (after vet and build pass)")

// goldenDir holds the golden variants. Each variant is a directory named after its
// options (http-minimal, http-deploy-all, ...) holding spec.json, the Spec it is
// generated from, beside the complete expected tree. Missing and unexpected files
// both fail; `go test ./generator -run TestGolden -update` rewrites the trees.
const goldenDir = "../testdata/golden"

// goldenVersion stands for the svcgen version in golden answers files, so that
// goldens do not change with every release.
const goldenVersion = "golden"

func TestGolden(t *testing.T) {
	variants, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(variants) == 0 {
		t.Fatal("no golden variants under " + goldenDir)
	}
	for _, v := range variants {
		t.Run(v.Name(), func(t *testing.T) {
			dir := filepath.Join(goldenDir, v.Name())
			files, err := Generate(loadGoldenSpec(t, dir), templates.FS, goldenVersion)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				rewriteGolden(t, dir, files)
				return
			}
			compareTree(t, dir, files)
		})
	}
}

func loadGoldenSpec(t *testing.T, dir string) Spec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s Spec
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("%s/spec.json: %v", dir, err)
	}
	return s
}

// readTree reads every file under dir except spec.json, keyed by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "spec.json" {
			return nil
		}
		data, err := os.ReadFile(p)
		tree[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func compareTree(t *testing.T, dir string, files Files) {
	t.Helper()
	want := readTree(t, dir)
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
		if _, ok := want[f.Path]; !ok {
			t.Errorf("unexpected file %s", f.Path)
		}
	}
	for p, data := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("missing file %s", p)
		case g != data:
			t.Errorf("%s differs from the golden (-golden +generated):\n%s", p, cmp.Diff(data, g))
		}
	}
	if t.Failed() {
		t.Log("if the change is intended: go test ./generator -run TestGolden -update")
	}
}

// rewriteGolden replaces a golden tree, but only with a project that passes go vet
// and go build, so that a broken template never becomes the expected output.
func rewriteGolden(t *testing.T, dir string, files Files) {
	t.Helper()
	check := filepath.Join(t.TempDir(), "project")
	if _, err := files.Write(check, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	checkProject(t, check, false)
	spec, err := os.ReadFile(filepath.Join(dir, "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := files.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "spec.json"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
}
