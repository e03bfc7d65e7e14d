package sqlstore

import (
	"sync"
	"time"

	"hearth"
)

// sessionCache keeps the sessions FindSession found recently, with their
// accounts as FindSession returns them (no private field: nothing sealed
// is ever held here), so that a member moving from page to page is not
// looked up in the database on every request.
//
// Every change this store makes to a session or to an account's public
// fields forgets the account's entries once it has committed, so on one
// node a signed-out, ended or changed session is never served from the
// cache. Another process writing the same database (a second node, or
// `hearth admin grant`) is seen when the entry's ttl runs out: ttl bounds
// how long such a change can go unseen here.
//
// A lookup that misses reads the database and then stores what it read,
// unless a change was forgotten meanwhile (the epoch moved): a read that
// raced with a sign-out could otherwise put the ended session back.
type sessionCache struct {
	ttl time.Duration
	max int
	now func() time.Time // time.Now; tests set another

	mu    sync.Mutex
	epoch uint64
	m     map[string]*cachedSession
}

type cachedSession struct {
	session hearth.Session
	account hearth.Account
	until   time.Time // monotonic clock: when the entry must be read again
}

// Defaults for the session cache.
const (
	sessionCacheTTL = 30 * time.Second
	sessionCacheMax = 10000
)

func newSessionCache(ttl time.Duration, max int) *sessionCache {
	return &sessionCache{ttl: ttl, max: max, now: time.Now, m: make(map[string]*cachedSession)}
}

// get returns copies of the cached session and account for tokenHash,
// and the epoch to hand to put after a miss.
func (c *sessionCache) get(tokenHash []byte) (*hearth.Session, *hearth.Account, uint64) {
	if c == nil {
		return nil, nil, 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[string(tokenHash)]
	if e == nil {
		return nil, nil, c.epoch
	}
	if c.now().After(e.until) {
		delete(c.m, string(tokenHash))
		return nil, nil, c.epoch
	}
	ss, a := e.session, e.account
	return &ss, &a, c.epoch
}

// put caches what a lookup read, unless something was forgotten since
// the lookup began (epoch is what get returned).
func (c *sessionCache) put(tokenHash []byte, ss *hearth.Session, a *hearth.Account, epoch uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch != c.epoch {
		return
	}
	if len(c.m) >= c.max {
		c.shrink()
	}
	c.m[string(tokenHash)] = &cachedSession{session: *ss, account: *a, until: c.now().Add(c.ttl)}
}

// shrink makes room: it drops expired entries, and if that is not
// enough, half of the rest (whichever the map yields first).
func (c *sessionCache) shrink() {
	now := c.now()
	for k, e := range c.m {
		if now.After(e.until) {
			delete(c.m, k)
		}
	}
	for k := range c.m {
		if len(c.m) <= c.max/2 {
			break
		}
		delete(c.m, k)
	}
}

// touched records new activity on a cached session.
func (c *sessionCache) touched(id int64, at time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		if e.session.ID == id {
			e.session.LastSeenAt = at
		}
	}
}

// forget drops the entries of one account (0: of every account). Call it
// after the change has committed.
func (c *sessionCache) forget(accountID int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	for k, e := range c.m {
		if accountID == 0 || e.account.ID == accountID {
			delete(c.m, k)
		}
	}
}

// OnSessionsChanged has f told, after the change has committed, of each
// account whose sessions may have ended through this store: signing out,
// ending sessions, a new password, an erased account, and changes to the
// account that cached sessions carry. (A change made by another process
// is not heard.) f runs on the caller's goroutine and must not block.
func (s *Store) OnSessionsChanged(f func(accountID int64)) { s.sessionsChanged.Store(&f) }

// forgetSessions drops an account's cached sessions (0: every account's)
// and tells OnSessionsChanged's listener of the account.
func (s *Store) forgetSessions(accountID int64) {
	s.sessions.forget(accountID)
	if f := s.sessionsChanged.Load(); f != nil && accountID != 0 {
		(*f)(accountID)
	}
}
