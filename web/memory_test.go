package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hearth/sqlstore"
	"hearth/sqlstore/storetest/testdb"
)

// waitFor polls cond every interval until it holds or ten seconds have
// passed.
func waitFor(interval time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(interval) {
		if cond() {
			return true
		}
	}
	return cond()
}

// TestReleaseWhenQuiet checks that memory is given back once after
// requests have stopped, and not while no request has come at all.
func TestReleaseWhenQuiet(t *testing.T) {
	var q quietness
	var released atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.releaseWhenQuiet(ctx, 20*time.Millisecond, func() { released.Add(1) })
	}()
	defer func() { cancel(); <-done }()

	time.Sleep(100 * time.Millisecond)
	if n := released.Load(); n != 0 {
		t.Fatalf("released %d times before any request", n)
	}
	q.noteRequest()
	if !waitFor(5*time.Millisecond, func() bool { return released.Load() == 1 }) {
		t.Fatalf("released %d times after a request and a quiet spell, want 1", released.Load())
	}
	time.Sleep(100 * time.Millisecond)
	if n := released.Load(); n != 1 {
		t.Fatalf("released %d times in one quiet spell, want 1", n)
	}
	q.noteRequest()
	if !waitFor(5*time.Millisecond, func() bool { return released.Load() == 2 }) {
		t.Fatalf("released %d times after the next request, want 2", released.Load())
	}
}

// TestServerReleasesWhenQuiet checks the server's own: after a page and
// a quiet spell, the release is counted in its metrics.
func TestServerReleasesWhenQuiet(t *testing.T) {
	ts := serve(t, func(t *testing.T, now func() time.Time) *sqlstore.Store { return testdb.SQLite(t, now).Store },
		withConfig(Config{ReleaseWhenQuiet: 20 * time.Millisecond}))
	c := ts.bareClient(t)
	released := func() float64 {
		body := c.get("/metrics").wantStatus(t, http.StatusOK).body
		for _, line := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(line, "hearth_memory_releases_total "); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("reading %q: %v", line, err)
				}
				return f
			}
		}
		return 0
	}
	c.get("/help").wantStatus(t, http.StatusOK)
	// Reading the metrics is a request too: read them less often than
	// the server waits to call itself quiet.
	if !waitFor(200*time.Millisecond, func() bool { return released() > 0 }) {
		t.Fatal("no release counted in hearth_memory_releases_total after a page and a quiet spell")
	}
}
