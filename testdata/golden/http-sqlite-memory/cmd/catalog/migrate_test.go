package main

import (
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

// migrateCmd runs `catalog migrate args...` against the database of vars and
// returns its output.
func migrateCmd(t *testing.T, vars map[string]string, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := dispatch(t.Context(), append([]string{"migrate"}, args...), env(vars), &out)
	return out.String(), err
}

func TestMigrateCommand(t *testing.T) {
	vars := testStoreEnv(t)
	steps := []struct {
		args []string
		want string // a regular expression the whole output must match
	}{
		{[]string{"status"}, `^pending +- +00001_users\.sql\n`},
		{[]string{"up"}, `^applied 00001_users\.sql \(\d+(\.\d+)?m?s\)\n`},
		{[]string{"up"}, `^no pending migrations\n$`},
		{[]string{"status"}, `^applied +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +00001_users\.sql\n`},
	}
	for _, s := range steps {
		out, err := migrateCmd(t, vars, s.args...)
		if err != nil || !regexp.MustCompile(s.want).MatchString(out) {
			t.Errorf("migrate %s = %q, %v; want output matching %s", strings.Join(s.args, " "), out, err, s.want)
		}
	}
}

func TestMigrateCommandUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"down"}, {"up", "extra"}} {
		out, err := migrateCmd(t, testStoreEnv(t), args...)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), "migrate up|status") || out != "" {
			t.Errorf("migrate %q = %q, %v; want a usage error naming up and status", args, out, err)
		}
	}
}

func TestMigrateCommandRejectsInvalidConfig(t *testing.T) {
	vars := testStoreEnv(t)
	vars["DB_CONNECT_TIMEOUT"] = "soon"
	_, err := migrateCmd(t, vars, "up")
	if err == nil || !strings.Contains(err.Error(), "DB_CONNECT_TIMEOUT") {
		t.Errorf("migrate up with DB_CONNECT_TIMEOUT=soon = %v, want an error naming it", err)
	}
	// run reads the same variables.
	if err := run(t.Context(), env(vars), io.Discard, nil); err == nil || !strings.Contains(err.Error(), "DB_CONNECT_TIMEOUT") {
		t.Errorf("run() with DB_CONNECT_TIMEOUT=soon = %v, want an error naming it", err)
	}
}
