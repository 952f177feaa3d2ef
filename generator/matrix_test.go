package generator

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// A factor is one dimension of the variant matrix: a single-value option, whose
// levels are its values, or one value of a list option, which a variant has ("on")
// or not ("off"). Pairs of factor levels are what the matrix must cover.
type factor struct {
	opt    *Option
	value  string // the list value this factor switches; "" for a single-value option
	levels []string
}

// factors lists the matrix's dimensions in catalog order.
func factors() []factor {
	var fs []factor
	for _, o := range Catalog {
		if !o.Multi {
			fs = append(fs, factor{opt: o, levels: o.ValueNames()})
			continue
		}
		for _, v := range o.Values {
			fs = append(fs, factor{opt: o, value: v.Name, levels: []string{"off", "on"}})
		}
	}
	return fs
}

// set applies level to s.
func (f factor) set(s *Spec, level string) {
	if f.value == "" {
		f.opt.SetValues(s, []string{level})
		return
	}
	values := slices.DeleteFunc(slices.Clone(f.opt.Get(*s)), func(v string) bool { return v == f.value })
	if level == "on" {
		values = append(values, f.value)
	}
	f.opt.SetValues(s, values)
}

// means reports whether a catalog need (see need) is about f, and the level of f
// that meets it.
func (f factor) means(raw string) (string, bool) {
	n := parseNeed(raw)
	switch {
	case n.option != f.opt.Name:
		return "", false
	case f.value == "" && n.not:
		choices := n.choices()
		return slices.Concat(choices, []string{""})[0], len(choices) > 0
	case f.value == "":
		return n.value, true
	case f.value == n.value && n.not:
		return "off", true
	case f.value == n.value:
		return "on", true
	}
	return "", false
}

// free is f's first level that needs nothing, such as a list value's "off" or
// --cache none.
func (f factor) free() string {
	for _, l := range f.levels {
		i := slices.IndexFunc(f.opt.Values, func(x Value) bool { return x.Name == l || x.Name == f.value && l == "on" })
		if i < 0 || len(f.opt.Values[i].Needs) == 0 {
			return l
		}
	}
	return f.levels[0]
}

// row is one variant under construction: a level per factor, "" where still open.
type row []string

// spec turns r into a Spec. Open factors take the level that a fixed value needs,
// or else their first level that needs nothing (see free), so that a row is judged only on what is fixed.
func (r row) spec(fs []factor, name string) Spec {
	s := NewSpec(name)
	levels := slices.Clone(r)
	for i, f := range fs {
		if r[i] == "" || f.value != "" && r[i] != "on" {
			continue
		}
		v := r[i]
		if f.value != "" {
			v = f.value
		}
		i := slices.IndexFunc(f.opt.Values, func(x Value) bool { return x.Name == v })
		for _, need := range f.opt.Values[i].Needs {
			for j, g := range fs {
				if l, ok := g.means(need); ok && levels[j] == "" {
					levels[j] = l
				}
			}
		}
	}
	for i, f := range fs {
		if levels[i] == "" {
			levels[i] = f.free()
		}
		f.set(&s, levels[i])
	}
	return s
}

// valid reports whether r's fixed levels can stand together in a valid spec.
func (r row) valid(fs []factor) bool { return len(checkNeeds(r.spec(fs, "x"))) == 0 }

// pair is two factor levels a variant has together: factor i at level a, factor j
// (j > i) at level b.
type pair struct{ i, a, j, b int }

// validPairs lists every pair of levels that some valid spec can have.
func validPairs(fs []factor) []pair {
	var ps []pair
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			for a, la := range fs[i].levels {
				for b, lb := range fs[j].levels {
					r := make(row, len(fs))
					r[i], r[j] = la, lb
					if r.valid(fs) {
						ps = append(ps, pair{i, a, j, b})
					}
				}
			}
		}
	}
	return ps
}

// covers reports whether r has both levels of p.
func (r row) covers(fs []factor, p pair) bool {
	return r[p.i] == fs[p.i].levels[p.a] && r[p.j] == fs[p.j].levels[p.b]
}

