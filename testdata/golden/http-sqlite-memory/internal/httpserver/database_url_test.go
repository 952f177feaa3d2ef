package httpserver

import (
	"path/filepath"
	"testing"
)

// benchDatabaseURL is the DATABASE_URL of a new, empty SQLite database in the
// benchmark's temporary directory.
func benchDatabaseURL(b *testing.B) string {
	return filepath.Join(b.TempDir(), "bench.db")
}
