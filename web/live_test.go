package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/events"
	"hearth/events/eventstest"
	"hearth/sqlstore/storetest/testdb"
)

// sseStream is a browser's EventSource, read by hand.
type sseStream struct {
	t      *testing.T
	res    *http.Response
	r      *bufio.Reader
	cancel context.CancelFunc
	lines  chan string
}

// liveEvent is one message of the stream.
type liveEvent struct {
	ID      int64
	Kind    string `json:"kind"`
	Topic   string `json:"topic"`
	Group   int64  `json:"group"`
	Subject int64  `json:"subject"`
}

// openStream opens GET path as c, with Last-Event-ID when last > 0, and
// wants status.
func openStream(t *testing.T, c *testClient, path string, last int64, status int) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.ts.URL+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	if last > 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(last, 10))
	}
	res, err := c.hc.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != status {
		cancel()
		res.Body.Close()
		t.Fatalf("GET %s: status %d, want %d", path, res.StatusCode, status)
	}
	s := &sseStream{t: t, res: res, r: bufio.NewReader(res.Body), cancel: cancel, lines: make(chan string, 64)}
	go func() {
		defer close(s.lines)
		for {
			line, err := s.r.ReadString('\n')
			if err != nil {
				return
			}
			s.lines <- strings.TrimRight(line, "\n")
		}
	}()
	t.Cleanup(s.close)
	return s
}

func (s *sseStream) close() {
	s.cancel()
	s.res.Body.Close()
}

// line reads the next line, or "" and false after wait.
func (s *sseStream) line(wait time.Duration) (string, bool) {
	select {
	case l, ok := <-s.lines:
		return l, ok
	case <-time.After(wait):
		return "", false
	}
}

// next reads the next event (comment and retry lines skipped).
func (s *sseStream) next(wait time.Duration) (liveEvent, bool) {
	s.t.Helper()
	var e liveEvent
	got := false
	for {
		l, ok := s.line(wait)
		if !ok {
			return e, false
		}
		switch {
		case l == "" && got:
			return e, true
		case strings.HasPrefix(l, "id: "):
			e.ID, _ = strconv.ParseInt(l[4:], 10, 64)
			got = true
		case strings.HasPrefix(l, "data: "):
			if err := json.Unmarshal([]byte(l[6:]), &e); err != nil {
				s.t.Fatalf("event data %q: %v", l, err)
			}
			got = true
		}
	}
}

func (s *sseStream) want(t *testing.T, kind string, subject int64) liveEvent {
	t.Helper()
	e, ok := s.next(5 * time.Second)
	if !ok {
		t.Fatalf("no %s event within 5 s", kind)
	}
	if e.Kind != kind || e.Subject != subject || e.ID == 0 {
		t.Fatalf("got event %+v, want kind %s subject %d", e, kind, subject)
	}
	return e
}

func (s *sseStream) wantNone(t *testing.T) {
	t.Helper()
	if e, ok := s.next(100 * time.Millisecond); ok {
		t.Fatalf("unexpected event %+v", e)
	}
}

func TestLiveEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner := ts.signUp(t, "Dawn")
		other := ts.signUp(t, "Hollis")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "tuesday", Name: "Tuesday Night Circle"})
		topic := hearth.GroupTopic(g.ID)
		publish := func(topic, kind string, subject int64) int64 {
			t.Helper()
			e := &hearth.Event{Topic: topic, Kind: kind, Group: g.ID, Subject: subject}
			if err := ts.srv.events.Publish(context.Background(), e); err != nil {
				t.Fatal(err)
			}
			return e.ID
		}

		// Visitors, non-members and made-up topics are refused.
		openStream(t, ts.client(t), "/events", 0, http.StatusSeeOther).close() // to sign in
		openStream(t, other.testClient, "/events?topic="+topic, 0, http.StatusForbidden).close()
		openStream(t, other.testClient, "/events?topic="+hearth.AccountTopic(owner.acct.ID), 0, http.StatusForbidden).close()
		openStream(t, owner.testClient, "/events?topic=group.x", 0, http.StatusForbidden).close()

		s := openStream(t, owner.testClient, "/events?topic="+topic, 0, http.StatusOK)
		if ct := s.res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
			t.Fatalf("Content-Type %q", ct)
		}
		if l, _ := s.line(5 * time.Second); !strings.HasPrefix(l, "retry: ") {
			t.Fatalf("first line %q, want retry:", l)
		}
		// Someone else's topic is not heard; the member's own and the
		// group's are.
		publish(hearth.AccountTopic(other.acct.ID), hearth.EventNotification, 1)
		first := publish(topic, hearth.EventShare, 11)
		publish(hearth.AccountTopic(owner.acct.ID), hearth.EventNotification, 12)
		e := s.want(t, hearth.EventShare, 11)
		if e.ID != first || e.Group != g.ID || e.Topic != topic {
			t.Fatalf("event %+v, want ID %d in group %d", e, first, g.ID)
		}
		last := s.want(t, hearth.EventNotification, 12).ID
		s.wantNone(t)

		// Resume: the browser goes away, two things happen, it comes back
		// with Last-Event-ID and gets both, once each, then live ones.
		s.close()
		publish(topic, hearth.EventShare, 21)
		publish(topic, hearth.EventReply, 22)
		s = openStream(t, owner.testClient, "/events?topic="+topic, last, http.StatusOK)
		s.want(t, hearth.EventShare, 21)
		e = s.want(t, hearth.EventReply, 22)
		s.wantNone(t)
		publish(topic, hearth.EventShare, 23)
		s.want(t, hearth.EventShare, 23)
		s.wantNone(t)
		// ?last= resumes too (a page that opens anew).
		s.close()
		s = openStream(t, owner.testClient, "/events?topic="+topic+"&last="+strconv.FormatInt(e.ID, 10), 0, http.StatusOK)
		s.want(t, hearth.EventShare, 23)
		s.wantNone(t)

		// A notification recorded through the store reaches its member.
		n, ok := ts.store.(interface {
			Notify(context.Context, hearth.Notification, int64) error
		})
		if !ok {
			t.Fatal("the store cannot notify")
		}
		if err := n.Notify(context.Background(), hearth.Notification{AccountID: owner.acct.ID, Kind: hearth.NotifyReply, Group: g.ID, Subject: 5}, other.acct.ID); err != nil {
			t.Fatal(err)
		}
		if e, ok := s.next(5 * time.Second); !ok || e.Kind != hearth.EventNotification || e.Group != g.ID || e.Subject == 0 {
			t.Fatalf("notification event %+v (%v)", e, ok)
		}

		// Shutting down ends the stream.
		ts.srv.StopStreams()
		deadline := time.After(5 * time.Second)
		for ended := false; !ended; {
			select {
			case _, ok := <-s.lines:
				ended = !ok
			case <-deadline:
				t.Fatal("the stream did not end on shutdown")
			}
		}
	})
}

// peek GETs path and reads the status, headers and the first line of the
// body only: for event streams, which never end.
func (c *testClient) peek(path string) *response {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.ts.URL+path, nil)
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	line, _ := bufio.NewReader(res.Body).ReadString('\n')
	return &response{req: "GET " + path, status: res.StatusCode, header: res.Header, cookies: res.Cookies(), body: line}
}

