package generator

import (
	"strings"
	"testing"
)

func gomod(goVersion string, reqs ...string) []byte {
	var b strings.Builder
	b.WriteString("module example.com/demo\n\ngo " + goVersion + "\n")
	if len(reqs) > 0 {
		b.WriteString("\nrequire (\n")
		for _, r := range reqs {
			b.WriteString("\t" + r + "\n")
		}
		b.WriteString(")\n")
	}
	return []byte(b.String())
}

func TestMergeGoMod(t *testing.T) {
	base := gomod("1.26.0", "example.com/a v1.0.0", "example.com/gone v1.0.0", "example.com/pinned v1.0.0", "example.com/used v1.0.0")
	// The team added a requirement next to svcgen's, raised one svcgen also
	// raises (higher), and raised one svcgen drops; and it replaces a module.
	ours := []byte(string(gomod("1.26.0", "example.com/a v1.0.0", "example.com/b-ours v1.2.0", "example.com/gone v1.0.0",
		"example.com/pinned v1.9.0", "example.com/used v1.5.0")) + "\nreplace example.com/a => ../a\n")
	// svcgen adds a requirement, raises two, drops two, and raises the go directive.
	theirs := gomod("1.26.1", "example.com/a v1.1.0", "example.com/b-svcgen v0.3.0", "example.com/pinned v1.2.0")
	got, err := MergeGoMod(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	want := `module example.com/demo

go 1.26.1

require (
	example.com/a v1.1.0
	example.com/b-ours v1.2.0
	example.com/b-svcgen v0.3.0
	example.com/pinned v1.9.0
	example.com/used v1.5.0
)

replace example.com/a => ../a
`
	if string(got) != want {
		t.Errorf("MergeGoMod =\n%s\nwant\n%s", got, want)
	}

	// Without base nothing counts as dropped, and the go directive is never lowered.
	got, err = MergeGoMod(nil, gomod("1.27.0", "example.com/gone v1.0.0"), gomod("1.26.1", "example.com/a v1.1.0"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); !strings.Contains(s, "go 1.27.0") || !strings.Contains(s, "example.com/gone v1.0.0") || !strings.Contains(s, "example.com/a v1.1.0") {
		t.Errorf("MergeGoMod without base =\n%s", got)
	}

	if _, err := MergeGoMod(base, []byte("module (\n"), theirs); err == nil {
		t.Error("MergeGoMod of an unparsable go.mod: no error (the update falls back to the line merge)")
	}
}
