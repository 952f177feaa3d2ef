package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
)

// lockWait is how long a replica waits for another one's migrations.
const lockWait = 5 * time.Minute

// namedLock implements goose's lock.SessionLocker with a named lock (GET_LOCK),
// which MySQL and MariaDB both have. goose v3.30.0's own MySQL locker is a row
// in a lock table, leased for 30 s and renewed by a heartbeat; a named lock does
// the same job more simply: it belongs to the session, so the server frees it
// the moment a crashed replica's connection ends rather than when the lease
// runs out, a waiting replica takes it as soon as it is free rather than at
// goose's next 5 s poll, and it leaves no table behind. goose holds it on one
// connection for the whole migration run, as PostgreSQL's advisory lock.
type namedLock struct {
	wait time.Duration
}

// lockName is one lock per database, as goose's version table is: named locks
// are server-wide, and MySQL limits their names to 64 characters.
const lockName = "CONCAT('goose-', LEFT(SHA2(DATABASE(), 256), 40))"

// SessionLock implements lock.SessionLocker. GET_LOCK waits on the server, for
// up to its timeout in seconds; ctx ends the wait sooner, as the driver then
// closes the connection.
func (l namedLock) SessionLock(ctx context.Context, conn *sql.Conn) error {
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+lockName+", ?)", int(l.wait.Seconds())).Scan(&got); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	if got.Int64 != 1 {
		return fmt.Errorf("take the migration lock: another replica held it for %s", l.wait)
	}
	return nil
}

// SessionUnlock implements lock.SessionLocker.
func (l namedLock) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var released sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK("+lockName+")").Scan(&released); err != nil {
		return fmt.Errorf("release the migration lock: %w", err)
	}
	if released.Int64 != 1 {
		return errors.New("release the migration lock: this session did not hold it")
	}
	return nil
}

// versionStore is goose's MySQL store of applied versions, without its
// TableExists. goose's Up first checks for pending migrations without the lock,
// creating the version table if it is missing; MySQL commits a CREATE TABLE at
// once, so another replica could find the table before its first row (version
// 0) and stop with "missing zero version migration". Without TableExists goose
// asks for that row instead: until it is there, the other replica's CREATE
// TABLE fails and goose tries again a second later.
type versionStore struct {
	database.Store // an interface: only its methods are promoted
}

func newVersionStore() (database.Store, error) {
	s, err := database.NewStore(database.DialectMySQL, goose.DefaultTablename)
	if err != nil {
		return nil, fmt.Errorf("goose's MySQL store: %w", err)
	}
	return versionStore{Store: s}, nil
}