// TestLiveAcrossNodes runs two Hearth servers over one database, each with
// its own connection to the real NATS server: a notification recorded on
// node A reaches the member's stream on node B, and a browser that moves
// from A to B resumes there with the ID it heard on A.
func TestLiveAcrossNodes(t *testing.T) {
	url := eventstest.NATSURL(t)
	prefix := eventstest.Prefix()
	forEachDB(t, func(t *testing.T, open openStore) {
		dial := func(name string) *events.NATS {
			n, err := events.DialNATS(t.Context(), events.NATSConfig{URL: url, Prefix: prefix, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { n.Close() })
			return n
		}
		natsA, natsB := dial("node-a"), dial("node-b")
		t.Cleanup(func() { natsA.DeleteStream(context.Background()) })
		clock := newTestClock()
		store := open(t, clock.Now)
		a := mustOpenServer(t, store, withClock(clock), withEvents(natsA)) // the store publishes through A
		b := mustOpenServer(t, store, withClock(clock), withEvents(natsB))
		b.srv.store.(interface{ SetEvents(hearth.EventService) }).SetEvents(natsA)

		owner := a.signUp(t, "Marlow")
		replier := a.signUp(t, "Quinn")
		g := a.makeGroup(t, owner.acct, hearth.Group{Slug: "harbor", Name: "Harbor"})
		onB, _ := b.mintSession(t, owner.acct.ID)
		onA, _ := a.mintSession(t, owner.acct.ID)
		sB := openStream(t, onB, "/events?topic="+hearth.GroupTopic(g.ID), 0, http.StatusOK)
		sA := openStream(t, onA, "/events", 0, http.StatusOK)
		notify := func() {
			t.Helper()
			err := store.Notify(context.Background(), hearth.Notification{AccountID: owner.acct.ID, Kind: hearth.NotifyReply,
				Group: g.ID, Subject: 1}, replier.acct.ID)
			if err != nil {
				t.Fatal(err)
			}
		}
		notify()
		eB, ok := sB.next(5 * time.Second)
		if !ok || eB.Kind != hearth.EventNotification || eB.Group != g.ID {
			t.Fatalf("node B heard %+v (%v)", eB, ok)
		}
		eA, ok := sA.next(5 * time.Second)
		if !ok || eA.ID != eB.ID {
			t.Fatalf("node A heard %+v (%v), node B %+v: the IDs differ", eA, ok, eB)
		}
		// Off A; two more; back on B with A's last ID: both, once each.
		sA.close()
		notify()
		notify()
		for range 2 {
			sB.next(5 * time.Second)
		}
		sB2 := openStream(t, onB, "/events", eA.ID, http.StatusOK)
		e1, ok1 := sB2.next(5 * time.Second)
		e2, ok2 := sB2.next(5 * time.Second)
		if !ok1 || !ok2 || e1.ID <= eA.ID || e2.ID <= e1.ID || e1.Kind != hearth.EventNotification {
			t.Fatalf("resumed on B: %+v %+v", e1, e2)
		}
		sB2.wantNone(t)
	})
}

// TestLiveOverHTTP2: a stream over HTTP/2, which cannot be taken from
// net/http, stays in its handler and works the same.
func TestLiveOverHTTP2(t *testing.T) {
	clock := newTestClock()
	ts := mustOpenServer(t, testdb.SQLite(t, clock.Now).Store, withClock(clock))
	m := ts.signUp(t, "Sable")
	h2 := httptest.NewUnstartedServer(ts.srv)
	h2.EnableHTTP2 = true
	h2.StartTLS()
	t.Cleanup(h2.Close)
	token, hash, err := credential.NewToken("")
	if err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	if err := ts.store.CreateSession(context.Background(), &hearth.Session{AccountID: m.acct.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(time.Hour)}, hash); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h2.URL+"/events", nil)
	req.Header.Set("Cookie", ts.srv.cookieName()+"="+token)
	res, err := h2.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.ProtoMajor != 2 || res.StatusCode != http.StatusOK {
		t.Fatalf("%s %d", res.Proto, res.StatusCode)
	}
	r := bufio.NewReader(res.Body)
	if l, _ := r.ReadString('\n'); !strings.HasPrefix(l, "retry: ") {
		t.Fatalf("first line %q", l)
	}
	e := &hearth.Event{Topic: hearth.AccountTopic(m.acct.ID), Kind: hearth.EventNotification, Subject: 4}
	if err := ts.srv.events.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	want := "id: " + strconv.FormatInt(e.ID, 10) + "\n"
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("no event over HTTP/2: %v", err)
		}
		if l == want {
			break
		}
	}
	if l, _ := r.ReadString('\n'); !strings.Contains(l, `"kind":"notification"`) || !strings.Contains(l, `"subject":4`) {
		t.Fatalf("data %q", l)
	}
}

