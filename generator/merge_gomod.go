package generator

import (
	"go/version"
	"maps"
	"slices"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// MergeGoMod merges go.mod by meaning rather than by line: teams edit go.mod all
// the time (`go get` adds a requirement), and svcgen's changes to it (a feature's
// modules, newer pins) land in the same sorted require blocks, where a line merge
// would conflict on nearly every update. Starting from ours (so the team's
// requirements, replace, exclude and tool lines stay), it applies what svcgen
// changed from base to theirs:
//
//   - a requirement svcgen added or moved to another version is set to theirs'
//     version, unless ours already requires a higher one;
//   - a requirement svcgen dropped is dropped when ours still has base's version
//     (the team did not touch it; go mod tidy puts it back if the code needs it);
//   - a go directive svcgen raised is raised, never lowered.
//
// With base nil (it could not be had), nothing counts as dropped. The result has
// the block layout go mod tidy writes; go mod tidy after the update settles the
// indirect comments.
func MergeGoMod(base, ours, theirs []byte) ([]byte, error) {
	o, err := modfile.Parse("go.mod", ours, nil)
	if err != nil {
		return nil, err
	}
	t, err := modfile.Parse("go.mod", theirs, nil)
	if err != nil {
		return nil, err
	}
	b := &modfile.File{}
	if base != nil {
		if b, err = modfile.Parse("go.mod", base, nil); err != nil {
			return nil, err
		}
	}
	was, now, final := requireIndex(b), requireIndex(t), requireIndex(o)
	for path, r := range now {
		if old, ok := was[path]; ok && old.Mod.Version == r.Mod.Version {
			continue // svcgen did not change it
		}
		if cur, ok := final[path]; !ok || semver.Compare(r.Mod.Version, cur.Mod.Version) > 0 {
			final[path] = &modfile.Require{Mod: r.Mod, Indirect: r.Indirect && (!ok || cur.Indirect)}
		}
	}
	for path, old := range was {
		if cur, ok := final[path]; ok && now[path] == nil && cur.Mod.Version == old.Mod.Version {
			delete(final, path)
		}
	}
	if raised(b, t) && (o.Go == nil || version.Compare("go"+t.Go.Version, "go"+o.Go.Version) > 0) {
		if err := o.AddGoStmt(t.Go.Version); err != nil {
			return nil, err
		}
	}
	var reqs []*modfile.Require
	for _, path := range slices.Sorted(maps.Keys(final)) {
		reqs = append(reqs, final[path])
	}
	o.SetRequireSeparateIndirect(reqs)
	o.Cleanup()
	return o.Format()
}

// requireIndex indexes f's require lines by module path.
func requireIndex(f *modfile.File) map[string]*modfile.Require {
	m := map[string]*modfile.Require{}
	for _, r := range f.Require {
		m[r.Mod.Path] = r
	}
	return m
}

// raised reports whether theirs' go directive differs from base's (svcgen moved it).
func raised(base, theirs *modfile.File) bool {
	return theirs.Go != nil && (base.Go == nil || base.Go.Version != theirs.Go.Version)
}
