package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"svcgen": func() {
			pauseAtWriteStep()
			pauseAtMoveStep()
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
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
	diff, err := diffTrees(ts.MkAbs(args[0]), ts.MkAbs(args[1]))
	ts.Check(err)
	switch {
	case neg && diff == "":
		ts.Fatalf("%s and %s are identical", args[0], args[1])
	case !neg && diff != "":
		ts.Fatalf("trees differ:\n%s", diff)
	}
}

// diffTrees lists, sorted, the files that differ between two directory trees or
// are in only one of them.
func diffTrees(a, b string) (string, error) {
	ta, err := readTree(a)
	if err != nil {
		return "", err
	}
	tb, err := readTree(b)
	if err != nil {
		return "", err
	}
	var diffs []string
	for p, data := range ta {
		if other, ok := tb[p]; !ok {
			diffs = append(diffs, "only in "+a+": "+p)
		} else if !bytes.Equal(data, other) {
			diffs = append(diffs, "differs: "+p)
		}
	}
	for p := range tb {
		if _, ok := ta[p]; !ok {
			diffs = append(diffs, "only in "+b+": "+p)
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "\n"), nil
}

// readTree reads every file under dir, keyed by path relative to dir.
func readTree(dir string) (map[string][]byte, error) {
	tree := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		tree[rel] = data
		return err
	})
	return tree, err
}
