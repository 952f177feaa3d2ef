package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/svcgen/svcgen/generator"
)

// checkOutput refuses an --output given as an empty string, which would otherwise
// silently mean the default ./NAME.
func (c *newCmd) checkOutput() error {
	if c.cmd.Flags().Changed("output") && c.output == "" {
		return usageError{errors.New("--output is empty (want a directory path, or leave --output out to write ./NAME)")}
	}
	return nil
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

// printReport lists what --force did besides writing the generated files: the
// files it removed on stdout, and on stderr the edited files it kept, which the
// user has to look at.
func (c *newCmd) printReport(r generator.WriteReport) {
	if r.NoRecord != nil {
		fmt.Fprintf(c.io.err, "svcgen: warning: no usable record of the files svcgen wrote (%v): every existing file that differs from the new one is kept\n", r.NoRecord)
	}
	for _, p := range r.Removed {
		fmt.Fprintf(c.io.out, "removed %s (no longer generated, unedited)\n", p)
	}
	for _, p := range r.Kept {
		fmt.Fprintf(c.io.err, "svcgen: warning: kept %s: it was edited; svcgen's new version is %s%s, merge them by hand\n", p, p, generator.NewSuffix)
	}
	for _, p := range r.Orphaned {
		fmt.Fprintf(c.io.err, "svcgen: warning: kept %s: it was edited, but these options no longer generate it; remove it if the build fails\n", p)
	}
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
