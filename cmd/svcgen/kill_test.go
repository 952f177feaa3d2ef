package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestKilledRunLeavesNothingOrEverything kills `svcgen new` at a range of moments
// and checks that the target is then either absent or the complete project: the
// project appears only through the final rename.
func TestKilledRunLeavesNothingOrEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: starts and kills svcgen 60 times")
	}
	bin, err := exec.LookPath("svcgen") // put on PATH by testscript.Main
	if err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(t.TempDir(), "ref")
	if out, err := exec.Command(bin, "new", "p", "--no-input", "--no-tidy", "--deploy", "all", "--module", "example.com/p", "--output", ref).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	want := countFiles(t, ref)
	var absent, complete int
	for i := range 60 {
		parent := t.TempDir()
		target := filepath.Join(parent, "p")
		cmd := exec.Command(bin, "new", "p", "--no-input", "--no-tidy", "--deploy", "all", "--module", "example.com/p", "--output", target)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(i) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		switch _, err := os.Stat(target); {
		case os.IsNotExist(err):
			absent++
		case err != nil:
			t.Fatal(err)
		default:
			complete++
			if got := countFiles(t, target); got != want {
				t.Errorf("kill after %v: target holds %d files, want none or all %d", time.Duration(i)*500*time.Microsecond, got, want)
			}
		}
	}
	t.Logf("after 60 kills: %d targets absent, %d complete", absent, complete)
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
