package web

import (
	"errors"
	"io"
	"net/http"

	"hearth"
	"hearth/meetingfeed"
)

// The Meeting Guide feed: every listed, active meeting, for the meeting
// apps and intergroup websites that read the format. It is streamed as
// the store reads it, and open to pages of any origin, since the readers
// of the format fetch it from their own.

func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	return s.writeFeed(w, r, 0)
}

func (s *Server) groupFeed(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if g.Visibility != hearth.GroupListed {
		// An unlisted group's meetings are for its members, never in a
		// public feed.
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return s.writeFeed(w, r, g.ID)
}

func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, groupID int64) error {
	if groupID == 0 {
		if served, err := s.serveWholeFeed(w, r); served {
			return err
		}
	}
	stats, err := s.streamFeed(w, r, groupID, nil)
	if errors.Is(err, errFeedCut) {
		return nil
	}
	if err == nil && len(stats.Skipped) > 0 {
		s.log.Info("meetings left out of the feed", "count", len(stats.Skipped))
	}
	return err
}

// streamFeed writes the feed as the store reads it, and into keep as well
// when it is not nil. An error once the feed has begun is logged, not
// returned: there is no other answer left to give.
func (s *Server) streamFeed(w http.ResponseWriter, r *http.Request, groupID int64, keep io.Writer) (meetingfeed.FeedStats, error) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	cw := &countingWriter{w: w, keep: keep}
	stats, err := meetingfeed.Write(r.Context(), s.store, cw, meetingfeed.FeedOptions{
		Entity:     s.cfg.FeedEntity,
		GroupID:    groupID,
		MeetingURL: func(slug string) string { return s.absURL(r, "/meetings/"+slug) },
	})
	if err != nil && cw.n == 0 {
		h.Del("Access-Control-Allow-Origin")
		h.Del("ETag")
		return stats, err
	}
	if err != nil {
		// The reader sees a feed cut short, which is not JSON, and tries
		// again.
		s.logRequestError(r, err)
		return stats, errFeedCut
	}
	return stats, nil
}

// errFeedCut reports a feed that stopped after it had begun; it has been
// logged.
var errFeedCut = errors.New("web: the feed was cut short")

// countingWriter counts what has been written through it.
// and copies it to keep, when not nil.
type countingWriter struct {
	w    http.ResponseWriter
	keep io.Writer
	n    int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err == nil && c.keep != nil {
		c.keep.Write(p)
	}
	return n, err
}
