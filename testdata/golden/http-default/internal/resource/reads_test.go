package resource

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/acme/orders/internal/callinfo"
)

// TestMain fails the package if a test leaves a shared read's goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// item is the resource these tests read.
type item struct {
	ID   string
	Name string
}

var errNoItem = NotFound("item not found")

// heldStore is a repository of items that counts reads. The first read waits
// until hold is closed (or its ctx is done), so that a test can keep one read in
// flight; it panics with panicWith if that is set.
type heldStore struct {
	mu        sync.Mutex
	items     map[string]item
	gets      atomic.Int32
	hold      chan struct{}
	panicWith any
	readErr   chan error // receives the ctx error the held read ended with
}

func newHeldStore(items ...item) *heldStore {
	s := &heldStore{items: map[string]item{}, hold: make(chan struct{}), readErr: make(chan error, 1)}
	for _, it := range items {
		s.items[it.ID] = it
	}
	return s
}

func (s *heldStore) lookup(id string) (item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return item{}, errNoItem
	}
	return it, nil
}

func (s *heldStore) delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.items, id)
}

func (s *heldStore) Get(ctx context.Context, id string) (item, error) {
	first := s.gets.Add(1) == 1
	it, err := s.lookup(id)
	if first {
		select {
		case <-s.hold:
		case <-ctx.Done():
			s.readErr <- ctx.Err()
			return item{}, ctx.Err()
		}
	}
	if s.panicWith != nil {
		panic(s.panicWith)
	}
	return it, err
}

// mapCache is a Cache in a map. With fail set, every call fails instead.
type mapCache struct {
	mu      sync.Mutex
	m       map[string]item
	fail    error
	calls   int
	deleted []string
}

func newMapCache() *mapCache { return &mapCache{m: map[string]item{}} }

func (c *mapCache) Get(_ context.Context, key string) (item, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	it, ok := c.m[key]
	return it, ok, c.fail
}

func (c *mapCache) Set(_ context.Context, key string, it item) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.fail == nil {
		c.m[key] = it
	}
	return c.fail
}

func (c *mapCache) Delete(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	c.deleted = append(c.deleted, key)
	delete(c.m, key)
	return c.fail
}

func (c *mapCache) entry(key string) (item, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.m[key]
	return it, ok
}

const prefix = "items:v1:"

var ada = item{ID: "ADA", Name: "Ada"}

func newReads(s *heldStore, c Cache[item], logger *slog.Logger) *Reads[item] {
	return NewReads("item", prefix, s.Get, c, logger)
}

// getAll calls r.Get(id) from n goroutines and returns their results once all
// have returned. Each caller's ctx comes from ctxFor(i).
func getAll(r *Reads[item], id string, n int, ctxFor func(i int) context.Context) ([]item, []error) {
	items, errs := make([]item, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { items[i], errs[i] = r.Get(ctxFor(i), id) })
	}
	wg.Wait()
	return items, errs
}

// 100 concurrent reads of one uncached ID make exactly one repository call, with
// or without a cache.
func TestConcurrentReadsShareOneRepositoryCall(t *testing.T) {
	for name, cache := range map[string]Cache[item]{"no cache": NoCache[item]{}, "cache": newMapCache()} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				store := newHeldStore(ada)
				r := newReads(store, cache, nil)
				done := make(chan struct{})
				var items []item
				var errs []error
				go func() {
					defer close(done)
					items, errs = getAll(r, ada.ID, 100, func(int) context.Context { return t.Context() })
				}()
				synctest.Wait() // every caller is waiting: one in the repository, 99 on it
				if n := store.gets.Load(); n != 1 {
					t.Errorf("100 concurrent reads made %d repository calls, want 1", n)
				}
				close(store.hold)
				<-done
				for i := range items {
					if errs[i] != nil || items[i] != ada {
						t.Fatalf("caller %d got %+v, %v; want %+v", i, items[i], errs[i], ada)
					}
				}
				if n := store.gets.Load(); n != 1 {
					t.Errorf("repository calls = %d, want 1", n)
				}
			})
		})
	}
}

