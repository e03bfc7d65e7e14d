// Package testdb opens real, fresh, migrated stores for tests: an SQLite
// file in the test's temporary folder, or a new database on the PostgreSQL
// server named by HEARTH_TEST_POSTGRES. Each is removed when the test ends.
//
// Without HEARTH_TEST_POSTGRES the PostgreSQL helpers skip the test, except
// when CI=true: CI must fail, never skip.
package testdb

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating databases

	"hearth/postgres"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/sqlstore/storetest"
	"hearth/vault"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server
// the tests may create databases on, e.g.
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const PostgresEnv = "HEARTH_TEST_POSTGRES"

// MustOpenSQLite returns a migrated store on a new SQLite file, with a
// fresh server key and the real clock.
func MustOpenSQLite(tb testing.TB) *sqlstore.Store { return SQLite(tb, nil).Store }

// MustOpenPostgres returns a migrated store on a new PostgreSQL database,
// with a fresh server key and the real clock. It skips the test when
// HEARTH_TEST_POSTGRES is unset, or fails it when CI=true.
func MustOpenPostgres(tb testing.TB) *sqlstore.Store { return Postgres(tb, nil).Store }

// SQLite opens a store on a new SQLite file in the test's temporary
// folder, with a fresh server key and the clock now (nil: the real one).
// Its Dump is the database file followed by its write-ahead log.
func SQLite(tb testing.TB, now func() time.Time) storetest.Harness {
	tb.Helper()
	keys := mustKeys(tb)
	path := sqlite.Path(tb.TempDir())
	store, err := sqlite.Open(context.Background(), path, sqlite.Options{Keys: keys, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return storetest.Harness{
		Store: store,
		Keys:  keys,
		Dump: func() []byte {
			var b []byte
			for _, p := range []string{path, sqlite.WALPath(path)} {
				data, err := os.ReadFile(p)
				if err != nil && !errors.Is(err, fs.ErrNotExist) {
					tb.Fatal(err)
				}
				b = append(b, data...)
			}
			return b
		},
	}
}

// PostgresURL returns the URL of the test server. Without one it skips
// the test, or fails it when CI=true.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(PostgresEnv)
	if u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s is not set; CI must run the PostgreSQL tests", PostgresEnv)
	}
	tb.Skipf("%s is not set: set it to a PostgreSQL server URL (postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to run the PostgreSQL tests", PostgresEnv)
	return ""
}

// Postgres opens a store on a new database, hearth_test_<random>, on the
// test server, with a fresh server key and the clock now (nil: the real
// one); the database is dropped when the test ends. Its Dump is pg_dump's
// output for the database.
func Postgres(tb testing.TB, now func() time.Time) storetest.Harness {
	tb.Helper()
	dbURL := CreatePostgresDatabase(tb)
	keys := mustKeys(tb)
	store, err := postgres.Open(context.Background(), dbURL, postgres.Options{Keys: keys, Now: now, MaxConns: 4})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	return storetest.Harness{
		Store: store,
		Keys:  keys,
		Dump:  func() []byte { return pgDump(tb, dbURL) },
	}
}

// CreatePostgresDatabase creates an empty database on the test server and
// returns its URL; it is dropped when the test ends (after the cleanups
// registered later, such as closing a store on it).
func CreatePostgresDatabase(tb testing.TB) string {
	tb.Helper()
	admin := PostgresURL(tb)
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("%s is not a URL", PostgresEnv)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "hearth_test_" + hex.EncodeToString(b)

	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		db.Close()
		tb.Fatalf("creating a test database on %s: %v", u.Redacted(), err)
	}
	tb.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			tb.Errorf("dropping test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// pgDump returns the plain-text dump of a database.
func pgDump(tb testing.TB, dbURL string) []byte {
	tb.Helper()
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		tb.Fatal("pg_dump is not installed (Debian: apt-get install postgresql-client)")
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--no-owner", "--no-privileges", "--dbname="+dbURL)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pg_dump: %v: %s", err, stderr.Bytes())
	}
	return out
}

func mustKeys(tb testing.TB) *vault.Keyring {
	tb.Helper()
	k, err := vault.Generate()
	if err != nil {
		tb.Fatal(fmt.Errorf("generating a server key: %w", err))
	}
	return k
}
