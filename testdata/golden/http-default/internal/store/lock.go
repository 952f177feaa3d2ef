package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// migrationLock keeps two processes that start at once on the same data file
// (two replicas on one volume, or a rolling restart) from migrating together.
// goose's lock package has lockers for PostgreSQL and MySQL only, so this one
// uses SQLite's own file locking: it holds an exclusive transaction on a
// separate, empty database file beside the data. A second process waits for
// it; the operating system releases it if the holder dies, so no stale lock is
// ever left to clear. The lock cannot live in the data file itself: an
// exclusive lock there would block the migration's own writes.
type migrationLock struct {
	path string
	db   *sql.DB
	conn *sql.Conn
}

// lockPoll is how often a waiting process tries the lock again.
const lockPoll = 100 * time.Millisecond

// Lock implements goose's lock.Locker: it waits until the lock is free or ctx
// is done.
func (l *migrationLock) Lock(ctx context.Context, _ *sql.DB) error {
	db, err := sql.Open("sqlite", l.path+"?_busy_timeout=0")
	if err != nil {
		return fmt.Errorf("open the migration lock: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		err = acquire(ctx, conn)
	}
	if err != nil {
		err = fmt.Errorf("take the migration lock %s: %w", l.path, err)
		if conn != nil {
			err = errors.Join(err, conn.Close())
		}
		return errors.Join(err, db.Close())
	}
	l.db, l.conn = db, conn
	return nil
}

// acquire begins an exclusive transaction on conn, polling while another
// process holds one.
func acquire(ctx context.Context, conn *sql.Conn) error {
	ticker := time.NewTicker(lockPoll)
	defer ticker.Stop()
	for {
		_, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
			return err
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-ticker.C:
		}
	}
}

// Unlock implements goose's lock.Locker.
func (l *migrationLock) Unlock(ctx context.Context, _ *sql.DB) error {
	if l.conn == nil {
		return nil
	}
	_, err := l.conn.ExecContext(ctx, "ROLLBACK")
	err = errors.Join(err, l.conn.Close(), l.db.Close())
	l.db, l.conn = nil, nil
	if err != nil {
		return fmt.Errorf("release the migration lock %s: %w", l.path, err)
	}
	return nil
}

// migrateAgain reports whether a failed migration may be tried again: goose
// creates its version table before it takes migrationLock, so replicas that
// start together on a new file can find it locked (SQLITE_BUSY) while another
// one sets it up.
func (db *DB) migrateAgain(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}