// The caller that started the shared read leaves; the others still get the item.
func TestFirstCallerCancellationDoesNotFailOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newHeldStore(ada)
		r := newReads(store, nil, nil)
		ctx, cancel := context.WithCancel(t.Context())
		firstErr := make(chan error, 1)
		go func() {
			_, err := r.Get(ctx, ada.ID)
			firstErr <- err
		}()
		synctest.Wait() // the first caller's read is in the repository
		done := make(chan struct{})
		var items []item
		var errs []error
		go func() {
			defer close(done)
			items, errs = getAll(r, ada.ID, 99, func(int) context.Context { return t.Context() })
		}()
		synctest.Wait()
		cancel()
		if err := <-firstErr; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled first caller got %v, want context.Canceled", err)
		}
		close(store.hold)
		<-done
		for i := range items {
			if errs[i] != nil || items[i] != ada {
				t.Fatalf("caller %d got %+v, %v after the first caller left; want %+v", i, items[i], errs[i], ada)
			}
		}
		if n := store.gets.Load(); n != 1 {
			t.Errorf("repository calls = %d, want 1", n)
		}
	})
}

// Once every caller has left, the shared read still ends, at its own bound.
func TestSharedReadEndsAtItsOwnBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newHeldStore(ada)
		r := newReads(store, nil, nil)
		_, errs := getAll(r, ada.ID, 3, func(int) context.Context {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			t.Cleanup(cancel)
			return ctx
		})
		for i, err := range errs {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("caller %d got %v, want its own deadline", i, err)
			}
		}
		start := time.Now()
		if err := <-store.readErr; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the abandoned read ended with %v, want context.DeadlineExceeded", err)
		}
		if waited := time.Since(start) + time.Second; waited != detachedTimeout {
			t.Errorf("the abandoned read ended after %s, want %s", waited, detachedTimeout)
		}
	})
}

// A panic in the shared read is an error for every caller and is logged; the
// process survives (a panic in the read's own goroutine would crash it).
func TestPanicInSharedReadIsAnErrorForEveryCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newHeldStore(ada)
		store.panicWith = "boom"
		var logs bytes.Buffer
		r := newReads(store, nil, slog.New(slog.NewJSONHandler(&logs, nil)))
		done := make(chan struct{})
		var errs []error
		go func() {
			defer close(done)
			_, errs = getAll(r, ada.ID, 10, func(int) context.Context { return callinfo.New(t.Context(), "REQ-1") })
		}()
		synctest.Wait()
		close(store.hold)
		<-done
		for i, err := range errs {
			if !errors.Is(err, errReadPanicked) {
				t.Errorf("caller %d got %v, want errReadPanicked", i, err)
			}
		}
		log := logs.String()
		if n := strings.Count(log, `"msg":"panic in a shared read"`); n != 1 || !strings.Contains(log, `"panic":"boom"`) ||
			!strings.Contains(log, `"request_id":"REQ-1"`) || !strings.Contains(log, `"resource":"item","id":"ADA"`) {
			t.Errorf("logged %d panics, want 1 with its value, the item and the request ID:\n%s", n, log)
		}
	})
}

