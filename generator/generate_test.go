package generator

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/svcgen/svcgen/templates"
	"golang.org/x/mod/modfile"
)

// stubTemplates gives every manifest entry a tiny template, so that these tests
// check the generator's own behaviour, independent of the real templates.
func stubTemplates() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, e := range manifest {
		text := "{{.Name}} " + e.Out + "\n"
		if strings.HasSuffix(e.Tmpl, ".go.tmpl") {
			// Not plain (see plain), so gofmt runs on it.
			text = "{{if true}}package   {{.APIName}}{{end}}\n"
		}
		fsys[e.Tmpl] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func paths(files Files) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func TestManifestPicksFilesBySpec(t *testing.T) {
	s := NewSpec("orders")
	Lookup("deploy").Set(&s, "k8s")
	files, err := Generate(s, stubTemplates(), "test")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(paths(files), " ")
	for _, want := range []string{"cmd/orders/main.go", "deploy/k8s/deployment.yaml", "go.mod", AnswersFile, ".gitignore"} {
		if !strings.Contains(got, want) {
			t.Errorf("files lack %s: %s", want, got)
		}
	}
	for _, unwanted := range []string{"Dockerfile", "docker-compose.yaml", ".github/workflows/ci.yaml"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("files contain %s, which --deploy k8s does not ask for", unwanted)
		}
	}
}

func TestGenerateFormatsGoAndSortsFiles(t *testing.T) {
	files, err := Generate(NewSpec("Orders"), stubTemplates(), "test")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if i > 0 && files[i-1].Path >= f.Path {
			t.Errorf("files not sorted: %s before %s", files[i-1].Path, f.Path)
		}
		if strings.HasSuffix(f.Path, ".go") && string(f.Data) != "package orders\n" {
			t.Errorf("%s = %q, want gofmt'ed %q", f.Path, f.Data, "package orders\n")
		}
	}
}

func TestFormatErrorNamesTemplateAndLine(t *testing.T) {
	fsys := stubTemplates()
	fsys["base/internal/config/config.go.tmpl"] = &fstest.MapFile{Data: []byte("package config\n{{if true}}\nfunc {{.Name}}( {\n{{end}}")}
	_, err := Generate(NewSpec("orders"), fsys, "test")
	if err == nil {
		t.Fatal("Generate() = nil, want a format error")
	}
	for _, want := range []string{"base/internal/config/config.go.tmpl", "3:", "    3  func orders( {"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestExecuteErrorNamesTemplate(t *testing.T) {
	fsys := stubTemplates()
	fsys["base/Makefile.tmpl"] = &fstest.MapFile{Data: []byte("{{.NoSuchField}}")}
	_, err := Generate(NewSpec("orders"), fsys, "test")
	if err == nil || !strings.Contains(err.Error(), "base/Makefile.tmpl") {
		t.Errorf("Generate() = %v, want an error naming base/Makefile.tmpl", err)
	}
}

func TestGoModIsPinned(t *testing.T) {
	s := NewSpec("orders")
	s.Module = "github.com/acme/orders"
	files, err := Generate(s, stubTemplates(), "test")
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse("go.mod", fileData(t, files, "go.mod"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Module.Mod.Path != s.Module || f.Go.Version != s.GoVersion {
		t.Errorf("go.mod module %s go %s, want %s go %s", f.Module.Mod.Path, f.Go.Version, s.Module, s.GoVersion)
	}
	got := map[string]string{}
	for _, r := range f.Require {
		got[r.Mod.Path] = r.Mod.Version
	}
	if got["github.com/go-chi/chi/v5"] != chiVersion {
		t.Errorf("go.mod requires chi %q, want %s", got["github.com/go-chi/chi/v5"], chiVersion)
	}
}

func TestAnswersRecordSpecVersionAndHashes(t *testing.T) {
	s := NewSpec("orders")
	files, err := Generate(s, stubTemplates(), "v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswers(fileData(t, files, AnswersFile))
	if err != nil {
		t.Fatal(err)
	}
	if a.SvcgenVersion != "v1.2.3" || a.Spec.Name != "orders" || a.Spec.Transport != TransportHTTP {
		t.Errorf("answers = %+v", a)
	}
	if len(a.Files) != len(files)-1 {
		t.Errorf("answers hash %d files, want %d (all but itself)", len(a.Files), len(files)-1)
	}
	want := newAnswers(s, "", Files{{Path: "go.mod", Data: fileData(t, files, "go.mod")}}).Files["go.mod"]
	if a.Files["go.mod"] != want || len(want) != 64 {
		t.Errorf("hash of go.mod = %q, want %q", a.Files["go.mod"], want)
	}
}

func TestGenerateRejectsInvalidSpec(t *testing.T) {
	if _, err := Generate(NewSpec("type"), stubTemplates(), "test"); err == nil {
		t.Error("Generate accepted the project name type")
	}
}

func TestCheckPathRejectsEscapes(t *testing.T) {
	for _, p := range []string{"", "/etc/passwd", "../x", "a/../../x", "a/./b", `a\..\b`, "a\x00b", "a//b"} {
		if checkPath(p) == nil {
			t.Errorf("checkPath(%q) = nil, want an error", p)
		}
	}
	for _, p := range []string{"go.mod", ".github/workflows/ci.yaml", "cmd/x/main.go"} {
		if err := checkPath(p); err != nil {
			t.Errorf("checkPath(%q) = %v", p, err)
		}
	}
}

func fileData(t *testing.T, files Files, path string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return f.Data
		}
	}
	t.Fatalf("no file %s", path)
	return nil
}

// TestPackageBoundaries keeps generated packages off libraries that are not
// theirs: config holds plain settings (the JWT library belongs to auth), and
// metrics does not reach into the HTTP middleware for one type.
func TestPackageBoundaries(t *testing.T) {
	forbidden := map[string][]string{
		"internal/config/":  {"github.com/golang-jwt/jwt/v5"},
		"internal/metrics/": {"/internal/middleware"},
	}
	s := NewSpec("x")
	s.Transport, s.Auth, s.Observability = TransportBoth, AuthJWT, []string{ObsMetrics, ObsTracing}
	files, err := Generate(s, templates.FS, "test")
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]int{}
	for _, f := range files {
		for dir, imports := range forbidden {
			if !strings.HasPrefix(f.Path, dir) || !strings.HasSuffix(f.Path, ".go") {
				continue
			}
			checked[dir]++
			parsed, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				for _, bad := range imports {
					if strings.HasSuffix(strings.Trim(imp.Path.Value, `"`), bad) {
						t.Errorf("%s imports %s", f.Path, imp.Path.Value)
					}
				}
			}
		}
	}
	for dir := range forbidden {
		if checked[dir] == 0 {
			t.Errorf("no Go file generated under %s: the boundary checks nothing", dir)
		}
	}
}
