package generator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/svcgen/svcgen/generator/protobuild"
)

// ProtoRoot is where a project keeps its .proto files; their import paths are
// relative to it.
const ProtoRoot = "api/proto"

// GenerateProto compiles the .proto files among files (paths relative to the
// project root) and returns the Go code for them, placed by go_package below module.
// Generation and `svcgen proto` share it, so both write the same code.
func GenerateProto(files Files, module string) (Files, error) {
	protos := map[string][]byte{}
	for _, f := range files {
		if rel, ok := strings.CutPrefix(f.Path, ProtoRoot+"/"); ok && strings.HasSuffix(rel, ".proto") {
			protos[rel] = f.Data
		}
	}
	if len(protos) == 0 {
		return nil, nil
	}
	out, err := protobuild.Generate(protos, protobuild.Options{Module: module})
	if err != nil {
		return nil, fmt.Errorf("generate Go code from %s: %w", ProtoRoot, err)
	}
	var gen Files
	for _, p := range slices.Sorted(maps.Keys(out)) {
		gen = append(gen, File{Path: p, Data: out[p], Mode: 0o644})
	}
	return gen, nil
}
