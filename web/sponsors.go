package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
)

// Sponsorship: finding a sponsor (or, outside the twelve steps, a
// mentor), offering to be one, and the relationship itself. Members are
// shown by display name and sign-in name only.

// wordsFor are the words a program uses: "sponsor" and "sponsee", or
// "mentor" and "mentee".
func wordsFor(p *i18n.Printer, program string) (guide, guided string) {
	if hearth.MentorProgram(program) {
		return p.T("sponsor.word.mentor"), p.T("sponsor.word.mentee")
	}
	return p.T("sponsor.word.sponsor"), p.T("sponsor.word.sponsee")
}

// choicesOf names values with catalog keys prefix+value.
func choicesOf(p *i18n.Printer, prefix string, values []string) []Choice {
	out := make([]Choice, len(values))
	for i, v := range values {
		out[i] = Choice{v, p.T(prefix + v)}
	}
	return out
}

func sponsorLanguageChoices(lang string) []Choice {
	out := make([]Choice, len(hearth.SponsorLanguages))
	for i, tag := range hearth.SponsorLanguages {
		out[i] = Choice{tag, languageName(tag, lang)}
	}
	return out
}

// SponsorFindPage is the "find a sponsor" page: a GET form and the
// matches, each with why it fits.
type SponsorFindPage struct {
	Page
	Form       *Form
	Programs   []Choice
	Languages  []Choice
	Windows    []Choice
	Genders    []Choice
	Ways       CheckGroup
	Welcomes   CheckGroup
	Substances CheckGroup
	Searched   bool
	Matches    []*MatchView
	// Offering says the member has a profile of their own.
	Offering bool
}

// MatchView is a match as the page shows it.
type MatchView struct {
	ID       int64
	Name     string
	Handle   string
	Pronouns string
	Time     string
	Reasons  []string
	Ways     string
	About    string
	Program  string
	Word     string
}

// sponsorQuery reads a seeker's query from a URL's values.
func sponsorQuery(v url.Values) hearth.SponsorQuery {
	w, _ := strconv.Atoi(v.Get("window"))
	return hearth.SponsorQuery{Program: v.Get("program"), Language: v.Get("language"), ZoneWindow: w,
		Ways: v["way"], Gender: v.Get("gender"), Welcomes: v["welcomes"], Substances: v["substance"], Shared: v.Get("shared") != ""}
}

// reasonText says one reason a sponsor fits, in the member's language.
func reasonText(p *i18n.Printer, r hearth.Reason) string {
	switch r.Kind {
	case hearth.ReasonLanguage:
		return p.T("sponsor.why.language", "language", languageName(r.Value, p.Lang()))
	case hearth.ReasonGroups:
		return p.N("sponsor.why.groups", r.N)
	case hearth.ReasonMeetings:
		return p.N("sponsor.why.meetings", r.N)
	case hearth.ReasonTime:
		return p.T("sponsor.time." + r.Value)
	case hearth.ReasonSpace:
		return p.N("sponsor.why.space", r.N)
	case hearth.ReasonZone:
		if r.N == 0 {
			return p.T("sponsor.why.zone_same")
		}
		return p.N("sponsor.why.zone", r.N)
	case hearth.ReasonWay:
		return p.T("sponsor.way." + r.Value)
	case hearth.ReasonWelcomes:
		return p.T("sponsor.welcomes." + r.Value)
	case hearth.ReasonSubstance:
		return p.T("sponsor.why.substance", "what", p.T("sponsor.substance."+r.Value))
	case hearth.ReasonGender:
		return p.T("sponsor.gender." + r.Value)
	}
	return ""
}

func (s *Server) matchView(p *i18n.Printer, m *hearth.SponsorMatch, program string) *MatchView {
	v := &MatchView{ID: m.Profile.AccountID, Name: m.Profile.Member.DisplayName, Handle: m.Profile.Member.Handle,
		Pronouns: m.Profile.Member.Pronouns, Time: p.T("sponsor.time." + m.TimeRange), About: m.Profile.About, Program: program}
	v.Word, _ = wordsFor(p, program)
	for _, r := range m.Reasons {
		v.Reasons = append(v.Reasons, reasonText(p, r))
	}
	var ways []string
	for _, w := range m.Profile.Ways {
		ways = append(ways, p.T("sponsor.way."+w))
	}
	v.Ways = strings.Join(ways, " · ")
	return v
}

