package benchkit

import (
	"context"
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

// OnEachDatabase runs measure on a store on SQLite (a file in a new
// temporary folder named after prefix) and then, when pg is a postgres://
// URL of a role that may create databases, on a fresh database pgDatabase
// there, closing each store after. It needs the "pgx" driver registered.
func OnEachDatabase(ctx context.Context, prefix, pg, pgDatabase string, measure func(name string, st *sqlstore.Store) error) error {
	keys, err := vault.Generate()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, sqlite.Path(dir), sqlite.Options{Keys: keys})
	if err != nil {
		return err
	}
	err = measure("SQLite", st)
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
	return measure("PostgreSQL", pst)
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
