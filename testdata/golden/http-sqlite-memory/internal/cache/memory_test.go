package cache

import (
	"fmt"
	"testing"
	"time"
)

func openMemory(t *testing.T, size int, ttl time.Duration) *Memory[item] {
	t.Helper()
	m, err := NewMemory[item](size, ttl)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func TestMemoryContract(t *testing.T) {
	testContract(t, func(t *testing.T, ttl time.Duration) store { return openMemory(t, 1000, ttl) })
}

// The cache never holds more than its size, however many keys are set.
func TestMemoryIsBounded(t *testing.T) {
	m := openMemory(t, 100, time.Minute)
	for i := range 5000 {
		mustSet(t, m, fmt.Sprint(i), item{Name: "x"})
	}
	m.entries.CleanUp()
	if n := m.entries.EstimatedSize(); n > 100 {
		t.Errorf("size after 5000 sets = %d, want at most 100", n)
	}
}