func (s *Server) sponsorFindPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	v := r.URL.Query()
	page := &SponsorFindPage{Page: s.page(r, "sponsor_find.title", "recovery"), Form: &Form{Values: v}}
	page.Programs = append([]Choice{{"", p.T("sponsor_find.program_choose")}}, programChoices(lang)...)
	page.Languages = append([]Choice{{"", p.T("sponsor_find.any")}}, sponsorLanguageChoices(lang)...)
	page.Windows = []Choice{{"", p.T("sponsor_find.window_any")}, {"1", p.N("sponsor_find.window", 1)},
		{"3", p.N("sponsor_find.window", 3)}, {"6", p.N("sponsor_find.window", 6)}}
	page.Genders = append([]Choice{{"", p.T("sponsor_find.any")}}, choicesOf(p, "sponsor.gender.", hearth.SponsorGenders)...)
	page.Ways = CheckGroup{ID: "way", Name: "way", Legend: "sponsor_find.ways", Checks: checks(choicesOf(p, "sponsor.way.", hearth.SponsorWays), v["way"])}
	page.Welcomes = CheckGroup{ID: "welcomes", Name: "welcomes", Legend: "sponsor_find.welcomes",
		Checks: checks(choicesOf(p, "sponsor.welcomes.", hearth.SponsorWelcomes), v["welcomes"])}
	page.Substances = CheckGroup{ID: "substance", Name: "substance", Legend: "sponsor_find.substances", Hint: "sponsor_find.substances_hint",
		Checks: checks(choicesOf(p, "sponsor.substance.", hearth.SponsorSubstances), v["substance"])}
	if _, err := s.store.SponsorProfile(r.Context()); err == nil {
		page.Offering = true
	}
	status := http.StatusOK
	if v.Get("program") != "" {
		page.Searched = true
		q := sponsorQuery(v)
		if !knownProgram(q.Program) {
			q.Program = ""
		}
		list, err := s.store.FindSponsors(r.Context(), q, s.now())
		switch hearth.ErrorCode(err) {
		case "":
			for _, m := range list {
				page.Matches = append(page.Matches, s.matchView(p, m, q.Program))
			}
		case hearth.EINVALID:
			page.Form.Errors = hearth.ErrorFields(err)
			if e, ok := page.Form.Errors["zone_window"]; ok {
				page.Form.Errors["window"] = e // the form's name for it
			}
			status = http.StatusUnprocessableEntity
		default:
			return err
		}
	}
	return s.render(w, r, status, "sponsor_find", page)
}

// SponsorOfferPage is the form of a member's offer to sponsor, with
// pausing.
type SponsorOfferPage struct {
	Page
	Form   *Form
	Exists bool
	Paused bool
	// TooSoon says none of the member's counts has the time any program
	// asks yet: the page says so first, kindly, before the long form.
	TooSoon    bool
	Clocks     []Choice
	Programs   CheckGroup
	Languages  CheckGroup
	Zones      []Choice
	Ways       CheckGroup
	Genders    []Choice
	Welcomes   CheckGroup
	Substances CheckGroup
	Capacities []Choice
}

func (s *Server) sponsorOfferPage(w http.ResponseWriter, r *http.Request) error {
	f := &Form{Values: url.Values{}}
	prof, err := s.store.SponsorProfile(r.Context())
	switch hearth.ErrorCode(err) {
	case "":
		f.Values = url.Values{"programs": prof.Programs, "languages": prof.Languages, "time_zone": {prof.TimeZone},
			"ways": prof.Ways, "gender": {prof.Gender}, "welcomes": prof.Welcomes, "substances": prof.Substances,
			"about": {prof.About}, "capacity": {strconv.Itoa(prof.Capacity)}, "clock": {strconv.FormatInt(prof.ClockID, 10)}}
	case hearth.ENOTFOUND:
		a := hearth.AccountFromContext(r.Context())
		f.Values = url.Values{"languages": {a.Language}, "time_zone": {a.TimeZone}, "capacity": {"2"}}
	default:
		return err
	}
	return s.sponsorOfferForm(w, r, http.StatusOK, f, prof)
}

