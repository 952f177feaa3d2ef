package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/shop/catalog/internal/store/db"
	"example.com/shop/catalog/internal/users"
)

// Users is the users' repository on SQLite, through the queries sqlc generated
// (queries/users.sql). Every value travels as a query parameter, never in the
// SQL text.
//
// Its errors are users.ErrNotFound and users.ErrEmailTaken, which the API
// answers with their own status, or the driver's error wrapped with what failed:
// the transports log those with the request ID and answer a generic 500, so no
// SQL or driver text reaches a client.
type Users struct {
	d *DB
}

// NewUsers returns the users' repository on d.
func NewUsers(d *DB) *Users { return &Users{d: d} }

var _ users.Repository = (*Users)(nil)

// q returns the queries, prepared once the schema allows (see statements).
func (s *Users) q(ctx context.Context) *db.Queries { return s.d.stmts.queries(ctx, s.d.sql) }

// List implements users.Repository.
func (s *Users) List(ctx context.Context, after string, limit int) ([]users.User, error) {
	rows, err := s.q(ctx).ListUsers(ctx, db.ListUsersParams{ID: after, Limit: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]users.User, 0, len(rows))
	for _, r := range rows {
		out = append(out, userFromRow(r))
	}
	return out, nil
}

// Get implements users.Repository.
func (s *Users) Get(ctx context.Context, id string) (users.User, error) {
	r, err := s.q(ctx).GetUser(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return users.User{}, users.ErrNotFound
	}
	if err != nil {
		return users.User{}, fmt.Errorf("get user: %w", err)
	}
	return userFromRow(r), nil
}

// Create implements users.Repository. The email's UNIQUE constraint decides
// between concurrent creates, so exactly one of them wins.
func (s *Users) Create(ctx context.Context, u users.User) error {
	err := s.q(ctx).CreateUser(ctx, db.CreateUserParams{ID: u.ID, Name: u.Name, Email: u.Email, CreatedAt: u.CreatedAt.UTC()})
	if isUniqueViolation(err) {
		return users.ErrEmailTaken
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// Delete implements users.Repository.
func (s *Users) Delete(ctx context.Context, id string) error {
	n, err := s.q(ctx).DeleteUser(ctx, id)
	if err != nil {
		return fmt.Errorf("delete user: %w", err)
	}
	if n == 0 {
		return users.ErrNotFound
	}
	return nil
}

// userFromRow converts a row; the service hands out UTC.
func userFromRow(r db.User) users.User {
	return users.User{ID: r.ID, Name: r.Name, Email: r.Email, CreatedAt: r.CreatedAt.UTC()}
}
