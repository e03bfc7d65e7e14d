// Package sqlite opens Hearth's embedded database: one SQLite file, through
// the pure-Go modernc.org/sqlite driver, in WAL mode, with one connection
// that writes and a pool that reads. Its migrations are embedded and
// applied when the database is opened.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"hearth/sqlstore"
	"hearth/vault"
)

// FileName is the database's name in the data folder.
const FileName = "hearth.db"

// Path is the database file in the data folder dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// WALPath is the write-ahead log beside the database file at path.
func WALPath(path string) string { return path + "-wal" }

// SHMPath is the shared-memory index beside the database file at path.
func SHMPath(path string) string { return path + "-shm" }

// busyTimeout is how long a connection waits for a lock another process
// holds (a backup, "hearth admin") before it gives up.
const busyTimeout = 10 * time.Second

// Options configure Open. Keys is required.
type Options struct {
	// Keys wraps and unwraps the members' data keys.
	Keys *vault.Keyring
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time
	// Log receives what the store cannot return; nil discards it.
	Log *slog.Logger
	// ReadConns bounds the read pool; zero means twice the CPUs, at
	// least 4.
	ReadConns int
}

//go:embed migrations/*.sql
var migrations embed.FS

// Open opens the database file at path, creating it if need be, applies
// any pending migrations and returns the store. Its errors are one line
// that says what is wrong with the file or its folder.
func Open(ctx context.Context, path string, o Options) (*sqlstore.Store, error) {
	if o.Keys == nil {
		return nil, errors.New("sqlite: no server key given")
	}
	write, read, err := openPools(ctx, path, o.ReadConns)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, path, write); err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	return sqlstore.New(sqlstore.Config{
		Write:   write,
		Read:    read,
		Dialect: Dialect(),
		Keys:    o.Keys,
		Now:     o.Now,
		Log:     o.Log,
	}), nil
}

// Migrate applies any pending migrations to the database file at path,
// creating it if need be.
func Migrate(ctx context.Context, path string) error {
	write, read, err := openPools(ctx, path, 1)
	if err != nil {
		return err
	}
	defer read.Close()
	defer write.Close()
	return migrate(ctx, path, write)
}

// Dialect is SQLite's dialect, with this driver's errors classified.
func Dialect() sqlstore.Dialect { return sqlstore.SQLite(isUniqueViolation, isForeignKeyViolation) }

func migrate(ctx context.Context, path string, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return describe(path, fmt.Errorf("migrating: %w", err))
	}
	return nil
}

// openPools opens the write pool (one connection, so writers queue in Go
// instead of failing on the file lock) and the read pool (read-only
// connections), and checks that the file is a database the process can
// write.
func openPools(ctx context.Context, path string, readConns int) (write, read *sql.DB, err error) {
	if err := checkFolder(path); err != nil {
		return nil, nil, err
	}
	write, err = sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, nil, describe(path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The first connection sets WAL mode, which the read connections
	// then find in the file.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, nil, describe(path, err)
	}
	if readConns <= 0 {
		readConns = max(4, 2*runtime.NumCPU())
	}
	read, err = sql.Open("sqlite", dsn(path, true))
	if err != nil {
		write.Close()
		return nil, nil, describe(path, err)
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	read.SetConnMaxIdleTime(5 * time.Minute)
	if err := read.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, nil, describe(path, err)
	}
	return write, read, nil
}

// dsn is the driver's name for the file, with the settings every
// connection gets:
//   - WAL, so readers do not wait for the writer, and synchronous=NORMAL,
//     which is durable across application crashes in WAL mode;
//   - foreign keys enforced;
//   - secure_delete, so that erased rows (a member's sign-in name, a
//     wrapped data key) are overwritten with zeros, not left in free pages;
//   - write transactions that begin IMMEDIATE, so that a writer never
//     fails half-way on a lock another process took first;
//   - read connections that cannot write.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_foreign_keys", "1")
	q.Add("_pragma", "secure_delete(ON)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Add("_pragma", "cache_size(-16000)")
	if readOnly {
		q.Set("_query_only", "1")
	} else {
		q.Set("_txlock", "immediate")
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}
	return u.String()
}

// checkFolder makes sure the folder that holds the database exists and can
// be written (SQLite needs to create the -wal and -shm files beside the
// database), so that the error says so in plain words.
func checkFolder(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("sqlite: data folder %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("sqlite: data folder %s cannot be read: %v", dir, errors.Unwrap(err))
	case !fi.IsDir():
		return fmt.Errorf("sqlite: %s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".hearth-write-check-*")
	if err != nil {
		return fmt.Errorf("sqlite: data folder %s is not writable", dir)
	}
	f.Close()
	os.Remove(f.Name())
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("sqlite: %s is a folder, not a database file", path)
	}
	return nil
}

// describe turns what went wrong opening the file into one line.
func describe(path string, err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("sqlite: %s is not a Hearth database (not an SQLite file, or encrypted)", path)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("sqlite: %s is damaged; restore it from a backup", path)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return fmt.Errorf("sqlite: %s cannot be written (check the file's owner and mode)", path)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("sqlite: %s cannot be opened (check the file and its folder)", path)
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("sqlite: the disk holding %s is full", path)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("sqlite: %s is locked by another process", path)
		}
	}
	return fmt.Errorf("sqlite: %s: %w", path, err)
}

func isUniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	c := e.Code()
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKeyViolation(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