// matrix derives the variants to compile from the catalog: a small set that covers
// every valid pair of option values (all-pairs), so that every value meets every
// other at least once (grpc with apikey, metrics without tracing, ...) for a
// fraction of the cost of every combination. It is greedy and deterministic: each
// variant starts from the first pair still uncovered and gives every other factor
// the level that covers the most uncovered pairs.
func matrix() []Spec {
	fs := factors()
	uncovered := validPairs(fs)
	var specs []Spec
	for len(uncovered) > 0 {
		p := uncovered[0]
		r := make(row, len(fs))
		r[p.i], r[p.j] = fs[p.i].levels[p.a], fs[p.j].levels[p.b]
		for k, f := range fs {
			if r[k] != "" {
				continue
			}
			best, bestGain := "", -1
			for _, l := range f.levels {
				r[k] = l
				if !r.valid(fs) {
					continue
				}
				gain := 0
				for _, q := range uncovered {
					if (q.i == k || q.j == k) && r[q.i] != "" && r[q.j] != "" && r.covers(fs, q) {
						gain++
					}
				}
				if gain > bestGain {
					best, bestGain = l, gain
				}
			}
			r[k] = best
		}
		uncovered = slices.DeleteFunc(uncovered, func(q pair) bool { return r.covers(fs, q) })
		specs = append(specs, r.spec(fs, fmt.Sprintf("svc%d", len(specs))))
	}
	// All-pairs does not promise any particular combination of three or more
	// factors, such as one --resilience value without the others: add the
	// required variants that the greedy rows happen to lack.
	for i, req := range requiredRows() {
		if !slices.ContainsFunc(specs, func(s Spec) bool { return meetsRequired(s, req.resilience) }) {
			specs = append(specs, req.spec(fs, i, fmt.Sprintf("svc%d", len(specs))))
		}
	}
	return specs
}

// required is a variant the matrix must have beyond all-pairs: these
// --resilience values exactly, with a database (issue 12: all, none and each
// value alone, each shown to work on its own with the databases).
type required struct{ resilience []string }

// requiredRows lists the required variants, from the catalog: --resilience
// all, none, and each value alone.
func requiredRows() []required {
	opt := optionNamed("resilience")
	all := make([]string, 0, len(opt.Values))
	for _, v := range opt.Values {
		all = append(all, v.Name)
	}
	reqs := []required{{all}, {nil}}
	for _, v := range all {
		reqs = append(reqs, required{[]string{v}})
	}
	return reqs
}

// meetsRequired reports whether s has exactly the resilience values and a
// database.
func meetsRequired(s Spec, resilience []string) bool {
	return s.HasDatabase() && slices.Equal(slices.Sorted(slices.Values(s.Resilience)), slices.Sorted(slices.Values(resilience)))
}

// spec builds the required variant: its --resilience values, the i-th database
// in turn (so that the added rows spread over the databases), Redis as the
// cache (so that the cache's guard is built with each value alone), and
// every other factor at its free level.
func (req required) spec(fs []factor, i int, name string) Spec {
	dbs := slices.DeleteFunc(slices.Clone(optionNamed("db").ValueNames()), func(v string) bool { return v == "none" })
	r := make(row, len(fs))
	for k, f := range fs {
		switch {
		case f.opt.Name == "resilience" && slices.Contains(req.resilience, f.value):
			r[k] = "on"
		case f.opt.Name == "resilience":
			r[k] = "off"
		case f.opt.Name == "db":
			r[k] = dbs[i%len(dbs)]
		case f.opt.Name == "cache":
			r[k] = string(CacheRedis)
		}
	}
	return r.spec(fs, name)
}

