package web

import (
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
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	cw := &countingWriter{w: w}
	stats, err := meetingfeed.Write(r.Context(), s.store, cw, meetingfeed.FeedOptions{
		Entity:     s.cfg.FeedEntity,
		GroupID:    groupID,
		MeetingURL: func(slug string) string { return s.absURL(r, "/meetings/"+slug) },
	})
	if err != nil && cw.n == 0 {
		h.Del("Access-Control-Allow-Origin")
		return err
	}
	if err != nil {
		// Once the feed has begun there is no other answer to give: the
		// reader sees a feed cut short, which is not JSON, and tries again.
		s.logRequestError(r, err)
		return nil
	}
	if len(stats.Skipped) > 0 {
		s.log.Info("meetings left out of the feed", "count", len(stats.Skipped))
	}
	return nil
}

// countingWriter counts what has been written through it.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
