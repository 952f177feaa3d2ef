package generator

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var sample = Files{
	{Path: ".gitignore", Data: []byte("/bin\n"), Mode: 0o644},
	{Path: "cmd/orders/main.go", Data: []byte("package main\n"), Mode: 0o644},
	{Path: "go.mod", Data: []byte("module orders\n"), Mode: 0o644},
	{Path: "internal/config/config.go", Data: []byte("package config\n"), Mode: 0o644},
}

// treeState records every entry under dir, so that a test can prove that not a
// byte changed: its mode and mtime, for a regular file its SHA-256, for a symlink
// its target. With dirTimes false, directory mtimes are left out: a write that
// changes nothing still creates and removes its staging directory inside dir.
func treeState(t *testing.T, dir string, dirTimes bool) map[string]string {
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
		entry := info.Mode().String()
		if !info.IsDir() || dirTimes {
			entry += fmt.Sprintf(" %d", info.ModTime().UnixNano())
		}
		switch {
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += fmt.Sprintf(" %x", sha256.Sum256(data))
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			entry += " -> " + link
		}
		state[rel] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state
}

// readFiles returns every regular file under dir by slash path, with its content.
func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteNewProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	if _, err := sample.Write(dir, WriteOptions{}); err != nil {
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

// An existing empty target may be a mount point, which cannot be renamed over, or
// have an owner and mode of its own: it must be the same directory afterwards.
func TestWriteIntoEmptyDirectoryKeepsIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sample.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || after.Mode() != before.Mode() {
		t.Errorf("target replaced: before %v (mode %v), after %v (mode %v); want the same directory", before.Sys(), before.Mode(), after.Sys(), after.Mode())
	}
	if diff := cmp.Diff(filesMap(sample), readFiles(t, dir)); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if stale := StaleStages(dir); len(stale) != 0 {
		t.Errorf("staging directories left behind: %v", stale)
	}
}

func filesMap(files Files) map[string]string {
	m := map[string]string{}
	for _, f := range files {
		m[f.Path] = string(f.Data)
	}
	return m
}

func TestWriteRefusesNonEmptyTargetAndChangesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "orders")
	os.MkdirAll(filepath.Join(dir, "cmd/orders"), 0o755)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module mine\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "cmd/orders/main.go"), []byte("// my code\n"), 0o644)
	before := treeState(t, parent, true)

	_, err := sample.Write(dir, WriteOptions{})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Write() = %v, want ErrNotEmpty mentioning --force", err)
	}
	if diff := cmp.Diff(before, treeState(t, parent, true)); diff != "" {
		t.Errorf("refused write changed the tree (-before +after):\n%s", diff)
	}
}

// withAnswers appends the answers file that Generate would write for files.
func withAnswers(t *testing.T, files Files) Files {
	t.Helper()
	data, err := newAnswers(Spec{Name: "orders"}, "test", files).encode()
	if err != nil {
		t.Fatal(err)
	}
	return append(slices.Clone(files), File{Path: AnswersFile, Data: data, Mode: 0o644})
}

// forceScenario writes version 1 of a project, edits it as a user would, and
// returns the target and version 2.
func forceScenario(t *testing.T) (string, Files) {
	t.Helper()
	v1 := withAnswers(t, Files{
		{Path: "a.go", Data: []byte("package a // v1\n"), Mode: 0o644},
		{Path: "edited.go", Data: []byte("package a // v1\n"), Mode: 0o644},
		{Path: "edited_same.go", Data: []byte("package a // same in v1 and v2\n"), Mode: 0o644},
		{Path: "grpc/gone.go", Data: []byte("package grpc\n"), Mode: 0o644},
		{Path: "grpc/server/gone.go", Data: []byte("package server\n"), Mode: 0o644},
		{Path: "old/edited_gone.go", Data: []byte("package old\n"), Mode: 0o644},
	})
	dir := filepath.Join(t.TempDir(), "orders")
	if _, err := v1.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"edited.go":          "package a // mine\n",
		"edited_same.go":     "package a // mine too\n",
		"old/edited_gone.go": "package old // mine\n",
		"notes.txt":          "my notes\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v2 := withAnswers(t, Files{
		{Path: "a.go", Data: []byte("package a // v2\n"), Mode: 0o644},
		{Path: "edited.go", Data: []byte("package a // v2\n"), Mode: 0o644},
		{Path: "edited_same.go", Data: []byte("package a // same in v1 and v2\n"), Mode: 0o644},
		{Path: "http/new.go", Data: []byte("package http\n"), Mode: 0o644},
	})
	return dir, v2
}

