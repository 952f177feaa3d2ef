package store

import (
	"testing"

	"example.com/billing/internal/config"
	"example.com/billing/internal/store/storetest"
)

// testConfig configures a database of the test's own, created empty on the
// test server and dropped afterwards (storetest.URL), with the service's
// defaults but for a smaller pool, as the contract's tests run in parallel.
func testConfig(t *testing.T) config.Database {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": storetest.URL(t), "DB_MAX_OPEN_CONNS": "4", "DB_MAX_IDLE_CONNS": "4"}
	cfg, err := config.LoadDatabase(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
