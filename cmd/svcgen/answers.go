package main

import (
	"fmt"
	"io"
	"os"
	"path"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/svcgen/svcgen/generator"
)

// withNameSet fills a missing name (and the module it would default to) with a
// valid stand-in, so that Validate checks everything else, a given --module
// included, before the form asks for the name.
func (c *newCmd) withNameSet(s generator.Spec) generator.Spec {
	if s.Name == "" {
		s.Name = "placeholder"
		if !c.cmd.Flags().Changed("module") && c.answers == "" {
			s.Module = s.Name
		}
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
		a, err := c.readAnswers()
		if err != nil {
			return spec, err
		}
		spec = a.Spec
		if spec.Module == "" {
			spec.Module = spec.Name
		}
		if name != "" && name != spec.Name {
			spec.Module = renameModule(spec.Module, spec.Name, name)
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

// readAnswers reads and parses the --answers file, at most MaxAnswersSize bytes of
// it, and warns when a newer svcgen wrote it.
func (c *newCmd) readAnswers() (generator.Answers, error) {
	f, err := os.Open(c.answers)
	if err != nil {
		return generator.Answers{}, usageError{fmt.Errorf("read --answers file: %w", err)}
	}
	defer f.Close()
	// One byte over the bound, so that ParseAnswers sees the file is too large.
	data, err := io.ReadAll(io.LimitReader(f, generator.MaxAnswersSize+1))
	if err != nil {
		return generator.Answers{}, usageError{fmt.Errorf("read --answers file: %w", err)}
	}
	recorded := generator.AnswersVersion(data)
	newer := newerVersion(recorded, c.version)
	a, err := generator.ParseAnswers(data)
	if err != nil {
		if newer {
			err = fmt.Errorf("%w; the file is from svcgen %s, newer than this %s: upgrade svcgen", err, recorded, c.version)
		}
		return a, usageError{fmt.Errorf("--answers %s: %w", c.answers, err)}
	}
	if newer {
		fmt.Fprintf(c.io.err, "svcgen: warning: --answers %s was written by svcgen %s, newer than this %s; the project may differ from the one it records\n",
			c.answers, recorded, c.version)
	}
	return a, nil
}

// newerVersion reports whether svcgen version recorded is newer than running. Only
// release and pseudo-versions compare: a development build ("(devel)", built without
// version control information) has no place in the order, so it neither warns nor is
// warned about.
func newerVersion(recorded, running string) bool {
	return semver.IsValid(recorded) && semver.IsValid(running) && semver.Compare(recorded, running) > 0
}

// renameModule derives the module path for a project renamed from oldName to
// newName: when the recorded module's last element (before any /vN suffix) is
// oldName, that element is replaced (example.com/acme/b becomes
// example.com/acme/billing; a /vN suffix is dropped, as the renamed project is a new
// module); otherwise the module path bore no relation to the name, and it becomes
// newName, the default of a new project.
func renameModule(mod, oldName, newName string) string {
	prefix, _, ok := module.SplitPathVersion(mod)
	if !ok {
		return newName
	}
	dir, last := path.Split(prefix)
	if last != oldName {
		return newName
	}
	return dir + newName
}