func TestForceKeepsEditsAndRemovesWhatIsNoLongerGenerated(t *testing.T) {
	dir, v2 := forceScenario(t)
	report, err := v2.Write(dir, WriteOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a.go":                  "package a // v2\n",
		"edited.go":             "package a // mine\n",
		"edited.go" + NewSuffix: "package a // v2\n",
		"edited_same.go":        "package a // mine too\n",
		"http/new.go":           "package http\n",
		"old/edited_gone.go":    "package old // mine\n",
		"notes.txt":             "my notes\n",
		AnswersFile:             filesMap(v2)[AnswersFile],
	}
	if diff := cmp.Diff(want, readFiles(t, dir)); diff != "" {
		t.Errorf("tree after --force (-want +got):\n%s", diff)
	}
	wantReport := WriteReport{
		Kept:     []string{"edited.go"},
		Removed:  []string{"grpc/gone.go", "grpc/server/gone.go"},
		Orphaned: []string{"old/edited_gone.go"},
	}
	if diff := cmp.Diff(wantReport, report, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, "grpc")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("grpc/, emptied by the removals, still exists (%v)", err)
	}
	if stale := StaleStages(dir); len(stale) != 0 {
		t.Errorf("staging directories left behind: %v", stale)
	}

	// Running the same again changes nothing.
	before := treeState(t, dir, true)
	report, err = v2.Write(dir, WriteOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, treeState(t, dir, true), cmpopts.IgnoreMapEntries(func(k, _ string) bool { return k == "." })); diff != "" {
		t.Errorf("a second identical --force changed the tree (-before +after):\n%s", diff)
	}
	// The answers file now records v2: svcgen has nothing newer for edited.go.
	if diff := cmp.Diff(WriteReport{}, report, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("second report (-want +got):\n%s", diff)
	}
}

// Without an answers file (or with one svcgen cannot read), no existing file can
// be shown to be unedited: every one that differs is kept, nothing is removed.
func TestForceWithoutRecordKeepsEveryDifferingFile(t *testing.T) {
	for name, record := range map[string]string{"missing": "", "invalid": "{not json", "no files": `{"spec": {}}`} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module old\n"), 0o644)
			os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/bin\n"), 0o644) // equal to the new one
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine\n"), 0o644)
			if record != "" {
				os.WriteFile(filepath.Join(dir, AnswersFile), []byte(record), 0o644)
			}
			files := withAnswers(t, sample)
			report, err := files.Write(dir, WriteOptions{Force: true})
			if err != nil {
				t.Fatal(err)
			}
			want := filesMap(files)
			want["go.mod"] = "module old\n"
			want["go.mod"+NewSuffix] = "module orders\n"
			want["notes.txt"] = "mine\n"
			if diff := cmp.Diff(want, readFiles(t, dir)); diff != "" {
				t.Errorf("tree after --force (-want +got):\n%s", diff)
			}
			if report.NoRecord == nil || !slices.Equal(report.Kept, []string{"go.mod"}) || report.Removed != nil {
				t.Errorf("report = %+v, want NoRecord set, Kept [go.mod], nothing removed", report)
			}
		})
	}
}

// A failed write, at any file, leaves the parent exactly as it was: no target, no
// stage, and none of the missing parent directories it created.
func TestInterruptedWriteLeavesNothing(t *testing.T) {
	for k := 1; k < len(sample); k++ {
		parent := t.TempDir()
		dir := filepath.Join(parent, "a", "b", "orders")
		_, err := sample.Write(dir, WriteOptions{faults: faults{stageAfter: k}})
		if err == nil {
			t.Fatalf("stageAfter=%d: Write() = nil, want the injected failure", k)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("stageAfter=%d: parent holds %v after a failed write, want nothing", k, entries)
		}
	}
}

// A --force write that fails while staging, or while moving files into place
// (then undone), leaves every file's bytes, mode and mtime, and the set of
// entries, as they were.
func TestInterruptedForceWriteChangesNothing(t *testing.T) {
	dir, v2 := forceScenario(t)
	before := treeState(t, dir, false)
	// 4 files staged (a.go, edited.go's new version, http/new.go, the answers
	// file), moved in with the 2 removals: 6 steps in place.
	var cases []faults
	for k := 1; k < 4; k++ {
		cases = append(cases, faults{stageAfter: k})
	}
	for k := 1; k < 6; k++ {
		cases = append(cases, faults{commitAfter: k})
	}
	for _, f := range cases {
		{
			if _, err := v2.Write(dir, WriteOptions{Force: true, faults: f}); err == nil || !strings.Contains(err.Error(), "injected failure") {
				t.Fatalf("%+v: Write() = %v, want the injected failure", f, err)
			}
			if diff := cmp.Diff(before, treeState(t, dir, false)); diff != "" {
				t.Errorf("%+v: the failed --force write changed the tree (-before +after):\n%s", f, diff)
			}
		}
	}
}

