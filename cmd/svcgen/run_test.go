package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes pins the exit codes scripts rely on: 0 success, 1 error, 2 usage.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "taken"), 0o755)
	os.WriteFile(filepath.Join(dir, "taken", "keep"), nil, 0o644)
	for _, tc := range []struct {
		args []string
		code int
		line string // expected stderr, one line; "" means empty
	}{
		{[]string{"new", "ok", "--no-input", "--dry-run", "--module", "example.com/ok"}, 0, ""},
		{[]string{"new", "x", "--transport", "pigeon"}, 2, `svcgen: unknown --transport value "pigeon" (want http, grpc or both)`},
		{[]string{"new", "x", "--module", "bad path"}, 2, `svcgen: invalid --module "bad path": invalid char ' '`},
		{[]string{"new", "x", "--nope"}, 2, "svcgen: unknown flag: --nope"},
		{[]string{"new", "a", "b"}, 2, "svcgen: new takes one project name, got 2 arguments (quote values with spaces)"},
		{[]string{"new", "--no-input"}, 2, "svcgen: missing project name (want: svcgen new NAME)"},
		{[]string{"new", "type", "--no-input"}, 2, `svcgen: invalid project name "type": "type" is a Go keyword (choose another name)`},
		{[]string{"frobnicate"}, 2, `svcgen: unknown command "frobnicate" for "svcgen"`},
		{[]string{"options", "extra"}, 2, `svcgen: options takes no arguments, got "extra"`},
		{[]string{"new", "taken", "--no-input", "--module", "example.com/taken", "--output", filepath.Join(dir, "taken")}, 1,
			"svcgen: target directory " + filepath.Join(dir, "taken") + " exists and is non-empty (choose another directory, or use --force to update the files svcgen generated; edited files are kept)"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &stdout, &stderr)
		if code != tc.code {
			t.Errorf("svcgen %s: exit %d, want %d (stderr %q)", strings.Join(tc.args, " "), code, tc.code, stderr.String())
		}
		if got := strings.TrimSuffix(stderr.String(), "\n"); got != tc.line {
			t.Errorf("svcgen %s: stderr\n%q\nwant\n%q", strings.Join(tc.args, " "), got, tc.line)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("failed runs created %v, want only the pre-existing taken/", entries)
	}
	for _, name := range []string{"ok", "x", "a", "type"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("a failed or dry run created ./%s", name)
		}
	}
}
