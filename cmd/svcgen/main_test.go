package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"svcgen": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI behaviour scripts in testdata/script, one per
// subcommand and situation (new_existing_dir.txtar, ...). Their stdin is never a
// terminal, so they also prove that svcgen never prompts without one.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"cmptree": cmpTree},
		Setup:               shareGoCaches,
	})
}

// shareGoCaches lets go mod tidy inside scripts use this machine's module and build
// caches (scripts otherwise get an empty HOME), so it works offline and fast.
func shareGoCaches(env *testscript.Env) error {
	out, err := exec.Command("go", "env", "GOMODCACHE", "GOCACHE", "GOPROXY").Output()
	if err != nil {
		return err
	}
	vals := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, name := range []string{"GOMODCACHE", "GOCACHE", "GOPROXY"} {
		env.Setenv(name, vals[i])
	}
	return nil
}

// cmpTree compares two directory trees file by file: `cmptree dir1 dir2`.
func cmpTree(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: cmptree dir1 dir2")
	}
	a, b := readTree(ts, ts.MkAbs(args[0])), readTree(ts, ts.MkAbs(args[1]))
	var diffs []string
	for p, data := range a {
		if other, ok := b[p]; !ok {
			diffs = append(diffs, "only in "+args[0]+": "+p)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "differs: "+p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			diffs = append(diffs, "only in "+args[1]+": "+p)
		}
	}
	switch {
	case neg && len(diffs) == 0:
		ts.Fatalf("%s and %s are identical", args[0], args[1])
	case !neg && len(diffs) > 0:
		ts.Fatalf("trees differ:\n%s", strings.Join(diffs, "\n"))
	}
}

func readTree(ts *testscript.TestScript, dir string) map[string][]byte {
	tree := map[string][]byte{}
	ts.Check(filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		tree[rel] = data
		return err
	}))
	return tree
}