// TestLiveOutlivesServerTimeouts: a stream lives on past the server's read
// and write timeouts, which are for ordinary requests.
func TestLiveOutlivesServerTimeouts(t *testing.T) {
	clock := newTestClock()
	ts := mustOpenServer(t, testdb.SQLite(t, clock.Now).Store, withClock(clock))
	m := ts.signUp(t, "Tamsin")
	short := httptest.NewUnstartedServer(ts.srv)
	short.Config.ReadTimeout = 300 * time.Millisecond
	short.Config.WriteTimeout = 300 * time.Millisecond
	short.Start()
	t.Cleanup(short.Close)
	c := ts.client(t)
	c.ts = &testServer{Server: short, srv: ts.srv, store: ts.store, clock: clock, cfg: ts.cfg}
	u, _ := url.Parse(short.URL)
	c.jar.SetCookies(u, m.jar.Cookies(mustURL(t, ts.URL)))
	s := openStream(t, c, "/events", 0, http.StatusOK)
	time.Sleep(time.Second)
	e := &hearth.Event{Topic: hearth.AccountTopic(m.acct.ID), Kind: hearth.EventNotification, Subject: 5}
	if err := ts.srv.events.Publish(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if got := s.want(t, hearth.EventNotification, 5); got.ID != e.ID {
		t.Fatalf("event %+v, want ID %d", got, e.ID)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestLiveEndsWithItsSession: a stream ends when its session does (signed
// out, or out everywhere from another device, or a new password), and the
// streams of the member's other sessions go on.
func TestLiveEndsWithItsSession(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Wren")
		ended := func(s *sseStream) bool {
			t.Helper()
			deadline := time.After(10 * time.Second)
			for {
				select {
				case _, ok := <-s.lines:
					if !ok {
						return true
					}
				case <-deadline:
					return false
				}
			}
		}
		phone, laptop := ts.signIn(t, m.handle, m.password), ts.signIn(t, m.handle, m.password)
		onPhone := openStream(t, phone, "/events", 0, http.StatusOK)
		onLaptop := openStream(t, laptop, "/events", 0, http.StatusOK)
		onHome := openStream(t, m.testClient, "/events", 0, http.StatusOK)

		laptop.post("/signout", nil).wantStatus(t, http.StatusSeeOther)
		if !ended(onLaptop) {
			t.Fatal("the laptop's stream goes on after it signed out")
		}
		note := &hearth.Event{Topic: hearth.AccountTopic(m.acct.ID), Kind: hearth.EventNotification, Subject: 5}
		if err := ts.srv.events.Publish(context.Background(), note); err != nil {
			t.Fatal(err)
		}
		onPhone.want(t, hearth.EventNotification, 5)
		onHome.want(t, hearth.EventNotification, 5)

		// A new password ends the other sessions, and their streams.
		m.post("/settings/password", url.Values{"current_password": {m.password}, "new_password": {"a new and longer passphrase"}}).wantStatus(t, http.StatusSeeOther)
		if !ended(onPhone) {
			t.Error("the phone's stream goes on after a new password ended its session")
		}
		// Out everywhere, this session too.
		m.post("/settings/sessions/end-all", url.Values{}).wantStatus(t, http.StatusSeeOther)
		if !ended(onHome) {
			t.Error("the stream goes on after signing out everywhere")
		}
	})
}
