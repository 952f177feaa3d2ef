package cache

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestCollectors(t *testing.T) {
	var s Stats
	s.found(true)
	s.found(true)
	s.found(false)
	s.errors.Add(1) // as a failed call counts, which each cache's tests check

	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(Collectors("users", &s)...)
	want := `
# HELP cache_errors_total Cache calls that failed (unreachable, too slow, unreadable entry); each was answered from the database.
# TYPE cache_errors_total counter
cache_errors_total{cache="users"} 1
# HELP cache_hits_total Cache reads that found their key.
# TYPE cache_hits_total counter
cache_hits_total{cache="users"} 2
# HELP cache_misses_total Cache reads that did not find their key.
# TYPE cache_misses_total counter
cache_misses_total{cache="users"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
}