func (s *Server) sponsorOfferForm(w http.ResponseWriter, r *http.Request, status int, f *Form, prof *hearth.SponsorProfile) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page := &SponsorOfferPage{Page: s.page(r, "sponsor_offer.title", "recovery"), Form: f, Exists: prof != nil}
	if prof != nil {
		page.Paused = prof.Paused
	}
	clocks, err := s.store.Clocks(r.Context())
	if err != nil {
		return err
	}
	today := hearth.Today(s.now(), s.zoneOf(r))
	// The longest count first: the usual choice.
	slices.SortStableFunc(clocks, func(a, b *hearth.Clock) int { return a.Start.Compare(b.Start) })
	for _, c := range clocks {
		page.Clocks = append(page.Clocks, Choice{strconv.FormatInt(c.ID, 10),
			p.T("sponsor_offer.clock_choice", "name", c.Name, "time", p.T("sponsor.time."+hearth.TimeRange(c.Start, today)))})
	}
	page.TooSoon = prof == nil && len(clocks) > 0 && !slices.ContainsFunc(programChoices(lang), func(pc Choice) bool {
		// clocks[0] is the longest count.
		return !clocks[0].Start.After(s.cfg.SponsorMinTime.Cutoff(pc.Value, today))
	})
	page.Programs = CheckGroup{ID: "programs", Name: "programs", Legend: "sponsor_offer.programs", Hint: "sponsor_offer.programs_hint",
		Error: f.Err("programs"), Checks: checks(programChoices(lang), f.Values["programs"])}
	page.Languages = CheckGroup{ID: "languages", Name: "languages", Legend: "sponsor_offer.languages", Error: f.Err("languages"),
		Checks: checks(sponsorLanguageChoices(lang), f.Values["languages"])}
	page.Zones = timeZones(lang)
	page.Ways = CheckGroup{ID: "ways", Name: "ways", Legend: "sponsor_offer.ways", Error: f.Err("ways"),
		Checks: checks(choicesOf(p, "sponsor.way.", hearth.SponsorWays), f.Values["ways"])}
	page.Genders = append([]Choice{{"", p.T("sponsor_offer.gender_unsaid")}}, choicesOf(p, "sponsor.gender.", hearth.SponsorGenders)...)
	page.Welcomes = CheckGroup{ID: "welcomes", Name: "welcomes", Legend: "sponsor_offer.welcomes", Error: f.Err("welcomes"),
		Checks: checks(choicesOf(p, "sponsor.welcomes.", hearth.SponsorWelcomes), f.Values["welcomes"])}
	page.Substances = CheckGroup{ID: "substances", Name: "substances", Legend: "sponsor_offer.substances", Error: f.Err("substances"),
		Checks: checks(choicesOf(p, "sponsor.substance.", hearth.SponsorSubstances), f.Values["substances"])}
	for i := 1; i <= hearth.SponsorCapacityMax; i++ {
		page.Capacities = append(page.Capacities, Choice{strconv.Itoa(i), strconv.Itoa(i)})
	}
	return s.render(w, r, status, "sponsor_offer", page)
}

// zoneOf is the signed-in member's time zone.
func (s *Server) zoneOf(r *http.Request) *time.Location {
	if a := hearth.AccountFromContext(r.Context()); a != nil {
		return hearth.LoadZone(a.TimeZone)
	}
	return hearth.LoadZone(s.cfg.DefaultTimeZone)
}

// profileFrom reads a profile from a form's (or a body's) values.
func profileFrom(v url.Values) *hearth.SponsorProfile {
	capacity, _ := strconv.Atoi(v.Get("capacity"))
	clock, _ := strconv.ParseInt(v.Get("clock"), 10, 64)
	programs := slices.DeleteFunc(slices.Clone(v["programs"]), func(p string) bool { return !knownProgram(p) })
	if len(programs) != len(v["programs"]) {
		programs = append(programs, "") // an unknown program is refused
	}
	return &hearth.SponsorProfile{Programs: programs, ClockID: clock, Languages: v["languages"], TimeZone: v.Get("time_zone"),
		Ways: v["ways"], Capacity: capacity, Gender: v.Get("gender"), Welcomes: v["welcomes"], Substances: v["substances"],
		About: v.Get("about"), Paused: v.Get("paused") != ""}
}