// Removing the stage of a failed write is retried; a stage that still cannot be
// removed is named in the error.
func TestFailedWriteCleanupIsRetried(t *testing.T) {
	for _, force := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "orders")
		if force {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644)
		}
		// Two failed removals in a row were enough to leave a stage behind before.
		_, err := sample.Write(dir, WriteOptions{Force: force, faults: faults{stageAfter: 2, removeAll: 2}})
		if err == nil || strings.Contains(err.Error(), "remove staging directory") {
			t.Errorf("force=%v: Write() = %v, want only the injected write failure", force, err)
		}
		if stale := StaleStages(dir); len(stale) != 0 {
			t.Errorf("force=%v: 2 failed removals left %v behind", force, stale)
		}

		_, err = sample.Write(dir, WriteOptions{Force: force, faults: faults{stageAfter: 2, removeAll: cleanupAttempts}})
		stale := StaleStages(dir)
		if len(stale) != 1 || err == nil || !strings.Contains(err.Error(), "remove staging directory "+stale[0]) {
			t.Errorf("force=%v: Write() = %v with %v left; want an error naming the stage left", force, err, stale)
		}
	}
}

func TestForceDoesNotFollowSymlinkOutOfTarget(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("outside\n"), 0o644)
	before := treeState(t, outside, true)

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "internal")); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []WriteOptions{{Force: true}, {Overwrite: true}} {
		if _, err := sample.Write(dir, opts); err == nil {
			t.Errorf("%+v: Write() followed internal -> outside directory without an error", opts)
		}
	}
	if diff := cmp.Diff(before, treeState(t, outside, true)); diff != "" {
		t.Errorf("directory outside the target changed (-before +after):\n%s", diff)
	}
}

func TestWriteRejectsHostilePaths(t *testing.T) {
	for _, p := range []string{"../escape", "/abs", "a/../../b", ""} {
		parent := t.TempDir()
		files := Files{{Path: p, Data: []byte("x"), Mode: 0o644}}
		if _, err := files.Write(filepath.Join(parent, "orders"), WriteOptions{}); err == nil {
			t.Errorf("Write accepted path %q", p)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("path %q: parent holds %v", p, entries)
		}
	}
}

func TestStaleStagesAreReported(t *testing.T) {
	parent := t.TempDir()
	beside := filepath.Join(parent, stagePrefix+"orders-123")
	inside := filepath.Join(parent, "orders", stagePrefix+"456")
	os.MkdirAll(beside, 0o700)
	os.MkdirAll(inside, 0o700)
	want := []string{beside, inside}
	if got := StaleStages(filepath.Join(parent, "orders")); !slices.Equal(got, want) {
		t.Errorf("StaleStages() = %v, want %v", got, want)
	}
}

// Paths are cleaned and made absolute first: "out/" and "." name their directory.
func TestWriteCleansTargetPath(t *testing.T) {
	parent := t.TempDir()
	t.Chdir(parent)
	if _, err := sample.Write("out/", WriteOptions{}); err != nil {
		t.Fatalf(`Write("out/") = %v`, err)
	}
	if diff := cmp.Diff(filesMap(sample), readFiles(t, "out")); diff != "" {
		t.Errorf("out/ (-want +got):\n%s", diff)
	}
	if _, err := sample.Write("failed/", WriteOptions{faults: faults{stageAfter: 2}}); err == nil {
		t.Error(`Write("failed/") with an injected failure = nil`)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("parent holds %v, want only out/", entries)
	}

	os.Mkdir("here", 0o755)
	t.Chdir("here")
	if _, err := sample.Write(".", WriteOptions{}); err != nil {
		t.Fatalf(`Write(".") in an empty directory = %v`, err)
	}
	if diff := cmp.Diff(filesMap(sample), readFiles(t, ".")); diff != "" {
		t.Errorf(". (-want +got):\n%s", diff)
	}
}

