package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"hearth"
)

// NATS is the EventService of many Hearth nodes. Every node publishes into
// one JetStream stream (its subjects under the prefix) and reads the
// whole stream, in order, through an ordered consumer into its own Hub.
// An event's ID is its stream sequence: one order for every node, so a
// browser's Last-Event-ID means the same thing on each of them.
//
// Publish returns once the NATS server has kept the event; the publishing
// node's own subscribers, like everyone else's, hear it through the
// stream. The stream keeps the latest RingSize events for an hour (file
// storage, so the sequence survives a restart of the NATS server): a node
// that starts reads them into its ring, and can serve resumes at once.
type NATS struct {
	hub    *Hub
	conn   *nats.Conn
	js     jetstream.JetStream
	stream string
	prefix string
	cc     jetstream.ConsumeContext
	log    *slog.Logger
}

var _ hearth.EventService = (*NATS)(nil)

// NATSConfig says how to reach NATS.
type NATSConfig struct {
	URL string
	// Prefix begins every subject (default "hearth"); Hearth nodes that
	// share events use the same prefix, and another Hearth on the same
	// NATS another one. Letters, digits, - and _ only.
	Prefix string
	Log    *slog.Logger
	// Name names this node's connection in NATS's monitoring.
	Name string
}

var prefixOK = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// DialNATS connects to NATS, makes the stream if need be and starts
// reading it.
func DialNATS(ctx context.Context, cfg NATSConfig) (*NATS, error) {
	if cfg.Prefix == "" {
		cfg.Prefix = "hearth"
	}
	if !prefixOK.MatchString(cfg.Prefix) {
		return nil, fmt.Errorf("events: NATS prefix %q: letters, digits, - and _ only", cfg.Prefix)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Name == "" {
		cfg.Name = "hearth"
	}
	log := cfg.Log
	conn, err := nats.Connect(cfg.URL, nats.Name(cfg.Name), nats.MaxReconnects(-1),
		nats.Timeout(5*time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) { log.Warn("NATS disconnected", "err", err) }),
		nats.ReconnectHandler(func(*nats.Conn) { log.Info("NATS reconnected") }))
	if err != nil {
		return nil, fmt.Errorf("events: connecting to NATS: %w", err)
	}
	n := &NATS{hub: NewHub(RingSize), conn: conn, prefix: cfg.Prefix, stream: strings.ToUpper(cfg.Prefix) + "_EVENTS", log: log}
	if err := n.start(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return n, nil
}

func (n *NATS) start(ctx context.Context) error {
	js, err := jetstream.New(n.conn)
	if err != nil {
		return err
	}
	n.js = js
	_, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        n.stream,
		Description: "Hearth's live events: identifiers only, never content",
		Subjects:    []string{n.prefix + ".events.>"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Discard:     jetstream.DiscardOld,
		MaxMsgs:     RingSize,
		MaxAge:      time.Hour,
	})
	if err != nil {
		return fmt.Errorf("events: making the NATS stream %s (is JetStream on? nats-server -js): %w", n.stream, err)
	}
	cons, err := js.OrderedConsumer(ctx, n.stream, jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy})
	if err != nil {
		return fmt.Errorf("events: reading the NATS stream: %w", err)
	}
	n.cc, err = cons.Consume(n.receive)
	return err
}

// wire is an event as it crosses NATS.
type wire struct {
	Topic   string    `json:"t"`
	Kind    string    `json:"k"`
	Group   int64     `json:"g,omitempty"`
	Subject int64     `json:"s,omitempty"`
	At      time.Time `json:"at"`
}

func (n *NATS) receive(msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err != nil {
		n.log.Warn("NATS event without metadata", "err", err)
		return
	}
	var w wire
	if err := json.Unmarshal(msg.Data(), &w); err != nil {
		n.log.Warn("NATS event not understood", "err", err)
		return
	}
	n.hub.deliver(hearth.Event{ID: int64(md.Sequence.Stream), Topic: w.Topic, Kind: w.Kind,
		Group: w.Group, Subject: w.Subject, At: w.At})
}

// Publish keeps e in the stream and sets its ID to the stream sequence.
func (n *NATS) Publish(ctx context.Context, e *hearth.Event) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if e.Topic == "" || strings.ContainsAny(e.Topic, " \t\r\n*>") {
		return fmt.Errorf("events: bad topic %q", e.Topic)
	}
	data, err := json.Marshal(wire{Topic: e.Topic, Kind: e.Kind, Group: e.Group, Subject: e.Subject, At: e.At.UTC()})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ack, err := n.js.Publish(ctx, n.prefix+".events."+e.Topic, data)
	if err != nil {
		return fmt.Errorf("events: publishing to NATS: %w", err)
	}
	e.ID = int64(ack.Sequence)
	return nil
}

// Subscribe is the node's hub's: see Hub.Subscribe.
func (n *NATS) Subscribe(ctx context.Context, topics []string, after int64) (<-chan hearth.Event, error) {
	return n.hub.Subscribe(ctx, topics, after)
}

// Last is the ID of the newest event this node has heard.
func (n *NATS) Last() int64 { return n.hub.Last() }

// Close stops reading the stream, ends every subscription and closes the
// connection.
func (n *NATS) Close() error {
	if n.cc != nil {
		n.cc.Stop()
	}
	n.hub.Close()
	return errors.Join(n.conn.Drain())
}

// DeleteStream removes the stream (tests, and an operator starting over).
func (n *NATS) DeleteStream(ctx context.Context) error {
	return n.js.DeleteStream(ctx, n.stream)
}
