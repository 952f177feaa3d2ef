package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/svcgen/svcgen/generator"
)

// terminal drives svcgen in a real pseudo-terminal, as a person would.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File

	mu     sync.Mutex
	screen bytes.Buffer // everything svcgen drew
	done   chan error
	// drained is closed once everything svcgen wrote has been read.
	drained chan struct{}
}

// startTerminal runs the svcgen binary that testscript.Main put on PATH in dir,
// with stdin and stdout on a pseudo-terminal.
func startTerminal(t *testing.T, dir string, args ...string) *terminal {
	t.Helper()
	bin, err := exec.LookPath("svcgen")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "NO_COLOR=1")
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, cmd: cmd, ptmx: ptmx, done: make(chan error, 1), drained: make(chan struct{})}
	go func() {
		// The read fails (EIO) once svcgen has exited and its output is all read.
		defer close(term.drained)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			term.mu.Lock()
			term.screen.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
			term.answerQueries(buf[:n])
		}
	}()
	go func() { term.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		ptmx.Close()
	})
	return term
}

// answerQueries replies to what the form asks the terminal, as a real terminal
// does: its background colour and the cursor position. Unanswered, each costs the
// form a multi-second timeout.
func (term *terminal) answerQueries(out []byte) {
	if bytes.Contains(out, []byte("\x1b]11;?")) {
		io.WriteString(term.ptmx, "\x1b]11;rgb:0000/0000/0000\x1b\\")
	}
	if bytes.Contains(out, []byte("\x1b[6n")) {
		io.WriteString(term.ptmx, "\x1b[1;1R")
	}
}

// waitFor waits until text has been drawn, then types keys.
func (term *terminal) waitFor(text, keys string) {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(term.output(), text) {
		if time.Now().After(deadline) {
			term.t.Fatalf("%q never appeared on the terminal; it shows:\n%s", text, term.output())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Give the form a moment to finish drawing before it reads the keys.
	time.Sleep(150 * time.Millisecond)
	if _, err := io.WriteString(term.ptmx, keys); err != nil {
		term.t.Fatal(err)
	}
}

func (term *terminal) output() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.screen.String()
}

// wait returns svcgen's exit error once it has exited and all it drew is read.
func (term *terminal) wait() error {
	term.t.Helper()
	timeout := time.After(30 * time.Second)
	var err error
	select {
	case err = <-term.done:
	case <-timeout:
		term.t.Fatalf("svcgen did not exit; the terminal shows:\n%s", term.output())
	}
	select {
	case <-term.drained:
	case <-timeout:
		term.t.Fatalf("svcgen's output was never fully read; the terminal shows:\n%s", term.output())
	}
	return err
}

const (
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyCtrlU = "\x15" // clears an input field
)

func TestFormAsksWhatFlagsLeftOpen(t *testing.T) {
	dir := t.TempDir()
	term := startTerminal(t, dir, flagsExcept("deploy", "new", "--no-tidy")...)
	term.waitFor("Project name", "shop\r")
	term.waitFor("Go module path", keyCtrlU+"github.com/acme/shop\r")
	term.waitFor("Deployment", keyDown+keyDown+" \r") // add k8s to the preselected docker
	if err := term.wait(); err != nil {
		t.Fatalf("svcgen exited with %v; terminal:\n%s", err, term.output())
	}

	data, err := os.ReadFile(filepath.Join(dir, "shop", generator.AnswersFile))
	if err != nil {
		t.Fatalf("no answers file: %v; terminal:\n%s", err, term.output())
	}
	answers, err := generator.ParseAnswers(data)
	if err != nil {
		t.Fatal(err)
	}
	want := generator.NewSpec("shop")
	want.Module = "github.com/acme/shop"
	generator.Lookup("deploy").Set(&want, "docker,k8s")
	if got := answers.Spec; got.Module != want.Module || !slices.Equal(got.Deploy, want.Deploy) || got.Name != want.Name {
		t.Errorf("answers spec = %+v, want %+v", got, want)
	}
	for _, p := range []string{"deploy/k8s/deployment.yaml", "Dockerfile", "cmd/shop/main.go"} {
		if _, err := os.Stat(filepath.Join(dir, "shop", p)); err != nil {
			t.Errorf("chosen file missing: %v", err)
		}
	}

	// The printed command reproduces the same tree without questions.
	line := reproduceLine(t, term.output())
	args := append(strings.Fields(line)[1:], "--output", filepath.Join(dir, "again"), "--no-tidy")
	var stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), io.Discard, &stderr); code != 0 {
		t.Fatalf("%s: exit %d: %s", line, code, stderr.String())
	}
	if diff, err := diffTrees(filepath.Join(dir, "shop"), filepath.Join(dir, "again")); err != nil || diff != "" {
		t.Errorf("the printed command gave another tree (%v):\n%s", err, diff)
	}
}

