package generator

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var sample = Files{
	{Path: ".gitignore", Data: []byte("/bin\n"), Mode: 0o644},
	{Path: "cmd/orders/main.go", Data: []byte("package main\n"), Mode: 0o644},
	{Path: "go.mod", Data: []byte("module orders\n"), Mode: 0o644},
	{Path: "internal/config/config.go", Data: []byte("package config\n"), Mode: 0o644},
}

// treeState records path, mode, mtime and SHA-256 of everything under dir, so a
// test can prove that not a byte changed.
func treeState(t *testing.T, dir string) map[string]string {
	t.Helper()
	state := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		entry := fmt.Sprintf("%v %d", info.Mode(), info.ModTime().UnixNano())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		state[rel] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state
}

func TestWriteNewProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	if err := sample.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range sample {
		got, err := os.ReadFile(filepath.Join(dir, f.Path))
		if err != nil || string(got) != string(f.Data) {
			t.Errorf("%s = %q, %v; want %q", f.Path, got, err, f.Data)
		}
	}
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("project dir mode = %v, %v; want 0755", info.Mode(), err)
	}
	if stale := StaleStages(dir); len(stale) != 0 {
		t.Errorf("staging directories left behind: %v", stale)
	}
}

func TestWriteIntoEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Error(err)
	}
}

func TestWriteRefusesNonEmptyTargetAndChangesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "orders")
	os.MkdirAll(filepath.Join(dir, "cmd/orders"), 0o755)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module mine\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "cmd/orders/main.go"), []byte("// my code\n"), 0o644)
	before := treeState(t, parent)

	err := sample.Write(dir, WriteOptions{})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Write() = %v, want ErrNotEmpty mentioning --force", err)
	}
	if diff := cmp.Diff(before, treeState(t, parent)); diff != "" {
		t.Errorf("refused write changed the tree (-before +after):\n%s", diff)
	}
}

func TestForceOverwritesGeneratedFilesOnly(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module old\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "internal/config"), 0o755)
	os.WriteFile(filepath.Join(dir, "internal/config/extra.go"), []byte("package config // mine\n"), 0o644)

	if err := sample.Write(dir, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"go.mod":                    "module orders\n",
		"notes.txt":                 "mine\n",
		"internal/config/extra.go":  "package config // mine\n",
		"internal/config/config.go": "package config\n",
		"cmd/orders/main.go":        "package main\n",
		".gitignore":                "/bin\n",
	}
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree after --force (-want +got):\n%s", diff)
	}
}

func TestInterruptedWriteLeavesNothing(t *testing.T) {
	for k := 1; k < len(sample); k++ {
		parent := t.TempDir()
		dir := filepath.Join(parent, "orders")
		err := sample.Write(dir, WriteOptions{failAfter: k})
		if err == nil {
			t.Fatalf("failAfter=%d: Write() = nil, want the injected failure", k)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("failAfter=%d: parent holds %v after a failed write, want nothing", k, entries)
		}
	}
}

func TestInterruptedForceWriteChangesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module old\n"), 0o644)
	before := treeState(t, dir)
	if err := sample.Write(dir, WriteOptions{Force: true, failAfter: 3}); err == nil {
		t.Fatal("Write() = nil, want the injected failure")
	}
	after := treeState(t, dir)
	for p := range after {
		if strings.HasSuffix(p, tmpSuffix) {
			t.Errorf("temporary file %s left behind", p)
		}
	}
	if before["go.mod"] != after["go.mod"] {
		t.Errorf("go.mod changed by a failed --force write")
	}
}

func TestForceDoesNotFollowSymlinkOutOfTarget(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("outside\n"), 0o644)
	before := treeState(t, outside)

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "internal")); err != nil {
		t.Fatal(err)
	}
	if err := sample.Write(dir, WriteOptions{Force: true}); err == nil {
		t.Error("Write() followed internal -> outside directory without an error")
	}
	if diff := cmp.Diff(before, treeState(t, outside)); diff != "" {
		t.Errorf("directory outside the target changed (-before +after):\n%s", diff)
	}
}

func TestWriteRejectsHostilePaths(t *testing.T) {
	for _, p := range []string{"../escape", "/abs", "a/../../b", ""} {
		parent := t.TempDir()
		files := Files{{Path: p, Data: []byte("x"), Mode: 0o644}}
		if err := files.Write(filepath.Join(parent, "orders"), WriteOptions{}); err == nil {
			t.Errorf("Write accepted path %q", p)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("path %q: parent holds %v", p, entries)
		}
	}
}

func TestStaleStagesAreReported(t *testing.T) {
	parent := t.TempDir()
	stale := filepath.Join(parent, stagePrefix+"orders-123")
	os.Mkdir(stale, 0o700)
	if got := StaleStages(filepath.Join(parent, "orders")); len(got) != 1 || got[0] != stale {
		t.Errorf("StaleStages() = %v, want [%s]", got, stale)
	}
}
