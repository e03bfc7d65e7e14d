package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

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
	Logged *problems
}

// newHearth builds Hearth's real handler the way `hearth serve` does: a
// migrated SQLite file in dir, a fresh server key, the built-in crisis
// lines and the default password hasher. close releases it.
func newHearth(ctx context.Context, dir string) (h *hearthServer, close func(), err error) {
	keys, err := vault.Generate()
	if err != nil {
		return nil, nil, err
	}
	logged := &problems{}
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

// problems is Hearth's log during a measurement: warnings and errors are
// counted and the first kept, rather than printed among the figures.
type problems struct {
	mu    sync.Mutex
	n     int
	first string
}

func (p *problems) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (p *problems) WithAttrs([]slog.Attr) slog.Handler           { return p }
func (p *problems) WithGroup(string) slog.Handler                { return p }

func (p *problems) Handle(_ context.Context, r slog.Record) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.first == "" {
		p.first = r.Level.String() + " " + r.Message
		r.Attrs(func(a slog.Attr) bool {
			p.first += " " + a.String()
			return true
		})
	}
	return nil
}

// Take returns how many lines were logged since the last call, and the
// first of them.
func (p *problems) Take() (n int, first string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, first = p.n, p.first
	p.n, p.first = 0, ""
	return n, first
}

// hello is the baseline: the least a Go handler can do.
func hello() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello"))
	})
}

// listener serves h on a loopback port, with the http.Server settings of
// `hearth serve`, until ctx ends.
type listener struct {
	URL string
	hs  *http.Server
}

func serve(h http.Handler) (*listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go hs.Serve(ln)
	return &listener{URL: fmt.Sprintf("http://%s", ln.Addr()), hs: hs}, nil
}

func (l *listener) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	l.hs.Shutdown(ctx)
}