// Reads fill the cache under the resource's key; Invalidate empties it, and the
// next read goes to the repository again.
func TestCacheAsideAndInvalidation(t *testing.T) {
	ctx := t.Context()
	store := newHeldStore(ada)
	close(store.hold)
	cache := newMapCache()
	r := newReads(store, cache, nil)
	key := prefix + ada.ID
	for range 3 {
		if got, err := r.Get(ctx, ada.ID); err != nil || got != ada {
			t.Fatalf("Get() = %+v, %v; want %+v", got, err, ada)
		}
	}
	if n := store.gets.Load(); n != 1 {
		t.Errorf("3 reads made %d repository calls, want 1 (then cache hits)", n)
	}
	if got, ok := cache.entry(key); !ok || got != ada {
		t.Errorf("cache[%s] = %+v, %v; want %+v", key, got, ok, ada)
	}
	store.delete(ada.ID)
	r.Invalidate(ctx, ada.ID)
	if _, ok := cache.entry(key); ok || len(cache.deleted) != 1 || cache.deleted[0] != key {
		t.Errorf("after Invalidate: cache[%s] set %v, deleted %q; want gone, [%s]", key, ok, cache.deleted, key)
	}
	if _, err := r.Get(ctx, ada.ID); !errors.Is(err, errNoItem) {
		t.Errorf("Get() after the delete = %v, want the repository's not found", err)
	}
}

// A read that began before a write does not put what it read into the cache, and
// reads after the write do not join it.
func TestReadOverlappingAWriteDoesNotFillTheCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := newHeldStore(ada)
		cache := newMapCache()
		r := newReads(store, cache, nil)
		old := make(chan item, 1)
		go func() {
			it, _ := r.Get(t.Context(), ada.ID)
			old <- it
		}()
		synctest.Wait() // the read has ada and is held
		store.delete(ada.ID)
		r.Invalidate(t.Context(), ada.ID)
		if _, err := r.Get(t.Context(), ada.ID); !errors.Is(err, errNoItem) {
			t.Errorf("Get() after the delete = %v, want not found (not the read begun before it)", err)
		}
		close(store.hold)
		if it := <-old; it != ada {
			t.Errorf("the read begun before the delete got %+v, want %+v", it, ada)
		}
		if it, ok := cache.entry(prefix + ada.ID); ok {
			t.Errorf("the read begun before the delete cached %+v", it)
		}
	})
}

// While the cache fails, every call is answered from the repository, and the
// failures are logged once per interval, not once per call.
func TestCacheOutageIsAnsweredFromTheRepository(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		store := newHeldStore(ada)
		close(store.hold)
		cache := newMapCache()
		cache.fail = errors.New("connection refused")
		var logs bytes.Buffer
		r := newReads(store, cache, slog.New(slog.NewJSONHandler(&logs, nil)))
		for range 5 {
			if got, err := r.Get(ctx, ada.ID); err != nil || got != ada {
				t.Fatalf("Get() with the cache down = %+v, %v; want %+v", got, err, ada)
			}
		}
		if n := store.gets.Load(); n != 5 {
			t.Errorf("5 reads with the cache down made %d repository calls, want 5", n)
		}
		r.Invalidate(ctx, ada.ID)
		if cache.calls != 11 {
			t.Errorf("the cache was tried %d times, want every call (11)", cache.calls)
		}
		if n := strings.Count(logs.String(), "cache failed"); n != 1 {
			t.Errorf("logged %d cache failures within one interval, want 1:\n%s", n, logs.String())
		}
		time.Sleep(cacheLogInterval)
		if _, err := r.Get(ctx, "NOBODY"); !errors.Is(err, errNoItem) {
			t.Errorf("Get(unknown) = %v, want not found", err)
		}
		if n := strings.Count(logs.String(), "cache failed"); n != 2 {
			t.Errorf("logged %d cache failures after the interval, want 2", n)
		}
	})
}

// BenchmarkReadsGet is what a read by ID that misses the cache costs (the shared
// read and its goroutine) over the repository's own Get:
//
//	go test -run '^$' -bench ReadsGet -benchmem ./internal/resource
func BenchmarkReadsGet(b *testing.B) {
	store := newHeldStore(ada)
	close(store.hold)
	r := newReads(store, nil, nil)
	for name, get := range map[string]func(context.Context, string) (item, error){"repository": store.Get, "reads": r.Get} {
		b.Run(name, func(b *testing.B) {
			ctx, cancel := context.WithCancel(b.Context()) // as a request's: it can end
			defer cancel()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := get(ctx, ada.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
