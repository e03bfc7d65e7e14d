package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"hearth"
	"hearth/crisis"
)

// "I need support now": one tap on every member page sends the member's
// reach-out to the people they chose beforehand, and shows them, at once,
// the crisis lines for their country and who has seen it. Those who
// receive it answer "I'm here — message me" in one tap too.

// SupportPage is the reach-out plan, with the button.
type SupportPage struct {
	Page
	Plan   *hearth.ReachOutPlan
	Groups []*GroupChoice
	Form   *Form
	// Mine are the member's recent reach-outs; ToMe those they received.
	Mine []*hearth.ReachOut
	ToMe []*hearth.ReachOut
	// Paused says they take no reach-outs for now.
	Paused bool
}

// GroupChoice is one of the member's groups, chosen or not.
type GroupChoice struct {
	ID      int64
	Name    string
	Checked bool
}

func (s *Server) supportPage(w http.ResponseWriter, r *http.Request) error {
	return s.supportForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) supportForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	ctx := r.Context()
	plan, err := s.store.ReachOutPlan(ctx)
	if err != nil {
		return err
	}
	groups, err := s.store.MyGroups(ctx, hearth.AccountIDFromContext(ctx))
	if err != nil {
		return err
	}
	page := &SupportPage{Page: s.page(r, "support.title", "support"), Plan: plan, Form: f,
		Paused: plan.PausedUntil.After(s.now())}
	for _, g := range groups {
		page.Groups = append(page.Groups, &GroupChoice{ID: g.ID, Name: g.Name, Checked: slices.Contains(plan.Groups, g.ID)})
	}
	if page.Mine, err = s.store.MyReachOuts(ctx); err != nil {
		return err
	}
	if page.ToMe, err = s.store.ReachOutsToMe(ctx); err != nil {
		return err
	}
	if f.Values == nil {
		f.Values = map[string][]string{"words": {plan.Words}}
	}
	return s.render(w, r, status, "support", page)
}

func (s *Server) setSupportPlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := &hearth.ReachOutPlan{Partners: r.PostForm.Get("partners") != "", Sponsor: r.PostForm.Get("sponsor") != "",
		Words: r.PostForm.Get("words")}
	for _, v := range r.PostForm["group"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return hearth.Errorf(hearth.EINVALID, "error.form")
		}
		p.Groups = append(p.Groups, id)
	}
	switch r.PostForm.Get("pause") {
	case "day":
		p.PausedUntil = s.now().Add(24 * time.Hour)
	case "week":
		p.PausedUntil = s.now().Add(7 * 24 * time.Hour)
	}
	if err := s.store.SetReachOutPlan(r.Context(), p); err != nil {
		if code := hearth.ErrorCode(err); code == hearth.EINVALID || code == hearth.ENOTFOUND {
			return s.supportForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/support", "notice.reach_out_plan_saved")
}

// SupportSentPage is what a member sees the moment they reach out: the
// crisis lines first, then who was told and who has seen it.
type SupportSentPage struct {
	Page
	R *hearth.ReachOut
	// Again says they had reached out moments before: nothing more was
	// sent.
	Again     bool
	Resources crisis.Resources
}

func (s *Server) sendSupport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ro, err := s.store.ReachOut(r.Context())
	if err != nil && hearth.ErrorCode(err) != hearth.ERATELIMIT {
		return err
	}
	return s.redirect(w, r, "/support/sent/"+strconv.FormatInt(ro.ID, 10), "")
}

func (s *Server) supportSentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	mine, err := s.store.MyReachOuts(r.Context())
	if err != nil {
		return err
	}
	i := slices.IndexFunc(mine, func(ro *hearth.ReachOut) bool { return ro.ID == id })
	if i < 0 {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	country := s.cfg.DefaultCountry
	if a := hearth.AccountFromContext(r.Context()); a != nil && a.Country != "" {
		country = a.Country
	}
	return s.render(w, r, http.StatusOK, "support_sent", &SupportSentPage{Page: s.page(r, "support_sent.title", "support"),
		R: mine[i], Resources: s.crisis.For(country, langOf(r.Context()))})
}

// SupportReceivedPage is a reach-out as one who received it sees it.
type SupportReceivedPage struct {
	Page
	R *hearth.ReachOut
}

func (s *Server) supportReceivedPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ro, err := s.store.SeeReachOut(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "support_received", &SupportReceivedPage{Page: s.page(r, "support_received.title", "support"), R: ro})
}

func (s *Server) answerSupport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.AnswerReachOut(r.Context(), id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, conversationPath(c.ID), "")
}
