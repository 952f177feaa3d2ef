package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// defaultDatabase is a MySQL or MariaDB on this machine, in a database named
// after the service (CREATE DATABASE billing).
//
// The pool keeps as many idle connections as it may open, so that a burst does
// not close and reopen connections; it closes them after 3 minutes, below the
// 5 that proxies and load balancers in front of MySQL often allow an idle
// connection (go-sql-driver/mysql's README gives the same advice), and below
// the server's wait_timeout.
func defaultDatabase() Database {
	return Database{
		URL:             "mysql://root@localhost:3306/billing",
		ConnectTimeout:  30 * time.Second,
		MigrateOnStart:  true,
		MaxOpenConns:    10,
		MaxIdleConns:    10,
		ConnMaxLifetime: 3 * time.Minute,
		ConnMaxIdleTime: time.Minute,
	}
}

// wantMySQLURL is what DATABASE_URL accepts.
//
//nolint:gosec // G101: USER:PASSWORD are placeholders in a help message, not a credential.
const wantMySQLURL = "want a URL such as mysql://USER:PASSWORD@HOST:3306/DATABASE?tls=true"

// checkDatabaseURL accepts what MySQLConfig converts.
func checkDatabaseURL(v string) error {
	_, err := MySQLConfig(v)
	return err
}

// MySQLConfig converts a mysql:// URL, the form compose files and Kubernetes
// Secrets carry, into go-sql-driver/mysql's configuration (the driver's own
// user:password@tcp(host)/db form is not accepted). The user, password, host
// and database come from the URL, percent-decoded, so a password may hold any
// character; the query is handed to the driver as its DSN parameters (tls,
// timeout, readTimeout, ...; see its README). What the store depends on is set
// here whatever the URL says: parseTime (DATETIME columns scan into
// time.Time), loc=UTC (they hold UTC), and the utf8mb4 character set with the
// tables' utf8mb4_bin collation. The errors never quote v.
func MySQLConfig(v string) (*mysql.Config, error) {
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return nil, errors.New("not a URL (percent-encode any of :/?#[]@% in the password); " + wantMySQLURL)
	case u.Scheme != "mysql" || u.Opaque != "" || u.Host == "":
		return nil, errors.New(wantMySQLURL)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" || strings.Contains(name, "/") {
		return nil, errors.New("the path must be one database name; " + wantMySQLURL)
	}
	// The driver parses the parameters only, nothing secret. They are encoded
	// again, as its parser takes the last "/" it sees for the path's start.
	cfg, err := mysql.ParseDSN("/?" + u.Query().Encode())
	if err != nil {
		return nil, fmt.Errorf("%w; %s", err, wantMySQLURL)
	}
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", u.Host, name
	if u.Port() == "" {
		cfg.Addr = u.Host + ":3306"
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.ParseTime, cfg.Loc = true, time.UTC
	return cfg, cfg.Apply(mysql.Charset("utf8mb4", "utf8mb4_bin"))
}

// redactDatabaseURL is v with its password masked, for error lines.
func redactDatabaseURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		// Not a URL: nothing tells where a password would be in it.
		return "(hidden: not a URL)"
	}
	return u.Redacted()
}
