// Package users is the example resource, transport- and storage-independent: the
// domain model, its validation, and the Service that the HTTP handlers (and any
// other transport) call. Storage is behind Repository; MemoryRepository is one
// implementation, and a database-backed one can replace it without touching callers.
// Reads by ID go through an optional Cache and are deduplicated (resource.Reads).
// Its errors are of the kinds in package resource, which the transports map to
// their status codes; a second resource follows the same pattern (README.md,
// "Adding a resource").
package users

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"example.com/shop/inventory/internal/resource"
)

// User is one user of the service.
type User struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
}

// NewUser is what a caller supplies to create a user.
type NewUser struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Errors returned by the Service besides resource.FieldErrors; their kinds decide
// each transport's status code, their text is what the client reads.
var (
	ErrNotFound   = resource.NotFound("user not found")
	ErrEmailTaken = resource.Conflict("a user with this email already exists")
)

// Repository stores users. Implementations must be safe for concurrent use, return
// ErrNotFound for unknown IDs, ErrEmailTaken for a duplicate email, and return
// promptly once ctx is done.
type Repository interface {
	// List returns up to limit users with IDs greater than after, in ID order.
	List(ctx context.Context, after string, limit int) ([]User, error)
	Get(ctx context.Context, id string) (User, error)
	Create(ctx context.Context, u User) error
	Delete(ctx context.Context, id string) error
}

// Cache keeps users in front of the repository; NoCache keeps none.
type Cache = resource.Cache[User]

// NoCache is the Cache of a service without one: every read by ID goes to the
// repository, still deduplicated.
var NoCache Cache = resource.NoCache[User]{}

// cacheKeyPrefix starts every cache key of users. Raise its version whenever
// User changes shape (see resource.NewReads).
const cacheKeyPrefix = "users:v1:"

// Service is the use cases of the resource. It is safe for concurrent use.
type Service struct {
	repo  Repository
	reads *resource.Reads[User]
	now   func() time.Time
}

// Option configures a Service.
type Option func(*settings)

// settings is what the Options of NewService set.
type settings struct {
	cache  Cache
	logger *slog.Logger
}

// WithCache puts c in front of the repository for reads by ID. Without it the
// service has NoCache: every read goes to the repository, still deduplicated.
func WithCache(c Cache) Option { return func(s *settings) { s.cache = c } }

// WithLogger sets where the service logs what its callers are not told: cache
// failures and panics in reads. The default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// NewService returns a Service storing users in repo.
func NewService(repo Repository, opts ...Option) *Service {
	var set settings
	for _, opt := range opts {
		opt(&set)
	}
	return &Service{
		repo:  repo,
		reads: resource.NewReads("user", cacheKeyPrefix, repo.Get, set.cache, set.logger),
		now:   time.Now,
	}
}

// List returns a page of users in ID order, starting after the ID after ("" for
// the first page). limit 0 means resource.DefaultPageSize.
func (s *Service) List(ctx context.Context, after string, limit int) (resource.Page[User], error) {
	limit, err := resource.PageSize(limit)
	if err != nil {
		return resource.Page[User]{}, err
	}
	items, err := s.repo.List(ctx, after, limit)
	if err != nil {
		return resource.Page[User]{}, err
	}
	return resource.NewPage(items, limit, func(u User) string { return u.ID }), nil
}

// Get returns the user with the given ID: from the cache, or else from one
// repository read shared by every concurrent Get of that ID.
func (s *Service) Get(ctx context.Context, id string) (User, error) {
	if !validID(id) {
		return User{}, ErrNotFound
	}
	return s.reads.Get(ctx, id)
}

// Create validates nu and stores it as a new user with a fresh ID.
func (s *Service) Create(ctx context.Context, nu NewUser) (User, error) {
	nu.Name = strings.TrimSpace(nu.Name)
	nu.Email = strings.ToLower(strings.TrimSpace(nu.Email))
	if err := nu.Validate(); err != nil {
		return User{}, err
	}
	u := User{ID: rand.Text(), Name: nu.Name, Email: nu.Email, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	if err := s.repo.Create(ctx, u); err != nil {
		return User{}, err
	}
	s.reads.Invalidate(ctx, u.ID)
	return u, nil
}

// Delete removes the user with the given ID.
func (s *Service) Delete(ctx context.Context, id string) error {
	if !validID(id) {
		return ErrNotFound
	}
	if err := s.repo.Delete(ctx, id); err != nil {
		return err
	}
	s.reads.Invalidate(ctx, id)
	return nil
}

// Validate reports every invalid field of nu, by its JSON name.
func (nu NewUser) Validate() error {
	fields := resource.FieldErrors{}
	switch n := utf8.RuneCountInString(nu.Name); {
	case n == 0:
		fields["name"] = "is required"
	case n > 100:
		fields["name"] = "must be at most 100 characters"
	case !utf8.ValidString(nu.Name) || strings.ContainsFunc(nu.Name, unicode.IsControl):
		fields["name"] = "must not contain control characters"
	}
	if nu.Email == "" {
		fields["email"] = "is required"
	} else if a, err := mail.ParseAddress(nu.Email); err != nil || a.Address != nu.Email || len(nu.Email) > 254 {
		fields["email"] = "must be an email address such as ada@example.com"
	}
	return fields.Err()
}

// validID rejects IDs no user can have, without asking the repository.
func validID(id string) bool {
	return id != "" && len(id) <= 64
}
