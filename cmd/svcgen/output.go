package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/svcgen/svcgen/generator"
)

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
