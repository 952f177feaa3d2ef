package generator

import (
	"cmp"
	"slices"

	"golang.org/x/mod/semver"
)

//go:generate go run ./internal/modgraph

// The indirect requirements of a generated go.mod come from the module graph, not
// from a hand-kept table: `go generate ./generator` (internal/modgraph) generates
// a small project per module probe below, lets `go mod tidy` resolve it against
// the pinned direct requirements, and records what tidy adds in indirect_gen.go.
// A maintainer runs it whenever a version in versions.go changes. Generation itself
// only reads the recorded data, so it stays offline and deterministic, and
// TestMatrixCompiles checks the result against `go mod tidy` for every variant.
//
// A probe is keyed by a transport ("http", "grpc") alone, or by a transport and one
// option value ("grpc observability=tracing"), or by two such keys joined with
// " + " for a pair of values. The transport alone is the smallest project with
// that transport; a value's probe adds that value to it, and records only what it
// adds or raises; a pair's probe adds both values, and records only what neither
// value's probe does. A project's indirect requirements are the union of
// the probes its options select, each module at the highest version any of them
// names: that is what minimal version selection picks from the same requirements.

// ModuleProbe is one project that internal/modgraph tidies.
type ModuleProbe struct {
	// Key names the probe in indirect_gen.go.
	Key string
	// Bases are the keys of the probes this one adds to (none for a transport
	// alone): what they record at the same version is not recorded again.
	Bases []string
	Spec  Spec
}

// probeItem is one option value a probe adds to its transport's smallest project.
type probeItem struct {
	opt   *Option
	value Value
}

// ModuleProbes lists the probes: each transport; each transport with each value
// of every other option; and each transport with each pair of those values,
// because two features' modules can meet in one graph (goose and client_golang
// both require prometheus/procfs, at different versions), where minimal version
// selection picks what neither probe alone records.
func ModuleProbes() []ModuleProbe {
	var probes []ModuleProbe
	for _, t := range []Transport{TransportHTTP, TransportGRPC} {
		base := smallest(t)
		probes = append(probes, ModuleProbe{Key: string(t), Spec: base})
		var items []probeItem
		for _, o := range Catalog {
			if o.Name == "transport" {
				continue
			}
			for _, v := range o.Values {
				if !slices.Contains(o.Get(base), v.Name) {
					items = append(items, probeItem{o, v})
				}
			}
		}
		for _, it := range items {
			s := base
			it.add(&s)
			if key := probeKey(t, it.opt, it.value.Name); s.Validate() == nil {
				probes = append(probes, ModuleProbe{Key: key, Bases: bases(t, items, s, key), Spec: s})
			}
		}
		for i, a := range items {
			for _, b := range items[i+1:] {
				if a.opt == b.opt && !a.opt.Multi {
					continue // one value at a time
				}
				s := base
				a.add(&s)
				b.add(&s)
				if s.Validate() != nil {
					continue
				}
				key := pairKey(probeKey(t, a.opt, a.value.Name), probeKey(t, b.opt, b.value.Name))
				probes = append(probes, ModuleProbe{Key: key, Bases: bases(t, items, s, key), Spec: s})
			}
		}
	}
	return probes
}

// bases lists the probes that probe key, of spec s, adds to: its transport
// alone, and the probes of each item s has and of each pair of them, but key
// itself. Beyond the probe's own items that includes what they need: a cache's
// probe has a database, whose modules belong to the database's probe, not to
// the cache's (a project with another database would get them otherwise).
func bases(t Transport, items []probeItem, s Spec, key string) []string {
	out := []string{string(t)}
	var have []string
	for _, it := range items {
		if slices.Contains(it.opt.Get(s), it.value.Name) {
			have = append(have, probeKey(t, it.opt, it.value.Name))
		}
	}
	for i, a := range have {
		out = append(out, a)
		for _, b := range have[i+1:] {
			out = append(out, pairKey(a, b))
		}
	}
	return slices.DeleteFunc(out, func(k string) bool { return k == key })
}

// add chooses the item's value in s, with what it needs.
func (it probeItem) add(s *Spec) {
	if it.opt.Multi {
		it.opt.SetValues(s, append(it.opt.Get(*s), it.value.Name))
	} else {
		it.opt.SetValues(s, []string{it.value.Name})
	}
	addNeeds(s, it.value)
}

// smallest is the project with transport t and nothing else that can be left out.
func smallest(t Transport) Spec {
	s := NewSpec("probe")
	for _, o := range Catalog {
		if o.Multi {
			o.SetValues(&s, nil)
		} else if slices.ContainsFunc(o.Values, func(v Value) bool { return v.Name == "none" }) {
			o.SetValues(&s, []string{"none"})
		}
	}
	s.Transport = t
	return s
}

// addNeeds chooses what v needs in s: "deploy=docker" for compose, the first
// database of the catalog for "db!=none".
func addNeeds(s *Spec, v Value) {
	for _, raw := range v.Needs {
		n := parseNeed(raw)
		o := Lookup(n.option)
		switch {
		case n.met(*s):
		case o.Multi && n.not:
			o.SetValues(s, slices.DeleteFunc(o.Get(*s), func(x string) bool { return x == n.value }))
		case o.Multi:
			o.SetValues(s, append(o.Get(*s), n.value))
		case len(n.choices()) > 0:
			o.SetValues(s, n.choices()[:1])
		}
	}
}

func probeKey(t Transport, o *Option, value string) string {
	return string(t) + " " + o.Name + "=" + value
}

// pairKey names the probe of two values together: "http db=sqlite + http
// observability=metrics".
func pairKey(a, b string) string { return a + " + " + b }

// transports lists the transports s serves its API on.
func (s Spec) transports() []Transport {
	var ts []Transport
	if s.HasHTTP() {
		ts = append(ts, TransportHTTP)
	}
	if s.HasGRPC() {
		ts = append(ts, TransportGRPC)
	}
	return ts
}

// requirementsFor lists s's go.mod requirements: the pinned direct ones its
// options select, then the recorded indirect ones that are not direct already.
func requirementsFor(s Spec) []requirement {
	var reqs []requirement
	direct := map[string]bool{}
	for _, r := range requirements {
		if r.When == nil || r.When(s) {
			reqs = append(reqs, r)
			direct[r.Path] = true
		}
	}
	highest := map[string]string{}
	for _, t := range s.transports() {
		keys := []string{string(t)}
		for _, o := range Catalog {
			if o.Name == "transport" {
				continue
			}
			for _, v := range o.Get(s) {
				keys = append(keys, probeKey(t, o, v))
			}
		}
		// Pairs of chosen values, in the order ModuleProbes makes them.
		singles := len(keys)
		for i := 1; i < singles; i++ {
			for j := i + 1; j < singles; j++ {
				keys = append(keys, pairKey(keys[i], keys[j]))
			}
		}
		for _, k := range keys {
			for _, m := range indirectModules[k] {
				if semver.Compare(m.Version, highest[m.Path]) > 0 {
					highest[m.Path] = m.Version
				}
			}
		}
	}
	var indirect []requirement
	for p, v := range highest {
		if !direct[p] {
			indirect = append(indirect, requirement{Path: p, Version: v, Indirect: true})
		}
	}
	slices.SortFunc(indirect, func(a, b requirement) int { return cmp.Compare(a.Path, b.Path) })
	return append(reqs, indirect...)
}
