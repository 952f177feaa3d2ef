package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// defaultDatabase is a PostgreSQL on this machine, in a database named after the
// service (createdb inventory), without TLS as it is local.
//
// The pool's limits are pgxpool's own defaults, but for its size: 10 connections
// per replica leave most of PostgreSQL's default 100 to other replicas and tools.
// pgxpool keeps idle connections until DB_CONN_MAX_IDLE_TIME, so it has no use
// for DB_MAX_IDLE_CONNS; the default only satisfies the check against
// DB_MAX_OPEN_CONNS.
func defaultDatabase() Database {
	return Database{
		URL:             "postgres://postgres@localhost:5432/inventory?sslmode=disable",
		ConnectTimeout:  30 * time.Second,
		MigrateOnStart:  true,
		MaxOpenConns:    10,
		MaxIdleConns:    10,
		ConnMaxLifetime: time.Hour,
		ConnMaxIdleTime: 30 * time.Minute,
	}
}

// wantPostgresURL is what DATABASE_URL accepts.
//
//nolint:gosec // G101: USER:PASSWORD are placeholders in a help message, not a credential.
const wantPostgresURL = "want a URL such as postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=verify-full"

// checkDatabaseURL accepts a postgres:// URL as pgx reads it, with any libpq
// parameter (sslmode, connect_timeout, ...). Only the URL form is accepted,
// not libpq's keyword=value one: URLs are what compose files and Kubernetes
// Secrets carry, and their password can be masked. The errors never quote v.
func checkDatabaseURL(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		return errors.New("not a URL (percent-encode any of :/?#[]@% in the password); " + wantPostgresURL)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return errors.New(wantPostgresURL)
	}
	if _, err := pgxpool.ParseConfig(v); err != nil {
		return fmt.Errorf("%s; %s", pgxReason(err), wantPostgresURL)
	}
	return nil
}

// pgxReason is what pgx found wrong in a URL, without the URL its message
// quotes ("cannot parse `URL`: reason").
func pgxReason(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		if _, reason, ok := strings.Cut(pe.Error(), "`: "); ok {
			return reason
		}
	}
	return "not a valid PostgreSQL URL"
}

// redactDatabaseURL is v with its passwords masked, in the user part and in
// any parameter named like one (password, sslpassword), for error lines.
func redactDatabaseURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		// Not a URL: nothing tells where a password would be in it.
		return "(hidden: not a URL)"
	}
	q := u.Query()
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
		}
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
