package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCmd(io streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print svcgen's version, commit and Go version",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			commit, goVersion := "unknown", "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				goVersion = info.GoVersion
				for _, s := range info.Settings {
					if s.Key == "vcs.revision" {
						commit = s.Value
					}
				}
			}
			fmt.Fprintf(io.out, "svcgen %s (commit %s, %s)\n", svcgenVersion(), commit, goVersion)
			return nil
		},
	}
}

// svcgenVersion is the module version svcgen was built at: a tag such as v0.3.0
// after `go install github.com/svcgen/svcgen/cmd/svcgen@v0.3.0`, "(devel)" from a clone.
func svcgenVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
