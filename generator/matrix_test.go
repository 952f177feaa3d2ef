package generator

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// matrix derives the variants to compile from the catalog: every combination of
// transport, database and cache, with the other options cycled across them so that
// every value of every option appears at least once. Multi options alternate
// between all of their values and none.
func matrix() []Spec {
	core := []string{"transport", "db", "cache"}
	combos := [][]string{{}}
	for _, name := range core {
		var next [][]string
		for _, c := range combos {
			for _, v := range Lookup(name).ValueNames() {
				next = append(next, append(slices.Clone(c), v))
			}
		}
		combos = next
	}
	n := len(combos)
	for _, o := range Catalog {
		if o.Multi {
			n = max(n, 2)
		} else if !slices.Contains(core, o.Name) {
			n = max(n, len(o.Values))
		}
	}
	specs := make([]Spec, n)
	for i := range specs {
		s := NewSpec(fmt.Sprintf("svc%d", i))
		for j, name := range core {
			Lookup(name).Set(&s, combos[i%len(combos)][j])
		}
		for _, o := range Catalog {
			switch {
			case slices.Contains(core, o.Name):
			case o.Multi && i%2 == 0:
				o.Set(&s, "all")
			case o.Multi:
				o.Set(&s, "none")
			default:
				o.Set(&s, o.Values[i%len(o.Values)].Name)
			}
		}
		specs[i] = s
	}
	return specs
}

// variantName names a spec after its options, like the golden directories.
func variantName(s Spec) string {
	var parts []string
	for _, o := range Catalog {
		v := o.Get(s)
		switch {
		case o.Multi && len(v) == 0:
			parts = append(parts, o.Name+"-none")
		case o.Multi && len(v) == len(o.Values):
			parts = append(parts, o.Name+"-all")
		default:
			parts = append(parts, strings.Join(v, "+"))
		}
	}
	return strings.Join(parts, "_")
}

func TestMatrixCoversCatalog(t *testing.T) {
	specs := matrix()
	for _, o := range Catalog {
		for _, v := range o.Values {
			if !slices.ContainsFunc(specs, func(s Spec) bool { return slices.Contains(o.Get(s), v.Name) }) {
				t.Errorf("no variant uses --%s %s", o.Name, v.Name)
			}
		}
	}
	for _, s := range specs {
		if err := s.Validate(); err != nil {
			t.Errorf("variant %s is invalid: %v", variantName(s), err)
		}
	}
}

// TestMatrixCompiles generates every variant and runs gofmt, go vet, go build and
// the project's own tests in it. Builds share the go build and module caches.
func TestMatrixCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: builds and tests every generated variant (minutes)")
	}
	for _, s := range matrix() {
		// At the lowest accepted go line, which go mod tidy must keep.
		s.GoVersion = MinGoVersion
		t.Run(variantName(s), func(t *testing.T) {
			files, err := Generate(s, templates.FS, "matrix")
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), s.Name)
			if err := files.Write(dir, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			checkProject(t, dir, true)
		})
	}
}
