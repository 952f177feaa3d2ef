package generator

import (
	"strings"
	"unicode"

	// go-udiff is golang.org/x/tools/internal/diff (the Go team's diff, as gopls
	// uses it) made importable and kept in step with x/tools; it has no
	// dependencies and was already in svcgen's module graph. It gives line diffs
	// (Lines) and standard unified diffs (Unified, for --diff). No diff3 library
	// was both kept up and served by the module proxy (github.com/epiclabs-io/diff3
	// and github.com/nasdf/diff3 are not served; their last changes are years old),
	// and go-udiff's own Merge reports a conflict as a bare false, without the
	// regions that conflict markers need. So the three-way merge below is git
	// merge-file's, written on go-udiff's line diffs.
	udiff "github.com/aymanbagabas/go-udiff"
)

// Conflict markers, as git writes them (the default "merge" conflict style).
const (
	markerOurs   = "<<<<<<< "
	markerSep    = "======="
	markerTheirs = ">>>>>>> "
)

// MergeLabels name the two sides in conflict markers.
type MergeLabels struct {
	Ours, Theirs string
}

// Merge3 merges the changes from base to ours and from base to theirs, line by
// line, with git merge-file's rules:
//
//   - a change made on one side only is taken;
//   - the same change made on both sides is taken once;
//   - changes on both sides that overlap or touch (no unchanged line between them)
//     conflict. The conflict is then narrowed as git's "zealous" level does: the
//     two sides are diffed against each other and only the lines that differ are
//     put between markers, and conflicts separated only by lines without a letter
//     or digit ("}", blank lines) are joined, as git's default level does.
//
// It returns the merged text and the number of conflicts written into it.
func Merge3(base, ours, theirs string, labels MergeLabels) (string, int) {
	a, b := udiff.Lines(base, ours), udiff.Lines(base, theirs)
	var out strings.Builder
	conflicts, pos := 0, 0
	for len(a) > 0 || len(b) > 0 {
		lo, hi := groupStart(a, b)
		var ga, gb []udiff.Edit
		// Absorb every edit, from either side, that overlaps or touches the group.
		for {
			switch {
			case len(a) > 0 && a[0].Start <= hi:
				hi = max(hi, a[0].End)
				ga, a = append(ga, a[0]), a[1:]
			case len(b) > 0 && b[0].Start <= hi:
				hi = max(hi, b[0].End)
				gb, b = append(gb, b[0]), b[1:]
			default:
				goto grouped
			}
		}
	grouped:
		out.WriteString(base[pos:lo])
		pos = hi
		mine, yours := applyIn(base, lo, hi, ga), applyIn(base, lo, hi, gb)
		switch {
		case len(gb) == 0 || mine == yours:
			out.WriteString(mine)
		case len(ga) == 0:
			out.WriteString(yours)
		default:
			conflicts += conflict2(&out, mine, yours, labels)
		}
	}
	out.WriteString(base[pos:])
	return out.String(), conflicts
}

// Merge2 is the merge without a base, for a file whose base cannot be had: the
// lines on which ours and theirs agree are kept, and every difference is a conflict.
func Merge2(ours, theirs string, labels MergeLabels) (string, int) {
	var out strings.Builder
	n := conflict2(&out, ours, theirs, labels)
	return out.String(), n
}

// groupStart returns the base range of the earliest remaining edit.
func groupStart(a, b []udiff.Edit) (int, int) {
	if len(b) == 0 || len(a) > 0 && a[0].Start <= b[0].Start {
		return a[0].Start, a[0].End
	}
	return b[0].Start, b[0].End
}

// applyIn returns base[lo:hi] with edits (all inside it) applied.
func applyIn(base string, lo, hi int, edits []udiff.Edit) string {
	var s strings.Builder
	pos := lo
	for _, e := range edits {
		s.WriteString(base[pos:e.Start])
		s.WriteString(e.New)
		pos = e.End
	}
	s.WriteString(base[pos:hi])
	return s.String()
}

// conflict2 writes ours against theirs: equal lines as they are, differing runs
// between markers, runs separated only by lines without a letter or digit joined
// into one conflict. It returns the number of conflicts written.
func conflict2(out *strings.Builder, ours, theirs string, labels MergeLabels) int {
	edits := udiff.Lines(ours, theirs)
	n, pos := 0, 0
	for i := 0; i < len(edits); {
		// Join the following edits while what separates them is punctuation only.
		j, end := i+1, edits[i].End
		for j < len(edits) && !hasAlnum(ours[end:edits[j].Start]) {
			end = edits[j].End
			j++
		}
		start := edits[i].Start
		out.WriteString(ours[pos:start])
		out.WriteString(markerOurs + labels.Ours + "\n")
		writeLines(out, ours[start:end])
		out.WriteString(markerSep + "\n")
		writeLines(out, applyIn(ours, start, end, edits[i:j]))
		out.WriteString(markerTheirs + labels.Theirs + "\n")
		pos, i = end, j
		n++
	}
	out.WriteString(ours[pos:])
	return n
}

// writeLines writes s, ending it with a newline so that a marker after it starts
// a line even where s is a file's last line without one.
func writeLines(out *strings.Builder, s string) {
	out.WriteString(s)
	if s != "" && !strings.HasSuffix(s, "\n") {
		out.WriteString("\n")
	}
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// HasConflictMarkers reports whether text holds a line that starts a conflict,
// as Merge3 writes it: the sign of a merge not yet resolved.
func HasConflictMarkers(text string) bool {
	return strings.HasPrefix(text, markerOurs) || strings.Contains(text, "\n"+markerOurs)
}

// UnifiedDiff is the unified diff (3 lines of context) from old to new of the file
// at path, "" when they are equal. A nil side is a missing file (/dev/null).
func UnifiedDiff(path string, old, new []byte) string {
	from, to := "a/"+path, "b/"+path
	if old == nil {
		from = "/dev/null"
	}
	if new == nil {
		to = "/dev/null"
	}
	return udiff.Unified(from, to, string(old), string(new))
}
