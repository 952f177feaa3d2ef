package main

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/huh/spinner"
	"golang.org/x/term"

	"github.com/svcgen/svcgen/generator"
)

// errAborted is returned when the user leaves the form; nothing has been written.
var errAborted = errors.New("aborted, nothing written")

// terminal reports whether both stdin and stdout are terminals: only then may
// svcgen ask questions or draw a spinner.
func (io streams) terminal() bool {
	in, ok1 := io.in.(*os.File)
	out, ok2 := io.out.(*os.File)
	return ok1 && ok2 && term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd()))
}

// beforeForm reports, before the first question, what would refuse the answers
// anyway: invalid flags (--module included) and a target directory that is not
// empty, whether --output or NAME named it.
func (c *newCmd) beforeForm(spec generator.Spec) error {
	if err := c.withNameSet(spec).Validate(); err != nil {
		return usageError{err}
	}
	if c.output != "" {
		return c.checkTarget(c.output)
	}
	if spec.Name != "" {
		return c.checkTarget(spec.Name)
	}
	return nil
}

// checkTarget refuses a target directory that holds files, unless --force (or
// --dry-run, which writes nothing) makes that fine. Write checks again when it
// writes; this check only spares the user the questions.
func (c *newCmd) checkTarget(dir string) error {
	if c.force || c.dryRun {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil // missing, or not readable: Write reports the problem
	}
	return generator.NotEmptyError(dir)
}

// checkName validates the name typed into the form, and the directory ./NAME it
// names when --output does not say otherwise.
func (c *newCmd) checkName(name string) error {
	if err := generator.CheckName(name); err != nil || c.output != "" {
		return err
	}
	return c.checkTarget(name)
}

// ask shows a form for everything the flags left unset: the name, the module path
// and each catalog option that offers a choice. Fields are built from the catalog,
// so an option added there appears here with no change, and they validate with the
// same functions as the flags.
func (c *newCmd) ask(ctx context.Context, spec *generator.Spec) error {
	if spec.Name == "" {
		name := huh.NewInput().Title("Project name").
			Description("The directory, binary and cmd/ name of the new service.").
			Validate(c.checkName).Value(&spec.Name)
		if err := c.runForm(ctx, huh.NewGroup(name)); err != nil {
			return err
		}
		spec.Module = spec.Name
	}
	var fields []huh.Field
	if !c.cmd.Flags().Changed("module") && c.answers == "" {
		// Empty means the default, so that Enter accepts it in every mode.
		spec.Module = ""
		fields = append(fields, huh.NewInput().Title("Go module path").
			Description("As in go mod init, e.g. github.com/acme/"+spec.Name+"; empty for "+spec.Name+".").
			Placeholder(spec.Name).Validate(optional(generator.CheckModule)).Value(&spec.Module))
	}
	chosen := map[*generator.Option]*[]string{}
	for _, o := range generator.Catalog {
		if c.cmd.Flags().Changed(o.Name) || !offersChoice(o) {
			continue
		}
		values := o.Get(*spec)
		chosen[o] = &values
		fields = append(fields, optionField(o, &values, func() error { return c.checkChoice(*spec, chosen, o) }))
	}
	if len(fields) == 0 {
		return nil
	}
	if err := c.runForm(ctx, huh.NewGroup(fields...)); err != nil {
		return err
	}
	for o, values := range chosen {
		o.SetValues(spec, *values)
	}
	if spec.Module == "" {
		spec.Module = spec.Name
	}
	return nil
}

// optional accepts an empty answer, which stands for the default, and checks others.
func optional(check func(string) error) func(string) error {
	return func(s string) error {
		if s == "" {
			return nil
		}
		return check(s)
	}
}

// offersChoice reports whether the form has something to ask about o.
func offersChoice(o *generator.Option) bool {
	return len(o.Values) > 1 || (o.Multi && len(o.Values) > 0)
}

// optionField is the form field for one catalog option.
func optionField(o *generator.Option, values *[]string, check func() error) huh.Field {
	var opts []huh.Option[string]
	for _, v := range o.Values {
		opts = append(opts, huh.NewOption(v.Name+" — "+v.Help, v.Name).Selected(slices.Contains(*values, v.Name)))
	}
	if o.Multi {
		return huh.NewMultiSelect[string]().Title(o.Title).Description(o.Help + " (space toggles)").
			Options(opts...).Value(values).Validate(func(v []string) error { *values = v; return check() })
	}
	single := (*values)[0]
	return huh.NewSelect[string]().Title(o.Title).Description(o.Help).Options(opts...).
		Value(&single).Validate(func(v string) error { *values = []string{v}; return check() })
}

// checkChoice validates the spec as chosen so far and returns the problems that
// concern option o, such as a value another one needs.
func (c *newCmd) checkChoice(spec generator.Spec, chosen map[*generator.Option]*[]string, o *generator.Option) error {
	for opt, values := range chosen {
		opt.SetValues(&spec, *values)
	}
	err := spec.Validate()
	if err == nil {
		return nil
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(line, "--"+o.Name+" ") || strings.Contains(line, " --"+o.Name+" ") {
			return errors.New(line)
		}
	}
	return nil
}

func (c *newCmd) runForm(ctx context.Context, group *huh.Group) error {
	keys := huh.NewDefaultKeyMap()
	keys.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"))
	form := huh.NewForm(group).WithKeyMap(keys).WithAccessible(c.accessible()).
		WithInput(c.io.in).WithOutput(c.io.out)
	if os.Getenv("NO_COLOR") != "" {
		form = form.WithTheme(huh.ThemeBase())
	}
	err := form.RunWithContext(ctx)
	if errors.Is(err, huh.ErrUserAborted) || errors.Is(err, context.Canceled) {
		return errAborted
	}
	return err
}

// accessible selects huh's line-by-line mode for screen readers and dumb terminals.
func (c *newCmd) accessible() bool {
	return c.accessibleFlag || os.Getenv("TERM") == "dumb"
}

// withSpinner runs fn, drawing a spinner titled title while it runs.
func (c *newCmd) withSpinner(ctx context.Context, title string, fn func(context.Context) error) error {
	return spinner.New().Title(" " + title).Context(ctx).Output(c.io.out).
		Accessible(c.accessible()).ActionWithErr(fn).Run()
}
