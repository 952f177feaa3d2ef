package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/svcgen/svcgen/templates"
)

// updateVersion is the svcgen version the update tests generate and update with.
const updateVersion = "v1.0.0"

// generated writes a project generated from spec into a new directory and returns it.
func generated(t *testing.T, spec Spec) string {
	t.Helper()
	files, err := Generate(spec, templates.FS, updateVersion)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "p")
	if _, err := files.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func demoSpec(transport Transport) Spec {
	s := NewSpec("demo")
	s.Module, s.Transport = "example.com/demo", transport
	return s
}

// planUpdate plans the update of dir to spec with this svcgen's templates.
func planUpdate(t *testing.T, dir string, spec Spec) *Update {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, AnswersFile))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ParseAnswers(raw)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := Generate(spec, templates.FS, updateVersion)
	if err != nil {
		t.Fatal(err)
	}
	base := &BaseFinder{Ctx: context.Background(), Recorded: rec, Raw: raw, Templates: templates.FS, Running: updateVersion}
	u, err := PlanUpdate(dir, UpdateInput{Recorded: rec, Theirs: theirs, Base: base.Find})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func edit(t *testing.T, dir, path string, f func(string) string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(path))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(f(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendLine(line string) func(string) string {
	return func(s string) string { return s + line + "\n" }
}

func changeOf(u *Update, path string) (Change, bool) {
	for _, c := range u.Changes {
		if c.Path == path {
			return c, true
		}
	}
	return Change{}, false
}

// TestPlanUpdateClassifiesEachFile walks every rule of PlanUpdate on a real
// project updated from --transport http to both.
func TestPlanUpdateClassifiesEachFile(t *testing.T) {
	dir := generated(t, demoSpec(TransportHTTP))
	edit(t, dir, "internal/config/config.go", appendLine("// our note"))              // svcgen changes it too: merged
	edit(t, dir, "internal/users/users.go", appendLine("// ours alone"))              // svcgen has no change
	edit(t, dir, "cmd/demo/main.go", func(s string) string { return "// top\n" + s }) // both change: merged
	os.Remove(filepath.Join(dir, "Dockerfile"))                                       // deleted: stays deleted
	os.WriteFile(filepath.Join(dir, "NOTES.md"), []byte("ours\n"), 0o644)             // never generated
	os.WriteFile(filepath.Join(dir, "api"), []byte("ours\n"), 0o644)                  // where svcgen's api/ goes
	os.Remove(filepath.Join(dir, "cmd/demo/serve.go"))
	os.Symlink("main.go", filepath.Join(dir, "cmd/demo/serve.go")) // not a regular file
	os.MkdirAll(filepath.Join(dir, "internal/grpcserver"), 0o755)
	os.WriteFile(filepath.Join(dir, "internal/grpcserver/server.go"), []byte("package grpcserver\n"), 0o644)

	u := planUpdate(t, dir, demoSpec(TransportBoth))
	want := map[string]Action{
		"internal/config/config.go":     Merged,
		"internal/users/users.go":       Kept,
		"cmd/demo/main.go":              Merged,
		"Dockerfile":                    Kept,
		"internal/grpcserver/server.go": Kept, // on disk, but svcgen never wrote it
		"cmd/demo/serve.go":             Kept,
		"api/proto/demo/v1/demo.proto":  Kept,
		"cmd/demo/metrics.go":           Updated,
		"internal/grpcserver/users.go":  Added,
		"gen/demo/v1/demo.pb.go":        Added,
		AnswersFile:                     Updated,
	}
	for path, action := range want {
		if c, ok := changeOf(u, path); !ok || c.Action != action {
			t.Errorf("%s: %s (%q), want %s", path, c.Action, c.Reason, action)
		}
	}
	if _, ok := changeOf(u, "NOTES.md"); ok {
		t.Error("NOTES.md, never generated, is in the plan")
	}
	merged, _ := changeOf(u, "internal/config/config.go")
	if s := string(merged.New); !strings.Contains(s, "// our note") || !strings.Contains(s, "GRPC") {
		t.Errorf("config.go merge lost a side:\n%s", s)
	}
	if u.NoBase != nil {
		t.Errorf("NoBase = %v; the same version's base is this svcgen's own", u.NoBase)
	}

	// Write it: the tree is exactly the plan, the answers file is theirs.
	if err := u.Write(dir, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	got := readFiles(t, dir)
	for _, c := range u.Changes {
		switch {
		case c.Action == Kept:
			if (c.Old == nil) != (got[c.Path] == "") || string(c.Old) != got[c.Path] {
				t.Errorf("kept %s changed", c.Path)
			}
		case c.New == nil:
			if _, ok := got[c.Path]; ok {
				t.Errorf("removed %s is still there", c.Path)
			}
		case got[c.Path] != string(c.New):
			t.Errorf("%s is not as planned", c.Path)
		}
	}
	theirs, _ := Generate(demoSpec(TransportBoth), templates.FS, updateVersion)
	for _, f := range theirs {
		if f.Path == AnswersFile && got[AnswersFile] != string(f.Data) {
			t.Errorf("the answers file is not svcgen's, with the hashes of its files")
		}
	}
	if again := planUpdate(t, dir, demoSpec(TransportBoth)); again.Writes() != 0 {
		t.Errorf("a second update writes %d files, want none", again.Writes())
	}
}

func TestPlanUpdateConflictAndDrop(t *testing.T) {
	dir := generated(t, demoSpec(TransportBoth))
	// The line `GRPC GRPC // grpc.go` goes with --transport http: an edit of it conflicts.
	edit(t, dir, "internal/config/config.go", func(s string) string {
		return strings.Replace(s, "// grpc.go", "// grpc.go, ours", 1)
	})
	edit(t, dir, "internal/grpcserver/users.go", appendLine("// ours"))
	u := planUpdate(t, dir, demoSpec(TransportHTTP))
	c, _ := changeOf(u, "internal/config/config.go")
	if c.Action != Conflict || c.Conflicts != 1 || !HasConflictMarkers(string(c.New)) || !strings.Contains(string(c.New), "ours") {
		t.Errorf("config.go: %s with %d conflicts:\n%s", c.Action, c.Conflicts, c.New)
	}
	if c, _ := changeOf(u, "internal/grpcserver/users.go"); c.Action != Kept {
		t.Errorf("edited users.go no longer generated: %s, want kept", c.Action)
	}
	if c, _ := changeOf(u, "internal/grpcserver/server.go"); c.Action != Removed {
		t.Errorf("unedited server.go no longer generated: %s, want removed", c.Action)
	}
}

func TestPlanUpdateWithoutBaseMergesTwoWay(t *testing.T) {
	dir := generated(t, demoSpec(TransportHTTP))
	edit(t, dir, "internal/config/config.go", appendLine("// our note"))
	raw, _ := os.ReadFile(filepath.Join(dir, AnswersFile))
	rec, _ := ParseAnswers(raw)
	theirs, _ := Generate(demoSpec(TransportBoth), templates.FS, updateVersion)
	why := errors.New("svcgen v0.9.0 could not be fetched")
	u, err := PlanUpdate(dir, UpdateInput{Recorded: rec, Theirs: theirs, Base: func(string) ([]byte, error) { return nil, why }})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := changeOf(u, "internal/config/config.go")
	if c.Action != Conflict || !strings.Contains(c.Reason, "two-way") || !errors.Is(u.NoBase, why) {
		t.Errorf("config.go without base: %s (%q), NoBase %v; want a two-way conflict and the reason", c.Action, c.Reason, u.NoBase)
	}
	if c, _ := changeOf(u, "cmd/demo/serve.go"); c.Action != Updated {
		t.Errorf("unedited serve.go without base: %s, want updated (the hash suffices)", c.Action)
	}
}

// TestPlanUpdateRegeneratesProto: a team-edited .proto stays, and gen/ follows it.
func TestPlanUpdateRegeneratesProto(t *testing.T) {
	dir := generated(t, demoSpec(TransportGRPC))
	proto := "api/proto/demo/v1/demo.proto"
	edit(t, dir, proto, appendLine("message Extra {\n  string note = 1;\n}"))
	u := planUpdate(t, dir, demoSpec(TransportBoth))
	c, ok := changeOf(u, "gen/demo/v1/demo.pb.go")
	if !ok || c.Action != Updated || !strings.Contains(string(c.New), "Extra") {
		t.Errorf("gen/demo/v1/demo.pb.go: %s (%q), want generated again with Extra", c.Action, c.Reason)
	}
}

// TestUpdateGoldenIsNoOp: every golden variant updated to itself writes nothing.
func TestUpdateGoldenIsNoOp(t *testing.T) {
	variants, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		t.Run(v.Name(), func(t *testing.T) {
			src := filepath.Join(goldenDir, v.Name())
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, "spec.json"))
			before := treeState(t, dir, false)
			raw, _ := os.ReadFile(filepath.Join(dir, AnswersFile))
			rec, err := ParseAnswers(raw)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := Generate(loadGoldenSpec(t, src), templates.FS, goldenVersion)
			if err != nil {
				t.Fatal(err)
			}
			base := &BaseFinder{Ctx: context.Background(), Recorded: rec, Raw: raw, Templates: templates.FS, Running: goldenVersion}
			u, err := PlanUpdate(dir, UpdateInput{Recorded: rec, Theirs: theirs, Base: base.Find})
			if err != nil {
				t.Fatal(err)
			}
			if u.Writes() != 0 || len(u.Changes) != 0 {
				t.Errorf("update to itself: %d files to write, changes %v", u.Writes(), u.Changes)
			}
			if err := u.Write(dir, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, treeState(t, dir, false)); diff != "" {
				t.Errorf("update to itself changed the tree:\n%s", diff)
			}
		})
	}
}

