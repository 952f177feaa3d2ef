// Package protobuild turns .proto sources into Go code in-process, so that neither svcgen
// nor the projects it writes need protoc or any protoc plugin on the machine.
//
// Generate compiles the sources with github.com/bufbuild/protocompile (the compiler inside
// buf), builds the same pluginpb.CodeGeneratorRequest that protoc or buf would send to a
// plugin, and runs two generators on it:
//
//   - protoc-gen-go's own generator (google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo),
//     which writes the .pb.go files;
//   - our gRPC generator (grpc.go), which writes the _grpc.pb.go files with the API of
//     protoc-gen-go-grpc v1.5.x (grpc.SupportPackageIsVersion9, generic stream types).
//
// Because both generators see the request protoc would send, a project can later switch
// to `buf generate` or protoc with the official plugins and get the same code, so no code
// that uses the generated packages has to change.
//
// # Output layout
//
// Files are placed the way protoc-gen-go's `module=` option places them: at the Go import
// path of the file's go_package, with Options.Module and the following slash removed. For
// example, with Module "github.com/acme/orders" and
//
//	option go_package = "github.com/acme/orders/gen/orders/v1;ordersv1";
//
// in orders/v1/orders.proto, the output is gen/orders/v1/orders.pb.go and
// gen/orders/v1/orders_grpc.pb.go. A go_package outside Module is an error. The equivalent
// buf.gen.yaml (managed mode off), run from the output root, is:
//
//	version: v2
//	plugins:
//	  - local: protoc-gen-go
//	    out: .
//	    opt: module=github.com/acme/orders
//	  - local: protoc-gen-go-grpc
//	    out: .
//	    opt: module=github.com/acme/orders
//
// This layout was chosen over paths=source_relative because the place of each Go file
// then follows from its import path alone: the output always builds, wherever the .proto
// files live. With an empty Module, files go to their full import path (protoc's default,
// paths=import).
package protobuild

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/bufbuild/protocompile"
	"github.com/bufbuild/protocompile/linker"
	"github.com/bufbuild/protocompile/options"
	gengo "google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// Options configures Generate.
type Options struct {
	// Module is the Go module path of the output root, e.g. "github.com/acme/orders".
	// Every go_package must be Module or below it; the generated files are placed at
	// their import path relative to Module (protoc-gen-go's module= option). If empty,
	// files are placed at their full import path.
	Module string
}

// Generate compiles the given .proto sources and returns the generated Go files.
//
// protos maps slash paths relative to the proto root (the import root, e.g.
// "orders/v1/orders.proto") to file contents. Imports are resolved among protos and the
// standard google/protobuf/*.proto files that ship with protoc (timestamp, duration,
// empty, field_mask, any, struct, wrappers and the rest). Every file in protos gets a
// .pb.go file, and a _grpc.pb.go file if it declares a service.
//
// The result maps slash paths relative to the output root (see the package doc for the
// layout) to gofmt'ed Go source. The same input always gives byte-identical output.
// A compile error names the file, line and column, e.g.
// "compile protos: orders/v1/orders.proto:7:3: syntax error: expecting ';'".
// Generate does no I/O.
func Generate(protos map[string][]byte, opts Options) (map[string][]byte, error) {
	req, err := buildRequest(protos, opts)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte)
	if err := runGenerator(req, out, generateGo); err != nil {
		return nil, fmt.Errorf("generate go code: %w", err)
	}
	if err := runGenerator(req, out, generateGRPC); err != nil {
		return nil, fmt.Errorf("generate grpc code: %w", err)
	}
	return out, nil
}

// generateGo is protoc-gen-go's main loop.
func generateGo(gen *protogen.Plugin) error {
	for _, f := range gen.Files {
		if f.Generate {
			gengo.GenerateFile(gen, f)
		}
	}
	gen.SupportedFeatures = gengo.SupportedFeatures
	return nil
}

// runGenerator runs one generator on the request, as protoc would run one plugin, and
// adds the files it generates to out. Each generator gets its own protogen.Plugin so
// that, as with separate plugin processes, nothing is shared between them.
func runGenerator(req *pluginpb.CodeGeneratorRequest, out map[string][]byte, generate func(*protogen.Plugin) error) error {
	gen, err := protogen.Options{}.New(req)
	if err != nil {
		return err
	}
	if err := generate(gen); err != nil {
		return err
	}
	resp := gen.Response()
	if resp.Error != nil {
		return errors.New(resp.GetError())
	}
	for _, f := range resp.File {
		if _, dup := out[f.GetName()]; dup {
			return fmt.Errorf("two generated files named %s", f.GetName())
		}
		out[f.GetName()] = []byte(f.GetContent())
	}
	return nil
}