func (s *Server) saveSponsorOffer(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	prof := profileFrom(r.PostForm)
	err := s.store.SaveSponsorProfile(r.Context(), prof, hearth.Today(s.now(), s.zoneOf(r)))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		old, _ := s.store.SponsorProfile(r.Context())
		return s.sponsorOfferForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err), old)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/sponsors/offer", "notice.sponsor_offer_saved")
}

func (s *Server) pauseSponsorOffer(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	paused := r.PostForm.Get("paused") == "1"
	if err := s.store.PauseSponsoring(r.Context(), paused); err != nil {
		return err
	}
	if paused {
		return s.redirect(w, r, "/recovery/sponsors/offer", "notice.sponsor_paused")
	}
	return s.redirect(w, r, "/recovery/sponsors/offer", "notice.sponsor_resumed")
}

// SponsorAskPage is the request form: a short message to someone found.
type SponsorAskPage struct {
	Page
	Form  *Form
	Match *MatchView
}

// findMatch finds, among the member's matches for a program, the sponsor
// with this id: the request form shows only who the member may ask.
func (s *Server) findMatch(r *http.Request, id int64, program string) (*MatchView, error) {
	p := i18n.For(langOf(r.Context()))
	if !knownProgram(program) {
		return nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	list, err := s.store.FindSponsors(r.Context(), hearth.SponsorQuery{Program: program}, s.now())
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		if m.Profile.AccountID == id {
			return s.matchView(p, m, program), nil
		}
	}
	return nil, nil
}

func (s *Server) sponsorAskPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	program := r.URL.Query().Get("program")
	m, err := s.findMatch(r, id, program)
	if err != nil {
		return err
	}
	f := &Form{Values: url.Values{"program": {program}}}
	if m == nil {
		// Not among the best matches: still ask, by id, if they are there.
		m = &MatchView{ID: id, Program: program}
		m.Word, _ = wordsFor(i18n.For(langOf(r.Context())), program)
	}
	return s.render(w, r, http.StatusOK, "sponsor_ask", &SponsorAskPage{Page: s.page(r, "sponsor_ask.title", "recovery"), Form: f, Match: m})
}

func (s *Server) sponsorAsk(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	program := r.PostForm.Get("program")
	if !knownProgram(program) {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	sp, err := s.store.RequestSponsor(r.Context(), id, program, r.PostForm.Get("message"))
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, sponsorshipPath(sp.ID), "notice.sponsor_asked")
	case hearth.EINVALID, hearth.ECONFLICT:
		m, ferr := s.findMatch(r, id, program)
		if ferr != nil {
			return ferr
		}
		if m == nil {
			m = &MatchView{ID: id, Program: program}
			m.Word, _ = wordsFor(i18n.For(langOf(r.Context())), program)
		}
		status := http.StatusUnprocessableEntity
		if hearth.ErrorCode(err) == hearth.ECONFLICT {
			status = http.StatusConflict
		}
		return s.render(w, r, status, "sponsor_ask", &SponsorAskPage{Page: s.page(r, "sponsor_ask.title", "recovery"),
			Form: formFrom(r, err), Match: m})
	default:
		return err
	}
}

func sponsorshipPath(id int64) string { return "/recovery/sponsorships/" + strconv.FormatInt(id, 10) }

// SponsorshipView is a sponsorship as the pages show it.
type SponsorshipView struct {
	*hearth.Sponsorship
	Name, Handle   string // the other member ("former member" when erased)
	Guide, Guided  string // the program's words
	ProgramName    string
	Since          string
	Last, NextDue  string
	Overdue, Due   bool
	CadenceText    string
	DeclineText    string
	Clocks         []*ClockView
	CheckInList    []CheckInView
	ToAnswer, Mine bool
}

// CheckInView is one check-in that happened.
type CheckInView struct {
	Date, Way, By string
}

