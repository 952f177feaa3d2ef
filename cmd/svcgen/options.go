package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
)

func newOptionsCmd(io streams) *cobra.Command {
	var asJSON, asMarkdown bool
	cmd := &cobra.Command{
		Use:   "options",
		Short: "List every option of svcgen new, its values and default",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			if asJSON {
				enc := json.NewEncoder(io.out)
				enc.SetIndent("", "  ")
				return enc.Encode(generator.Catalog)
			}
			if asMarkdown {
				_, err := io.out.Write([]byte(optionsMarkdown()))
				return err
			}
			w := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "FLAG\tVALUES\tDEFAULT\tWHAT IT DECIDES")
			for _, o := range generator.Catalog {
				fmt.Fprintf(w, "--%s\t%s\t%s\t%s\n", o.Name, strings.Join(o.ValueNames(), "|"), flagDefault(o), o.Help)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalog as JSON")
	cmd.Flags().BoolVar(&asMarkdown, "markdown", false, "print the catalog as the README's Markdown table")
	return cmd
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args[0])}
	}
	return nil
}

// optionsMarkdown renders the catalog as the options table of README.md; a test keeps
// the README equal to it.
func optionsMarkdown() string {
	var b strings.Builder
	b.WriteString("| flag | values | default | what it decides |\n|---|---|---|---|\n")
	for _, o := range generator.Catalog {
		var values []string
		for _, v := range o.Values {
			values = append(values, fmt.Sprintf("`%s` %s", v.Name, v.Help))
		}
		for _, extra := range o.ValueNames()[len(o.Values):] {
			values = append(values, "`"+extra+"`")
		}
		fmt.Fprintf(&b, "| `--%s` | %s | `%s` | %s |\n", o.Name, strings.Join(values, "<br>"), flagDefault(o), o.Help)
	}
	return b.String()
}

func joinComma(v []string) string { return strings.Join(v, ",") }
