package events

import (
	"context"
	"testing"
	"time"

	"hearth"
	"hearth/events/eventstest"
)

func dialTest(t *testing.T, url, prefix, name string) *NATS {
	t.Helper()
	n, err := DialNATS(t.Context(), NATSConfig{URL: url, Prefix: prefix, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func TestNATSTwoNodes(t *testing.T) {
	url := eventstest.NATSURL(t)
	prefix := eventstest.Prefix()
	a := dialTest(t, url, prefix, "node-a")
	t.Cleanup(func() { a.DeleteStream(context.Background()) })
	b := dialTest(t, url, prefix, "node-b")

	topic := hearth.GroupTopic(5)
	onA, err := a.Subscribe(t.Context(), []string{topic}, 0)
	if err != nil {
		t.Fatal(err)
	}
	onB, _ := b.Subscribe(t.Context(), []string{topic}, 0)
	e1 := publish(t, a, topic, hearth.EventShare, 1)
	e2 := publish(t, b, topic, hearth.EventReply, 2)
	if e2.ID <= e1.ID {
		t.Fatalf("IDs across nodes do not increase: %d then %d", e1.ID, e2.ID)
	}
	for name, ch := range map[string]<-chan hearth.Event{"a": onA, "b": onB} {
		if got := next(t, ch); got.ID != e1.ID || got.Kind != hearth.EventShare || got.Subject != 1 || got.Topic != topic {
			t.Fatalf("node %s got %+v first, want %+v", name, got, e1)
		}
		if got := next(t, ch); got.ID != e2.ID || got.Subject != 2 {
			t.Fatalf("node %s got %+v second, want %+v", name, got, e2)
		}
		none(t, ch)
	}

	// A browser that heard e1 on node a resumes on node b.
	e3 := publish(t, a, topic, hearth.EventShare, 3)
	next(t, onB)
	resumed, _ := b.Subscribe(t.Context(), []string{topic}, e1.ID)
	for _, want := range []hearth.Event{e2, e3} {
		if got := next(t, resumed); got.ID != want.ID {
			t.Fatalf("resume on b gave %d, want %d", got.ID, want.ID)
		}
	}
	none(t, resumed)

	// A node that starts later holds the stream's recent events.
	c := dialTest(t, url, prefix, "node-c")
	deadline := time.Now().Add(5 * time.Second)
	for c.Last() < e3.ID && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	late, _ := c.Subscribe(t.Context(), []string{topic}, e2.ID)
	if got := next(t, late); got.ID != e3.ID {
		t.Fatalf("resume on a later node gave %d, want %d", got.ID, e3.ID)
	}
}

func TestNATSBadPrefix(t *testing.T) {
	if _, err := DialNATS(t.Context(), NATSConfig{URL: "nats://127.0.0.1:1", Prefix: "a.b"}); err == nil {
		t.Fatal("a prefix with a dot was accepted")
	}
}
