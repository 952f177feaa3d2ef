package store

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// isUniqueViolation reports whether err is SQLite's UNIQUE constraint failure,
// by its extended result code rather than its text, which may change. Each
// repository decides which of its columns that means: for users, the email,
// their only unique column besides the random ID.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}
