package resource

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"example.com/shop/inventory/internal/callinfo"
)

// Cache keeps a resource's values by key in front of its repository
// (cache-aside), for Reads; internal/cache implements it for any T.
// Implementations must be safe for concurrent use. An error means the cache
// could not be used for this call: Reads then answers from the repository, so a
// cache outage never fails a request.
type Cache[T any] interface {
	// Get returns the value stored under key, and whether there was one.
	Get(ctx context.Context, key string) (T, bool, error)
	// Set stores v under key for the cache's TTL.
	Set(ctx context.Context, key string, v T) error
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// NoCache is the Cache of a resource without one: every read misses and nothing
// is kept. Reads are still deduplicated.
type NoCache[T any] struct{}

// Get always misses.
func (NoCache[T]) Get(context.Context, string) (v T, ok bool, err error) { return v, false, nil }

// Set keeps nothing.
func (NoCache[T]) Set(context.Context, string, T) error { return nil }

// Delete has nothing to remove.
func (NoCache[T]) Delete(context.Context, string) error { return nil }

const (
	// detachedTimeout bounds the work that runs detached from its callers: a
	// shared read, so that one caller's cancellation never fails the others (once
	// no caller is left waiting, this ends it), and an invalidation, so that a
	// caller hanging up after its write committed cannot leave the old entry. It
	// is the default REQUEST_TIMEOUT.
	detachedTimeout = 10 * time.Second
	// cacheLogInterval is the least time between two logged cache failures.
	cacheLogInterval = 10 * time.Second
)

// errReadPanicked is what every caller of a read that panicked gets; the panic
// and its stack are logged.
var errReadPanicked = errors.New("repository read panicked")

// Reads is a resource's reads by ID, which its Service answers Get with: from
// the Cache, or else from one repository read per ID that every concurrent
// caller shares (as golang.org/x/sync/singleflight's DoChan would; see
// flights). The Service calls Invalidate after each write has committed. It is
// safe for concurrent use.
type Reads[T any] struct {
	kind      string // what a T is, for the logs and errors: "user"
	keyPrefix string
	read      func(ctx context.Context, id string) (T, error)
	cache     Cache[T]
	logger    *slog.Logger

	flights flights[T]
	// writes counts invalidations, so that a read that overlapped one does not
	// fill the cache with what it read before it; fillMu makes a fill's check and
	// Set one step for Invalidate (see fill).
	fillMu sync.RWMutex
	writes atomic.Uint64
	// cacheLog limits cache failure logs during an outage (see cacheFailed).
	cacheLog rate.Sometimes
}

// NewReads returns the reads by ID of the resource that read reads (its
// repository's Get). kind names one T in logs and errors ("user"). Every cache
// key starts with keyPrefix, such as "users:v1:": the cache may add its own
// namespace in front, and the version is raised whenever T changes shape (a
// field added, renamed or retyped), since a shared cache such as Redis outlives
// deploys and the new version never reads what the old one stored, which
// expires unread. A nil cache is NoCache; a nil logger, slog.Default().
func NewReads[T any](kind, keyPrefix string, read func(context.Context, string) (T, error), cache Cache[T], logger *slog.Logger) *Reads[T] {
	if cache == nil {
		cache = NoCache[T]{}
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Reads[T]{
		kind: kind, keyPrefix: keyPrefix, read: read, cache: cache, logger: logger,
		cacheLog: rate.Sometimes{Interval: cacheLogInterval},
	}
}

// Get reads the value of a (valid) ID: from the cache, or else through the
// shared read of that ID. Each caller waits only as long as its own ctx allows.
func (r *Reads[T]) Get(ctx context.Context, id string) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err // no read for a caller that has gone
	}
	key := r.keyPrefix + id
	v, ok, err := r.cache.Get(ctx, key)
	switch {
	case ctx.Err() != nil:
		return zero, ctx.Err()
	case err != nil:
		r.cacheFailed(ctx, "get", err)
	case ok:
		return v, nil
	}
	f := r.join(ctx, key, id)
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// Invalidate drops id from the cache once a write to it has committed. It runs
// detached from ctx: a caller that hangs up after the commit must not leave the
// old entry behind. The reads that start from now on go to the repository,
// instead of joining a read that began before the write.
func (r *Reads[T]) Invalidate(ctx context.Context, id string) {
	key := r.keyPrefix + id
	r.fillMu.Lock()
	r.writes.Add(1)
	r.fillMu.Unlock()
	r.flights.forget(key, nil)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), detachedTimeout)
	defer cancel()
	if err := r.cache.Delete(ctx, key); err != nil {
		// The entry stays until its TTL, which bounds how stale a read can be.
		r.cacheFailed(ctx, "delete", err)
	}
}