func TestCtrlCInFormWritesNothing(t *testing.T) {
	dir := t.TempDir()
	term := startTerminal(t, dir, flagsExcept("deploy", "new", "shop", "--no-tidy")...)
	term.waitFor("Deployment", keyDown+" "+keyCtrlC)
	err := term.wait()
	if code := exitCode(err); code != 1 {
		t.Errorf("exit code %d, want 1; terminal:\n%s", code, term.output())
	}
	if !strings.Contains(term.output(), "svcgen: aborted, nothing written") {
		t.Errorf("no abort message; terminal:\n%s", term.output())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an aborted form left %v", entries)
	}
}

func TestEscInFormWritesNothing(t *testing.T) {
	dir := t.TempDir()
	term := startTerminal(t, dir, "new", "--no-tidy")
	term.waitFor("Project name", "\x1b")
	if code := exitCode(term.wait()); code != 1 {
		t.Errorf("exit code %d, want 1; terminal:\n%s", code, term.output())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an aborted form left %v", entries)
	}
}

// flagsExcept appends to args a flag with the default value for every catalog
// option but open, so that the form asks about open alone however the catalog grows.
func flagsExcept(open string, args ...string) []string {
	for _, o := range generator.Catalog {
		if o.Name != open {
			args = append(args, "--"+o.Name+"="+flagDefault(o))
		}
	}
	return args
}

func exitCode(err error) int {
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// reproduceLine finds the command svcgen printed after "without questions:".
func reproduceLine(t *testing.T, out string) string {
	t.Helper()
	_, after, ok := strings.Cut(out, "without questions:")
	if !ok {
		t.Fatalf("no reproduce command in:\n%s", out)
	}
	for _, line := range strings.Split(after, "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "svcgen new ") {
			return line
		}
	}
	t.Fatalf("no reproduce command in:\n%s", out)
	return ""
}

// TestFormChecksBeforeAsking: a non-empty target and an invalid --module are
// refused before the first question, not after the last.
func TestFormChecksBeforeAsking(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "shop"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop", "keep"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"new", "shop", "--no-tidy"}, 1, "svcgen: target directory shop exists and is non-empty"},
		{[]string{"new", "other", "--output", "shop", "--no-tidy"}, 1, "svcgen: target directory shop exists and is non-empty"},
		{[]string{"new", "--module", "bad path", "--no-tidy"}, 2, `svcgen: invalid --module "bad path"`},
	} {
		term := startTerminal(t, dir, tc.args...)
		code := exitCode(term.wait())
		out := term.output()
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("svcgen %s: exit %d, want %d with %q; terminal:\n%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out)
		}
		for _, question := range []string{"Project name", "Go module path", "Transport"} {
			if strings.Contains(out, question) {
				t.Errorf("svcgen %s asked %q before refusing; terminal:\n%s", strings.Join(tc.args, " "), question, out)
			}
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "shop", "keep")); err != nil || string(data) != "mine" {
		t.Errorf("shop/keep = %q, %v; want it untouched", data, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("refused runs left %v", entries)
	}
}

// TestFormNameChecksTarget: a name whose ./NAME is not empty is refused in the
// name field itself, and another name is then accepted.
func TestFormNameChecksTarget(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "shop"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop", "keep"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, dir, flagsExcept("", "new", "--module", "example.com/store", "--no-tidy")...)
	term.waitFor("Project name", "shop\r")
	term.waitFor("exists and is non-empty", keyCtrlU+"store\r")
	if err := term.wait(); err != nil {
		t.Fatalf("svcgen exited with %v; terminal:\n%s", err, term.output())
	}
	if _, err := os.Stat(filepath.Join(dir, "store", "go.mod")); err != nil {
		t.Errorf("store was not generated: %v; terminal:\n%s", err, term.output())
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "shop")); len(entries) != 1 {
		t.Errorf("shop holds %v, want only keep", entries)
	}
}
