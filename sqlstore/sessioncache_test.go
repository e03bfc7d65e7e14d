package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"hearth"
)

func TestSessionCache(t *testing.T) {
	now := time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)
	newCache := func(max int) *sessionCache {
		c := newSessionCache(30*time.Second, max)
		c.now = func() time.Time { return now }
		return c
	}
	ss := &hearth.Session{ID: 7, AccountID: 3}
	a := &hearth.Account{ID: 3, DisplayName: "River"}

	t.Run("ExpiresAfterTTL", func(t *testing.T) {
		c := newCache(10)
		_, _, epoch := c.get([]byte("tok"))
		c.put([]byte("tok"), ss, a, epoch)
		now = now.Add(30 * time.Second)
		if got, _, _ := c.get([]byte("tok")); got == nil || got.ID != 7 {
			t.Fatalf("at the ttl: %v, want the cached session", got)
		}
		now = now.Add(time.Nanosecond)
		if got, _, _ := c.get([]byte("tok")); got != nil {
			t.Fatalf("past the ttl: %v, want a miss", got)
		}
	})

	// A lookup that read the database before a sign-out committed must
	// not put the ended session back.
	t.Run("ForgetDuringLookup", func(t *testing.T) {
		c := newCache(10)
		_, _, epoch := c.get([]byte("tok")) // miss: the lookup reads the database…
		c.forget(3)                         // …while the member signs out
		c.put([]byte("tok"), ss, a, epoch)  // the lookup's stale row
		if got, _, _ := c.get([]byte("tok")); got != nil {
			t.Fatalf("a session read before a sign-out was cached: %v", got)
		}
	})

	t.Run("ForgetOneAccount", func(t *testing.T) {
		c := newCache(10)
		_, _, epoch := c.get(nil)
		c.put([]byte("a"), ss, a, epoch)
		c.put([]byte("b"), &hearth.Session{ID: 8, AccountID: 4}, &hearth.Account{ID: 4}, epoch)
		c.forget(3)
		if got, _, _ := c.get([]byte("a")); got != nil {
			t.Errorf("account 3's session survived forget(3)")
		}
		if got, _, _ := c.get([]byte("b")); got == nil {
			t.Errorf("account 4's session was forgotten with account 3's")
		}
		c.forget(0)
		if got, _, _ := c.get([]byte("b")); got != nil {
			t.Errorf("forget(0) left a session")
		}
	})

	t.Run("Touched", func(t *testing.T) {
		c := newCache(10)
		_, _, epoch := c.get(nil)
		c.put([]byte("tok"), ss, a, epoch)
		c.touched(7, now.Add(time.Hour))
		if got, _, _ := c.get([]byte("tok")); !got.LastSeenAt.Equal(now.Add(time.Hour)) {
			t.Errorf("last seen %v after a touch", got.LastSeenAt)
		}
	})

	t.Run("Bounded", func(t *testing.T) {
		c := newCache(100)
		for i := range 1000 {
			_, _, epoch := c.get(nil)
			c.put(fmt.Appendf(nil, "tok-%d", i), ss, a, epoch)
			if len(c.m) > 100 {
				t.Fatalf("%d entries, bound 100", len(c.m))
			}
		}
		if got, _, _ := c.get([]byte("tok-999")); got == nil {
			t.Errorf("the newest entry was dropped")
		}
	})

	t.Run("Disabled", func(t *testing.T) {
		var c *sessionCache
		c.put([]byte("tok"), ss, a, 0)
		c.forget(3)
		c.touched(7, now)
		if got, _, _ := c.get([]byte("tok")); got != nil {
			t.Errorf("a disabled cache answered")
		}
	})
}
