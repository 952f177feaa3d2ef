package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenameModule(t *testing.T) {
	for _, tc := range []struct{ mod, old, new, want string }{
		{"example.com/b", "b", "billing", "example.com/billing"},
		{"github.com/acme/b/v2", "b", "billing", "github.com/acme/billing"},
		{"b", "b", "billing", "billing"},
		{"example.com/platform", "b", "billing", "billing"}, // unrelated to the old name
		{"example.com/bb", "b", "billing", "billing"},
	} {
		if got := renameModule(tc.mod, tc.old, tc.new); got != tc.want {
			t.Errorf("renameModule(%q, %q, %q) = %q, want %q", tc.mod, tc.old, tc.new, got, tc.want)
		}
	}
}

// TestAnswersFromNewerSvcgen checks the version comparison against an injected
// version: svcgen built inside a test reports "(devel)", which never compares.
func TestAnswersFromNewerSvcgen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.json")
	write := func(json string) {
		if err := os.WriteFile(file, []byte(json), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	newer := `{"svcgen_version": "v0.9.0", "spec": {"name": "b"}}`
	for _, tc := range []struct {
		running, json string
		code          int
		stderr        string // substring; "" means stderr is empty
	}{
		{"v0.4.0", newer, 0, "svcgen: warning: --answers " + file + " was written by svcgen v0.9.0, newer than this v0.4.0"},
		{"v0.9.0", newer, 0, ""},
		{"v1.0.0", newer, 0, ""},
		{"v0.9.0-0.20260101000000-abcdefabcdef", newer, 0, "newer than this v0.9.0-0.2026"}, // a pseudo-version before v0.9.0
		{"(devel)", newer, 0, ""},
		{"v0.4.0", `{"svcgen_version": "(devel)", "spec": {"name": "b"}}`, 0, ""},
		{"v0.4.0", `{"svcgen_version": "v0.9.0", "spec": {"name": "b", "retries": 3}}`, 2,
			`unknown key "retries" in "spec" (known: name, module, go_version, transport, db, cache, auth, resilience, observability, deploy); the file is from svcgen v0.9.0, newer than this v0.4.0: upgrade svcgen`},
	} {
		write(tc.json)
		var stderr bytes.Buffer
		c := newNewCmd(streams{in: strings.NewReader(""), out: &bytes.Buffer{}, err: &stderr})
		c.version = tc.running
		c.cmd.SilenceUsage, c.cmd.SilenceErrors = true, true
		c.cmd.SetArgs([]string{"--answers", file, "--dry-run", "--no-input"})
		code := 0
		if err := c.cmd.Execute(); err != nil {
			code = 1
			if _, ok := err.(usageError); ok {
				code = 2
			}
			stderr.WriteString(err.Error())
		}
		got := stderr.String()
		if code != tc.code || (tc.stderr == "") != (got == "") || !strings.Contains(got, tc.stderr) {
			t.Errorf("svcgen %s reading a file of %s: exit %d, stderr %q; want exit %d, stderr with %q", tc.running, tc.json, code, got, tc.code, tc.stderr)
		}
	}
}
