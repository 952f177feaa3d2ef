package generator

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// TestSQLCOutputIsCurrent runs the pinned sqlc on each database's generated
// project: the query code svcgen ships (internal/store/db) must be exactly what
// sqlc generates from the project's sqlc.yaml, migrations and queries, so that
// `make sqlc` in a fresh project changes nothing.
func TestSQLCOutputIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: runs sqlc " + sqlcVersion + " with go run in each database's project (needs the module cache or proxy)")
	}
	dbs := 0
	for _, v := range Lookup("db").Values {
		s := NewSpec("sqlcheck")
		s.Database = Database(v.Name)
		if !s.HasDatabase() {
			continue
		}
		dbs++
		t.Run(v.Name, func(t *testing.T) {
			files, err := Generate(s, templates.FS, "sqlc")
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), s.Name)
			if _, err := files.Write(dir, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			// sqlc diff exits non-zero and prints the difference when the
			// committed code is not what it would generate; goCmd then fails.
			out := goCmd(t, dir, "go", "run", "github.com/sqlc-dev/sqlc/cmd/sqlc@"+sqlcVersion, "diff")
			if out = withoutDownloads(out); out != "" {
				t.Errorf("sqlc diff printed:\n%s", out)
			}
		})
	}
	if dbs == 0 {
		t.Fatal("no --db value has a database: nothing was checked")
	}
}

// withoutDownloads drops the "go: downloading M V" lines that go run prints
// while it fills a cold module cache.
func withoutDownloads(out string) string {
	var kept []string
	for line := range strings.Lines(out) {
		if !strings.HasPrefix(line, "go: downloading ") {
			kept = append(kept, line)
		}
	}
	return strings.TrimSpace(strings.Join(kept, ""))
}
