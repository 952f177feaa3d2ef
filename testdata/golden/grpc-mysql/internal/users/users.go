// Package users is the example resource, transport- and storage-independent: the
// domain model, its validation, and the Service that the HTTP handlers (and any
// other transport) call. Storage is behind Repository; MemoryRepository is one
// implementation, and a database-backed one can replace it without touching callers.
// Its errors are of the kinds in package resource, which the transports map to
// their status codes; a second resource follows the same pattern (README.md,
// "Adding a resource").
package users

import (
	"context"
	"crypto/rand"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"example.com/billing/internal/resource"
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

// Service is the use cases of the resource.
type Service struct {
	repo Repository
	now  func() time.Time
}

// NewService returns a Service storing users in repo.
func NewService(repo Repository) *Service {
	return &Service{repo: repo, now: time.Now}
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

// Get returns the user with the given ID.
func (s *Service) Get(ctx context.Context, id string) (User, error) {
	if !validID(id) {
		return User{}, ErrNotFound
	}
	return s.repo.Get(ctx, id)
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
	return u, nil
}

// Delete removes the user with the given ID.
func (s *Service) Delete(ctx context.Context, id string) error {
	if !validID(id) {
		return ErrNotFound
	}
	return s.repo.Delete(ctx, id)
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
