package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"hearth"
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
	ctx := r.Context()
	ch, err := s.events.Subscribe(ctx, topics, after)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	// The server's read and write timeouts are for ordinary requests; a
	// stream lives on, each write with its own deadline.
	rc.SetReadDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var buf [192]byte
	send := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(liveWriteWait))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send(append(strconv.AppendInt(append(buf[:0], "retry: "...), liveRetry.Milliseconds(), 10), "\n\n"...)) {
		return nil
	}
	beat := time.NewTimer(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				// Dropped (too slow) or the service closed: the browser
				// reconnects and resumes.
				return nil
			}
			if !send(appendEvent(buf[:0], &e)) {
				return nil
			}
		case <-beat.C:
			if !send(append(buf[:0], ":\n\n"...)) {
				return nil
			}
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
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
