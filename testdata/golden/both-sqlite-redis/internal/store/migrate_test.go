package store

import (
	"path"
	"sync"
	"testing"

	"github.com/pressly/goose/v3"
)

func TestMigrateFromEmptyThenNoOp(t *testing.T) {
	db := openTest(t, testConfig(t))
	status, err := db.MigrationStatus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(status) == 0 || status[0].State != goose.StatePending || path.Base(status[0].Source.Path) != "00001_users.sql" {
		t.Fatalf("status before migrating = %v, want 00001_users.sql pending first", describe(status))
	}
	results, err := db.Migrate(t.Context())
	if err != nil || len(results) != len(status) {
		t.Fatalf("Migrate on an empty database = %d results, %v; want all %d applied", len(results), err, len(status))
	}
	again, err := db.Migrate(t.Context())
	if err != nil || len(again) != 0 {
		t.Errorf("second Migrate = %d results, %v; want nothing to do", len(again), err)
	}
	status, err = db.MigrationStatus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range status {
		if s.State != goose.StateApplied || s.AppliedAt.IsZero() {
			t.Errorf("after Migrate: %s is %s (applied at %v), want applied", s.Source.Path, s.State, s.AppliedAt)
		}
	}
}

// Replicas starting together on one database each migrate: all succeed, and
// each migration is applied once. Whether they truly overlap depends on timing;
// the lock that makes it safe when they do is tested on its own (the dialect's
// lock_test.go, or goose's tests for the lockers it ships).
func TestConcurrentMigrationsApplyEachOnce(t *testing.T) {
	cfg := testConfig(t)
	const replicas = 4
	applied := make([]int, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	for i := range replicas {
		db := openTest(t, cfg) // a pool per replica, as separate processes have
		wg.Go(func() {
			results, err := db.Migrate(t.Context())
			applied[i], errs[i] = len(results), err
		})
	}
	wg.Wait()
	total := 0
	for i := range replicas {
		if errs[i] != nil {
			t.Errorf("replica %d: Migrate = %v", i, errs[i])
		}
		total += applied[i]
	}
	status, err := openTest(t, cfg).MigrationStatus(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if total != len(status) {
		t.Errorf("replicas applied %d migrations in all, want each of the %d once: %v", total, len(status), applied)
	}
}

func describe(status []*goose.MigrationStatus) []string {
	var out []string
	for _, s := range status {
		out = append(out, path.Base(s.Source.Path)+" "+string(s.State))
	}
	return out
}
