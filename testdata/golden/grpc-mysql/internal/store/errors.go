package store

import (
	"errors"

	"github.com/go-sql-driver/mysql"
)

// isUniqueViolation reports whether err is a duplicate key (ER_DUP_ENTRY, 1062,
// in MySQL and MariaDB), by its number rather than its text, which is translated
// per server. MySQL names the key only in the text, so each repository decides
// which of its keys that means: for users, the email, their only unique key
// besides the random ID.
func isUniqueViolation(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1062
}
