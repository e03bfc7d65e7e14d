package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"hearth"
	"hearth/credential"
)

// Live events over Server-Sent Events (GET /events).
//
// A signed-in member's page listens to their own topic (notifications),
// always, and to the topics it names (?topic=group.12, repeated) of the
// groups they belong to. Each event is one line of small JSON: its kind,
// group and subject (identifiers, never what anyone wrote); the page asks
// for the new thing over an ordinary request. A reconnecting browser sends
// the last ID it saw (Last-Event-ID, or ?last= when a page opens anew) and
// gets, once each and in order, the events since that the node still
// holds. A connection costs its handler's goroutine, a small channel and a
// timer: nothing else is kept per browser.

const (
	// liveHeartbeat is how often an idle stream sends a comment line, so
	// proxies keep it open and a vanished browser is noticed.
	liveHeartbeat = 25 * time.Second
	// liveRetry is how long a browser waits before reconnecting.
	liveRetry = 3 * time.Second
	// liveTopicsMax bounds the topics of one stream.
	liveTopicsMax = 16
	// liveWriteWait is how long one write may take before the stream is
	// given up.
	liveWriteWait = 20 * time.Second
)

// liveTopics are the topics a member asks for, checked: their own always,
// a group's only if they belong to it.
func (s *Server) liveTopics(r *http.Request, acct *hearth.Account) ([]string, error) {
	topics := []string{hearth.AccountTopic(acct.ID)}
	asked := r.URL.Query()["topic"]
	if len(asked) > liveTopicsMax {
		return nil, hearth.Errorf(hearth.EINVALID, "error.form")
	}
	for _, t := range asked {
		if slices.Contains(topics, t) {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(t, "group."), 10, 64)
		if !strings.HasPrefix(t, "group.") || err != nil || id <= 0 || hearth.GroupTopic(id) != t {
			return nil, hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden")
		}
		m, err := s.store.Membership(r.Context(), id)
		if hearth.ErrorCode(err) == hearth.ENOTFOUND || (err == nil && m.Pending) {
			return nil, hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden")
		}
		if err != nil {
			return nil, err
		}
		topics = append(topics, t)
	}
	return topics, nil
}

func (s *Server) liveEvents(w http.ResponseWriter, r *http.Request) error {
	if s.events == nil {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	acct := hearth.AccountFromContext(r.Context())
	topics, err := s.liveTopics(r, acct)
	if err != nil {
		return err
	}
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = r.URL.Query().Get("last")
	}
	after, _ := strconv.ParseInt(last, 10, 64)
	if after < 0 {
		after = 0
	}
	// The subscription outlives the request's context when the stream
	// is handed to a goroutine of its own (below); it ends with cancel,
	// and so when the stream's session ends (endStreamsOfEndedSessions).
	sub, cancelSub := context.WithCancel(context.Background())
	ch, err := s.events.Subscribe(sub, topics, after)
	if err != nil {
		cancelSub()
		return err
	}
	cancel := s.streams.add(acct.ID, s.sessionTokenHash(r), cancelSub)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w)
	// Over HTTP/1.1 the connection is taken from net/http and the stream
	// handed to a goroutine of its own, in place of this handler's: the
	// request, its buffers and the goroutine that watches for the client
	// closing are all let go, so an idle stream costs a small goroutine,
	// its channel and a timer. A client gone is noticed by the next
	// heartbeat's write. HTTP/2 cannot be taken over: the stream then
	// stays in this handler.
	if conn, _, err := rc.Hijack(); err == nil {
		head := make([]byte, 0, 1024)
		head = append(head, "HTTP/1.1 200 OK\r\n"...)
		for k, vs := range h {
			for _, v := range vs {
				head = append(append(append(append(head, k...), ": "...), v...), "\r\n"...)
			}
		}
		head = append(head, "Connection: close\r\n\r\n"...)
		go func() {
			defer cancel()
			defer conn.Close()
			s.stream(ch, nil, func(b []byte) bool {
				conn.SetWriteDeadline(time.Now().Add(liveWriteWait))
				if head != nil {
					b, head = append(head, b...), nil
				}
				_, err := conn.Write(b)
				return err == nil
			})
		}()
		return nil
	}
	defer cancel()
	// The server's read and write timeouts are for ordinary requests; a
	// stream lives on, each write with its own deadline.
	rc.SetReadDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	s.stream(ch, r.Context().Done(), func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(liveWriteWait))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	})
	return nil
}

