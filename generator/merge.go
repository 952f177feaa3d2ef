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
// line, with git merge-file's rules (its default level, "zealous alnum"):
//
//   - a change made on one side only is taken;
//   - the same change made on both sides is taken once;
//   - changes on both sides that overlap or touch (no unchanged line between them)
//     conflict. A conflict is narrowed to the lines where the two sides differ
//     (they are diffed against each other), and conflicts separated only by
//     unchanged lines that are at most 3, or hold no letter or digit ("}", blank
//     lines), are joined into one.
//
// It returns the merged text and the number of conflicts written into it.
func Merge3(base, ours, theirs string, labels MergeLabels) (string, int) {
	a, b := udiff.Lines(base, ours), udiff.Lines(base, theirs)
	var chunks []chunk
	pos := 0
	for len(a) > 0 || len(b) > 0 {
		lo, hi := groupStart(a, b)
		var ga, gb []udiff.Edit
		// Absorb every edit, from either side, that overlaps or touches the group.
		for absorbed := true; absorbed; {
			switch absorbed = true; {
			case len(a) > 0 && a[0].Start <= hi:
				hi = max(hi, a[0].End)
				ga, a = append(ga, a[0]), a[1:]
			case len(b) > 0 && b[0].Start <= hi:
				hi = max(hi, b[0].End)
				gb, b = append(gb, b[0]), b[1:]
			default:
				absorbed = false
			}
		}
		chunks = append(chunks, chunk{kind: unchanged, ours: base[pos:lo]})
		pos = hi
		mine, yours := applyIn(base, lo, hi, ga), applyIn(base, lo, hi, gb)
		switch {
		case len(gb) == 0 || mine == yours:
			chunks = append(chunks, chunk{kind: taken, ours: mine})
		case len(ga) == 0:
			chunks = append(chunks, chunk{kind: taken, ours: yours})
		default:
			chunks = append(chunks, refine(mine, yours)...)
		}
	}
	chunks = append(chunks, chunk{kind: unchanged, ours: base[pos:]})
	return writeChunks(join(chunks), labels)
}

// Merge2 is the merge without a base, for a file whose base cannot be had: the
// lines on which ours and theirs agree are kept, and every difference is a
// conflict (narrowed and joined as Merge3's are).
func Merge2(ours, theirs string, labels MergeLabels) (string, int) {
	return writeChunks(join(refine(ours, theirs)), labels)
}

// chunk is a run of the merged text: unchanged lines, lines taken from one side,
// or a conflict between ours and theirs.
type chunk struct {
	kind         chunkKind
	ours, theirs string // ours holds the text of non-conflicts
}

type chunkKind int

const (
	unchanged chunkKind = iota
	taken
	conflicting
)

// refine diffs the two sides of a conflict and keeps as conflicts only the runs
// where they differ (git's "zealous" refinement).
func refine(ours, theirs string) []chunk {
	var chunks []chunk
	pos := 0
	for _, e := range udiff.Lines(ours, theirs) {
		chunks = append(chunks,
			chunk{kind: unchanged, ours: ours[pos:e.Start]},
			chunk{kind: conflicting, ours: ours[e.Start:e.End], theirs: e.New})
		pos = e.End
	}
	return append(chunks, chunk{kind: unchanged, ours: ours[pos:]})
}

// join merges unchanged neighbours, then joins two conflicts separated by
// unchanged lines only, when those are at most 3 lines or hold no letter or
// digit, as git's xdl_simplify_non_conflicts does.
func join(chunks []chunk) []chunk {
	var out []chunk
	for _, c := range chunks {
		n := len(out)
		switch {
		case c.kind == unchanged && c.ours == "":
		case c.kind == unchanged && n > 0 && out[n-1].kind == unchanged:
			out[n-1].ours += c.ours
		case c.kind == conflicting && n >= 2 && out[n-1].kind == unchanged && out[n-2].kind == conflicting &&
			(strings.Count(out[n-1].ours, "\n") <= 3 || !hasAlnum(out[n-1].ours)):
			gap := out[n-1].ours
			out[n-2].ours += gap + c.ours
			out[n-2].theirs += gap + c.theirs
			out = out[:n-1]
		case c.kind == conflicting && n >= 1 && out[n-1].kind == conflicting:
			out[n-1].ours += c.ours
			out[n-1].theirs += c.theirs
		default:
			out = append(out, c)
		}
	}
	return out
}

// writeChunks writes the chunks, each conflict between markers, and counts the conflicts.
func writeChunks(chunks []chunk, labels MergeLabels) (string, int) {
	var out strings.Builder
	n := 0
	for _, c := range chunks {
		if c.kind != conflicting {
			out.WriteString(c.ours)
			continue
		}
		n++
		out.WriteString(markerOurs + labels.Ours + "\n")
		writeLines(&out, c.ours)
		out.WriteString(markerSep + "\n")
		writeLines(&out, c.theirs)
		out.WriteString(markerTheirs + labels.Theirs + "\n")
	}
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