func (s *Server) sponsorshipView(p *i18n.Printer, sp *hearth.Sponsorship, today hearth.Date) *SponsorshipView {
	v := &SponsorshipView{Sponsorship: sp, Name: p.T("sponsor.former_member"), ProgramName: programName(sp.Program, p.Lang())}
	if o := sp.Other(); o != nil {
		v.Name, v.Handle = o.DisplayName, o.Handle
	}
	v.Guide, v.Guided = wordsFor(p, sp.Program)
	if !sp.AnsweredAt.IsZero() {
		v.Since = p.Date(sp.AnsweredAt.In(time.UTC))
	}
	if !sp.LastCheckIn.IsZero() {
		v.Last = p.Date(sp.LastCheckIn.In(time.UTC))
	}
	if !sp.NextDue.IsZero() {
		v.NextDue = p.Date(sp.NextDue.In(time.UTC))
	}
	v.Overdue, v.Due = sp.Overdue(today), sp.Due(today)
	if sp.Cadence.Every > 0 {
		v.CadenceText = p.T("sponsorship.cadence_line", "every", p.N("sponsorship.every", sp.Cadence.Every),
			"way", p.T("sponsorship.way."+sp.Cadence.Way))
	}
	if sp.DeclineReason != "" {
		v.DeclineText = p.T("sponsorship.declined." + sp.DeclineReason)
	}
	v.ToAnswer = sp.Status == hearth.SponsorRequested && sp.ImSponsor
	v.Mine = sp.Status == hearth.SponsorRequested && !sp.ImSponsor
	return v
}

// SponsorshipsPage is the member's dashboard: requests to them, their
// sponsees (last check-in, streak, what is due), their sponsors, their
// own requests and what has ended.
type SponsorshipsPage struct {
	Page
	Requests, Sponsees, Sponsors, Asked, Past []*SponsorshipView
	Offering, Paused                          bool
}

func (s *Server) sponsorshipsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Sponsorships(r.Context(), s.now())
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &SponsorshipsPage{Page: s.page(r, "sponsorships.title", "recovery")}
	today := hearth.Today(s.now(), s.zoneOf(r))
	for _, sp := range list {
		v := s.sponsorshipView(p, sp, today)
		switch {
		case v.ToAnswer:
			page.Requests = append(page.Requests, v)
		case sp.Status == hearth.SponsorActive && sp.ImSponsor:
			// What they share: their counts, with the milestones coming.
			full, err := s.store.Sponsorship(r.Context(), sp.ID)
			if err != nil {
				return err
			}
			s.sharedClockViews(p, full, v)
			page.Sponsees = append(page.Sponsees, v)
		case sp.Status == hearth.SponsorActive:
			page.Sponsors = append(page.Sponsors, v)
		case v.Mine:
			page.Asked = append(page.Asked, v)
		default:
			page.Past = append(page.Past, v)
		}
	}
	if prof, err := s.store.SponsorProfile(r.Context()); err == nil {
		page.Offering, page.Paused = true, prof.Paused
	}
	return s.render(w, r, http.StatusOK, "sponsorships", page)
}

// SponsorshipPage is one sponsorship: when the next check-in is due, the
// check-ins that happened, the cadence, and (for a sponsor) what the
// sponsee shares.
type SponsorshipPage struct {
	Page
	S       *SponsorshipView
	Form    *Form
	Today   string
	Every   []Choice
	Ways    []Choice
	Decline RadioGroup
}

func (s *Server) sponsorshipPage(w http.ResponseWriter, r *http.Request) error {
	return s.sponsorshipForm(w, r, http.StatusOK, &Form{})
}

// pathSponsorship reads the member's sponsorship the path names.
func (s *Server) pathSponsorship(r *http.Request) (*hearth.Sponsorship, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.store.Sponsorship(r.Context(), id)
}

func (s *Server) sponsorshipForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	sp, err := s.pathSponsorship(r)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	today := hearth.Today(s.now(), s.zoneOf(r))
	v := s.sponsorshipView(p, sp, today)
	page := &SponsorshipPage{Page: s.page(r, "sponsorship.title", "recovery"), S: v, Form: f, Today: today.String()}
	page.Subject = v.Name
	if f.Values == nil {
		f.Values = url.Values{"on": {today.String()}, "every": {strconv.Itoa(max(sp.Cadence.Every, 7))}, "way": {cmpOr(sp.Cadence.Way, "call")},
			"cadence_way": {cmpOr(sp.Cadence.Way, "call")}}
	}
	for _, d := range hearth.CadenceDays {
		page.Every = append(page.Every, Choice{strconv.Itoa(d), p.N("sponsorship.every", d)})
	}
	page.Ways = choicesOf(p, "sponsorship.way.", hearth.CadenceWays)
	page.Decline = RadioGroup{Name: "reason", Legend: "sponsorship.decline_with", Value: "not_now",
		Choices: choicesOf(p, "sponsorship.declined.", hearth.SponsorDeclineReasons)}
	for _, c := range sp.CheckIns {
		cv := CheckInView{Date: p.Date(c.On.In(time.UTC)), Way: p.T("sponsorship.way." + c.Way)}
		switch {
		case c.LoggedBy == hearth.AccountIDFromContext(r.Context()):
			cv.By = p.T("sponsorship.logged_by_you")
		case c.LoggedBy != 0:
			cv.By = p.T("sponsorship.logged_by", "name", v.Name)
		}
		v.CheckInList = append(v.CheckInList, cv)
	}
	s.sharedClockViews(p, sp, v)
	return s.render(w, r, status, "sponsorship", page)
}

