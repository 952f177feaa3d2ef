package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// isUniqueViolation reports whether err is a unique violation (SQLSTATE 23505)
// of constraint, such as users_email_key (migrations/00001_users.sql), by the
// fields PostgreSQL reports rather than its message, which is translated per
// server.
func isUniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}