// flights holds the repository reads in flight, one per key, each shared by
// every caller of its key. It does what golang.org/x/sync/singleflight's DoChan
// did here in 7 allocations instead of 13 and under half the instructions
// (BenchmarkReadsGet): DoChan allocates a channel per caller, boxes the result
// in an interface, and wraps the function in two closures; a shared read needs a
// channel closed once and a struct.
type flights[T any] struct {
	mu sync.Mutex
	m  map[string]*flight[T]
}

// flight is one shared read: done is closed once v and err are set.
type flight[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// join returns the read of key in flight, or starts one. The read keeps the
// values of ctx (the first caller's request ID, for the logs) but not its
// cancellation: that caller may leave and the others still get the result. Its
// context is made here rather than in load, as made there, its timer grew the
// new goroutine's stack on every read (runtime.copystack: twice the instructions).
func (r *Reads[T]) join(ctx context.Context, key, id string) *flight[T] {
	r.flights.mu.Lock()
	defer r.flights.mu.Unlock()
	f := r.flights.m[key]
	if f == nil {
		if r.flights.m == nil {
			r.flights.m = make(map[string]*flight[T])
		}
		f = &flight[T]{done: make(chan struct{})}
		r.flights.m[key] = f
		readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), detachedTimeout)
		go r.load(readCtx, cancel, f, key, id)
	}
	return f
}

// forget makes the reads of key that start from now on go to the repository
// instead of joining the one in flight (f, or any when f is nil).
func (g *flights[T]) forget(key string, f *flight[T]) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if cur, ok := g.m[key]; ok && (f == nil || cur == f) {
		delete(g.m, key)
	}
}

// load reads id from the repository into f for every caller of key, then fills
// the cache; cancel ends ctx. A panic becomes an error for every caller: in this
// goroutine of its own, it would otherwise crash the process.
func (r *Reads[T]) load(ctx context.Context, cancel context.CancelFunc, f *flight[T], key, id string) {
	defer close(f.done)
	defer r.flights.forget(key, f)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			r.logger.ErrorContext(ctx, "panic in a shared read", "resource", r.kind, "id", id, "panic", fmt.Sprint(p),
				"stack", string(debug.Stack()), "request_id", callinfo.RequestID(ctx))
			var zero T
			f.v, f.err = zero, fmt.Errorf("get %s %s: %w", r.kind, id, errReadPanicked)
		}
	}()
	writes := r.writes.Load()
	if f.v, f.err = r.read(ctx, id); f.err != nil {
		return
	}
	r.fill(ctx, key, f.v, writes)
}

// fill stores v, read when r.writes was before, unless a write has invalidated
// the cache since: v may predate that write, and storing it would undo the
// invalidation until the TTL. The read lock makes the check and the Set one step
// as seen from Invalidate, which counts the write under the write lock and only
// then deletes the key. (Writes on other replicas are not seen here: with a
// shared cache, such a race leaves the old entry until its TTL.)
func (r *Reads[T]) fill(ctx context.Context, key string, v T, before uint64) {
	r.fillMu.RLock()
	defer r.fillMu.RUnlock()
	if r.writes.Load() != before {
		return
	}
	if err := r.cache.Set(ctx, key, v); err != nil {
		r.cacheFailed(ctx, "set", err)
	}
}

// cacheFailed logs a failed cache call. During an outage every request fails the
// same way, so it logs at most once per cacheLogInterval; the cache counts every
// error itself (cache_errors_total with metrics).
func (r *Reads[T]) cacheFailed(ctx context.Context, op string, err error) {
	r.cacheLog.Do(func() {
		r.logger.WarnContext(ctx, "cache failed; answering from the repository (further failures are not logged for a while)",
			"resource", r.kind, "op", op, "error", err, "quiet_for", cacheLogInterval.String(), "request_id", callinfo.RequestID(ctx))
	})
}
