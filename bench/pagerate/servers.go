package main

import (
	"context"
	"hearth/bench/internal/benchkit"
	"log/slog"

	"hearth/credential"
	"hearth/crisis"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
	"hearth/web"
)

// hearthServer is Hearth's real handler and the store under it.
type hearthServer struct {
	*web.Server
	Store  *sqlstore.Store
	Logged *benchkit.Problems
}

// newHearth builds Hearth's real handler the way `hearth serve` does: a
// migrated SQLite file in dir, a fresh server key, the built-in crisis
// lines and the default password hasher. close releases it.
func newHearth(ctx context.Context, dir string) (h *hearthServer, close func(), err error) {
	keys, err := vault.Generate()
	if err != nil {
		return nil, nil, err
	}
	logged := &benchkit.Problems{}
	log := slog.New(logged)
	st, err := sqlite.Open(ctx, sqlite.Path(dir), sqlite.Options{Keys: keys, Log: log})
	if err != nil {
		return nil, nil, err
	}
	directory, err := crisis.Load("")
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	srv, err := web.NewServer(web.Config{Version: "bench"}, web.Deps{Store: st, Hasher: hasher, Crisis: directory, Log: log})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return &hearthServer{Server: srv, Store: st, Logged: logged}, func() { srv.Close(); st.Close() }, nil
}
