package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"hearth"
	"hearth/i18n"
)

// Reports of private messages. A member reports a message written to
// them from the conversation's page; the report goes to the site admins'
// queue (/admin/reports), and to no group's. Opening it, for an admin,
// reads that message only, and is logged: the reporter sees, on their
// messages page, each time a site admin read it.

// messageReportPath is where a site admin reads a report.
func messageReportPath(id int64) string {
	return "/admin/reports/messages/" + strconv.FormatInt(id, 10)
}

// MessageReportFormPage asks why a message is reported.
type MessageReportFormPage struct {
	Page
	C       *hearth.Conversation
	M       *hearth.Message
	Form    *Form
	Reasons []Choice
}

// pathMessage is the conversation and the message (not the member's own)
// the path names; ENOTFOUND for any other.
func (s *Server) pathMessage(r *http.Request) (*hearth.Conversation, *hearth.Message, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	mid, err := strconv.ParseInt(r.PathValue("message"), 10, 64)
	if err != nil || mid <= 0 || mid == 1<<63-1 {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.store.Messages(r.Context(), id, mid+1, 1)
	if err != nil {
		return nil, nil, err
	}
	if len(list) != 1 || list[0].ID != mid || list[0].Mine {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return c, list[0], nil
}

func (s *Server) reportMessagePage(w http.ResponseWriter, r *http.Request) error {
	return s.reportMessageForm(w, r, http.StatusOK, &Form{Values: url.Values{}})
}

func (s *Server) reportMessageForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	c, m, err := s.pathMessage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "message_report_form", &MessageReportFormPage{Page: s.page(r, "message_report.title", "messages"),
		C: c, M: m, Form: f, Reasons: reasonChoices(i18n.For(langOf(r.Context())))})
}

func (s *Server) reportMessage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, m, err := s.pathMessage(r)
	if err != nil {
		return err
	}
	rep, err := s.store.ReportMessage(r.Context(), m.ID, r.PostForm.Get("reason"), r.PostForm.Get("note"))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.reportMessageForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	notice := "notice.message_reported"
	if rep.Again {
		notice = "notice.message_reported_again"
	}
	return s.redirect(w, r, conversationPath(c.ID)+"#m"+strconv.FormatInt(m.ID, 10), notice)
}

// MyReportView is one of the member's reports as their messages page
// shows it.
type MyReportView struct {
	*hearth.MessageReport
	When  string
	Reads []string
	// URL is the reported message in the member's conversation, "" once
	// they no longer have it.
	URL string
}

// myReportViews are the member's reports, with links into the
// conversations they still have.
func (s *Server) myReportViews(r *http.Request, convs []*hearth.Conversation) ([]*MyReportView, error) {
	list, err := s.store.MyMessageReports(r.Context())
	if err != nil {
		return nil, err
	}
	p := i18n.For(langOf(r.Context()))
	zone := s.viewerZone(r)
	out := make([]*MyReportView, 0, len(list))
	for _, rep := range list {
		v := &MyReportView{MessageReport: rep, When: p.DateTime(rep.CreatedAt.In(zone)), Reads: dateTimes(p, zone, rep.Reads)}
		if rep.ConversationID != 0 && slices.ContainsFunc(convs, func(c *hearth.Conversation) bool { return c.ID == rep.ConversationID }) {
			v.URL = conversationPath(rep.ConversationID) + "#m" + strconv.FormatInt(rep.MessageID, 10)
		}
		out = append(out, v)
	}
	return out, nil
}

// dateTimes are times as a member reads them.
func dateTimes(p *i18n.Printer, zone *time.Location, list []time.Time) []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = p.DateTime(t.In(zone))
	}
	return out
}

// MessageReportPage is a report as a site admin reads it, and the form
// to close it.
type MessageReportPage struct {
	Page
	R           *hearth.MessageReport
	When        string
	MessageWhen string
	HandledWhen string
	Reads       []string
	Form        *Form
	Statuses    []Choice
}

// messageReportPage shows a report without opening it: reading the
// message is a deliberate step (a POST), logged, and the reporter is told.
func (s *Server) messageReportPage(w http.ResponseWriter, r *http.Request) error {
	return s.messageReportForm(w, r, http.StatusOK, &Form{Values: url.Values{}}, false)
}

// openMessageReport shows the report opened: the reported message.
func (s *Server) openMessageReport(w http.ResponseWriter, r *http.Request) error {
	return s.messageReportForm(w, r, http.StatusOK, &Form{Values: url.Values{}}, true)
}

func (s *Server) messageReportForm(w http.ResponseWriter, r *http.Request, status int, f *Form, open bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	read := s.store.MessageReport
	if open {
		read = s.store.OpenMessageReport
	}
	rep, err := read(r.Context(), id)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	zone := s.viewerZone(r)
	page := &MessageReportPage{Page: s.page(r, "message_report.admin_title", "groups"), R: rep, Form: f,
		When: p.DateTime(rep.CreatedAt.In(zone)), Reads: dateTimes(p, zone, rep.Reads)}
	if rep.Opened {
		page.MessageWhen = p.DateTime(rep.MessageAt.In(zone))
	}
	if !rep.HandledAt.IsZero() {
		page.HandledWhen = p.DateTime(rep.HandledAt.In(zone))
	}
	for _, st := range []string{hearth.MessageReportActed, hearth.MessageReportDismissed} {
		page.Statuses = append(page.Statuses, Choice{st, p.T("message_report.choice." + st)})
	}
	return s.render(w, r, status, "message_report", page)
}

func (s *Server) handleMessageReport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.store.HandleMessageReport(r.Context(), id, r.PostForm.Get("status"), r.PostForm.Get("outcome"))
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, "/admin/reports", "notice.message_report_handled")
	case hearth.EINVALID, hearth.ECONFLICT:
		status := http.StatusUnprocessableEntity
		if hearth.ErrorCode(err) == hearth.ECONFLICT {
			status = http.StatusConflict
		}
		return s.messageReportForm(w, r, status, formFrom(r, err), false)
	}
	return err
}

// messageReportViews are the open message reports as the site queue
// lists them, beside the other reports.
func (s *Server) messageReportViews(r *http.Request, p *i18n.Printer, zone *time.Location) ([]*ReportView, error) {
	list, err := s.store.MessageReports(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]*ReportView, 0, len(list))
	for _, mr := range list {
		out = append(out, &ReportView{Report: &hearth.Report{ID: mr.ID, TargetKind: hearth.ReportMessage, Reason: mr.Reason,
			Status: mr.Status, CreatedAt: mr.CreatedAt}, When: p.DateTime(mr.CreatedAt.In(zone)),
			ShareURL: messageReportPath(mr.ID), Message: true, Reads: len(mr.Reads)})
	}
	return out, nil
}

// atRiskFirst orders a queue: reports that someone may be at risk first,
// then the oldest.
func atRiskFirst(a, b *ReportView) int {
	ra, rb := a.Reason != "at-risk", b.Reason != "at-risk"
	switch {
	case ra != rb && !ra:
		return -1
	case ra != rb:
		return 1
	}
	return a.CreatedAt.Compare(b.CreatedAt)
}
