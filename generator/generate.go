package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// File is one generated file.
type File struct {
	// Path is slash-separated and relative to the project root.
	Path string
	Data []byte
	Mode fs.FileMode
}

// Files is a generated project, sorted by path.
type Files []File

// Generate renders the project described by s from the templates in tmpl. It does no
// I/O beyond reading tmpl and reads no clock or environment, so equal inputs give
// byte-identical output. svcgenVersion is recorded in the answers file.
func Generate(s Spec, tmpl fs.FS, svcgenVersion string) (Files, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	set, err := parseTemplates(tmpl)
	if err != nil {
		return nil, err
	}
	files, err := renderAll(set, s)
	if err != nil {
		return nil, err
	}
	gen, err := GenerateProto(files, s.Module)
	if err != nil {
		return nil, err
	}
	files = append(files, gen...)
	gomod, err := goMod(s)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: "go.mod", Data: gomod, Mode: 0o644})
	answers, err := newAnswers(s, svcgenVersion, files).encode()
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: AnswersFile, Data: answers, Mode: 0o644})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// parseTemplates parses every .tmpl file of tmpl into one set, each named by its
// path, so that templates can share {{define}} blocks across features.
func parseTemplates(tmpl fs.FS) (*template.Template, error) {
	// The only template function is "sections", which fills the parts of README.md
	// and the deploy files with the features' blocks (readme.go):
	// logic beyond text/template's own belongs in a Spec method, where it is tested.
	set := template.New("").Option("missingkey=error")
	set.Funcs(template.FuncMap{"sections": sectionsFunc(set)})
	err := fs.WalkDir(tmpl, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".tmpl" {
			return err
		}
		text, err := fs.ReadFile(tmpl, p)
		if err != nil {
			return err
		}
		if _, err := set.New(p).Parse(string(text)); err != nil {
			return fmt.Errorf("parse template: %w", err)
		}
		return nil
	})
	return set, err
}

// renderAll renders the manifest's files for s. gofmt (go/format) takes most of
// the time of a generation, so the files are rendered on every core: one worker
// per core takes the next file until none is left. A goroutine per file would
// start each on a small stack, grown and copied again in go/printer's deep
// recursion for every file (7% of the instructions of `svcgen new` with the
// garbage collector off); a worker grows its stack once. Each result keeps its manifest place, and the
// first error in manifest order is returned, so the output does not depend on
// scheduling.
func renderAll(set *template.Template, s Spec) (Files, error) {
	var entries []entry
	for _, e := range manifest {
		if e.When == nil || e.When(s) {
			entries = append(entries, e)
		}
	}
	files := make(Files, len(entries))
	errs := make([]error, len(entries))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(entries); i = int(next.Add(1)) - 1 {
				e := entries[i]
				data, err := render(set, e.Tmpl, s)
				files[i], errs[i] = File{Path: e.outPath(s), Data: data, Mode: 0o644}, err
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// render executes one template and formats Go output, unless the template is
// plain (see plain).
func render(set *template.Template, name string, s Spec) ([]byte, error) {
	t := set.Lookup(name)
	if t == nil {
		return nil, fmt.Errorf("template %s is missing from the templates FS", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, s); err != nil {
		return nil, fmt.Errorf("execute template: %w", err)
	}
	if !strings.HasSuffix(name, ".go.tmpl") || plain(t) {
		return buf.Bytes(), nil
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format output of template %s: %w\n%s", name, err, numbered(buf.Bytes()))
	}
	return src, nil
}

// numbered prefixes each line with its number, so that a gofmt error's line:column
// can be found in the rendered source.
func numbered(src []byte) string {
	var b strings.Builder
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, line)
	}
	return b.String()
}

// goMod builds go.mod from the pinned requirements rather than from a template, so
// that it is always well-formed and sorted the way the go command writes it.
func goMod(s Spec) ([]byte, error) {
	f := new(modfile.File)
	if err := f.AddModuleStmt(s.Module); err != nil {
		return nil, fmt.Errorf("build go.mod: %w", err)
	}
	if err := f.AddGoStmt(s.GoVersion); err != nil {
		return nil, fmt.Errorf("build go.mod: %w", err)
	}
	var reqs []*modfile.Require
	for _, r := range requirementsFor(s) {
		reqs = append(reqs, &modfile.Require{Mod: module.Version{Path: r.Path, Version: r.Version}, Indirect: r.Indirect})
	}
	// Direct and indirect requirements go in separate blocks, as go mod tidy writes them.
	f.SetRequireSeparateIndirect(reqs)
	f.Cleanup()
	return f.Format()
}

// checkPath refuses output paths that could leave the project directory.
func checkPath(p string) error {
	if p == "" || strings.ContainsRune(p, 0) || path.IsAbs(p) || !fs.ValidPath(p) || strings.Contains(p, `\`) {
		return fmt.Errorf("refusing output path %q: it must be relative and stay inside the project", p)
	}
	return nil
}
