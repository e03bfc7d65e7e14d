package events

import (
	"context"
	"testing"
	"time"

	"hearth"
)

// next reads one event or fails after a while.
func next(t *testing.T, ch <-chan hearth.Event) hearth.Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the channel closed")
		}
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return hearth.Event{}
}

// none checks nothing more arrives for a moment.
func none(t *testing.T, ch <-chan hearth.Event) {
	t.Helper()
	select {
	case e, ok := <-ch:
		if ok {
			t.Fatalf("unexpected event %+v", e)
		}
	case <-time.After(50 * time.Millisecond):
	}
}

func publish(t *testing.T, ev hearth.EventService, topic, kind string, subject int64) hearth.Event {
	t.Helper()
	e := &hearth.Event{Topic: topic, Kind: kind, Subject: subject}
	if err := ev.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.At.IsZero() {
		t.Fatalf("Publish left the ID or time unset: %+v", e)
	}
	return *e
}

func TestHubFanOutByTopic(t *testing.T) {
	h := NewHub(8)
	ctx := t.Context()
	a, err := h.Subscribe(ctx, []string{hearth.GroupTopic(1), hearth.AccountTopic(7)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := h.Subscribe(ctx, []string{hearth.GroupTopic(2)}, 0)
	e1 := publish(t, h, hearth.GroupTopic(1), hearth.EventShare, 10)
	e2 := publish(t, h, hearth.GroupTopic(2), hearth.EventShare, 11)
	e3 := publish(t, h, hearth.AccountTopic(7), hearth.EventNotification, 12)
	if !(e1.ID < e2.ID && e2.ID < e3.ID) {
		t.Fatalf("IDs do not increase: %d %d %d", e1.ID, e2.ID, e3.ID)
	}
	if got := next(t, a); got.ID != e1.ID || got.Subject != 10 || got.Kind != hearth.EventShare {
		t.Fatalf("a got %+v, want %+v", got, e1)
	}
	if got := next(t, a); got.ID != e3.ID {
		t.Fatalf("a got %+v, want %+v", got, e3)
	}
	none(t, a)
	if got := next(t, b); got.ID != e2.ID {
		t.Fatalf("b got %+v, want %+v", got, e2)
	}
	none(t, b)
}

func TestHubResume(t *testing.T) {
	h := NewHub(4)
	topic := hearth.GroupTopic(1)
	var ids []int64
	for i := range 6 {
		ids = append(ids, publish(t, h, topic, hearth.EventShare, int64(i)).ID)
		publish(t, h, hearth.GroupTopic(9), hearth.EventShare, 0) // another group's
	}
	// The ring holds the latest 4 events: of topic, only the last two.
	ch, err := h.Subscribe(t.Context(), []string{topic}, ids[3])
	if err != nil {
		t.Fatal(err)
	}
	if got := next(t, ch); got.ID != ids[4] {
		t.Fatalf("resume gave %d, want %d", got.ID, ids[4])
	}
	if got := next(t, ch); got.ID != ids[5] {
		t.Fatalf("resume gave %d, want %d", got.ID, ids[5])
	}
	none(t, ch)
	live := publish(t, h, topic, hearth.EventReply, 99)
	if got := next(t, ch); got.ID != live.ID {
		t.Fatalf("live after resume gave %d, want %d", got.ID, live.ID)
	}
	// Resuming from the newest event gives nothing old.
	ch2, _ := h.Subscribe(t.Context(), []string{topic}, live.ID)
	none(t, ch2)
}

func TestHubDropsSlowSubscriber(t *testing.T) {
	h := NewHub(0)
	slow, _ := h.Subscribe(t.Context(), []string{"group.1"}, 0)
	fast, _ := h.Subscribe(t.Context(), []string{"group.1"}, 0)
	done := make(chan int)
	go func() {
		n := 0
		for range fast {
			n++
			if n == 3*SubscriberBuffer {
				break
			}
		}
		done <- n
	}()
	start := time.Now()
	for range 3 * SubscriberBuffer {
		publish(t, h, "group.1", hearth.EventShare, 1)
		time.Sleep(time.Millisecond) // let the fast reader keep up
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("publishing waited for a slow subscriber: %v", d)
	}
	if n := <-done; n != 3*SubscriberBuffer {
		t.Fatalf("the fast subscriber got %d", n)
	}
	n := 0
	for range slow { // closes after its buffer
		n++
	}
	if n != SubscriberBuffer {
		t.Fatalf("the slow subscriber got %d before being dropped, want %d", n, SubscriberBuffer)
	}
}

func TestHubContextEndsSubscription(t *testing.T) {
	h := NewHub(0)
	ctx, cancel := context.WithCancel(t.Context())
	ch, _ := h.Subscribe(ctx, []string{"group.1"}, 0)
	if h.Subscribers() != 1 {
		t.Fatalf("subscribers = %d", h.Subscribers())
	}
	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("an event after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel did not close")
	}
	if h.Subscribers() != 0 {
		t.Fatalf("subscribers = %d after cancel", h.Subscribers())
	}
	// Close ends the others and refuses more.
	ch2, _ := h.Subscribe(t.Context(), []string{"group.1"}, 0)
	h.Close()
	if _, ok := <-ch2; ok {
		t.Fatal("an event after Close")
	}
	if _, err := h.Subscribe(t.Context(), []string{"group.1"}, 0); err != ErrClosed {
		t.Fatalf("Subscribe after Close: %v", err)
	}
	if err := h.Publish(t.Context(), &hearth.Event{Topic: "group.1"}); err != ErrClosed {
		t.Fatalf("Publish after Close: %v", err)
	}
}
