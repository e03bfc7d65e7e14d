package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
)

// Accountability partners: peers who agreed to walk together, each
// choosing what the other sees.

// PartnersPage lists a member's partners and invitations, with the
// invitation form.
type PartnersPage struct {
	Page
	Form        *Form
	Invitations []*hearth.Partnership // to the member
	Partners    []*PartnerItem
	Sent        []*hearth.Partnership // by the member, not yet answered
}

// PartnerItem is an active partner in the list.
type PartnerItem struct {
	*hearth.Partnership
	// NudgedToday says they nudged the member within the last day.
	NudgedToday bool
}

func (s *Server) partnersPage(w http.ResponseWriter, r *http.Request) error {
	return s.partnersForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) partnersForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	list, err := s.store.Partnerships(r.Context())
	if err != nil {
		return err
	}
	page := &PartnersPage{Page: s.page(r, "partners.title", "recovery"), Form: f}
	now := s.now()
	for _, p := range list {
		switch {
		case p.Accepted:
			page.Partners = append(page.Partners, &PartnerItem{Partnership: p,
				NudgedToday: !p.NudgedMe.IsZero() && now.Sub(p.NudgedMe) < 24*time.Hour})
		case p.Invited:
			page.Invitations = append(page.Invitations, p)
		default:
			page.Sent = append(page.Sent, p)
		}
	}
	return s.render(w, r, status, "partners", page)
}

func (s *Server) invitePartner(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	handle := strings.TrimSpace(r.PostForm.Get("handle"))
	if handle == "" {
		return s.partnersForm(w, r, http.StatusUnprocessableEntity, formFrom(r, hearth.FieldErrors{"handle": "error.partner.handle_required"}.Err()))
	}
	_, err := s.store.InvitePartner(r.Context(), handle)
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, "/recovery/partners", "notice.partner_invited")
	case hearth.ENOTFOUND:
		return s.partnersForm(w, r, http.StatusUnprocessableEntity, formFrom(r, hearth.FieldErrors{"handle": "error.partner.not_found"}.Err()))
	case hearth.ECONFLICT:
		return s.partnersForm(w, r, http.StatusConflict, formFrom(r, hearth.FieldErrors{"handle": hearth.ErrorMessage(err)}.Err()))
	default:
		return err
	}
}

func (s *Server) answerInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	accept := r.PostForm.Get("answer") == "accept"
	if err := s.store.AnswerInvitation(r.Context(), id, accept); err != nil {
		return err
	}
	if accept {
		return s.redirect(w, r, partnerPath(id), "notice.partner_accepted")
	}
	return s.redirect(w, r, "/recovery/partners", "notice.partner_declined")
}

func partnerPath(id int64) string { return "/recovery/partners/" + strconv.FormatInt(id, 10) }

// PartnerPage is what a member sees of a partner, and what they share.
type PartnerPage struct {
	Page
	S        *hearth.PartnerStatus
	Clocks   []*ClockView
	Mood     []MoodDay
	Sharing  CheckGroup
	CanNudge bool
	// NudgeWait is set when the member nudged them within the interval.
	NudgeWait bool
	// Celebrations are their recent milestones they asked to celebrate.
	Celebrations []*CelebrationView
	// HardDay is the day of a setback they chose to tell, in words.
	HardDay string
}

// MoodDay is one day of a partner's shared mood.
type MoodDay struct {
	Date  string
	Mood  int    // 0: no check-in
	Label string // the mood in words
}

func (s *Server) partnerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.store.PartnerStatus(r.Context(), id, s.now())
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &PartnerPage{Page: s.page(r, "partner.title", "recovery"), S: st}
	page.Subject = st.Them.DisplayName
	theirToday := hearth.Today(s.now(), hearth.LoadZone(st.Them.TimeZone))
	for _, c := range st.Clocks {
		page.Clocks = append(page.Clocks, s.viewClock(p, c, theirToday))
	}
	for i, m := range st.Moods {
		d := theirToday.AddDays(i - len(st.Moods) + 1)
		md := MoodDay{Date: p.ShortDate(d.In(time.UTC)), Mood: m}
		if m > 0 {
			md.Label = p.T("checkin.mood." + strconv.Itoa(m))
		} else {
			md.Label = p.T("partner.no_check_in")
		}
		page.Mood = append(page.Mood, md)
	}
	var chosen []string
	for _, x := range []struct {
		name string
		on   bool
	}{{"clocks", st.Mine.Clocks}, {"check_ins", st.Mine.CheckIns}, {"mood", st.Mine.Mood}, {"nudges", st.Mine.Nudges}} {
		if x.on {
			chosen = append(chosen, x.name)
		}
	}
	var choices []Choice
	for _, n := range []string{"clocks", "check_ins", "mood", "nudges"} {
		choices = append(choices, Choice{n, p.T("partner.share." + n)})
	}
	page.Sharing = CheckGroup{ID: "share", Name: "share", Legend: "partner.share", Hint: "partner.share_hint", Checks: checks(choices, chosen)}
	if !st.HardDay.IsZero() {
		page.HardDay = p.Date(st.HardDay.In(time.UTC))
	}
	celebrations, err := s.store.PartnerCelebrations(r.Context())
	if err != nil {
		return err
	}
	var theirs []*hearth.Celebration
	for _, c := range celebrations {
		if c.Member.ID == st.Them.ID {
			theirs = append(theirs, c)
		}
	}
	page.Celebrations = s.recentMilestones(p, theirs)
	page.CanNudge = st.Theirs.Nudges
	page.NudgeWait = !st.Nudged.IsZero() && s.now().Sub(st.Nudged) < hearth.NudgeInterval
	return s.render(w, r, http.StatusOK, "partner", page)
}

func (s *Server) setSharing(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var sh hearth.Sharing
	for _, v := range r.PostForm["share"] {
		switch v {
		case "clocks":
			sh.Clocks = true
		case "check_ins":
			sh.CheckIns = true
		case "mood":
			sh.Mood = true
		case "nudges":
			sh.Nudges = true
		}
	}
	if err := s.store.SetSharing(r.Context(), id, sh); err != nil {
		return err
	}
	return s.redirect(w, r, partnerPath(id), "notice.sharing_saved")
}

func (s *Server) nudgePartner(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	switch err := s.store.Nudge(r.Context(), id, s.now()); hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, partnerPath(id), "notice.nudged")
	case hearth.ERATELIMIT:
		return s.redirect(w, r, partnerPath(id), "notice.nudged_already")
	default:
		return err
	}
}

// PartnerEndPage asks before a partnership ends.
type PartnerEndPage struct {
	Page
	P *hearth.Partnership
}

func (s *Server) endPartnerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.store.Partnerships(r.Context())
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.ID == id {
			return s.render(w, r, http.StatusOK, "partner_end", &PartnerEndPage{Page: s.page(r, "partner_end.title", "recovery"), P: p})
		}
	}
	return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
}

func (s *Server) endPartner(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.EndPartnership(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/partners", "notice.partner_ended")
}
