package generator

import (
	"bytes"
	"go/format"
	"strings"
	"testing"
	"text/template"

	"github.com/svcgen/svcgen/templates"
)

func TestPlainTellsTemplatesApart(t *testing.T) {
	for text, want := range map[string]bool{
		"package x\n": true,
		"{{/* gotype: x */ -}}\npackage {{.Name}}\n": true,
		"import \"{{.Module}}/internal/x\"\n":        true,
		"{{if .HasGRPC}}x{{end}}\n":                  false,
		"{{range .Observability}}x{{end}}\n":         false,
		"{{.Transport}}\n":                           false, // not a plain field
		"{{.Name | printf \"%s\"}}\n":                false,
		"{{$n := .Name}}{{$n}}\n":                    false,
		"{{template \"t\" .}}\n":                     false,
	} {
		tmpl := template.Must(template.New("t").Parse(text))
		if got := plain(tmpl); got != want {
			t.Errorf("plain(%q) = %v, want %v", text, got, want)
		}
	}
}

// Plain templates are not formatted (see plain): every one must render
// gofmt-clean whatever the values it prints, so each is rendered with names and
// module paths at their shortest and longest, and with module paths that sort
// before and after every other import, and each database.
func TestPlainTemplatesNeedNoFormat(t *testing.T) {
	// How each plain field is varied: Name directly, and with it the three
	// values made from it.
	varied := map[string]bool{"Name": true, "Module": true, "Database": true, "APIName": true, "DBName": true, "DNSName": true}
	for _, f := range plainFields {
		if !varied[f] {
			t.Fatalf("plain field %s is not varied by this test; add its extremes", f)
		}
	}
	longName := "Z" + strings.Repeat("y_-", 21)
	dbs := []Database{DatabaseNone, DatabaseSQLite, DatabasePG, DatabaseMySQL}
	var specs []Spec
	for _, name := range []string{"a", "orders", longName} {
		for _, module := range []string{"0", "example.com/acme/orders", "zzzz.example.org/" + strings.Repeat("long-path/", 12) + "module"} {
			s := NewSpec(name)
			s.Module, s.Database = module, dbs[len(specs)%len(dbs)] // each database, at each length of the others
			if err := s.Validate(); err != nil {
				t.Fatalf("spec %s %s %s: %v", name, module, s.Database, err)
			}
			specs = append(specs, s)
		}
	}
	set, err := parseTemplates(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tmpl := range set.Templates() {
		if !strings.HasSuffix(tmpl.Name(), ".go.tmpl") || !plain(tmpl) {
			continue
		}
		n++
		for _, s := range specs {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, s); err != nil {
				t.Fatalf("%s: %v", tmpl.Name(), err)
			}
			formatted, err := format.Source(buf.Bytes())
			if err != nil {
				t.Fatalf("%s (name %q, module %q): %v", tmpl.Name(), s.Name, s.Module, err)
			}
			if !bytes.Equal(formatted, buf.Bytes()) {
				t.Errorf("%s is plain but needs gofmt for name %q, module %q; gofmt the template, or give it a conditional", tmpl.Name(), s.Name, s.Module)
				break
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d plain Go templates; most are expected to be", n)
	}
	t.Logf("%d plain Go templates, each rendered gofmt-clean for %d specs", n, len(specs))
}
