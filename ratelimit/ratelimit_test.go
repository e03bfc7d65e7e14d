package ratelimit

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// clock is a time the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestBurstThenRefuse(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 5, Per: 5 * time.Minute, Now: c.Now})
	for i := range 5 {
		if !l.Allow("river.4821") {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
		if d := l.RetryAfter("river.4821"); i < 4 && d != 0 {
			t.Errorf("RetryAfter = %v with attempts left", d)
		}
	}
	if l.Allow("river.4821") {
		t.Error("attempt 6 allowed; burst is 5")
	}
	if d := l.RetryAfter("river.4821"); d != time.Minute {
		t.Errorf("RetryAfter = %v; want 1m (one attempt regained per minute)", d)
	}
	if !l.Allow("sky.1203") {
		t.Error("another key was refused")
	}
	if d := l.RetryAfter("never.seen"); d != 0 {
		t.Errorf("RetryAfter of an unknown key = %v", d)
	}
}

func TestRefill(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 3, Per: 3 * time.Minute, Now: c.Now})
	for range 3 {
		l.Allow("k")
	}
	steps := []struct {
		advance time.Duration
		want    bool
		retry   time.Duration // RetryAfter after the attempt
	}{
		{0, false, time.Minute},
		{30 * time.Second, false, 30 * time.Second},
		{30 * time.Second, true, time.Minute}, // one regained, and spent
		{59 * time.Second, false, time.Second},
		{time.Second, true, time.Minute},
		{10 * time.Minute, true, 0}, // full again: 3 - 1 left
	}
	for i, s := range steps {
		c.Add(s.advance)
		if got := l.Allow("k"); got != s.want {
			t.Errorf("step %d (+%v): Allow = %v; want %v", i, s.advance, got, s.want)
		}
		if got := l.RetryAfter("k"); got != s.retry {
			t.Errorf("step %d: RetryAfter = %v; want %v", i, got, s.retry)
		}
	}
}

func TestRefusalsDoNotSpend(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 1, Per: time.Minute, Now: c.Now})
	l.Allow("k")
	for range 100 {
		if l.Allow("k") {
			t.Fatal("allowed with an empty bucket")
		}
	}
	c.Add(time.Minute)
	if !l.Allow("k") {
		t.Error("refused attempts kept the bucket from refilling")
	}
}

func TestIdleKeysForgotten(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 2, Per: time.Hour, Now: c.Now})
	l.Allow("a")
	c.Add(30 * time.Minute)
	l.Allow("b")
	l.Allow("b")
	if n := l.Len(); n != 2 {
		t.Fatalf("Len = %d; want 2", n)
	}
	c.Add(30 * time.Minute) // "a" idle for an hour: full, forgotten
	if n := l.Len(); n != 1 {
		t.Errorf("Len = %d after a's bucket refilled; want 1", n)
	}
	// b has regained one of its two attempts, not both.
	if !l.Allow("b") || l.Allow("b") {
		t.Error("b was forgotten before its bucket refilled")
	}
	c.Add(time.Hour)
	if n := l.Len(); n != 0 {
		t.Errorf("Len = %d after every bucket refilled; want 0", n)
	}
	if !l.Allow("b") || !l.Allow("b") {
		t.Error("a forgotten key does not start with a full bucket")
	}
}

func TestMaxKeys(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 1, Per: time.Hour, MaxKeys: 100, Now: c.Now})
	for i := range 1000 {
		l.Allow(fmt.Sprint("key", i))
		if n := l.Len(); n > 100 {
			t.Fatalf("Len = %d after %d keys; MaxKeys is 100", n, i+1)
		}
	}
	// The most recent 100 are remembered, the oldest forgotten.
	if l.Allow("key999") {
		t.Error("the newest key was forgotten")
	}
	if !l.Allow("key0") {
		t.Error("the oldest key was remembered")
	}
}

func TestRecentUseProtectsFromEviction(t *testing.T) {
	c := newClock()
	l := New(Config{Events: 1, Per: time.Hour, MaxKeys: 3, Now: c.Now})
	l.Allow("a")
	l.Allow("b")
	l.Allow("c")
	l.Allow("a") // refused, but seen: now "b" is the least recent
	l.Allow("d")
	if l.Allow("a") {
		t.Error("a was evicted although seen more recently than b")
	}
	if !l.Allow("b") {
		t.Error("b, the least recently seen, was not evicted")
	}
}

func TestConcurrentUse(t *testing.T) {
	// Real time; run with -race.
	l := New(Config{Events: 10, Per: time.Hour, MaxKeys: 50})
	var wg sync.WaitGroup
	allowed := make([]int, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				if l.Allow("shared") {
					allowed[g]++
				}
				l.Allow(fmt.Sprint("k", g, "-", i))
				l.RetryAfter("shared")
				l.Len()
			}
		})
	}
	wg.Wait()
	total := 0
	for _, n := range allowed {
		total += n
	}
	// An hour refills 10; the test takes far less, so at most the burst
	// and a token regained meanwhile.
	if total < 10 || total > 11 {
		t.Errorf("%d attempts allowed on one key; want the burst of 10", total)
	}
	if n := l.Len(); n > 50 {
		t.Errorf("Len = %d; MaxKeys is 50", n)
	}
}

func TestNewPanicsOnBadConfig(t *testing.T) {
	for _, c := range []Config{{Events: 0, Per: time.Minute}, {Events: 1}, {Events: 1, Per: -time.Second}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", c)
				}
			}()
			New(c)
		}()
	}
}

func BenchmarkAllow(b *testing.B) {
	l := New(Config{Events: 5, Per: time.Minute, MaxKeys: 10_000})
	i := 0
	for b.Loop() {
		l.Allow(fmt.Sprint(i % 20_000))
		i++
	}
}
