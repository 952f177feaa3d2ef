package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/spf13/cobra"
	"golang.org/x/mod/modfile"

	"github.com/svcgen/svcgen/generator"
)

// newProtoCmd is `svcgen proto`: regenerate a project's Go code from its .proto
// files after the user edited them, with the same in-process compiler that
// `svcgen new` used, so that no protoc is needed.
func newProtoCmd(io streams) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "proto",
		Short: "Regenerate the Go code of a project's " + generator.ProtoRoot + "/*.proto files (no protoc needed)",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			module, err := modulePath(dir)
			if err != nil {
				return err
			}
			protos, err := readProtos(dir)
			if err != nil {
				return err
			}
			if len(protos) == 0 {
				return usageError{fmt.Errorf("no .proto files under %s (run svcgen proto in a project root, or pass --dir)", filepath.Join(dir, generator.ProtoRoot))}
			}
			gen, err := generator.GenerateProto(protos, module)
			if err != nil {
				return err
			}
			if _, err := gen.Write(dir, generator.WriteOptions{Overwrite: true}); err != nil {
				return err
			}
			for _, f := range gen {
				fmt.Fprintf(io.out, "wrote %s\n", filepath.Join(dir, filepath.FromSlash(f.Path)))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", ".", "project root (holding go.mod and "+generator.ProtoRoot+")")
	return cmd
}

// modulePath reads the module path from dir/go.mod.
func modulePath(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", usageError{fmt.Errorf("read go.mod: %w (run svcgen proto in a project root, or pass --dir)", err)}
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return "", fmt.Errorf("%s has no module line", filepath.Join(dir, "go.mod"))
	}
	return path, nil
}

// readProtos reads every .proto file under dir/api/proto.
func readProtos(dir string) (generator.Files, error) {
	var files generator.Files
	root := os.DirFS(dir)
	err := fs.WalkDir(root, generator.ProtoRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".proto" {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files = append(files, generator.File{Path: p, Data: data})
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("read %s: %w", generator.ProtoRoot, err)
	}
	return files, nil
}
