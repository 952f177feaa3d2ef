// Package storetest gives each test a MySQL or MariaDB database of its own, on
// the server TEST_MYSQL_URL names, so that tests, parallel runs and other
// projects can share one server.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"example.com/billing/internal/config"
)

// URL is the DATABASE_URL of a new, empty database, dropped when the test ends.
// The test is skipped when TEST_MYSQL_URL is not set.
func URL(t testing.TB) string {
	t.Helper()
	admin, err := adminConfig()
	if err != nil {
		t.Fatal(err)
	}
	if admin == nil {
		t.Skip("skipped: set TEST_MYSQL_URL to run, such as mysql://root@127.0.0.1:3306/test (a user that may create databases)")
	}
	// The name is drawn here, of letters and digits only: no quoting needed.
	name := "test_" + strings.ToLower(rand.Text())
	if err := exec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exec(admin, "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Error(err)
		}
	})
	// The same server and user; the admin's other parameters are not needed.
	u := url.URL{Scheme: "mysql", User: url.UserPassword(admin.User, admin.Passwd), Host: admin.Addr, Path: "/" + name}
	if admin.Passwd == "" {
		u.User = url.User(admin.User)
	}
	return u.String()
}

// adminConfig reads TEST_MYSQL_URL, nil when it is unset. It takes the
// service's mysql:// URL, or the driver's DSN (user:password@tcp(host:port)/db)
// as other tools' tests use it.
func adminConfig() (*mysql.Config, error) {
	v := os.Getenv("TEST_MYSQL_URL")
	switch {
	case v == "":
		return nil, nil
	case strings.HasPrefix(v, "mysql://"):
		cfg, err := config.MySQLConfig(v)
		if err != nil {
			return nil, fmt.Errorf("TEST_MYSQL_URL: %w", err)
		}
		return cfg, nil
	}
	cfg, err := mysql.ParseDSN(v)
	if err != nil {
		return nil, errors.New("TEST_MYSQL_URL: want a URL such as mysql://root@127.0.0.1:3306/test, or a DSN such as root@tcp(127.0.0.1:3306)/test")
	}
	return cfg, nil
}

// exec runs one statement on its own connection to the server.
func exec(admin *mysql.Config, stmt string) error {
	connector, err := mysql.NewConnector(admin)
	if err != nil {
		return fmt.Errorf("TEST_MYSQL_URL: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}
