package benchkit

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"syscall"

	"hearth/credential"
	"hearth/crisis"
	"hearth/events"
	"hearth/postgres"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
	"hearth/web"
)

// Database is one database a bench program runs on, as OnEachDatabase
// and OnEachLoadedDatabase hand it to measure.
type Database struct {
	// Name is "SQLite" or "PostgreSQL", as the programs print it.
	Name string
	// Postgres is whether it is the PostgreSQL one, where some SQL and
	// some targets differ.
	Postgres bool
	// Store is Hearth's store on the database.
	Store *sqlstore.Store
	// SQL is a second pool on the same database, open beside the store,
	// for writing a data set straight into the tables (far faster than
	// one store call a row). On SQLite it waits for the store's write
	// lock and checks foreign keys, as the store does.
	SQL *sql.DB
}

// OnEachDatabase runs measure on SQLite (a file in a new temporary folder
// named after prefix, removed after) and then, when pg is a postgres://
// URL of a role that may create databases, on a fresh database
// pgDatabase there, each time with a store and a raw pool on the
// database, both closed after. It needs the "pgx" driver registered.
func OnEachDatabase(ctx context.Context, prefix, pg, pgDatabase string, measure func(db Database) error) error {
	return onEach(ctx, prefix, pg, pgDatabase, nil, measure)
}

// OnEachLoadedDatabase is OnEachDatabase for a data set too big to write
// through the store: on each database it first runs load on a pool of
// its own, then measure. On SQLite the store is closed while load runs
// on one connection that neither checks foreign keys nor syncs to the
// disk, so that the store measured opens on the loaded file; on
// PostgreSQL load gets the pool that Database.SQL then is.
func OnEachLoadedDatabase(ctx context.Context, prefix, pg, pgDatabase string, load func(db *sql.DB, postgres bool) error, measure func(db Database) error) error {
	return onEach(ctx, prefix, pg, pgDatabase, load, measure)
}

// onEach is OnEachDatabase, with load (when not nil) as
// OnEachLoadedDatabase runs it.
func onEach(ctx context.Context, prefix, pg, pgDatabase string, load func(*sql.DB, bool) error, measure func(Database) error) error {
	keys, err := vault.Generate()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := sqlite.Path(dir)
	if load != nil {
		if err := loadSQLite(ctx, path, load); err != nil {
			return err
		}
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{Keys: keys})
	if err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		st.Close()
		return err
	}
	err = measure(Database{Name: "SQLite", Store: st, SQL: raw})
	raw.Close()
	st.Close()
	if err != nil || pg == "" {
		return err
	}
	u, err := FreshPostgres(pg, pgDatabase)
	if err != nil {
		return err
	}
	pst, err := postgres.Open(ctx, u, postgres.Options{Keys: keys})
	if err != nil {
		return err
	}
	defer pst.Close()
	praw, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer praw.Close()
	if load != nil {
		if err := load(praw, true); err != nil {
			return err
		}
	}
	return measure(Database{Name: "PostgreSQL", Postgres: true, Store: pst, SQL: praw})
}

// loadSQLite makes the database file at path with its tables and runs
// load on one connection to it that neither checks foreign keys nor
// syncs to the disk: a bulk load in an order of its choosing, into a
// file thrown away after.
func loadSQLite(ctx context.Context, path string, load func(*sql.DB, bool) error) error {
	if err := sqlite.Migrate(ctx, path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(OFF)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(-200000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return load(db, false)
}

// Live is Hearth's web server over a store, with live events through an
// in-process hub, as `hearth serve` makes it, on a loopback port.
type Live struct {
	URL string
	Hub *events.Hub
	// Problems are the server's logged warnings and errors.
	Problems *Problems
	srv      *web.Server
	ln       *Listener
}

// ServeLive serves st with live events until Close.
func ServeLive(st *sqlstore.Store) (*Live, error) {
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		return nil, err
	}
	dirc, err := crisis.Load("")
	if err != nil {
		return nil, err
	}
	l := &Live{Hub: events.NewHub(0), Problems: &Problems{}}
	st.SetEvents(l.Hub)
	l.srv, err = web.NewServer(web.Config{}, web.Deps{Store: st, Hasher: hasher, Crisis: dirc, Events: l.Hub, Log: slog.New(l.Problems)})
	if err == nil {
		l.ln, err = Serve(l.srv)
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	l.URL = l.ln.URL
	return l, nil
}

// Close stops serving and closes the server and the hub.
func (l *Live) Close() {
	if l.ln != nil {
		l.ln.Close()
	}
	if l.srv != nil {
		l.srv.Close()
	}
	l.Hub.Close()
}

// RaiseFileLimit lifts the soft limit on open files to the hard one, for
// programs that hold thousands of connections.
func RaiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}
