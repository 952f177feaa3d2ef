package store

import (
	"path/filepath"
	"testing"

	"example.com/shop/catalog/internal/config"
)

// testConfig configures a database of the test's own: an empty file in its
// temporary directory, removed afterwards.
func testConfig(t *testing.T) config.Database {
	t.Helper()
	cfg, err := config.LoadDatabase(func(k string) string {
		if k == "DATABASE_URL" {
			return filepath.Join(t.TempDir(), "test.db")
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