// The one rule for symlinks: the target path is resolved, and the directory it
// names is written; the symlink itself is never replaced.
func TestWriteThroughSymlinkedTarget(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	link := filepath.Join(parent, "link")
	os.Mkdir(real, 0o755)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	isLink := func() bool {
		info, err := os.Lstat(link)
		return err == nil && info.Mode()&fs.ModeSymlink != 0
	}

	if _, err := sample.Write(link, WriteOptions{}); err != nil {
		t.Fatalf("Write(link to an empty dir) = %v", err)
	}
	if !isLink() {
		t.Error("the symlink to an empty directory was replaced")
	}
	if diff := cmp.Diff(filesMap(sample), readFiles(t, real)); diff != "" {
		t.Errorf("real/ (-want +got):\n%s", diff)
	}

	// Now the directory it names is non-empty: refused as such, or --force.
	if _, err := sample.Write(link, WriteOptions{}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("Write(link to a non-empty dir) = %v, want ErrNotEmpty", err)
	}
	if _, err := withAnswers(t, sample).Write(link, WriteOptions{Force: true}); err != nil {
		t.Errorf("Write(link to a non-empty dir, Force) = %v", err)
	}
	if _, err := os.Stat(filepath.Join(real, AnswersFile)); err != nil || !isLink() {
		t.Errorf("--force through the symlink: %v, symlink kept %v; want both", err, isLink())
	}

	// Through a symlinked parent, a missing target is created in the real parent.
	if _, err := sample.Write(filepath.Join(link, "sub"), WriteOptions{}); err != nil {
		t.Errorf("Write(link/sub) = %v", err)
	}
	if _, err := os.Stat(filepath.Join(real, "sub", "go.mod")); err != nil {
		t.Error(err)
	}
}

func TestWriteRefusesSymlinkToNothingOrAFile(t *testing.T) {
	parent := t.TempDir()
	os.WriteFile(filepath.Join(parent, "file"), nil, 0o644)
	os.Symlink(filepath.Join(parent, "missing"), filepath.Join(parent, "dangling"))
	os.Symlink(filepath.Join(parent, "file"), filepath.Join(parent, "tofile"))
	before := treeState(t, parent, true)
	for _, name := range []string{"dangling", "tofile", "file"} {
		if _, err := sample.Write(filepath.Join(parent, name), WriteOptions{Force: true}); err == nil {
			t.Errorf("Write(%s) = nil, want an error", name)
		}
	}
	if diff := cmp.Diff(before, treeState(t, parent, true)); diff != "" {
		t.Errorf("refused writes changed the parent (-before +after):\n%s", diff)
	}
}

// A run killed while moving files into place leaves each file old or new; running
// the same write again completes the project, and reports the stage the kill left.
func TestRerunAfterKilledInPlaceWriteCompletes(t *testing.T) {
	withoutStages := func(files map[string]string) map[string]string {
		maps.DeleteFunc(files, func(p, _ string) bool { return strings.HasPrefix(p, stagePrefix) })
		return files
	}
	want, v2 := forceScenario(t)
	if _, err := v2.Write(want, WriteOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	for k := 1; k < 6; k++ {
		dir, v2 := forceScenario(t)
		if _, err := v2.Write(dir, WriteOptions{Force: true, faults: faults{killAfter: k}}); !errors.Is(err, errKilled) {
			t.Fatalf("killAfter=%d: Write() = %v, want the injected kill", k, err)
		}
		if len(StaleStages(dir)) != 1 {
			t.Errorf("killAfter=%d: StaleStages() = %v, want the stage the kill left", k, StaleStages(dir))
		}
		report, err := v2.Write(dir, WriteOptions{Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(readFiles(t, want), withoutStages(readFiles(t, dir))); diff != "" {
			t.Errorf("killAfter=%d, then again: tree (-want +got):\n%s", k, diff)
		}
		if !slices.Equal(report.Kept, []string{"edited.go"}) {
			t.Errorf("killAfter=%d, then again: Kept = %v, want [edited.go]", k, report.Kept)
		}
	}

	// Into an empty directory, the answers file comes last: after a kill the
	// files already moved are identical to the new ones, so --force finishes.
	for k := 1; k < len(sample); k++ {
		dir := t.TempDir()
		files := withAnswers(t, sample)
		if _, err := files.Write(dir, WriteOptions{faults: faults{killAfter: k}}); !errors.Is(err, errKilled) {
			t.Fatalf("killAfter=%d: Write() = %v, want the injected kill", k, err)
		}
		report, err := files.Write(dir, WriteOptions{Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(filesMap(files), withoutStages(readFiles(t, dir))); diff != "" {
			t.Errorf("empty target, killAfter=%d, then --force: tree (-want +got):\n%s", k, diff)
		}
		if report.Kept != nil {
			t.Errorf("empty target, killAfter=%d, then --force: Kept = %v, want none", k, report.Kept)
		}
	}
}
