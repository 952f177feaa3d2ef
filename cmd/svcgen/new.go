package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

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
	// accessibleFlag asks for huh's screen-reader friendly form.
	accessibleFlag bool
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
	f.BoolVar(&c.accessibleFlag, "accessible", false, "ask questions line by line, for screen readers (also when TERM=dumb)")
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
	interactive := !c.noInput && c.io.terminal()
	if interactive {
		// Bad flags are reported before any question is asked, not after.
		if err := withNameSet(spec).Validate(); err != nil {
			return usageError{err}
		}
		if err := c.ask(ctx, &spec); err != nil {
			return err
		}
	}
	if spec.Name == "" {
		return usageError{errors.New("missing project name (want: svcgen new NAME)")}
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
		tidy := func(ctx context.Context) error { return generator.Tidy(ctx, dir) }
		if interactive {
			plain := tidy
			tidy = func(ctx context.Context) error { return c.withSpinner(ctx, "go mod tidy", plain) }
		}
		if err := tidy(ctx); err != nil {
			fmt.Fprintf(c.io.err, "svcgen: warning: the project is written, but %v\nsvcgen: warning: run `go mod tidy` in %s once the module proxy is reachable\n", err, dir)
		}
	}
	c.printNext(dir, spec, len(files))
	return nil
}

// withNameSet fills a missing name (and module) with a valid stand-in, so that
// Validate checks everything else before the form asks for the name.
func withNameSet(s generator.Spec) generator.Spec {
	if s.Name == "" {
		s.Name, s.Module = "placeholder", "placeholder"
	}
	return s
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

// printNext sums up what was generated, the next steps, and the flags-only command
// that generates exactly this project again.
func (c *newCmd) printNext(dir string, spec generator.Spec, n int) {
	var choices []string
	for _, o := range generator.Catalog {
		choices = append(choices, o.Name+" "+optionValue(o, spec))
	}
	fmt.Fprintf(c.io.out, "created %s (%d files): %s\n\nnext steps:\n  cd %s\n  go test ./...\n  go run ./cmd/%s\n\nto generate it again without questions:\n  %s\n",
		dir, n, strings.Join(choices, ", "), shellQuote(dir), spec.Name, commandLine(spec, c.output))
}

// commandLine is the non-interactive command that reproduces spec: every option is
// spelled out, so that later changes of defaults do not change its result.
func commandLine(spec generator.Spec, output string) string {
	args := []string{"svcgen", "new", spec.Name, "--module", spec.Module}
	if spec.GoVersion != generator.DefaultGoVersion {
		args = append(args, "--go-version", spec.GoVersion)
	}
	for _, o := range generator.Catalog {
		args = append(args, "--"+o.Name, optionValue(o, spec))
	}
	if output != "" {
		args = append(args, "--output", output)
	}
	args = append(args, "--no-input")
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

// optionValue is o's value in spec as a flag value.
func optionValue(o *generator.Option, spec generator.Spec) string {
	if v := o.Get(spec); len(v) > 0 {
		return joinComma(v)
	}
	return "none"
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,=+:@", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// flagDefault shows an option's default as the user would type it.
func flagDefault(o *generator.Option) string {
	if o.Multi && len(o.Default) == 0 {
		return "none"
	}
	return joinComma(o.Default)
}

// completeValues completes an option's values from the catalog. For a list it
// completes the next element: "--deploy docker,k" offers "docker,k8s".
func completeValues(o *generator.Option) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		done, _ := cutLast(toComplete, ",")
		if !o.Multi || done == "" {
			for _, v := range o.ValueNames() {
				out = append(out, cobra.Completion(v))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		chosen := strings.Split(done, ",")
		for _, v := range o.Values {
			if !slices.Contains(chosen, v.Name) {
				out = append(out, cobra.Completion(done+","+v.Name))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// cutLast splits s around its last sep: "a,b,c" gives "a,b" and "c".
func cutLast(s, sep string) (before, after string) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):]
	}
	return "", s
}
