package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var mergeLabels = MergeLabels{Ours: "yours", Theirs: "svcgen"}

// lines joins its arguments as lines of a file.
func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

// mergeCases are three-way merges and what git merge-file writes for them
// (`git merge-file -p -L yours -L base -L svcgen ours base theirs`).
var mergeCases = []struct {
	name               string
	base, ours, theirs string
	want               string
	conflicts          int
}{
	{
		name: "edits far apart merge",
		base: lines("a", "b", "c", "d", "e", "f", "g", "h"),
		ours: lines("a", "B", "c", "d", "e", "f", "g", "h"), theirs: lines("a", "b", "c", "d", "e", "f", "G", "h"),
		want: lines("a", "B", "c", "d", "e", "f", "G", "h"),
	},
	{
		name: "the same edit on both sides is taken once",
		base: lines("a", "b", "c"),
		ours: lines("a", "B", "c", "ours"), theirs: lines("a", "B", "c"),
		want: lines("a", "B", "c", "ours"),
	},
	{
		name: "an insertion and a deletion far apart",
		base: lines("a", "b", "c", "d", "e", "f"),
		ours: lines("new", "a", "b", "c", "d", "e", "f"), theirs: lines("a", "b", "c", "d", "f"),
		want: lines("new", "a", "b", "c", "d", "f"),
	},
	{
		name: "the same line edited differently conflicts",
		base: lines("a", "b", "c", "d"),
		ours: lines("a", "B", "c", "d"), theirs: lines("a", "X", "c", "d"),
		want:      lines("a", "<<<<<<< yours", "B", "=======", "X", ">>>>>>> svcgen", "c", "d"),
		conflicts: 1,
	},
	{
		name: "adjacent lines edited on each side conflict, as in git",
		base: lines("a", "b", "c", "d", "e"),
		ours: lines("a", "B", "c", "d", "e"), theirs: lines("a", "b", "X", "d", "e"),
		want:      lines("a", "<<<<<<< yours", "B", "c", "=======", "b", "X", ">>>>>>> svcgen", "d", "e"),
		conflicts: 1,
	},
	{
		name: "a conflict is narrowed to the lines that differ",
		base: lines("a", "b", "c", "d", "e"),
		ours: lines("a", "same1", "mine", "same2", "e"), theirs: lines("a", "same1", "theirs", "same2", "e"),
		want:      lines("a", "same1", "<<<<<<< yours", "mine", "=======", "theirs", ">>>>>>> svcgen", "same2", "e"),
		conflicts: 1,
	},
	{
		name: "different lines inserted at one place conflict",
		base: lines("a", "b"),
		ours: lines("a", "X", "b"), theirs: lines("a", "Y", "b"),
		want:      lines("a", "<<<<<<< yours", "X", "=======", "Y", ">>>>>>> svcgen", "b"),
		conflicts: 1,
	},
	{
		name: "a deletion against an edit conflicts",
		base: lines("a", "b", "c"),
		ours: lines("a", "c"), theirs: lines("a", "B", "c"),
		want:      lines("a", "<<<<<<< yours", "=======", "B", ">>>>>>> svcgen", "c"),
		conflicts: 1,
	},
	{
		name: "two conflicts more than 3 lines apart",
		base: lines("a", "b", "c", "d", "e", "f", "g", "h"),
		ours: lines("a", "B1", "c", "d", "e", "f", "G1", "h"), theirs: lines("a", "B2", "c", "d", "e", "f", "G2", "h"),
		want: lines("a", "<<<<<<< yours", "B1", "=======", "B2", ">>>>>>> svcgen", "c", "d", "e", "f",
			"<<<<<<< yours", "G1", "=======", "G2", ">>>>>>> svcgen", "h"),
		conflicts: 2,
	},
	{
		name: "conflicts at most 3 lines apart are one",
		base: lines("a", "b", "c", "d", "e", "f", "g"),
		ours: lines("a", "B1", "c", "d", "e", "F1", "g"), theirs: lines("a", "B2", "c", "d", "e", "F2", "g"),
		want:      lines("a", "<<<<<<< yours", "B1", "c", "d", "e", "F1", "=======", "B2", "c", "d", "e", "F2", ">>>>>>> svcgen", "g"),
		conflicts: 1,
	},
	{
		name: "a change between two conflicts keeps them apart",
		base: lines("a", "b", "c", "d", "e", "f", "g"),
		ours: lines("a", "B1", "c", "D", "e", "F1", "g"), theirs: lines("a", "B2", "c", "d", "e", "F2", "g"),
		want: lines("a", "<<<<<<< yours", "B1", "=======", "B2", ">>>>>>> svcgen", "c", "D", "e",
			"<<<<<<< yours", "F1", "=======", "F2", ">>>>>>> svcgen", "g"),
		conflicts: 2,
	},
	{
		name: "conflicts apart only by punctuation lines are one",
		base: lines("a", "b", "}", "", "}", ")", "c", "d"),
		ours: lines("a", "B1", "}", "", "}", ")", "C1", "d"), theirs: lines("a", "B2", "}", "", "}", ")", "C2", "d"),
		want:      lines("a", "<<<<<<< yours", "B1", "}", "", "}", ")", "C1", "=======", "B2", "}", "", "}", ")", "C2", ">>>>>>> svcgen", "d"),
		conflicts: 1,
	},
}

