package main

import (
	"strings"

	"github.com/svcgen/svcgen/generator"
)

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
