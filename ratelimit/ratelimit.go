// Package ratelimit limits attempts per key (a sign-in name, a client
// address) with token buckets kept in memory only. Nothing here is written
// to disk or logged: client addresses live in a Limiter for as long as they
// are needed for limiting and no longer.
package ratelimit

import (
	"container/list"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys is the number of keys a Limiter remembers when Config
// leaves MaxKeys zero. Each costs a few hundred bytes.
const DefaultMaxKeys = 100_000

// Config describes a Limiter.
type Config struct {
	// Events attempts may be made at once by a key not seen lately; they
	// are regained one at a time, evenly over Per. Both must be positive.
	Events int
	Per    time.Duration
	// MaxKeys bounds the keys remembered; when full, the least recently
	// seen key is forgotten. Zero means DefaultMaxKeys.
	MaxKeys int
	// Now tells the time; nil means time.Now.
	Now func() time.Time
}

// A Limiter keeps one token bucket per key. A key unseen for Per has a full
// bucket again, the same as a key never seen, so it is forgotten; and the
// Limiter never remembers more than MaxKeys keys. Forgetting the least
// recently seen key when full means that a flood of new keys can reset an
// old one's limit early: that is the price of bounded memory, and a flood
// large enough to do it is itself limited per client. A Limiter is safe for
// concurrent use.
type Limiter struct {
	limit   rate.Limit
	burst   int
	refill  time.Duration // from empty to full
	maxKeys int
	now     func() time.Time

	mu    sync.Mutex
	keys  map[string]*list.Element // of *entry
	order list.List                // least recently seen at the front
}

type entry struct {
	key  string
	seen time.Time
	lim  *rate.Limiter
}

// New returns a Limiter. It panics if c.Events or c.Per is not positive,
// which is a mistake in the program, not in its input.
func New(c Config) *Limiter {
	if c.Events <= 0 || c.Per <= 0 {
		panic(fmt.Sprintf("ratelimit: New with %d events per %v", c.Events, c.Per))
	}
	if c.MaxKeys <= 0 {
		c.MaxKeys = DefaultMaxKeys
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Limiter{
		limit:   rate.Limit(float64(c.Events) / c.Per.Seconds()),
		burst:   c.Events,
		refill:  c.Per,
		maxKeys: c.MaxKeys,
		now:     c.Now,
		keys:    make(map[string]*list.Element),
	}
}

// Allow reports whether key may make an attempt now, and if so counts it.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.forgetIdle(now)
	e := l.get(key, now)
	return e.lim.AllowN(now, 1)
}

// RetryAfter returns how long key must wait before Allow would let it make
// an attempt, to the millisecond: zero if it may now. It counts nothing.
// Use it for a Retry-After header after Allow refused.
func (l *Limiter) RetryAfter(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.forgetIdle(now)
	el, ok := l.keys[key]
	if !ok {
		return 0
	}
	missing := 1 - el.Value.(*entry).lim.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	// To the millisecond, which also hides float rounding (1.000000001s).
	d := time.Duration(missing / float64(l.limit) * float64(time.Second))
	return d.Round(time.Millisecond)
}

// Len returns how many keys l remembers now.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forgetIdle(l.now())
	return len(l.keys)
}

// get returns key's entry, marked as seen at now, making room for it if new.
func (l *Limiter) get(key string, now time.Time) *entry {
	if el, ok := l.keys[key]; ok {
		e := el.Value.(*entry)
		e.seen = now
		l.order.MoveToBack(el)
		return e
	}
	for len(l.keys) >= l.maxKeys {
		l.remove(l.order.Front())
	}
	e := &entry{key: key, seen: now, lim: rate.NewLimiter(l.limit, l.burst)}
	l.keys[key] = l.order.PushBack(e)
	return e
}

// forgetIdle forgets the keys not seen for a whole refill period: their
// buckets are full again. Keys are kept in order of last sight, so only
// the front need be looked at; each key is removed once, so the cost is
// constant on average.
func (l *Limiter) forgetIdle(now time.Time) {
	for el := l.order.Front(); el != nil; el = l.order.Front() {
		if now.Sub(el.Value.(*entry).seen) < l.refill {
			return
		}
		l.remove(el)
	}
}

func (l *Limiter) remove(el *list.Element) {
	delete(l.keys, el.Value.(*entry).key)
	l.order.Remove(el)
}
