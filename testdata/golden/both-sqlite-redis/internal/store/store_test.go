package store

import (
	"testing"

	"example.com/shop/inventory/internal/config"
)

// openTest opens the database cfg names for one test and closes it afterwards.
func openTest(t *testing.T, cfg config.Database) *DB {
	t.Helper()
	db, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}
