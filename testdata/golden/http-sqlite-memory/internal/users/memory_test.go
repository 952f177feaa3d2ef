package users_test

import (
	"testing"

	"example.com/shop/catalog/internal/users"
	"example.com/shop/catalog/internal/users/userstest"
)

// The memory repository keeps the contract every store keeps.
func TestMemoryRepositoryContract(t *testing.T) {
	userstest.Run(t, func(*testing.T) users.Repository { return users.NewMemoryRepository() })
}
