package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/templates"
)

// beforeWriteStep is passed to Write as WriteOptions.BeforeStep. Only the tests'
// svcgen entry point (TestMain) sets it, to stop svcgen at a chosen moment.
var beforeWriteStep func(step int)

// run is `svcgen new` from start to end: the Spec from the answers file, flags and
// form, then Generate, Write and go mod tidy, then the summary.
func (c *newCmd) run(ctx context.Context, args []string) error {
	if err := c.checkOutput(); err != nil {
		return err
	}
	spec, err := c.spec(args)
	if err != nil {
		return err
	}
	interactive := !c.noInput && c.io.terminal()
	if interactive {
		if err := c.beforeForm(spec); err != nil {
			return err
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
	report, err := files.Write(dir, generator.WriteOptions{Force: c.force, BeforeStep: beforeWriteStep})
	if err != nil {
		return err
	}
	c.printReport(report)
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