// stream writes the retry interval, then each event of ch and a heartbeat
// when idle, until ch closes, done closes, the server stops or a write
// fails.
func (s *Server) stream(ch <-chan hearth.Event, done <-chan struct{}, send func([]byte) bool) {
	var buf [160]byte
	if !send(append(strconv.AppendInt(append(buf[:0], "retry: "...), liveRetry.Milliseconds(), 10), "\n\n"...)) {
		return
	}
	beat := time.NewTimer(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				// Dropped (too slow) or the service closed: the browser
				// reconnects and resumes.
				return
			}
			if !send(appendEvent(buf[:0], &e)) {
				return
			}
		case <-beat.C:
			if !send(append(buf[:0], ":\n\n"...)) {
				return
			}
		case <-done:
			return
		case <-s.stopping:
			return
		}
		beat.Reset(liveHeartbeat)
	}
}

// appendEvent writes e as one SSE message:
//
//	id: 42
//	data: {"kind":"share","topic":"group.12","group":12,"subject":7}
func appendEvent(b []byte, e *hearth.Event) []byte {
	b = append(b, "id: "...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, "\ndata: {\"kind\":"...)
	b = strconv.AppendQuote(b, e.Kind)
	b = append(b, ",\"topic\":"...)
	b = strconv.AppendQuote(b, e.Topic)
	b = append(b, ",\"group\":"...)
	b = strconv.AppendInt(b, e.Group, 10)
	b = append(b, ",\"subject\":"...)
	b = strconv.AppendInt(b, e.Subject, 10)
	return append(b, "}\n\n"...)
}

// liveStreams are the open live streams, by account.
type liveStreams struct {
	mu        sync.Mutex
	byAccount map[int64]map[*liveStream]struct{}
}

// liveStream is one open stream: its session's token hash (nil for
// none) and how to end it.
type liveStream struct {
	tokenHash []byte
	end       context.CancelFunc
}

// add registers a stream of the account; the function it returns ends
// the stream and forgets it.
func (l *liveStreams) add(accountID int64, tokenHash []byte, end context.CancelFunc) context.CancelFunc {
	st := &liveStream{tokenHash: tokenHash, end: end}
	l.mu.Lock()
	if l.byAccount == nil {
		l.byAccount = map[int64]map[*liveStream]struct{}{}
	}
	if l.byAccount[accountID] == nil {
		l.byAccount[accountID] = map[*liveStream]struct{}{}
	}
	l.byAccount[accountID][st] = struct{}{}
	l.mu.Unlock()
	return func() {
		end()
		l.mu.Lock()
		delete(l.byAccount[accountID], st)
		if len(l.byAccount[accountID]) == 0 {
			delete(l.byAccount, accountID)
		}
		l.mu.Unlock()
	}
}

// of lists the account's open streams.
func (l *liveStreams) of(accountID int64) []*liveStream {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := make([]*liveStream, 0, len(l.byAccount[accountID]))
	for st := range l.byAccount[accountID] {
		list = append(list, st)
	}
	return list
}

// sessionTokenHash is the hash of the request's session token, or nil.
func (s *Server) sessionTokenHash(r *http.Request) []byte {
	if sessionOf(r.Context()) == nil {
		return nil
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil
	}
	return credential.HashToken(c.Value)
}

// endStreamsOfEndedSessions ends the account's open streams whose session
// has ended (signed out, ended from another device, a new password, the
// account erased), so that a page left open on another device hears
// nothing more. The store calls it after such a change.
func (s *Server) endStreamsOfEndedSessions(accountID int64) {
	streams := s.streams.of(accountID)
	if len(streams) == 0 {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		now := s.now()
		for _, st := range streams {
			if st.tokenHash == nil {
				continue
			}
			_, _, err := s.store.FindSession(ctx, st.tokenHash, now, now.Add(-s.cfg.SessionIdle))
			if hearth.ErrorCode(err) == hearth.ENOTFOUND {
				st.end()
			}
		}
	}()
}