// sharedClockViews shows the counts a sponsee shares, in their own day.
func (s *Server) sharedClockViews(p *i18n.Printer, sp *hearth.Sponsorship, v *SponsorshipView) {
	if sp.Sponsee == nil {
		return
	}
	theirToday := hearth.Today(s.now(), hearth.LoadZone(sp.Sponsee.TimeZone))
	for _, c := range sp.Clocks {
		v.Clocks = append(v.Clocks, s.viewClock(p, c, theirToday))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Server) answerSponsorship(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	accept := r.PostForm.Get("answer") == "accept"
	err = s.store.AnswerSponsorRequest(r.Context(), id, accept, r.PostForm.Get("reason"))
	switch {
	case hearth.ErrorCode(err) == hearth.ECONFLICT:
		return s.sponsorshipForm(w, r, http.StatusConflict, &Form{Message: hearth.ErrorMessage(err)})
	case err != nil:
		return err
	case accept:
		return s.redirect(w, r, sponsorshipPath(id), "notice.sponsor_accepted")
	}
	return s.redirect(w, r, "/recovery/sponsorships", "notice.sponsor_declined")
}

func (s *Server) setSponsorCadence(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	every, _ := strconv.Atoi(r.PostForm.Get("every"))
	err = s.store.SetCadence(r.Context(), id, hearth.Cadence{Every: every, Way: r.PostForm.Get("cadence_way")})
	if fields := hearth.ErrorFields(err); fields["way"] != "" {
		fields["cadence_way"] = fields["way"] // the form's name for it
	}
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.sponsorshipForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, sponsorshipPath(id), "notice.cadence_saved")
}

func (s *Server) logSponsorCheckIn(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	on, perr := hearth.ParseDate(r.PostForm.Get("on"))
	if perr != nil {
		return s.sponsorshipForm(w, r, http.StatusUnprocessableEntity,
			formFrom(r, hearth.FieldErrors{"on": "error.sponsor.check_in_day"}.Err()))
	}
	err = s.store.LogSponsorCheckIn(r.Context(), id, on, r.PostForm.Get("way"), hearth.Today(s.now(), s.zoneOf(r)))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.sponsorshipForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, sponsorshipPath(id), "notice.sponsor_check_in")
}

// SponsorshipEndPage asks before a sponsorship ends, with room for a
// thank-you; for a request of one's own, it withdraws it.
type SponsorshipEndPage struct {
	Page
	S    *SponsorshipView
	Form *Form
}

func (s *Server) endSponsorshipPage(w http.ResponseWriter, r *http.Request) error {
	return s.endSponsorshipForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) endSponsorshipForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	sp, err := s.pathSponsorship(r)
	if err != nil {
		return err
	}
	if sp.Status != hearth.SponsorActive && (sp.Status != hearth.SponsorRequested || sp.ImSponsor) {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	p := i18n.For(langOf(r.Context()))
	return s.render(w, r, status, "sponsorship_end", &SponsorshipEndPage{Page: s.page(r, "sponsorship_end.title", "recovery"),
		S: s.sponsorshipView(p, sp, hearth.Today(s.now(), s.zoneOf(r))), Form: f})
}

func (s *Server) endSponsorship(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.store.EndSponsorship(r.Context(), id, r.PostForm.Get("thanks"))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.endSponsorshipForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/sponsorships", "notice.sponsorship_ended")
}
