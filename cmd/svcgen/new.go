package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/templates"
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
	// options holds the raw value of each catalog flag, by option name.
	options map[string]*string
}

func newNewCmd(io streams) *newCmd {
	c := &newCmd{io: io, options: map[string]*string{}}
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
	f.StringVar(&c.goVersion, "go-version", generator.DefaultGoVersion, "go directive of the generated go.mod")
	f.StringVarP(&c.output, "output", "o", "", "directory to generate into (default ./NAME)")
	f.StringVar(&c.answers, "answers", "", "generate from the answers file of an earlier run (flags override single answers)")
	f.BoolVar(&c.noInput, "no-input", false, "never prompt; use flags and defaults only")
	f.BoolVarP(&c.noInput, "yes", "y", false, "alias of --no-input")
	f.BoolVar(&c.dryRun, "dry-run", false, "print the files that would be written, write nothing")
	f.BoolVar(&c.force, "force", false, "write into a non-empty directory, overwriting the files svcgen generates")
	f.BoolVar(&c.noTidy, "no-tidy", false, "skip running go mod tidy in the new project")
	for _, o := range generator.Catalog {
		c.options[o.Name] = f.String(o.Name, flagDefault(o), o.Help+" ("+o.Accepted()+")")
		c.cmd.RegisterFlagCompletionFunc(o.Name, completeValues(o))
	}
	return c
}

func (c *newCmd) run(ctx context.Context, args []string) error {
	spec, err := c.spec(args)
	if err != nil {
		return err
	}
	if err := spec.Validate(); err != nil {
		return usageError{err}
	}
	for _, w := range spec.Warnings() {
		fmt.Fprintf(c.io.err, "svcgen: warning: %s\n", w)
	}
	files, err := generator.Generate(spec, templates.FS, svcgenVersion())
	if err != nil {
		return err
	}
	dir := c.output
	if dir == "" {
		dir = spec.Name
	}
	if c.dryRun {
		return c.printPlan(dir, files)
	}
	for _, stale := range generator.StaleStages(dir) {
		fmt.Fprintf(c.io.err, "svcgen: warning: %s was left by an interrupted run; remove it\n", stale)
	}
	if err := files.Write(dir, generator.WriteOptions{Force: c.force}); err != nil {
		return err
	}
	if !c.noTidy {
		if err := generator.Tidy(ctx, dir); err != nil {
			fmt.Fprintf(c.io.err, "svcgen: warning: the project is written, but %v\nsvcgen: warning: run `go mod tidy` in %s once the module proxy is reachable\n", err, dir)
		}
	}
	c.printNext(dir, spec, len(files))
	return nil
}

// spec assembles the Spec from the answers file (if any), the name and the flags.
func (c *newCmd) spec(args []string) (generator.Spec, error) {
	var name string
	if len(args) == 1 {
		name = args[0]
	}
	spec := generator.NewSpec(name)
	if c.answers != "" {
		data, err := os.ReadFile(c.answers)
		if err != nil {
			return spec, usageError{fmt.Errorf("read --answers file: %w", err)}
		}
		a, err := generator.ParseAnswers(data)
		if err != nil {
			return spec, usageError{fmt.Errorf("--answers %s: %w", c.answers, err)}
		}
		spec = a.Spec
		if name != "" {
			spec.Name = name
		}
	}
	if spec.Name == "" {
		return spec, usageError{errors.New("missing project name (want: svcgen new NAME)")}
	}
	flags := c.cmd.Flags()
	if flags.Changed("module") {
		spec.Module = c.module
	} else if c.answers == "" {
		spec.Module = spec.Name
	}
	if flags.Changed("go-version") || c.answers == "" {
		spec.GoVersion = c.goVersion
	}
	for _, o := range generator.Catalog {
		if flags.Changed(o.Name) {
			o.Set(&spec, *c.options[o.Name])
		}
	}
	return spec, nil
}

func (c *newCmd) printPlan(dir string, files generator.Files) error {
	var total int
	for _, f := range files {
		fmt.Fprintf(c.io.out, "%8d  %s\n", len(f.Data), filepath.Join(dir, filepath.FromSlash(f.Path)))
		total += len(f.Data)
	}
	fmt.Fprintf(c.io.out, "dry run: would write %d files (%d bytes) to %s\n", len(files), total, dir)
	return nil
}

func (c *newCmd) printNext(dir string, spec generator.Spec, n int) {
	fmt.Fprintf(c.io.out, "created %s (%d files)\n\nnext steps:\n  cd %s\n  go test ./...\n  go run ./cmd/%s\n",
		dir, n, dir, spec.Name)
}

// flagDefault shows an option's default as the user would type it.
func flagDefault(o *generator.Option) string {
	if o.Multi && len(o.Default) == 0 {
		return "none"
	}
	return joinComma(o.Default)
}

// completeValues completes an option's values from the catalog.
func completeValues(o *generator.Option) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range o.ValueNames() {
			out = append(out, cobra.Completion(v))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
