package store

import (
	"testing"

	"github.com/acme/inventory/internal/users"
	"github.com/acme/inventory/internal/users/userstest"
)

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
