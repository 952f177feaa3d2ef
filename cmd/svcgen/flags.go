package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
)

// newCmd is `svcgen new`: flags to a Spec, Generate, Write, then go mod tidy.
type newCmd struct {
	cmd *cobra.Command
	io  streams

	module    string
	goVersion string
	output    string
	answers   string
	noInput   bool
	dryRun    bool
	force     bool
	noTidy    bool
	// accessibleFlag asks for huh's screen-reader friendly form.
	accessibleFlag bool
	// options holds the raw value of each catalog flag, by option name.
	options map[string]*string
	// version is this svcgen's version, compared with an answers file's.
	version string
}

func newNewCmd(io streams) *newCmd {
	c := &newCmd{io: io, options: map[string]*string{}, version: svcgenVersion()}
	c.cmd = &cobra.Command{
		Use:   "new NAME",
		Short: "Generate a new service into ./NAME",
		Example: "  svcgen new orders --no-input\n" +
			"  svcgen new orders --module github.com/acme/orders --output ./svc/orders --dry-run",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("new takes one project name, got %d arguments (quote values with spaces)", len(args))}
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.run(cmd.Context(), args)
		},
	}
	f := c.cmd.Flags()
	f.StringVar(&c.module, "module", "", "Go module path (default NAME)")
	f.StringVar(&c.goVersion, "go-version", generator.DefaultGoVersion, "go directive of the generated go.mod: a Go release from "+generator.MinGoVersion+" (what the pinned modules need) to "+generator.NewestGoVersion)
	f.StringVarP(&c.output, "output", "o", "", "directory to generate into (default ./NAME)")
	f.StringVar(&c.answers, "answers", "", "generate from the answers file (at most 1 MiB) of an earlier run (flags override single answers)")
	f.BoolVar(&c.noInput, "no-input", false, "never prompt; use flags and defaults only")
	f.BoolVarP(&c.noInput, "yes", "y", false, "alias of --no-input")
	f.BoolVar(&c.dryRun, "dry-run", false, "print the files that would be written, write nothing")
	f.BoolVar(&c.force, "force", false, "write into a non-empty directory: update unedited generated files, keep edited ones (new version as FILE.svcgen-new)")
	f.BoolVar(&c.noTidy, "no-tidy", false, "skip running go mod tidy in the new project")
	f.BoolVar(&c.accessibleFlag, "accessible", false, "ask questions line by line, for screen readers (also when TERM=dumb)")
	for _, o := range generator.Catalog {
		c.options[o.Name] = f.String(o.Name, flagDefault(o), o.Help+" ("+o.Accepted()+")")
		c.cmd.RegisterFlagCompletionFunc(o.Name, completeValues(o))
	}
	return c
}
