package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pauseEnv names the write step (see generator.WriteOptions.BeforeStep) at which
// the svcgen of TestMain stops, to be killed there.
const (
	pauseEnv  = "SVCGEN_TEST_PAUSE_AT_STEP"
	pausedMsg = "svcgen-test: paused"
)

// pauseAtWriteStep makes this process's svcgen stop at the write step named by
// pauseEnv: it says so on stderr, then blocks reading stdin until it is killed (or
// stdin is closed).
func pauseAtWriteStep() {
	at, err := strconv.Atoi(os.Getenv(pauseEnv))
	if err != nil {
		return
	}
	beforeWriteStep = func(step int) {
		if step == at {
			fmt.Fprintln(os.Stderr, pausedMsg)
			io.Copy(io.Discard, os.Stdin)
		}
	}
}

// TestKilledRunLeavesNothingOrEverything kills `svcgen new` at every step of the
// write, stopped there by pauseEnv rather than after a guessed delay: before the
// final rename the target must be absent, after it complete, and both outcomes
// must occur.
func TestKilledRunLeavesNothingOrEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: starts and kills svcgen once per file it writes")
	}
	bin, err := exec.LookPath("svcgen") // put on PATH by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"new", "p", "--no-input", "--no-tidy", "--deploy", "all", "--module", "example.com/p", "--output"}
	ref := filepath.Join(t.TempDir(), "ref")
	if out, err := exec.Command(bin, append(args, ref)...).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	n := countFiles(t, ref)
	var absent, complete int
	// Steps 0..n-1 stage a file, step n renames the project into place, step n+1
	// follows the rename.
	for step := 0; step <= n+1; step++ {
		target := filepath.Join(t.TempDir(), "p")
		killAt(t, bin, step, append(args, target))
		switch _, err := os.Stat(target); {
		case os.IsNotExist(err):
			absent++
			if step > n {
				t.Errorf("killed after the final rename (step %d): target absent", step)
			}
		case err != nil:
			t.Fatal(err)
		default:
			complete++
			if step <= n {
				t.Errorf("killed before the final rename (step %d of %d): target exists", step, n)
			}
			if diff, err := diffTrees(ref, target); err != nil || diff != "" {
				t.Errorf("killed at step %d: target differs from a complete run (%v):\n%s", step, err, diff)
			}
		}
	}
	t.Logf("after %d kills: %d targets absent, %d complete", n+2, absent, complete)
	if absent == 0 || complete == 0 {
		t.Errorf("saw %d absent and %d complete targets; the kills must land on both sides of the final rename", absent, complete)
	}
}

// killAt runs svcgen with args, waits until it pauses at the write step, and kills it.
func killAt(t *testing.T, bin string, step int, args []string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), pauseEnv+"="+strconv.Itoa(step))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var seen []string
	for lines := bufio.NewScanner(stderr); lines.Scan() && lines.Text() != pausedMsg; {
		seen = append(seen, lines.Text())
	}
	cmd.Process.Kill()
	if err := cmd.Wait(); err == nil {
		t.Fatalf("step %d: svcgen finished without pausing:\n%s", step, strings.Join(seen, "\n"))
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