func TestMerge3(t *testing.T) {
	for _, tc := range mergeCases {
		t.Run(tc.name, func(t *testing.T) {
			got, n := Merge3(tc.base, tc.ours, tc.theirs, mergeLabels)
			if got != tc.want || n != tc.conflicts {
				t.Errorf("Merge3 = %d conflicts:\n%s\nwant %d:\n%s", n, got, tc.conflicts, tc.want)
			}
			if HasConflictMarkers(got) != (n > 0) {
				t.Errorf("HasConflictMarkers = %v with %d conflicts", HasConflictMarkers(got), n)
			}
		})
	}
}

// TestMerge3AsGit checks the cases against git merge-file itself, whose rules
// Merge3 follows. It needs git.
func TestMerge3AsGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("skipped: git is not installed; TestMerge3 holds git's answers")
	}
	dir := t.TempDir()
	for _, tc := range mergeCases {
		for name, text := range map[string]string{"base": tc.base, "ours": tc.ours, "theirs": tc.theirs} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(git, "merge-file", "-p", "-L", "yours", "-L", "base", "-L", "svcgen", "ours", "base", "theirs")
		cmd.Dir = dir
		out, err := cmd.Output()
		if code := cmd.ProcessState.ExitCode(); code != tc.conflicts {
			t.Errorf("%s: git merge-file exit %d (%v), want %d conflicts", tc.name, code, err, tc.conflicts)
		}
		if string(out) != tc.want {
			t.Errorf("%s: git merge-file wrote\n%s\nthe case wants\n%s", tc.name, out, tc.want)
		}
	}
}

func TestMerge3NoFinalNewline(t *testing.T) {
	got, n := Merge3("a\nb", "a\nB", "a\nX", mergeLabels)
	want := "a\n<<<<<<< yours\nB\n=======\nX\n>>>>>>> svcgen\n"
	if got != want || n != 1 {
		t.Errorf("Merge3 = %d conflicts, %q; want 1, %q", n, got, want)
	}
	if got, n := Merge3("a\nb", "z\na\nb", "a\nb\nc", mergeLabels); n != 0 || got != "z\na\nb\nc" {
		t.Errorf("Merge3 = %d conflicts, %q; want a clean z a b c", n, got)
	}
}

func TestMerge2(t *testing.T) {
	got, n := Merge2(lines("a", "b", "c"), lines("a", "X", "c"), mergeLabels)
	want := lines("a", "<<<<<<< yours", "b", "=======", "X", ">>>>>>> svcgen", "c")
	if got != want || n != 1 {
		t.Errorf("Merge2 = %d conflicts:\n%s\nwant 1:\n%s", n, got, want)
	}
	if got, n := Merge2("same\n", "same\n", mergeLabels); got != "same\n" || n != 0 {
		t.Errorf("Merge2 of equal texts = %d conflicts, %q", n, got)
	}
}

func TestUnifiedDiff(t *testing.T) {
	d := UnifiedDiff("x.go", []byte("a\nb\n"), []byte("a\nc\n"))
	for _, want := range []string{"--- a/x.go\n", "+++ b/x.go\n", "-b\n", "+c\n"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if d := UnifiedDiff("x.go", nil, []byte("a\n")); !strings.HasPrefix(d, "--- /dev/null\n") {
		t.Errorf("diff of an added file:\n%s", d)
	}
	if d := UnifiedDiff("x.go", []byte("a\n"), []byte("a\n")); d != "" {
		t.Errorf("diff of equal files = %q", d)
	}
}
