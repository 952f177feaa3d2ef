package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"syscall"
)

// regenerateProto generates gen/ again from the .proto files the update leaves
// under api/proto, when they are not theirs (the team edited or added one):
// merging generated code line by line would be wrong, and `svcgen proto` is what
// the team would run next anyway.
func (p *planner) regenerateProto(theirs map[string]File) error {
	final, err := p.finalProtos()
	if err != nil {
		return err
	}
	svcgens := map[string][]byte{}
	for path, f := range theirs {
		if isProto(path) {
			svcgens[path] = f.Data
		}
	}
	if maps.EqualFunc(final, svcgens, bytes.Equal) {
		return nil
	}
	var protos Files
	for _, path := range slices.Sorted(maps.Keys(final)) {
		protos = append(protos, File{Path: path, Data: final[path]})
	}
	gen, err := GenerateProto(protos, p.u.module)
	if err != nil {
		p.u.ProtoNote = fmt.Sprintf("gen/ was not generated again from %s: %v; fix the .proto files, then run svcgen proto", ProtoRoot, err)
		return nil
	}
	for _, f := range gen {
		ours, err := readOurs(p.root, f.Path)
		if err != nil {
			return err
		}
		p.u.Changes = slices.DeleteFunc(p.u.Changes, func(c Change) bool { return c.Path == f.Path })
		if ours.other || bytes.Equal(ours.data, f.Data) {
			continue
		}
		action := Updated
		if ours.data == nil {
			action = Added
		}
		p.u.Changes = append(p.u.Changes, Change{Path: f.Path, Action: action, Old: ours.data, New: f.Data,
			Reason: "generated again from " + ProtoRoot})
	}
	return nil
}

// finalProtos returns every .proto file under api/proto as the update leaves it.
func (p *planner) finalProtos() (map[string][]byte, error) {
	final := map[string][]byte{}
	err := fs.WalkDir(p.root.FS(), ProtoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !isProto(path) {
			return err
		}
		data, err := fs.ReadFile(p.root.FS(), path)
		final[path] = data
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		return nil, fmt.Errorf("read %s: %w", ProtoRoot, err)
	}
	for _, c := range p.u.Changes {
		switch {
		case !isProto(c.Path) || !c.writes():
		case c.New == nil:
			delete(final, c.Path)
		default:
			final[c.Path] = c.New
		}
	}
	return final, nil
}

func isProto(path string) bool {
	return strings.HasPrefix(path, ProtoRoot+"/") && strings.HasSuffix(path, ".proto")
}