// optionNamed is the catalog's option called name.
func optionNamed(name string) *Option {
	i := slices.IndexFunc(Catalog, func(o *Option) bool { return o.Name == name })
	return Catalog[i]
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

// TestMatrixCoversAllPairs checks the matrix against an oracle computed apart
// from it: every valid combination of levels is enumerated, and every pair of
// levels that one of them holds must appear in some variant. Every variant must
// be valid too.
func TestMatrixCoversAllPairs(t *testing.T) {
	fs := factors()
	specs := matrix()
	t.Logf("%d variants cover all pairs of %d factors", len(specs), len(fs))
	rows := make([]row, 0, len(specs))
	for _, s := range specs {
		if err := s.Validate(); err != nil {
			t.Errorf("variant %s is invalid: %v", variantName(s), err)
		}
		rows = append(rows, levelsOf(fs, s))
	}
	reported := map[string]bool{}
	for _, combo := range allRows(fs) {
		s := NewSpec("x")
		for i, f := range fs {
			f.set(&s, combo[i])
		}
		if s.Validate() != nil {
			continue
		}
		for i := range fs {
			for j := i + 1; j < len(fs); j++ {
				msg := fmt.Sprintf("no variant has %s together with %s", fs[i].describe(combo[i]), fs[j].describe(combo[j]))
				if !reported[msg] && !slices.ContainsFunc(rows, func(r row) bool { return r[i] == combo[i] && r[j] == combo[j] }) {
					reported[msg] = true
					t.Error(msg)
				}
			}
		}
	}
}

// TestMatrixHasEveryResilienceValueAlone checks the required variants apart
// from how matrix adds them: --resilience all, none and each value alone, each
// in some valid variant with a database.
func TestMatrixHasEveryResilienceValueAlone(t *testing.T) {
	specs := matrix()
	var values []string
	for _, v := range optionNamed("resilience").Values {
		values = append(values, v.Name)
	}
	want := [][]string{values, {}}
	for _, v := range values {
		want = append(want, []string{v})
	}
	for _, w := range want {
		i := slices.IndexFunc(specs, func(s Spec) bool {
			return s.Validate() == nil && s.HasDatabase() && len(s.Resilience) == len(w) && !slices.ContainsFunc(w, func(v string) bool { return !slices.Contains(s.Resilience, v) })
		})
		if i < 0 {
			t.Errorf("no variant with a database has exactly --resilience %v", w)
			continue
		}
		t.Logf("--resilience %v: %s", w, variantName(specs[i]))
	}
}

// allRows is the full cartesian product of the factors' levels.
func allRows(fs []factor) []row {
	rows := []row{{}}
	for _, f := range fs {
		var next []row
		for _, r := range rows {
			for _, l := range f.levels {
				next = append(next, append(slices.Clone(r), l))
			}
		}
		rows = next
	}
	return rows
}

// levelsOf reads s's level of every factor.
func levelsOf(fs []factor, s Spec) row {
	r := make(row, len(fs))
	for i, f := range fs {
		switch v := f.opt.Get(s); {
		case f.value == "":
			r[i] = single(v)
		case slices.Contains(v, f.value):
			r[i] = "on"
		default:
			r[i] = "off"
		}
	}
	return r
}

// describe names a level as a user would: "--auth jwt", "--deploy without k8s".
func (f factor) describe(level string) string {
	switch {
	case f.value == "":
		return "--" + f.opt.Name + " " + level
	case level == "on":
		return "--" + f.opt.Name + " with " + f.value
	}
	return "--" + f.opt.Name + " without " + f.value
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
			if _, err := files.Write(dir, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			checkProject(t, dir, true)
		})
	}
}

// integrationURLs are the test servers' URLs, the same here as in the generated
// CI workflow's service containers (see checkWorkflow).
var integrationURLs = map[string]string{
	"TEST_POSTGRES_URL": "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
	"TEST_MYSQL_URL":    "mysql://root@127.0.0.1:3306/test",
	"TEST_REDIS_URL":    "redis://127.0.0.1:6379/0",
}

// integrationEnv points the generated projects' integration tests at this
// machine's servers (PostgreSQL, MariaDB, Redis on loopback), so that every
// variant's go test runs them instead of skipping; a variable already set in
// the environment wins. TEST_MYSQL_URL is a mysql:// URL, the form of the
// generated service's DATABASE_URL (its tests take the driver's DSN too).
func integrationEnv() []string {
	var env []string
	for _, k := range slices.Sorted(maps.Keys(integrationURLs)) {
		v := integrationURLs[k]
		if set := os.Getenv(k); set != "" {
			v = set
		}
		env = append(env, k+"="+v)
	}
	return env
}
