// Package sqlstore is the one database/sql implementation of Hearth's
// services, on SQLite and on PostgreSQL alike. The SQL is written once; what
// differs between the two databases is in dialect.go. The sqlite and postgres
// packages open the database, apply its migrations and hand back a *Store.
//
// Every method takes a context and runs in a transaction of its own; reads
// go to the read pool in read-only transactions. FindSession and
// FindAccessToken, which run on every request, read that way and take the
// write pool, in a second transaction, only when there is something to
// write (an ended session to remove, a new day of use). Errors
// are *hearth.Error: ENOTFOUND when nothing is found, ECONFLICT when a
// unique value is taken, EINVALID for bad input, and EINTERNAL (a plain
// wrapped error) for anything else.
//
// Private fields are sealed with their owner's data key (package vault)
// before they reach the database; the wrapped data keys live in their own
// table, so deleting an account's key row makes whatever is left of its
// private data unreadable.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"hearth"
	"hearth/vault"
)

// Config is what a Store is built from.
type Config struct {
	// Write is the pool that writes. On SQLite it holds one connection,
	// so that writers queue in Go rather than on the file lock.
	Write *sql.DB
	// Read is the pool for read-only transactions; nil means Write. On
	// PostgreSQL it is usually the same pool as Write.
	Read    *sql.DB
	Dialect Dialect
	// Keys wraps and unwraps the members' data keys.
	Keys *vault.Keyring
	// Now is the store's clock; nil means time.Now. The store reads the
	// time through it only.
	Now func() time.Time
	// Log receives what the store cannot return, such as an erasure whose
	// last clean-up step had to be left to later; nil discards it.
	Log *slog.Logger
	// SessionCacheTTL is how long a session found by FindSession is kept
	// in memory: the longest a change made by another process to a
	// session or an account can go unseen by this one (changes made
	// through this store are seen at once). Zero means 30 seconds; a
	// negative value keeps nothing.
	SessionCacheTTL time.Duration
}

// Store keeps Hearth's accounts, sessions, access tokens and groups.
type Store struct {
	write *sql.DB
	read  *sql.DB
	d     Dialect
	keys  *vault.Keyring
	now   func() time.Time
	log   *slog.Logger

	// stmts caches statements prepared on a separate read pool, by their
	// rebound SQL text, so that the queries every page runs are parsed and
	// planned once per connection rather than on every call. (pgx keeps
	// its own cache; SQLite's driver keeps none.)
	stmts  sync.Map
	nstmts atomic.Int64
	// preparing holds the query texts being prepared in the background;
	// closing ends that work when the store closes, and background waits
	// for it.
	preparing  sync.Map
	closing    context.Context
	close      context.CancelFunc
	background sync.WaitGroup

	// sessions caches FindSession; nil when disabled.
	sessions *sessionCache
	// sessionsChanged, when set, hears of each account whose sessions
	// may have ended (see OnSessionsChanged).
	sessionsChanged atomic.Pointer[func(accountID int64)]

	// events, when set, hears what a committed transaction published
	// (tx.publish).
	events hearth.EventService

	// sponsorMin is the time on a count needed to offer to sponsor.
	sponsorMin hearth.SponsorMinTime
}

// maxPrepared bounds the statements the read pool keeps prepared.
const maxPrepared = 256

var (
	errCacheFull   = errors.New("sqlstore: statement cache full")
	errNotPrepared = errors.New("sqlstore: statement not prepared yet")
)

// Compile-time checks that Store provides Hearth's services.
var (
	_ hearth.AccountService     = (*Store)(nil)
	_ hearth.SessionService     = (*Store)(nil)
	_ hearth.AccessTokenService = (*Store)(nil)
	_ hearth.GroupService       = (*Store)(nil)
)

