package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestGenerateIsDeterministic generates real variants, the largest included, in
// separate svcgen processes whose environments differ in everything a generator
// might wrongly read (time zone, locale, GOMAXPROCS, HOME, GOFLAGS, working
// directory, umask), and requires byte-identical trees with the same file modes
// (up to the umask, which svcgen honours like any Unix tool).
func TestGenerateIsDeterministic(t *testing.T) {
	bin, err := exec.LookPath("svcgen") // the test binary as svcgen, put on PATH by TestMain
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string][]string{
		"largest": {"--transport", "both", "--auth", "jwt", "--observability", "all", "--deploy", "all"},
		"default": {},
		"grpc":    {"--transport", "grpc", "--auth", "none", "--observability", "none", "--deploy", "none"},
		"tracing": {"--auth", "jwt", "--observability", "tracing", "--deploy", "k8s,github-actions"},
	}
	type env struct {
		name  string
		vars  []string
		umask string // "" leaves the inherited one
	}
	envs := []env{
		{"C", []string{"TZ=UTC", "LANG=C", "LC_ALL=C", "GOMAXPROCS=1", "GOFLAGS="}, "022"},
		{"turkish", []string{"TZ=Asia/Kathmandu", "LANG=tr_TR.UTF-8", "LC_ALL=tr_TR.UTF-8", "GOMAXPROCS=7", "GOFLAGS=-mod=mod -trimpath"}, "022"},
		{"umask077", []string{"TZ=America/St_Johns", "LANG=ja_JP.eucJP", "LC_ALL=", "GOMAXPROCS=3", "GOFLAGS=-mod=readonly"}, "077"},
	}
	if runtime.GOOS == "windows" {
		envs = envs[:2] // no umask
	}
	root := t.TempDir()
	for name, flags := range variants {
		var base map[string]fileState
		for i, e := range envs {
			// Each run has its own HOME and working directory, both outside the tree.
			cwd := filepath.Join(root, name+"-"+e.name+"-cwd")
			home := filepath.Join(root, name+"-"+e.name+"-home")
			for _, d := range []string{cwd, home} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(root, name+"-"+e.name)
			args := append([]string{"new", "svc", "--module", "example.com/acme/svc", "--no-input", "--no-tidy", "--output", out}, flags...)
			cmd := exec.Command(bin, args...)
			if e.umask != "" {
				cmd = exec.Command("sh", append([]string{"-c", `umask ` + e.umask + ` && exec "$0" "$@"`, bin}, args...)...)
			}
			cmd.Dir = cwd
			cmd.Env = append(os.Environ(), append(e.vars, "HOME="+home)...)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s in env %s: %v\n%s", name, e.name, err, msg)
			}
			tree, err := readStates(out)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				base = tree
				continue
			}
			mask := fs.FileMode(0)
			if e.umask == "077" {
				mask = 0o077
			}
			if diff := diffStates(base, tree, mask); diff != "" {
				t.Errorf("variant %s: env %s gave another tree than env %s:\n%s", name, e.name, envs[0].name, diff)
			}
		}
	}
}

// fileState is what a generated file or directory is: its bytes and its mode.
type fileState struct {
	data []byte
	mode fs.FileMode
}

// readStates reads every file and directory under dir, keyed by relative path.
func readStates(dir string) (map[string]fileState, error) {
	tree := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		st := fileState{mode: info.Mode()}
		if !d.IsDir() {
			if st.data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		tree[filepath.ToSlash(rel)] = st
		return nil
	})
	return tree, err
}

// diffStates lists the paths whose presence, bytes or mode differ between a and b;
// b's modes are compared with a's after removing the bits in umask (but for the
// project root's).
func diffStates(a, b map[string]fileState, umask fs.FileMode) string {
	var diffs []string
	for p, sa := range a {
		sb, ok := b[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing: "+p)
		case !bytes.Equal(sa.data, sb.data):
			diffs = append(diffs, "content differs: "+p)
		case p == "." && sa.mode != sb.mode:
			// Write gives the project root 0755 whatever the umask: it renames a
			// MkdirTemp directory (0700) into place and sets its mode explicitly.
			diffs = append(diffs, fmt.Sprintf("mode differs: the project root: %v, want %v", sb.mode, sa.mode))
		case p != "." && sa.mode&^umask != sb.mode:
			diffs = append(diffs, fmt.Sprintf("mode differs: %s: %v, want %v", p, sb.mode, sa.mode&^umask))
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			diffs = append(diffs, "unexpected: "+p)
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "\n")
}
