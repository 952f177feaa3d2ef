package users

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

	"example.com/shop/catalog/internal/callinfo"
)

// heldRepo is a MemoryRepository that counts Get calls. The first Get reads, then
// waits until hold is closed (or its ctx is done), so that a test can keep one
// read in flight; it panics with panicWith if that is set.
type heldRepo struct {
	*MemoryRepository
	gets      atomic.Int32
	hold      chan struct{}
	panicWith any
	readErr   chan error // receives the ctx error the held read ended with
}

func newHeldRepo(t *testing.T, users ...User) *heldRepo {
	t.Helper()
	r := &heldRepo{MemoryRepository: NewMemoryRepository(), hold: make(chan struct{}), readErr: make(chan error, 1)}
	for _, u := range users {
		if err := r.Create(t.Context(), u); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func (r *heldRepo) Get(ctx context.Context, id string) (User, error) {
	first := r.gets.Add(1) == 1
	u, err := r.MemoryRepository.Get(ctx, id)
	if first {
		select {
		case <-r.hold:
		case <-ctx.Done():
			r.readErr <- ctx.Err()
			return User{}, ctx.Err()
		}
	}
	if r.panicWith != nil {
		panic(r.panicWith)
	}
	return u, err
}

// mapCache is a Cache in a map. With fail set, every call fails instead. Its
// deletes check that the repository had already committed the write.
type mapCache struct {
	mu      sync.Mutex
	m       map[string]User
	fail    error
	calls   int
	deleted []string
	// onDelete, if set, runs at each Delete.
	onDelete func(key string)
}

func newMapCache() *mapCache { return &mapCache{m: map[string]User{}} }

func (c *mapCache) Get(_ context.Context, key string) (User, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	u, ok := c.m[key]
	return u, ok, c.fail
}

func (c *mapCache) Set(_ context.Context, key string, u User) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.fail == nil {
		c.m[key] = u
	}
	return c.fail
}

func (c *mapCache) Delete(_ context.Context, key string) error {
	if c.onDelete != nil {
		c.onDelete(key)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	c.deleted = append(c.deleted, key)
	delete(c.m, key)
	return c.fail
}

func (c *mapCache) entry(key string) (User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.m[key]
	return u, ok
}

var ada = User{ID: "ADA", Name: "Ada", Email: "ada@example.com", CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// getAll calls s.Get(id) from n goroutines and returns their results once all
// have returned. Each caller's ctx comes from ctxFor(i).
func getAll(s *Service, id string, n int, ctxFor func(i int) context.Context) ([]User, []error) {
	users, errs := make([]User, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { users[i], errs[i] = s.Get(ctxFor(i), id) })
	}
	wg.Wait()
	return users, errs
}

// 100 concurrent reads of one uncached ID make exactly one repository call, with
// or without a cache.
func TestConcurrentReadsShareOneRepositoryCall(t *testing.T) {
	for name, cache := range map[string]Cache{"no cache": NoCache, "cache": newMapCache()} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				repo := newHeldRepo(t, ada)
				s := NewService(repo, WithCache(cache))
				done := make(chan struct{})
				var users []User
				var errs []error
				go func() {
					defer close(done)
					users, errs = getAll(s, ada.ID, 100, func(int) context.Context { return t.Context() })
				}()
				synctest.Wait() // every caller is waiting: one in the repository, 99 on it
				if n := repo.gets.Load(); n != 1 {
					t.Errorf("100 concurrent reads made %d repository calls, want 1", n)
				}
				close(repo.hold)
				<-done
				for i := range users {
					if errs[i] != nil || users[i] != ada {
						t.Fatalf("caller %d got %+v, %v; want %+v", i, users[i], errs[i], ada)
					}
				}
				if n := repo.gets.Load(); n != 1 {
					t.Errorf("repository calls = %d, want 1", n)
				}
			})
		})
	}
}

// The caller that started the shared read leaves; the others still get the user.
func TestFirstCallerCancellationDoesNotFailOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		repo := newHeldRepo(t, ada)
		s := NewService(repo)
		ctx, cancel := context.WithCancel(t.Context())
		firstErr := make(chan error, 1)
		go func() {
			_, err := s.Get(ctx, ada.ID)
			firstErr <- err
		}()
		synctest.Wait() // the first caller's read is in the repository
		done := make(chan struct{})
		var users []User
		var errs []error
		go func() {
			defer close(done)
			users, errs = getAll(s, ada.ID, 99, func(int) context.Context { return t.Context() })
		}()
		synctest.Wait()
		cancel()
		if err := <-firstErr; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled first caller got %v, want context.Canceled", err)
		}
		close(repo.hold)
		<-done
		for i := range users {
			if errs[i] != nil || users[i] != ada {
				t.Fatalf("caller %d got %+v, %v after the first caller left; want %+v", i, users[i], errs[i], ada)
			}
		}
		if n := repo.gets.Load(); n != 1 {
			t.Errorf("repository calls = %d, want 1", n)
		}
	})
}

