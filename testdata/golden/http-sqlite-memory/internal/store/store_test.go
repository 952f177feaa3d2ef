package store

import (
	"testing"

	"example.com/shop/catalog/internal/config"
	"example.com/shop/catalog/internal/users"
	"example.com/shop/catalog/internal/users/userstest"
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

// The store keeps the contract every users.Repository keeps, each test on a
// migrated database of its own.
func TestUsersContract(t *testing.T) {
	userstest.Run(t, func(t *testing.T) users.Repository {
		db := openTest(t, testConfig(t))
		if _, err := db.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return NewUsers(db)
	})
}
