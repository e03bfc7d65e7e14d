// Package events carries Hearth's live events (hearth.EventService): Hub
// in one process, NATS between many Hearth nodes.
//
// Guarantees, for both:
//
//   - IDs increase: every subscriber sees events in ID order, each once.
//     With NATS the ID is the JetStream stream sequence of the event, the
//     same on every node, so a browser may resume (Last-Event-ID) on
//     another node than the one it first listened to.
//   - A resume delivers the events after the given ID that the node still
//     holds in its ring (the latest RingSize events) before the live ones,
//     with no gap and no repeat between them. Older events are gone: the
//     page sees the change on its next load.
//   - Publishing never waits for subscribers: one that falls behind by more
//     than its small buffer is dropped (its channel closes) and its browser
//     reconnects and resumes.
//   - Delivery is at most once and best effort: an event is a hint to
//     fetch something, never the only record of it, and carries
//     identifiers only.
package events

import (
	"context"
	"errors"
	"sync"
	"time"

	"hearth"
)

// Default sizes.
const (
	// RingSize is how many recent events a hub keeps for resumes.
	RingSize = 4096
	// SubscriberBuffer is how many events a subscriber may fall behind
	// before it is dropped.
	SubscriberBuffer = 16
)

// ErrClosed is returned once the service is closed.
var ErrClosed = errors.New("events: closed")

// Hub is the in-process EventService: a fan-out per topic and a ring of
// recent events. The zero value is not usable; see NewHub.
type Hub struct {
	now func() time.Time

	mu     sync.Mutex
	last   int64                    // the newest event's ID
	ring   []hearth.Event           // recent events, oldest first from head
	head   int                      // index of the oldest event once full
	topics map[string]map[*sub]bool // topic → subscribers
	closed bool
}

// sub is one subscriber: its channel and its topics, nothing more.
type sub struct {
	ch     chan hearth.Event
	topics []string
	stop   func() bool // unregisters the context's AfterFunc
}

var _ hearth.EventService = (*Hub)(nil)

// NewHub returns an empty hub keeping the latest ring events (RingSize
// when ring ≤ 0).
func NewHub(ring int) *Hub {
	if ring <= 0 {
		ring = RingSize
	}
	return &Hub{now: time.Now, ring: make([]hearth.Event, 0, ring), topics: map[string]map[*sub]bool{}}
}

// Publish gives e the next ID and sends it to the topic's subscribers.
func (h *Hub) Publish(ctx context.Context, e *hearth.Event) error {
	if e.At.IsZero() {
		e.At = h.now()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	e.ID = h.last + 1
	h.deliverLocked(*e)
	return nil
}

// deliver sends an event whose ID was set elsewhere (by NATS). An event
// not newer than the last one is a repeat and is ignored.
func (h *Hub) deliver(e hearth.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || e.ID <= h.last {
		return
	}
	h.deliverLocked(e)
}

func (h *Hub) deliverLocked(e hearth.Event) {
	h.last = e.ID
	if len(h.ring) < cap(h.ring) {
		h.ring = append(h.ring, e)
	} else {
		h.ring[h.head] = e
		h.head = (h.head + 1) % len(h.ring)
	}
	for s := range h.topics[e.Topic] {
		select {
		case s.ch <- e:
		default: // too slow: dropped, never waited for
			h.removeLocked(s)
		}
	}
}

// Last is the newest event's ID (0 before any).
func (h *Hub) Last() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// Subscribe delivers the events on topics published from now on, after
// those the ring holds with an ID greater than after (when after > 0).
func (h *Hub) Subscribe(ctx context.Context, topics []string, after int64) (<-chan hearth.Event, error) {
	if len(topics) == 0 {
		return nil, errors.New("events: no topic to subscribe to")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var backlog []hearth.Event
	if after > 0 && after < h.last {
		n := len(h.ring)
		for i := range n {
			e := h.ring[(h.head+i)%n]
			if e.ID > after && contains(topics, e.Topic) {
				backlog = append(backlog, e)
			}
		}
	}
	s := &sub{ch: make(chan hearth.Event, SubscriberBuffer+len(backlog)), topics: topics}
	for _, e := range backlog {
		s.ch <- e
	}
	for _, t := range topics {
		m := h.topics[t]
		if m == nil {
			m = map[*sub]bool{}
			h.topics[t] = m
		}
		m[s] = true
	}
	s.stop = context.AfterFunc(ctx, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.removeLocked(s)
	})
	return s.ch, nil
}

// removeLocked unregisters s and closes its channel, once.
func (h *Hub) removeLocked(s *sub) {
	if s.topics == nil {
		return
	}
	for _, t := range s.topics {
		if m := h.topics[t]; m != nil {
			delete(m, s)
			if len(m) == 0 {
				delete(h.topics, t)
			}
		}
	}
	s.topics = nil
	close(s.ch)
	if s.stop != nil {
		s.stop()
	}
}

// Subscribers counts the current subscriptions, for metrics and tests.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[*sub]bool{}
	for _, m := range h.topics {
		for s := range m {
			seen[s] = true
		}
	}
	return len(seen)
}

// Close ends every subscription (their channels close) and refuses new
// ones and new events.
func (h *Hub) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, m := range h.topics {
		for s := range m {
			h.removeLocked(s)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