// Once every caller has left, the shared read still ends, at its own bound.
func TestSharedReadEndsAtItsOwnBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		repo := newHeldRepo(t, ada)
		s := NewService(repo)
		_, errs := getAll(s, ada.ID, 3, func(int) context.Context {
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
		if err := <-repo.readErr; !errors.Is(err, context.DeadlineExceeded) {
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
		repo := newHeldRepo(t, ada)
		repo.panicWith = "boom"
		var logs bytes.Buffer
		s := NewService(repo, WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
		done := make(chan struct{})
		var errs []error
		go func() {
			defer close(done)
			_, errs = getAll(s, ada.ID, 10, func(int) context.Context { return callinfo.New(t.Context(), "REQ-1") })
		}()
		synctest.Wait()
		close(repo.hold)
		<-done
		for i, err := range errs {
			if !errors.Is(err, errReadPanicked) {
				t.Errorf("caller %d got %v, want errReadPanicked", i, err)
			}
		}
		log := logs.String()
		if n := strings.Count(log, `"msg":"panic in a shared read"`); n != 1 || !strings.Contains(log, `"panic":"boom"`) || !strings.Contains(log, `"request_id":"REQ-1"`) {
			t.Errorf("logged %d panics, want 1 with its value and request ID:\n%s", n, log)
		}
	})
}

// Reads fill the cache under a versioned key; writes invalidate it once the
// repository has committed them.
func TestCacheAsideAndInvalidation(t *testing.T) {
	ctx := t.Context()
	repo := newHeldRepo(t)
	close(repo.hold)
	cache := newMapCache()
	s := NewService(repo, WithCache(cache))
	// Whether the repository held the user when each invalidation came.
	var stored []bool
	cache.onDelete = func(key string) {
		_, err := repo.MemoryRepository.Get(ctx, strings.TrimPrefix(key, "users:v1:"))
		stored = append(stored, err == nil)
	}
	u, err := s.Create(ctx, NewUser{Name: "Ada", Email: "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	key := "users:v1:" + u.ID
	if len(cache.deleted) != 1 || cache.deleted[0] != key {
		t.Errorf("Create invalidated %q, want [%s]", cache.deleted, key)
	}
	for range 3 {
		if got, err := s.Get(ctx, u.ID); err != nil || got != u {
			t.Fatalf("Get() = %+v, %v; want %+v", got, err, u)
		}
	}
	if n := repo.gets.Load(); n != 1 {
		t.Errorf("3 reads made %d repository calls, want 1 (then cache hits)", n)
	}
	if got, ok := cache.entry(key); !ok || got != u {
		t.Errorf("cache[%s] = %+v, %v; want %+v", key, got, ok, u)
	}
	if err := s.Delete(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.entry(key); ok {
		t.Errorf("cache[%s] still set after Delete", key)
	}
	if _, err := s.Get(ctx, u.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get() after Delete = %v, want ErrNotFound", err)
	}
	if len(stored) != 2 || !stored[0] || stored[1] {
		t.Errorf("repository held the user at the invalidations: %v, want [true false] (after Create's and Delete's commits)", stored)
	}
}

// A read that began before a write does not put what it read into the cache, and
// reads after the write do not join it.
func TestReadOverlappingAWriteDoesNotFillTheCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		repo := newHeldRepo(t, ada)
		cache := newMapCache()
		s := NewService(repo, WithCache(cache))
		old := make(chan User, 1)
		go func() {
			u, _ := s.Get(t.Context(), ada.ID)
			old <- u
		}()
		synctest.Wait() // the read has ada and is held
		if err := s.Delete(t.Context(), ada.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(t.Context(), ada.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get() after Delete = %v, want ErrNotFound (not the read begun before it)", err)
		}
		close(repo.hold)
		if u := <-old; u != ada {
			t.Errorf("the read begun before Delete got %+v, want %+v", u, ada)
		}
		if u, ok := cache.entry("users:v1:" + ada.ID); ok {
			t.Errorf("the read begun before Delete cached %+v", u)
		}
	})
}

// While the cache fails, every call is answered from the repository, and the
// failures are logged once per interval, not once per call.
func TestCacheOutageIsAnsweredFromTheRepository(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		repo := newHeldRepo(t)
		close(repo.hold)
		cache := newMapCache()
		cache.fail = errors.New("connection refused")
		var logs bytes.Buffer
		s := NewService(repo, WithCache(cache), WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
		u, err := s.Create(ctx, NewUser{Name: "Ada", Email: "ada@example.com"})
		if err != nil {
			t.Fatalf("Create() with the cache down = %v", err)
		}
		for range 5 {
			if got, err := s.Get(ctx, u.ID); err != nil || got != u {
				t.Fatalf("Get() with the cache down = %+v, %v; want %+v", got, err, u)
			}
		}
		if n := repo.gets.Load(); n != 5 {
			t.Errorf("5 reads with the cache down made %d repository calls, want 5", n)
		}
		if err := s.Delete(ctx, u.ID); err != nil {
			t.Errorf("Delete() with the cache down = %v", err)
		}
		if cache.calls < 12 {
			t.Errorf("the cache was tried %d times, want every call (12)", cache.calls)
		}
		if n := strings.Count(logs.String(), "cache failed"); n != 1 {
			t.Errorf("logged %d cache failures within one interval, want 1:\n%s", n, logs.String())
		}
		time.Sleep(cacheLogInterval)
		if _, err := s.Get(ctx, "NOBODY"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
		}
		if n := strings.Count(logs.String(), "cache failed"); n != 2 {
			t.Errorf("logged %d cache failures after the interval, want 2", n)
		}
	})
}

// BenchmarkGet is what a read by ID that misses the cache costs in the service
// (the shared read and its goroutine) over the repository's own Get:
//
//	go test -run '^$' -bench 'Get$' -benchmem ./internal/users
func BenchmarkGet(b *testing.B) {
	repo := NewMemoryRepository()
	if err := repo.Create(b.Context(), ada); err != nil {
		b.Fatal(err)
	}
	s := NewService(repo)
	for name, get := range map[string]func(context.Context, string) (User, error){"repository": repo.Get, "service": s.Get} {
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
