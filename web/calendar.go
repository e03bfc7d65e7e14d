package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/ical"
)

// Calendars: one meeting, one group's meetings, and a member's private
// "my meetings" subscription at an unguessable address they can revoke.
// Each meeting is a weekly event in its own zone, so a calendar program
// keeps it at the same local time across daylight-saving changes.

// calendarRefresh is how often subscribed calendar programs are asked to
// fetch the private calendar again.
const calendarRefresh = 12 * time.Hour

// calendarPath is the address of a member's private calendar.
func calendarPath(token string) string { return "/calendar/" + token + ".ics" }

// calendarEvent turns a meeting into a weekly event, said in p's
// language.
func (s *Server) calendarEvent(r *http.Request, p *i18n.Printer, m *hearth.Meeting) ical.Event {
	e := ical.Event{
		UID:       fmt.Sprintf("meeting-%d@%s", m.ID, hostName(r)),
		Summary:   m.Name,
		URL:       s.absURL(r, "/meetings/"+m.Slug),
		Zone:      m.TimeZone,
		Days:      m.Days,
		Start:     m.Start,
		End:       m.End,
		FirstDate: m.CreatedAt,
		Updated:   m.UpdatedAt,
		Cancelled: m.Inactive,
	}
	if e.FirstDate.IsZero() {
		e.FirstDate = s.now()
	}
	e.FirstDate = e.FirstDate.In(m.Location())
	var desc []string
	if m.Group != nil {
		desc = append(desc, m.Group.Name)
	}
	if m.ConferenceURL != "" {
		desc = append(desc, p.T("calendar.join_online", "url", m.ConferenceURL))
		if m.ConferenceURLNotes != "" {
			desc = append(desc, m.ConferenceURLNotes)
		}
	}
	if m.ConferencePhone != "" {
		desc = append(desc, p.T("calendar.join_phone", "phone", m.ConferencePhone))
		if m.ConferencePhoneNotes != "" {
			desc = append(desc, m.ConferencePhoneNotes)
		}
	}
	if m.LocationNotes != "" {
		desc = append(desc, m.LocationNotes)
	}
	if m.Notes != "" {
		desc = append(desc, m.Notes)
	}
	e.Description = strings.Join(desc, "\n\n")
	switch {
	case m.Attendance() == hearth.Online:
		e.Location = m.ConferenceURL
	default:
		e.Location = placeLine(m)
	}
	if m.Point != nil && !m.Approximate {
		e.Geo = &ical.Geo{Lat: m.Point.Lat, Lon: m.Point.Lon}
	}
	return e
}

// hostName is the host the request came to, without its port: the
// domain of the events' UIDs.
func hostName(r *http.Request) string {
	host := r.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	if host == "" {
		host = "hearth"
	}
	return host
}

// writeCalendar sends a calendar as a file named name.
func (s *Server) writeCalendar(w http.ResponseWriter, cal ical.Calendar, name string) error {
	if len(cal.Events) == 0 {
		// An empty calendar has no meeting to take its time stamp from.
		cal.Stamp = s.now()
	}
	b, err := ical.Marshal(cal)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`.ics"`)
	_, err = w.Write(b)
	return err
}

func (s *Server) meetingCalendar(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMeetingBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	return s.writeCalendar(w, ical.Calendar{Name: m.Name, Events: []ical.Event{s.calendarEvent(r, p, m)}}, m.Slug)
}

func (s *Server) groupCalendar(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	meetings, err := s.store.GroupMeetings(r.Context(), g.ID)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	cal := ical.Calendar{Name: p.T("calendar.group_name", "group", g.Name)}
	for _, m := range meetings {
		if m.Inactive {
			continue
		}
		if m.Group == nil {
			m.Group = g
		}
		cal.Events = append(cal.Events, s.calendarEvent(r, p, m))
	}
	return s.writeCalendar(w, cal, g.Slug)
}

// myCalendar serves a member's private calendar to whoever holds its
// address, as calendar programs do: no session, only the token. The
// token is never logged (the log names the route, not the path).
func (s *Server) myCalendar(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" || len(token) > 128 {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	a, meetings, err := s.store.ResolveCalendarToken(r.Context(), token)
	if err != nil {
		return err
	}
	p := i18n.For(a.Language)
	cal := ical.Calendar{Name: p.T("calendar.mine_name"), Refresh: calendarRefresh}
	for _, m := range meetings {
		cal.Events = append(cal.Events, s.calendarEvent(r, p, m))
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.writeCalendar(w, cal, "hearth")
}

// newCalendarToken makes the member a private calendar address, replacing
// the one they had.
func (s *Server) newCalendarToken(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	if _, err := s.store.NewCalendarToken(r.Context(), a.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/my-meetings#calendar", "notice.calendar_made")
}

func (s *Server) revokeCalendarToken(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.RevokeCalendarToken(r.Context(), a.ID); err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
		return err
	}
	return s.redirect(w, r, "/my-meetings#calendar", "notice.calendar_revoked")
}

// absURL is an absolute URL of a path on this site, as the request
// reached it.
func (s *Server) absURL(r *http.Request, path string) string {
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
