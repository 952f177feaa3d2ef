package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/svcgen/svcgen/generator"
)

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

// strictCompletion adds cobra's completion command to root and makes it refuse a
// shell it has no script for: by default cobra prints its help for `completion
// tcsh` and exits 0, so a script that installs completion would silently get none.
func strictCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	comp, _, err := root.Find([]string{"completion"})
	if err != nil || comp == root {
		return
	}
	comp.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			// cobra's four scripts (completion.txtar runs each).
			return usageError{fmt.Errorf("unknown shell %q (want bash, zsh, fish or powershell)", args[0])}
		}
		return nil
	}
	comp.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
}