// TestKilledUpdateIsFinished kills the write of an update before each of its
// moves into place (faults.killAfter, which neither undoes nor cleans up, as a
// kill): FinishInterrupted then brings the project to exactly the complete update.
func TestKilledUpdateIsFinished(t *testing.T) {
	scenario := func() (string, *Update) {
		dir := generated(t, demoSpec(TransportHTTP))
		edit(t, dir, "internal/config/config.go", appendLine("// our note"))
		os.Remove(filepath.Join(dir, "Dockerfile"))
		return dir, planUpdate(t, dir, demoSpec(TransportBoth))
	}
	want, u := scenario()
	if err := u.Write(want, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	// Every move is a kill point; under -short, the first, one in the middle and
	// the answers file's (the last), as each write flushes every file it stages.
	points := []int{1, u.Writes() / 2, u.Writes() - 1}
	if !testing.Short() {
		points = points[:0]
		for k := 1; k < u.Writes(); k++ {
			points = append(points, k)
		}
	}
	for _, k := range points {
		dir, u := scenario()
		if err := u.Write(dir, WriteOptions{faults: faults{killAfter: k}}); !errors.Is(err, errKilled) {
			t.Fatalf("killAfter=%d: Write() = %v, want the injected kill", k, err)
		}
		if len(PendingUpdates(dir)) != 1 {
			t.Fatalf("killAfter=%d: PendingUpdates() = %v, want the journaled stage", k, PendingUpdates(dir))
		}
		finished, err := FinishInterrupted(dir)
		if err != nil || len(finished) != 1 {
			t.Fatalf("killAfter=%d: FinishInterrupted() = %v, %v", k, finished, err)
		}
		if diff := cmp.Diff(readFiles(t, want), readFiles(t, dir)); diff != "" {
			t.Errorf("killAfter=%d, then finished: tree (-want +got):\n%s", k, diff)
		}
	}
}

func TestSetOption(t *testing.T) {
	s := NewSpec("demo")
	if err := SetOption(&s, "transport=both"); err != nil || s.Transport != TransportBoth {
		t.Errorf("SetOption(transport=both) = %v, transport %s", err, s.Transport)
	}
	if err := SetOption(&s, "observability=all"); err != nil || len(s.Observability) != 2 {
		t.Errorf("SetOption(observability=all) = %v, %v", err, s.Observability)
	}
	for arg, want := range map[string]string{
		"transport=pigeon": `--set transport=pigeon: unknown --transport value "pigeon" (want http, grpc or both)`,
		"colour=red":       `invalid --set "colour=red" (want OPTION=VALUE, OPTION one of transport, db, cache, auth, resilience, observability or deploy)`,
		"transport":        `invalid --set "transport" (want OPTION=VALUE, OPTION one of transport, db, cache, auth, resilience, observability or deploy)`,
	} {
		if err := SetOption(&s, arg); err == nil || err.Error() != want {
			t.Errorf("SetOption(%q) = %v, want %s", arg, err, want)
		}
	}
}

// TestBaseFinder: the same version's base is this svcgen's own render, with no
// release fetched even for a file whose render does not match the record; a
// development build's is never fetched.
func TestBaseFinder(t *testing.T) {
	spec := demoSpec(TransportHTTP)
	files, err := Generate(spec, templates.FS, updateVersion)
	if err != nil {
		t.Fatal(err)
	}
	rec := newAnswers(spec, updateVersion, files)
	b := &BaseFinder{Ctx: context.Background(), Recorded: rec, Templates: templates.FS, Running: updateVersion}
	if data, err := b.Find("go.mod"); err != nil || hashOf(data) != rec.Files["go.mod"] {
		t.Errorf("Find(go.mod) = %v; want this svcgen's go.mod", err)
	}
	rec.Files["go.mod"] = hashOf([]byte("other"))
	b = &BaseFinder{Ctx: context.Background(), Recorded: rec, Templates: templates.FS, Running: updateVersion}
	if _, err := b.Find("go.mod"); err == nil || !strings.Contains(err.Error(), "this svcgen's output for go.mod does not match") {
		t.Errorf("Find of a file no render matches, same version: %v", err)
	}
	rec.SvcgenVersion = "(devel)"
	b = &BaseFinder{Ctx: context.Background(), Recorded: rec, Templates: templates.FS, Running: updateVersion}
	if _, err := b.Find("go.mod"); err == nil || !strings.Contains(err.Error(), "not a release that can be fetched") {
		t.Errorf("Find for a development build's project: %v", err)
	}
}

func TestWithoutModFlag(t *testing.T) {
	if got := withoutModFlag("-mod=vendor -buildvcs=false --mod=mod -trimpath"); got != "-buildvcs=false -trimpath" {
		t.Errorf("withoutModFlag = %q", got)
	}
}
