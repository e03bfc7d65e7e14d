package web

import (
	"context"
	"net/http"
	"time"

	"hearth"
)

// The API of message reports: a member reports a message and lists their
// reports; site admins list the open ones, open one (a logged read) and
// close it.

// APIMessageReport is a report of a message. The reporter sees their
// note, the status and each time a site admin read it; a site admin who
// opens it sees the message too.
type APIMessageReport struct {
	ID             int64       `json:"id"`
	MessageID      int64       `json:"message_id,omitempty"`
	ConversationID int64       `json:"conversation_id,omitempty"`
	Reason         string      `json:"reason"`
	Note           string      `json:"note,omitempty"`
	Status         string      `json:"status"`
	CreatedAt      time.Time   `json:"created_at"`
	HandledAt      *time.Time  `json:"handled_at"`
	ReadAt         []time.Time `json:"read_by_a_site_admin_at"`
	// Again: the member had reported the message already.
	Again bool `json:"already_reported,omitempty"`
	// For a site admin who opened it; Author and Reporter are null for
	// former members.
	Body      string     `json:"body,omitempty"`
	Author    *string    `json:"author,omitempty"`
	Reporter  *string    `json:"reporter,omitempty"`
	MessageAt *time.Time `json:"message_at,omitempty"`
	Outcome   string     `json:"outcome,omitempty"`
}

func apiMessageReport(r *hearth.MessageReport) APIMessageReport {
	out := APIMessageReport{ID: r.ID, MessageID: r.MessageID, ConversationID: r.ConversationID, Reason: r.Reason,
		Note: r.Note, Status: r.Status, CreatedAt: r.CreatedAt.UTC(), HandledAt: optTime(r.HandledAt),
		ReadAt: make([]time.Time, 0, len(r.Reads)), Again: r.Again}
	for _, at := range r.Reads {
		out.ReadAt = append(out.ReadAt, at.UTC())
	}
	if r.Opened {
		out.Body, out.Outcome, out.MessageAt = r.Body, r.Outcome, optTime(r.MessageAt)
		if r.AuthorName != "" {
			out.Author = &r.AuthorName
		}
		if r.ReporterName != "" {
			out.Reporter = &r.ReporterName
		}
	}
	return out
}

// writeMessageReports answers a list of reports.
func writeMessageReports(w http.ResponseWriter, list []*hearth.MessageReport) error {
	out := struct {
		Reports []APIMessageReport `json:"reports"`
	}{make([]APIMessageReport, 0, len(list))}
	for _, r := range list {
		out.Reports = append(out.Reports, apiMessageReport(r))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReportMessage(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		MessageID int64  `json:"message_id"`
		Reason    string `json:"reason"`
		Note      string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rep, err := s.store.ReportMessage(r.Context(), in.MessageID, in.Reason, in.Note)
	if err != nil {
		return apiFields(err, nil)
	}
	status := http.StatusCreated
	if rep.Again {
		status = http.StatusOK
	}
	return writeJSON(w, status, apiMessageReport(rep))
}

func (s *Server) apiMyMessageReports(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MyMessageReports(r.Context())
	if err != nil {
		return err
	}
	return writeMessageReports(w, list)
}

func (s *Server) apiMessageReports(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MessageReports(r.Context())
	if err != nil {
		return err
	}
	return writeMessageReports(w, list)
}

func (s *Server) apiMessageReport(w http.ResponseWriter, r *http.Request) error {
	return s.apiAdminReport(w, r, s.store.MessageReport)
}

func (s *Server) apiOpenMessageReport(w http.ResponseWriter, r *http.Request) error {
	return s.apiAdminReport(w, r, s.store.OpenMessageReport)
}

// apiAdminReport answers one report as read.
func (s *Server) apiAdminReport(w http.ResponseWriter, r *http.Request, read func(context.Context, int64) (*hearth.MessageReport, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := read(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiMessageReport(rep))
}

func (s *Server) apiHandleMessageReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Status  string `json:"status"`
		Outcome string `json:"outcome"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.HandleMessageReport(r.Context(), id, in.Status, in.Outcome); err != nil {
		return apiFields(err, nil)
	}
	return noContent(w)
}