// buildRequest compiles protos and returns the request protoc would send to a plugin:
// every file to generate and its transitive imports in topological order, json_name set
// on fields, source code info for comments, source-retention options stripped from the
// files to generate (and kept in SourceFileDescriptors), and no compiler version.
func buildRequest(protos map[string][]byte, opts Options) (*pluginpb.CodeGeneratorRequest, error) {
	names, err := checkNames(protos)
	if err != nil {
		return nil, err
	}
	srcs := make(map[string]string, len(protos))
	for name, data := range protos {
		srcs[name] = string(data)
	}
	compiler := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: protocompile.SourceAccessorFromMap(srcs),
		}),
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	files, err := compiler.Compile(context.Background(), names...)
	if err != nil {
		return nil, fmt.Errorf("compile protos: %w", err)
	}

	if err := checkGoPackages(files, opts.Module); err != nil {
		return nil, err
	}

	req := &pluginpb.CodeGeneratorRequest{FileToGenerate: names}
	if opts.Module != "" {
		req.Parameter = proto.String("module=" + opts.Module)
	}
	toGenerate := make(map[string]bool, len(names))
	for _, name := range names {
		toGenerate[name] = true
	}
	seen := make(map[string]bool)
	var add func(fd protoreflect.FileDescriptor) error
	add = func(fd protoreflect.FileDescriptor) error {
		if seen[fd.Path()] {
			return nil
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := 0; i < imports.Len(); i++ {
			if err := add(imports.Get(i).FileDescriptor); err != nil {
				return err
			}
		}
		fdp := fileProto(fd)
		if toGenerate[fd.Path()] {
			stripped, err := options.StripSourceRetentionOptionsFromFile(fdp)
			if err != nil {
				return fmt.Errorf("strip source-retention options from %s: %w", fd.Path(), err)
			}
			req.SourceFileDescriptors = append(req.SourceFileDescriptors, fdp)
			fdp = stripped
		}
		req.ProtoFile = append(req.ProtoFile, fdp)
		return nil
	}
	for _, f := range files {
		if err := add(f); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// checkGoPackages reports a file without go_package, or with one outside module, in
// terms of the .proto file rather than protoc's command line (protogen's own messages
// suggest protoc flags, which svcgen users do not have).
func checkGoPackages(files linker.Files, module string) error {
	for _, f := range files {
		goPkg := f.Options().(*descriptorpb.FileOptions).GetGoPackage()
		if goPkg == "" {
			return fmt.Errorf("%s has no go_package option (add one, e.g. option go_package = %q;)",
				f.Path(), exampleGoPackage(module, f.Path()))
		}
		importPath, _, _ := strings.Cut(goPkg, ";")
		if module != "" && importPath != module && !strings.HasPrefix(importPath, module+"/") {
			return fmt.Errorf("%s: go_package %q is not inside module %s", f.Path(), goPkg, module)
		}
	}
	return nil
}

// exampleGoPackage suggests a go_package for the file at protoPath.
func exampleGoPackage(module, protoPath string) string {
	if module == "" {
		module = "example.com/mod"
	}
	dir := path.Dir(protoPath)
	if dir == "." {
		dir = strings.TrimSuffix(protoPath, ".proto")
	}
	return module + "/gen/" + dir
}

// fileProto returns the descriptor proto of a compiled or standard file.
func fileProto(fd protoreflect.FileDescriptor) *descriptorpb.FileDescriptorProto {
	if res, ok := fd.(linker.Result); ok {
		return res.FileDescriptorProto()
	}
	if u, ok := fd.(unwrapper); ok {
		return fileProto(u.Unwrap())
	}
	return protodesc.ToFileDescriptorProto(fd)
}

// unwrapper is implemented by protocompile's wrappers of descriptors it did not compile
// (the standard imports).
type unwrapper interface {
	Unwrap() protoreflect.FileDescriptor
}

// checkNames returns the sorted file names of protos, or an error naming the first
// name that is not a clean relative slash path to a .proto file.
func checkNames(protos map[string][]byte) ([]string, error) {
	if len(protos) == 0 {
		return nil, errors.New("no .proto files given")
	}
	names := make([]string, 0, len(protos))
	for name := range protos {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case !strings.HasSuffix(name, ".proto"):
			return nil, fmt.Errorf("proto file name %q does not end in .proto", name)
		case path.IsAbs(name), path.Clean(name) != name, name == ".." || strings.HasPrefix(name, "../"),
			strings.Contains(name, `\`):
			return nil, fmt.Errorf("proto file name %q is not a clean slash path relative to the proto root", name)
		}
	}
	return names, nil
}
