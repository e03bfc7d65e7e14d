// Package storetest is the behavioural contract of Hearth's store: every
// method of every service, each documented error code, the races that
// matter, and the privacy promises (no plaintext private data in a raw
// copy of the database; nothing of an erased member left behind; server
// key rotation). Run runs it against a store; the sqlite and postgres
// packages run it against real databases (see package testdb).
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/sqlstore"
	"hearth/vault"
)

// Harness is one fresh, migrated store, and what the suite needs to look
// at it from outside.
type Harness struct {
	Store *sqlstore.Store
	// Keys is the keyring the store was opened with; the rotation test
	// adds a key to it and drops the old ones.
	Keys *vault.Keyring
	// Dump returns the raw bytes a thief would carry off: for SQLite the
	// database file and its write-ahead log, for PostgreSQL the output of
	// pg_dump.
	Dump func() []byte
}

// Opener opens a fresh store whose clock is now, and closes it when the
// test ends.
type Opener func(tb testing.TB, now func() time.Time) Harness

// Run runs the whole contract, each test on a fresh store from open.
func Run(t *testing.T, open Opener) {
	s := suite{open: open}
	t.Run("Account", s.account)
	t.Run("Session", s.session)
	t.Run("AccessToken", s.accessToken)
	t.Run("Group", s.group)
	t.Run("Membership", s.membership)
	t.Run("Meeting", s.meeting)
	t.Run("Finder", s.finder)
	t.Run("Import", s.importing)
	t.Run("Calendar", s.calendar)
	t.Run("Recovery", s.recovery)
	t.Run("Partners", s.partners)
	t.Run("Celebrations", s.celebrations)
	t.Run("Journal", s.journal)
	t.Run("Messages", s.messages)
	t.Run("MessageReports", s.messageReports)
	t.Run("ReachOuts", s.reachOuts)
	t.Run("MutedWords", s.mutedWords)
	t.Run("Together", s.together)
	t.Run("Notifications", s.notifications)
	t.Run("Shares", s.shares)
	t.Run("StepWork", s.stepWork)
	t.Run("Strategies", s.strategies)
	t.Run("Sponsors", s.sponsors)
	t.Run("Privacy", s.privacy)
}

type suite struct{ open Opener }

// env is one test's store, its clock and a context.
type env struct {
	Harness
	t     testing.TB
	ctx   context.Context
	clock *Clock
}

// start is the time every test's clock starts at.
var start = time.Date(2026, 3, 4, 15, 16, 17, 123456789, time.UTC)

func (s suite) env(t testing.TB) *env {
	t.Helper()
	c := NewClock(start)
	return &env{Harness: s.open(t, c.Now), t: t, ctx: context.Background(), clock: c}
}

// Clock is a settable clock for a store's Config.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// stored is t as the store keeps it: UTC, to the microsecond.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// wantCode fails the test unless err has the Hearth error code want ("" for
// no error).
func wantCode(tb testing.TB, err error, want string) {
	tb.Helper()
	if got := hearth.ErrorCode(err); got != want {
		tb.Fatalf("error code %q, want %q (err: %v)", got, want, err)
	}
}

// ok fails the test on any error.
func ok(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// random returns n random bytes, hex-encoded.
func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// newAccount is a valid account with a unique handle; opts adjust it.
func newAccount(opts ...func(*hearth.Account)) *hearth.Account {
	a := &hearth.Account{
		Handle:      "river." + random(4),
		DisplayName: "River",
		Pronouns:    "they/them",
		Language:    "en",
		TimeZone:    "America/Chicago",
		Country:     "US",
		Role:        hearth.RoleMember,
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// mustAccount stores a new account with two recovery codes ("code-1",
// "code-2" hashed by codeHash).
func (e *env) mustAccount(opts ...func(*hearth.Account)) *hearth.Account {
	e.t.Helper()
	a := newAccount(opts...)
	ok(e.t, e.Store.CreateAccount(e.ctx, hearth.NewAccount{
		Account:        a,
		PasswordHash:   "hash-" + random(4),
		RecoveryHashes: [][]byte{codeHash("code-1"), codeHash("code-2")},
	}))
	return a
}

// codeHash stands in for the hash of a recovery code.
func codeHash(code string) []byte { return []byte("h:" + code) }

// mustSession stores a session for the account, alive for a day from the
// clock's time, and returns it with its token hash.
func (e *env) mustSession(accountID int64) (*hearth.Session, []byte) {
	e.t.Helper()
	now := e.clock.Now()
	ss := &hearth.Session{AccountID: accountID, Device: "Firefox on Android", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(24 * time.Hour)}
	hash := []byte("session-" + random(16))
	ok(e.t, e.Store.CreateSession(e.ctx, ss, hash))
	return ss, hash
}

// mustToken stores an access token for the account.
func (e *env) mustToken(accountID int64, name string) (*hearth.AccessToken, []byte) {
	e.t.Helper()
	at := &hearth.AccessToken{AccountID: accountID, Name: name}
	hash := []byte("token-" + random(16))
	ok(e.t, e.Store.CreateAccessToken(e.ctx, at, hash))
	return at, hash
}

// newGroup is a valid listed group with a unique slug.
func newGroup(opts ...func(*hearth.Group)) *hearth.Group {
	g := &hearth.Group{
		Slug:        "group-" + random(4),
		Name:        "Tuesday Night Hope",
		Description: "An open AA meeting.",
		Program:     "aa",
		Languages:   []string{"en", "es"},
		Tags:        []string{"lgbtq", "women"},
		TimeZone:    "America/Chicago",
		Visibility:  hearth.GroupListed,
		JoinPolicy:  hearth.JoinOpen,
	}
	for _, o := range opts {
		o(g)
	}
	return g
}

func (e *env) mustGroup(owner int64, opts ...func(*hearth.Group)) *hearth.Group {
	e.t.Helper()
	g := newGroup(opts...)
	ok(e.t, e.Store.CreateGroup(e.ctx, g, owner))
	return g
}

// forms are the ways a value may appear in a dump: as it is, hex-encoded
// (pg_dump writes bytea as hex) and base64-encoded.
func forms(v []byte) [][]byte {
	return [][]byte{
		v,
		[]byte(hex.EncodeToString(v)),
		[]byte(base64.StdEncoding.EncodeToString(v)),
		[]byte(base64.RawURLEncoding.EncodeToString(v)),
	}
}

// findIn says which of the needles occur in dump, in any of their forms.
func findIn(dump []byte, needles map[string][]byte) []string {
	var found []string
	for name, v := range needles {
		for _, f := range forms(v) {
			if bytes.Contains(dump, f) {
				found = append(found, fmt.Sprintf("%s (%q)", name, f[:min(len(f), 24)]))
				break
			}
		}
	}
	return found
}
