package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// usageError marks errors caused by how svcgen was called; they exit with code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// streams are the process's standard streams, injected so tests can run commands
// in-process.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// run executes svcgen with args and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	io := streams{in: stdin, out: stdout, err: stderr}
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "svcgen: %s\n", line)
	}
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	var usage usageError
	if errors.As(err, &usage) || strings.HasPrefix(err.Error(), "unknown command") {
		return 2
	}
	return 1
}

func newRootCmd(io streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "svcgen",
		Short: "Generate production-grade Go network services",
		Long: "svcgen generates a complete Go service that builds, passes its own tests and runs at once.\n" +
			"Start with: svcgen new NAME",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.in)
	root.SetOut(io.out)
	root.SetErr(io.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newNewCmd(io).cmd, newOptionsCmd(io), newProtoCmd(io), newUpdateCmd(io).cmd, newVersionCmd(io))
	strictCompletion(root)
	return root
}
