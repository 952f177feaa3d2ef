package main

import (
	"fmt"
	"os"

	"github.com/svcgen/svcgen/generator"
)

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
