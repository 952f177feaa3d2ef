package cache

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// item is what the contract stores: strings and a time, as a resource has.
type item struct {
	Name string
	At   time.Time
}

// store is what every cache of this package offers, for items.
type store interface {
	Get(ctx context.Context, key string) (item, bool, error)
	Set(ctx context.Context, key string, v item) error
	Delete(ctx context.Context, key string) error
	Stats() *Stats
}

// testContract checks the behaviour every cache must have. open returns an
// empty cache with the given TTL, of its own for each subtest.
func testContract(t *testing.T, open func(t *testing.T, ttl time.Duration) store) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000000, time.UTC)
	t.Run("miss, hit, overwrite, delete", func(t *testing.T) {
		ctx := t.Context()
		c := open(t, time.Minute)
		mustMiss(t, c, "k")
		mustSet(t, c, "k", item{Name: "one", At: at})
		mustHit(t, c, "k", item{Name: "one", At: at})
		mustSet(t, c, "k", item{Name: "two", At: at})
		mustHit(t, c, "k", item{Name: "two", At: at})
		if err := c.Delete(ctx, "k"); err != nil {
			t.Fatalf("Delete() = %v", err)
		}
		mustMiss(t, c, "k")
		if err := c.Delete(ctx, "k"); err != nil {
			t.Errorf("Delete() of a missing key = %v, want nil", err)
		}
		if s := c.Stats(); s.Hits() != 2 || s.Misses() != 2 || s.Errors() != 0 {
			t.Errorf("stats = %d hits, %d misses, %d errors; want 2, 2, 0", s.Hits(), s.Misses(), s.Errors())
		}
	})
	t.Run("values and keys round-trip unchanged", func(t *testing.T) {
		c := open(t, time.Minute)
		for i, name := range []string{"", `quote " and '`, "'; DROP TABLE users;--", "100% _", "Łódź 東京 🚀", strings.Repeat("é", 255)} {
			key := fmt.Sprintf("users:v1:%d %s", i, name)
			mustSet(t, c, key, item{Name: name, At: at})
			mustHit(t, c, key, item{Name: name, At: at})
		}
	})
	t.Run("keys are independent", func(t *testing.T) {
		c := open(t, time.Minute)
		mustSet(t, c, "users:v1:a", item{Name: "a"})
		mustMiss(t, c, "users:v1:b")
		mustMiss(t, c, "users:v2:a")
		mustHit(t, c, "users:v1:a", item{Name: "a"})
	})
	t.Run("entries expire after the TTL", func(t *testing.T) {
		c := open(t, 200*time.Millisecond)
		mustSet(t, c, "k", item{Name: "soon gone"})
		mustHit(t, c, "k", item{Name: "soon gone"})
		time.Sleep(400 * time.Millisecond)
		mustMiss(t, c, "k")
	})
	t.Run("concurrent use", func(t *testing.T) {
		c := open(t, time.Minute)
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 50 {
					key := fmt.Sprintf("k%d-%d", g, i)
					want := item{Name: key}
					if err := c.Set(t.Context(), key, want); err != nil {
						t.Errorf("Set(%s) = %v", key, err)
						return
					}
					if got, ok, err := c.Get(t.Context(), key); err != nil || !ok || got != want {
						t.Errorf("Get(%s) = %+v, %v, %v; want %+v", key, got, ok, err, want)
						return
					}
				}
			})
		}
		wg.Wait()
		if s := c.Stats(); s.Hits() != 400 {
			t.Errorf("hits = %d, want 400", s.Hits())
		}
	})
}

func mustSet(t *testing.T, c store, key string, v item) {
	t.Helper()
	if err := c.Set(t.Context(), key, v); err != nil {
		t.Fatalf("Set(%q) = %v", key, err)
	}
}

func mustHit(t *testing.T, c store, key string, want item) {
	t.Helper()
	got, ok, err := c.Get(t.Context(), key)
	if err != nil || !ok || got != want {
		t.Errorf("Get(%q) = %+v, %v, %v; want %+v, true, nil", key, got, ok, err, want)
	}
}

func mustMiss(t *testing.T, c store, key string) {
	t.Helper()
	if got, ok, err := c.Get(t.Context(), key); err != nil || ok {
		t.Errorf("Get(%q) = %+v, %v, %v; want a miss", key, got, ok, err)
	}
}
