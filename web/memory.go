package web

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// A community's server is busy in bursts — a meeting lets out, members
// check in at night — and quiet in between. Go keeps the memory a burst
// used and gives it back to the system only slowly, so a server that had
// just answered a few hundred pages sat idle at several MiB over what it
// needed. Once no request has come for a while, the server collects its
// garbage and returns the free memory at once. Under steady traffic it
// never falls quiet, and nothing is done.

// quietness tracks requests for releaseWhenQuiet.
type quietness struct {
	last atomic.Int64 // the last request's start, Unix nanoseconds; 0 for none yet
}

// noteRequest records a request; the middleware calls it for each.
func (q *quietness) noteRequest() { q.last.Store(time.Now().UnixNano()) }

// releaseWhenQuiet calls release once no request has come for after, at
// most once per quiet spell, until ctx ends.
func (q *quietness) releaseWhenQuiet(ctx context.Context, after time.Duration, release func()) {
	tick := time.NewTicker(max(after/4, 10*time.Millisecond))
	defer tick.Stop()
	var released int64 // the last request before the last release
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if last := q.last.Load(); last != released && now.UnixNano()-last >= int64(after) {
				released = last
				release()
			}
		}
	}
}

// releaseMemory collects garbage and returns what is free to the system,
// and counts it (hearth_memory_releases_total). It collects twice: what
// a burst left in sync.Pools (the pages' buffers, net/http's) a first
// collection only moves to the pools' victim caches, and the second frees;
// with one, that memory was freed by the next collection, after the
// release, and stayed with Go, a few MiB for minutes.
func (s *Server) releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
	s.metrics.releases.Inc()
}
