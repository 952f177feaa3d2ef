package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/generator"
)

// pauseMoveEnv names the move into place (see generator.WriteOptions.BeforeMove)
// at which the svcgen of TestMain stops, to be killed there.
const pauseMoveEnv = "SVCGEN_TEST_PAUSE_AT_MOVE"

// pauseAtMoveStep is pauseAtWriteStep for the moves of an update.
func pauseAtMoveStep() {
	at, err := strconv.Atoi(os.Getenv(pauseMoveEnv))
	if err != nil {
		return
	}
	beforeMoveStep = func(i int) {
		if i == at {
			fmt.Fprintln(os.Stderr, pausedMsg)
			io.Copy(io.Discard, os.Stdin)
		}
	}
}

// TestKilledUpdateLeavesBeforeOrAfter kills `svcgen update` at every step of its
// write: while it stages files, before each of its moves into place, and after
// the last. Killed before its first move, the project is as it was; killed after
// its last, fully updated; killed between two moves, the journal of the update is
// there, and the next svcgen update (the same command) finishes it. In every case
// the project ends byte for byte as an uninterrupted update leaves it.
func TestKilledUpdateLeavesBeforeOrAfter(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: starts and kills svcgen before each file an update moves into place, then runs it again")
	}
	bin, err := exec.LookPath("svcgen") // put on PATH by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join(t.TempDir(), "template")
	if out, err := exec.Command(bin, "new", "p", "--no-input", "--no-tidy", "--module", "example.com/p", "--output", tmpl).CombinedOutput(); err != nil {
		t.Fatalf("svcgen new: %v\n%s", err, out)
	}
	appendTo(t, filepath.Join(tmpl, "internal/config/config.go"), "// ours\n")
	if err := os.Remove(filepath.Join(tmpl, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	project := func() string {
		dir := filepath.Join(t.TempDir(), "p")
		if err := os.CopyFS(dir, os.DirFS(tmpl)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	update := func(dir string) []string {
		return []string{"update", "--no-tidy", "--json", "--set", "transport=both", "--dir", dir}
	}
	after := project()
	out, err := exec.Command(bin, update(after)...).Output()
	if err != nil {
		t.Fatalf("reference update: %v\n%s", err, out)
	}
	var ref summary
	if err := json.Unmarshal(out, &ref); err != nil || ref.Written < 10 || len(ref.Merged) != 1 {
		t.Fatalf("reference update wrote %d files, merged %v (%v), want tens and config.go", ref.Written, ref.Merged, err)
	}
	n := ref.Written
	var before, pending, updated int
	check := func(what string, dir string) {
		t.Helper()
		switch {
		case sameTree(t, tmpl, dir):
			before++
		case sameTree(t, after, dir):
			updated++
		case len(generator.PendingUpdates(dir)) > 0:
			pending++
		default:
			t.Errorf("killed %s: the project is neither as before nor updated, and no journal says how to finish it", what)
		}
		if out, err := exec.Command(bin, update(dir)...).CombinedOutput(); err != nil {
			t.Fatalf("killed %s, then svcgen update: %v\n%s", what, err, out)
		}
		if diff, err := diffTrees(after, dir); err != nil || diff != "" {
			t.Errorf("killed %s, then svcgen update: the project differs from an uninterrupted update (%v):\n%s", what, err, diff)
		}
	}
	// Write steps 0..n-1 stage a file, n comes before the first move, n+1 after the
	// last. Staging changes nothing in the project, so a few staging steps stand
	// for all; every move is a kill point.
	for _, step := range []int{0, 1, n / 2, n - 1, n, n + 1} {
		dir := project()
		killAt(t, bin, step, update(dir))
		check(fmt.Sprintf("at write step %d of %d", step, n+1), dir)
	}
	// killAt pauses at pauseEnv's step; -1 is none, and the move to pause at is
	// in the environment the command inherits.
	for move := range n {
		dir := project()
		t.Setenv(pauseMoveEnv, strconv.Itoa(move))
		killAt(t, bin, -1, update(dir))
		check(fmt.Sprintf("before move %d of %d", move, n), dir)
	}
	t.Logf("after %d kills: %d projects as before, %d with the update pending (then finished), %d updated", n+6, before, pending, updated)
	if before == 0 || pending == 0 || updated == 0 {
		t.Errorf("the kills must land before, during and after the moves")
	}
}

// sameTree reports whether two project trees hold the same files, leaving out the
// staging directories an interrupted run leaves.
func sameTree(t *testing.T, a, b string) bool {
	t.Helper()
	diff, err := diffTrees(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(diff, "\n") {
		if line != "" && !strings.Contains(line, ".svcgen-stage-") {
			return false
		}
	}
	return true
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
