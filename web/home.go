package web

import (
	"net/http"

	"hearth"
	"hearth/crisis"
	"hearth/i18n"
)

// HomePage is the visitor's welcome.
type HomePage struct {
	Page
}

// DashboardPage is a member's home.
type DashboardPage struct {
	Page
	Groups []*hearth.Group
	// Meetings are the next few of the member's meetings, next first;
	// MoreMeetings says there are others.
	Meetings     []*MeetingView
	MoreMeetings bool
	// Clocks are the member's counts; CheckedInToday and WeekCheckIns say
	// how the week's check-ins went, without counting what was missed.
	Clocks         []*ClockView
	CheckedInToday bool
	WeekCheckIns   int
	// Helps is "What helps right now?": strategies from the library for
	// the situation the member chose.
	Helps *WhatHelps
}

// dashboardMeetings is how many of a member's meetings the dashboard shows.
const dashboardMeetings = 3

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	if a == nil {
		return s.render(w, r, http.StatusOK, "home", &HomePage{Page: s.page(r, "home.title", "home")})
	}
	now := s.now()
	today := s.memberToday(r)
	home, err := s.store.Home(r.Context(), now, today)
	if err != nil {
		return err
	}
	page := &DashboardPage{Page: s.page(r, "dashboard.title", "home"), Groups: home.Groups,
		CheckedInToday: home.LastCheckIn == today, WeekCheckIns: home.WeekCheckIns}
	if len(home.Clocks) > 0 {
		p := i18n.For(langOf(r.Context()))
		for _, c := range home.Clocks {
			page.Clocks = append(page.Clocks, s.viewClock(p, c, today))
		}
	}
	meetings := home.Meetings
	if len(meetings) > dashboardMeetings {
		meetings, page.MoreMeetings = meetings[:dashboardMeetings], true
	}
	page.Meetings = s.meetingViews(r, meetings, now)
	if page.Helps, err = s.whatHelps(r); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "dashboard", page)
}

// HelpPage lists crisis lines for the member's country, in their language.
type HelpPage struct {
	Page
	Country   string
	Resources crisis.Resources
	Countries []Choice
}

// helpCountry is whose crisis lines a request is shown: the country asked
// for (?country=), else the member's, else the site's default.
func (s *Server) helpCountry(r *http.Request) string {
	if c := r.URL.Query().Get("country"); validCountryCode(c) {
		return c
	}
	if a := hearth.AccountFromContext(r.Context()); a != nil && a.Country != "" {
		return a.Country
	}
	return s.cfg.DefaultCountry
}

func (s *Server) help(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	country := s.helpCountry(r)
	return s.render(w, r, http.StatusOK, "help", &HelpPage{
		Page:      s.page(r, "help.title", "help"),
		Country:   country,
		Resources: s.crisis.For(country, lang),
		Countries: countries(lang),
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
}