// New returns a Store over already migrated databases. Most callers want
// sqlite.Open or postgres.Open instead.
func New(cfg Config) *Store {
	s := &Store{write: cfg.Write, read: cfg.Read, d: cfg.Dialect, keys: cfg.Keys, now: cfg.Now, log: cfg.Log}
	s.closing, s.close = context.WithCancel(context.Background())
	if s.read == nil {
		s.read = s.write
	}
	switch ttl := cfg.SessionCacheTTL; {
	case ttl == 0:
		s.sessions = newSessionCache(sessionCacheTTL, sessionCacheMax)
	case ttl > 0:
		s.sessions = newSessionCache(ttl, sessionCacheMax)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Dialect says which database the store runs on.
func (s *Store) Dialect() Dialect { return s.d }

// Close closes the prepared statements and the pools.
func (s *Store) Close() error {
	s.close()
	s.background.Wait()
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping reports whether the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: database does not answer: %w", err)
	}
	return nil
}

// tx is a transaction that speaks the store's dialect: it rebinds
// placeholders, encodes times and turns constraint errors into Hearth's.
// now is the store's clock read once when the transaction began, so that
// every time a call writes is the same.
//
// A tx made by inReads has no transaction (tx is nil): each of its
// queries runs on db by itself, and it must not write.
type tx struct {
	tx  *sql.Tx
	db  *sql.DB
	d   Dialect
	now time.Time
	// prepared, when set, gives cached statements for this read-only
	// transaction's queries.
	prepared func(ctx context.Context, query string) (*sql.Stmt, error)
	// published are the events to publish once the transaction commits.
	published []*hearth.Event
}

// begin starts a read-write transaction on the write pool.
func (s *Store) begin(ctx context.Context) (*tx, error) {
	return s.beginOn(ctx, s.write, nil)
}

// beginRead starts a read-only transaction on the read pool.
func (s *Store) beginRead(ctx context.Context) (*tx, error) {
	t, err := s.beginOn(ctx, s.read, &sql.TxOptions{ReadOnly: true})
	if err == nil && s.read != s.write {
		t.prepared = s.prepared
	}
	return t, err
}

// prepared returns the cached statement for a rebound query. A query not
// prepared yet runs unprepared this once (errNotPrepared) while it is
// prepared in the background: preparing takes a connection from the read
// pool, and a caller holding one in a read transaction must never wait
// for another, or a burst of first requests (more readers than the pool
// has connections, each holding one) would wait on one another for ever.
// It never prepares on the write pool, whose one connection a write
// transaction holds.
func (s *Store) prepared(_ context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	// Queries whose text varies with their input (the finder's) would
	// fill the cache without end: past a bound, new texts run unprepared.
	if s.nstmts.Load() >= maxPrepared {
		return nil, errCacheFull
	}
	if _, busy := s.preparing.LoadOrStore(query, true); !busy {
		s.background.Add(1)
		go func() {
			defer s.background.Done()
			defer s.preparing.Delete(query)
			st, err := s.read.PrepareContext(s.closing, query)
			if err != nil {
				return // it runs unprepared; the next call tries again
			}
			if _, loaded := s.stmts.LoadOrStore(query, st); loaded {
				st.Close()
				return
			}
			s.nstmts.Add(1)
		}()
	}
	return nil, errNotPrepared
}

func (s *Store) beginOn(ctx context.Context, db *sql.DB, opts *sql.TxOptions) (*tx, error) {
	t, err := db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: begin: %w", err)
	}
	return &tx{tx: t, d: s.d, now: s.now().UTC().Truncate(time.Microsecond)}, nil
}

func (t *tx) commit() error {
	if err := t.tx.Commit(); err != nil {
		return t.err(err)
	}
	return nil
}

func (t *tx) rollback() { _ = t.tx.Rollback() }

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := t.tx.ExecContext(ctx, t.d.rebind(query), t.d.args(args)...)
	if err != nil {
		return nil, t.err(err)
	}
	return r, nil
}

// execOne runs a statement that must change one row, else ENOTFOUND.
func (t *tx) execOne(ctx context.Context, query string, args ...any) error {
	r, err := t.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := r.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: rows affected: %w", err)
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q := t.d.rebind(query)
	var rows *sql.Rows
	var err error
	switch st := t.stmt(ctx, q); {
	case st != nil:
		rows, err = st.QueryContext(ctx, t.d.args(args)...)
	case t.tx == nil:
		rows, err = t.db.QueryContext(ctx, q, t.d.args(args)...)
	default:
		rows, err = t.tx.QueryContext(ctx, q, t.d.args(args)...)
	}
	if err != nil {
		return nil, t.err(err)
	}
	return rows, nil
}

