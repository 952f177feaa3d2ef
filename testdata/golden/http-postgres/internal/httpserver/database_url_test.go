package httpserver

import (
	"testing"

	"github.com/acme/inventory/internal/store/storetest"
)

// benchDatabaseURL is the DATABASE_URL of a new, empty PostgreSQL database on the
// server TEST_POSTGRES_URL names, dropped afterwards; without it the benchmark is
// skipped.
func benchDatabaseURL(b *testing.B) string {
	return storetest.URL(b)
}
