package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/svcgen/svcgen/generator"
)

// summary is the update's result as --json prints it.
type summary struct {
	From    string   `json:"from_version"`
	To      string   `json:"to_version"`
	DryRun  bool     `json:"dry_run"`
	Options []string `json:"options_changed"`
	// Written counts the files written or removed, the answers file included.
	Written   int               `json:"written"`
	Updated   []string          `json:"updated"`
	Merged    []string          `json:"merged"`
	Conflicts []string          `json:"conflicts"`
	Kept      []keptFile        `json:"kept"`
	Added     []string          `json:"added"`
	Removed   []string          `json:"removed"`
	NoBase    string            `json:"no_base,omitempty"`
	Proto     string            `json:"proto,omitempty"`
	Diffs     map[string]string `json:"diffs,omitempty"`
}

type keptFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// report prints the update: as JSON with --json, otherwise one line per file on
// stdout (with --diff, its unified diff), the summary line, and on stderr what
// the team has to act on.
func (c *updateCmd) report(u *generator.Update, s summary) error {
	s.fill(u, c.diff)
	if c.asJSON {
		enc := json.NewEncoder(c.io.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(s)
	}
	for _, ch := range u.Changes {
		var notes []string
		if ch.Action == generator.Conflict {
			notes = append(notes, plural(ch.Conflicts, "conflict"))
		}
		if ch.Reason != "" {
			notes = append(notes, ch.Reason)
		}
		line := fmt.Sprintf("%-9s %s", ch.Action, ch.Path)
		if len(notes) > 0 {
			line += " (" + strings.Join(notes, "; ") + ")"
		}
		fmt.Fprintln(c.io.out, line)
		if d := s.Diffs[ch.Path]; d != "" {
			fmt.Fprint(c.io.out, d)
		}
	}
	fmt.Fprintln(c.io.out, s.line())
	if s.NoBase != "" {
		fmt.Fprintf(c.io.err, "svcgen: warning: files changed both by you and by svcgen were merged two-way (every difference a conflict): %s\n", s.NoBase)
	}
	if s.Proto != "" {
		fmt.Fprintf(c.io.err, "svcgen: warning: %s\n", s.Proto)
	}
	return nil
}

func (s *summary) fill(u *generator.Update, diffs bool) {
	s.Written = u.Writes()
	s.Updated, s.Merged, s.Conflicts, s.Added, s.Removed = []string{}, []string{}, []string{}, []string{}, []string{}
	s.Kept = []keptFile{}
	if s.Options == nil {
		s.Options = []string{}
	}
	for _, ch := range u.Changes {
		switch ch.Action {
		case generator.Updated:
			s.Updated = append(s.Updated, ch.Path)
		case generator.Merged:
			s.Merged = append(s.Merged, ch.Path)
		case generator.Conflict:
			s.Conflicts = append(s.Conflicts, ch.Path)
		case generator.Kept:
			s.Kept = append(s.Kept, keptFile{ch.Path, ch.Reason})
		case generator.Added:
			s.Added = append(s.Added, ch.Path)
		case generator.Removed:
			s.Removed = append(s.Removed, ch.Path)
		}
		if diffs && ch.Action != generator.Kept {
			if s.Diffs == nil {
				s.Diffs = map[string]string{}
			}
			s.Diffs[ch.Path] = generator.UnifiedDiff(ch.Path, ch.Old, ch.New)
		}
	}
	if u.NoBase != nil {
		s.NoBase = u.NoBase.Error()
	}
	s.Proto = u.ProtoNote
}

// line is the closing line: versions, changed options, and the count of each action.
func (s *summary) line() string {
	head := "updated"
	if s.DryRun {
		head = "dry run: would update"
	}
	opts := ""
	if len(s.Options) > 0 {
		opts = "; " + strings.Join(s.Options, ", ")
	}
	verb := "written"
	if s.DryRun {
		verb = "to write"
	}
	return fmt.Sprintf("%s from svcgen %s to %s%s: %d updated, %d merged, %d conflicts, %d kept, %d added, %d removed; %d files %s",
		head, s.From, s.To, opts, len(s.Updated), len(s.Merged), len(s.Conflicts), len(s.Kept), len(s.Added), len(s.Removed), s.Written, verb)
}

// plural is "1 conflict", "2 conflicts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