// queryRow runs a query for one row; Scan on it returns ENOTFOUND when
// there is none, and mapped errors otherwise.
func (t *tx) queryRow(ctx context.Context, query string, args ...any) row {
	q := t.d.rebind(query)
	if st := t.stmt(ctx, q); st != nil {
		return row{st.QueryRowContext(ctx, t.d.args(args)...), t}
	}
	if t.tx == nil {
		return row{t.db.QueryRowContext(ctx, q, t.d.args(args)...), t}
	}
	return row{t.tx.QueryRowContext(ctx, q, t.d.args(args)...), t}
}

// stmt returns the cached statement for q bound to this transaction, or
// nil when there is no cache or preparing failed (the query then runs as
// text, and reports any error itself).
func (t *tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.prepared == nil {
		return nil
	}
	st, err := t.prepared(ctx, q)
	if err != nil {
		return nil
	}
	if t.tx == nil {
		return st
	}
	return t.tx.StmtContext(ctx, st)
}

type row struct {
	r *sql.Row
	t *tx
}

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	if err != nil {
		return r.t.err(err)
	}
	return nil
}

// notFound is the ENOTFOUND every lookup returns when it finds nothing.
func notFound() error { return hearth.Errorf(hearth.ENOTFOUND, "error.not_found") }

// err turns a driver error into Hearth's: a broken unique constraint is
// ECONFLICT, a broken foreign key ENOTFOUND (the row referred to is not
// there), anything else internal.
func (t *tx) err(err error) error {
	var he *hearth.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &he):
		return err
	case t.d.isUnique != nil && t.d.isUnique(err):
		return &hearth.Error{Code: hearth.ECONFLICT, Message: "error.conflict", Err: err}
	case t.d.isForeign != nil && t.d.isForeign(err):
		return &hearth.Error{Code: hearth.ENOTFOUND, Message: "error.not_found", Err: err}
	}
	return fmt.Errorf("sqlstore: %w", err)
}

// inTx runs fn in a read-write transaction and commits when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*tx) error) error {
	t, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer t.rollback()
	if err := fn(t); err != nil {
		return err
	}
	if err := t.commit(); err != nil {
		return err
	}
	s.publish(ctx, t.published)
	return nil
}

// readRow runs a single-statement read outside any transaction, for the
// lookups every request makes: one SELECT is a consistent snapshot by
// itself, and skipping BEGIN and ROLLBACK halves its cost. It uses the
// statement cache when the read pool is separate.
func (s *Store) readRow(ctx context.Context, query string, args ...any) row {
	t := &tx{d: s.d}
	q := s.d.rebind(query)
	if s.read != s.write {
		if st, err := s.prepared(ctx, q); err == nil {
			return row{st.QueryRowContext(ctx, s.d.args(args)...), t}
		}
	}
	return row{s.read.QueryRowContext(ctx, q, s.d.args(args)...), t}
}

// inReads runs fn with reads outside any transaction: each query sees
// the database as it is when that query runs, so two of them may see
// different moments. For pages that show unrelated lists side by side it
// saves a transaction's BEGIN and ROLLBACK.
func (s *Store) inReads(ctx context.Context, fn func(*tx) error) error {
	t := &tx{db: s.read, d: s.d, now: s.now().UTC().Truncate(time.Microsecond)}
	if s.read != s.write {
		t.prepared = s.prepared
	}
	return fn(t)
}

// inReadTx runs fn in a read-only transaction.
func (s *Store) inReadTx(ctx context.Context, fn func(*tx) error) error {
	t, err := s.beginRead(ctx)
	if err != nil {
		return err
	}
	defer t.rollback()
	return fn(t)
}

// placeholders returns "$from, $from+1, …" for n values, for IN lists.
func placeholders(from, n int) string {
	b := make([]byte, 0, n*4)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Appendf(b, "$%d", from+i)
	}
	return string(b)
}

// queryAll runs a query and reads every row with scan, into a list that
// is empty, never nil, when there are none.
func queryAll[T any](ctx context.Context, t *tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, t.err(err)
		}
		list = append(list, v)
	}
	return list, t.err(rows.Err())
}
