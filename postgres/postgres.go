// Package postgres opens Hearth's database on a PostgreSQL server, through
// pgx's database/sql adapter, for sites that outgrow one SQLite file or run
// on many nodes. Its migrations are embedded and applied when the database
// is opened, under an advisory lock so that nodes starting together take
// turns.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"hearth/sqlstore"
	"hearth/vault"
)

// Options configure Open. Keys is required.
type Options struct {
	// Keys wraps and unwraps the members' data keys.
	Keys *vault.Keyring
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time
	// Log receives what the store cannot return; nil discards it.
	Log *slog.Logger
	// MaxConns bounds the connection pool; zero means 20.
	MaxConns int
}

// connectTimeout bounds each attempt to reach the server when the URL
// does not say (connect_timeout).
const connectTimeout = 10 * time.Second

//go:embed migrations/*.sql
var migrations embed.FS

// Open connects to the database the URL names (postgres://user@host:port/
// database?sslmode=…), applies any pending migrations and returns the
// store. Its errors are one line naming the server and the database, never
// the password.
func Open(ctx context.Context, url string, o Options) (*sqlstore.Store, error) {
	if o.Keys == nil {
		return nil, errors.New("postgres: no server key given")
	}
	db, cfg, err := connect(ctx, url, o.MaxConns)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, cfg, db); err != nil {
		db.Close()
		return nil, err
	}
	return sqlstore.New(sqlstore.Config{
		Write:   db,
		Read:    db,
		Dialect: Dialect(),
		Keys:    o.Keys,
		Now:     o.Now,
		Log:     o.Log,
	}), nil
}

// Migrate applies any pending migrations to the database the URL names.
func Migrate(ctx context.Context, url string) error {
	db, cfg, err := connect(ctx, url, 2)
	if err != nil {
		return err
	}
	defer db.Close()
	return migrate(ctx, cfg, db)
}

// Dialect is PostgreSQL's dialect, with pgx's errors classified.
func Dialect() sqlstore.Dialect {
	return sqlstore.Postgres(hasCode(pgUniqueViolation), hasCode(pgForeignKeyViolation))
}

// SQLSTATE codes the store and Open tell apart.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgInvalidPassword     = "28P01"
	pgInvalidAuth         = "28000"
	pgNoDatabase          = "3D000"
)

func hasCode(code string) func(error) bool {
	return func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == code
	}
}

// connect opens a pool and makes sure the server answers.
func connect(ctx context.Context, url string, maxConns int) (*sql.DB, *pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password and all.
		return nil, nil, errors.New("postgres: the database URL is not valid; want postgres://user@host:5432/database?sslmode=…")
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	if maxConns <= 0 {
		maxConns = 20
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, describe(cfg, err)
	}
	return db, cfg, nil
}

func migrate(ctx context.Context, cfg *pgx.ConnConfig, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrating database %q on %s: %w", cfg.Database, server(cfg), err)
	}
	return nil
}

// server names the server a config points at: host:port, or the socket
// folder.
func server(cfg *pgx.ConnConfig) string {
	if strings.HasPrefix(cfg.Host, "/") {
		return "socket " + cfg.Host
	}
	return net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port))
}

// describe turns a failure to connect into one line that names the server,
// the database and (for a refused login) the user, never the password.
func describe(cfg *pgx.ConnConfig, err error) error {
	at, db := server(cfg), cfg.Database
	var pgErr *pgconn.PgError
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &pgErr) && (pgErr.Code == pgInvalidPassword || pgErr.Code == pgInvalidAuth):
		return fmt.Errorf("postgres: the server at %s refused the login of user %q to database %q: %s", at, cfg.User, db, pgErr.Message)
	case errors.As(err, &pgErr) && pgErr.Code == pgNoDatabase:
		return fmt.Errorf("postgres: database %q does not exist on the server at %s", db, at)
	case errors.As(err, &pgErr):
		return fmt.Errorf("postgres: database %q on the server at %s: %s (SQLSTATE %s)", db, at, pgErr.Message, pgErr.Code)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("postgres: the server at %s did not answer in time (database %q)", at, db)
	case errors.As(err, &opErr):
		return fmt.Errorf("postgres: cannot reach the server at %s (database %q): %v", at, db, opErr.Err)
	}
	msg := err.Error()
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) && ce.Unwrap() != nil {
		msg = ce.Unwrap().Error()
	}
	return fmt.Errorf("postgres: cannot connect to the server at %s (database %q): %s", at, db, strings.ReplaceAll(msg, "\n", " "))
}
