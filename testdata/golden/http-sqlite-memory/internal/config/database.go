package config

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Database configures the SQL database: where it is, how long start-up waits for
// it, whether start-up migrates it, and the connection pool's limits. The
// dialect's file (database_*.go) gives the defaults and checks DATABASE_URL.
type Database struct {
	// URL locates the database (DATABASE_URL); its form is the dialect's.
	URL string
	// ConnectTimeout is how long start-up retries an unreachable database before
	// the service gives up and exits 1 (DB_CONNECT_TIMEOUT).
	ConnectTimeout time.Duration
	// MigrateOnStart applies pending migrations at start-up (MIGRATE_ON_START);
	// turn it off when an init container or a CI job runs `migrate up`.
	MigrateOnStart bool
	// MaxOpenConns caps the pool's connections (DB_MAX_OPEN_CONNS).
	MaxOpenConns int
	// MaxIdleConns is how many unused connections the pool keeps (DB_MAX_IDLE_CONNS).
	MaxIdleConns int
	// ConnMaxLifetime closes connections older than this, 0 never
	// (DB_CONN_MAX_LIFETIME).
	ConnMaxLifetime time.Duration
	// ConnMaxIdleTime closes connections unused for this long, 0 never
	// (DB_CONN_MAX_IDLE_TIME).
	ConnMaxIdleTime time.Duration
}

// LoadDatabase reads the database's settings from getenv, reporting every
// invalid variable by name. DATABASE_URL appears in errors with its password
// masked, since error lines end up in logs.
func LoadDatabase(getenv func(string) string) (Database, error) {
	d := defaultDatabase()
	errs := []error{
		parseDatabaseURL(getenv, "DATABASE_URL", &d.URL),
		parseDuration(getenv, "DB_CONNECT_TIMEOUT", &d.ConnectTimeout, false),
		parseBool(getenv, "MIGRATE_ON_START", &d.MigrateOnStart),
		parseInt(getenv, "DB_MAX_OPEN_CONNS", &d.MaxOpenConns),
		parseInt(getenv, "DB_MAX_IDLE_CONNS", &d.MaxIdleConns),
		parseDuration(getenv, "DB_CONN_MAX_LIFETIME", &d.ConnMaxLifetime, true),
		parseDuration(getenv, "DB_CONN_MAX_IDLE_TIME", &d.ConnMaxIdleTime, true),
	}
	switch {
	case d.MaxIdleConns <= d.MaxOpenConns:
	case getenv("DB_MAX_IDLE_CONNS") == "":
		// Only the pool was made smaller: the default idle count follows it.
		d.MaxIdleConns = d.MaxOpenConns
	default:
		errs = append(errs, fmt.Errorf("DB_MAX_IDLE_CONNS=%d: must not exceed DB_MAX_OPEN_CONNS (%d)", d.MaxIdleConns, d.MaxOpenConns))
	}
	if err := errors.Join(errs...); err != nil {
		return Database{}, fmt.Errorf("invalid configuration: %w", err)
	}
	return d, nil
}

// parseDatabaseURL accepts what the dialect's checkDatabaseURL accepts. The
// value is shown only through redactDatabaseURL, and the dialect's errors never
// quote it, so no password reaches the error line.
func parseDatabaseURL(getenv func(string) string, name string, dst *string) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	if err := checkDatabaseURL(v); err != nil {
		return fmt.Errorf("%s=%q: %w", name, redactDatabaseURL(v), err)
	}
	*dst = v
	return nil
}

// parseBool accepts true or false (and the other forms of strconv.ParseBool).
func parseBool(getenv func(string) string, name string, dst *bool) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("%s=%q: want true or false", name, v)
	}
	*dst = b
	return nil
}
