package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/crisis"
	"hearth/i18n"
	"hearth/program"
)

// A member's recovery: their clocks (time counted, milestones, setbacks
// kept as history) and their daily check-in. Every page here is the
// member's own; another member's clock is "not found".

// memberToday is the member's date now, in their time zone.
func (s *Server) memberToday(r *http.Request) hearth.Date {
	return hearth.Today(s.now(), s.viewerZone(r))
}

// ClockView is a clock as its pages show it.
type ClockView struct {
	*hearth.Clock
	Days  int
	Span  hearth.Span
	Label string // the kind, said in the member's language
	// Last is the last milestone reached; Next the next one and DaysToNext
	// how far it is; Today is set on the day a milestone is reached.
	Last       *MilestoneView
	Next       *MilestoneView
	DaysToNext int
	Today      *MilestoneView
	// Saved money (hundredths) and time (minutes) over the stretch.
	MoneySaved   int64
	MinutesSaved int
	Schedule     string // the schedule's name
}

// MilestoneView is a milestone with its words.
type MilestoneView struct {
	Name   string
	Colour string
	On     hearth.Date
	Date   string
}

func (s *Server) viewClock(p *i18n.Printer, c *hearth.Clock, today hearth.Date) *ClockView {
	v := &ClockView{Clock: c, Days: c.Days(today), Span: hearth.SpanBetween(c.Start, today), Label: p.T("clock.kind." + c.Kind)}
	sched := s.schedules.Get(c.Schedule)
	v.Schedule = sched.NameIn(p.Lang())
	last, reached, next, hasNext := sched.Progress(c.Start, today)
	if reached {
		v.Last = viewMilestone(p, last)
		if last.On == today {
			v.Today = v.Last
		}
	}
	if hasNext {
		v.Next = viewMilestone(p, next)
		v.DaysToNext = next.On.DaysSince(today)
	}
	v.MoneySaved = int64(v.Days) * c.MoneyPerDay
	v.MinutesSaved = v.Days * c.MinutesPerDay
	return v
}

func viewMilestone(p *i18n.Printer, m program.Milestone) *MilestoneView {
	v := &MilestoneView{Name: milestoneName(p, m.Length), On: m.On, Date: p.Date(m.On.In(time.UTC))}
	if m.Colour != "" {
		if key := "milestone.colour." + m.Colour; p.Has(key) {
			v.Colour = p.T(key)
		} else {
			v.Colour = m.Colour
		}
	}
	return v
}

// milestoneName says a length: "24 hours", "90 days", "18 months",
// "1 year", or "Just for today" for the first day.
func milestoneName(p *i18n.Printer, l program.Length) string {
	var parts []string
	if l.Years > 0 {
		parts = append(parts, p.N("milestone.years", l.Years))
	}
	if l.Months > 0 {
		parts = append(parts, p.N("milestone.months", l.Months))
	}
	if l.Days > 0 {
		parts = append(parts, p.N("milestone.days", l.Days))
	}
	if l.Hours > 0 {
		parts = append(parts, p.N("milestone.hours", l.Hours))
	}
	if len(parts) == 0 {
		return p.T("milestone.first_day")
	}
	return strings.Join(parts, ", ")
}

// money writes hundredths as a plain amount: "1,234.50" or "1.234,50".
func money(lang string, hundredths int64) string {
	whole, cents := hundredths/100, hundredths%100
	digits := strconv.FormatInt(whole, 10)
	group, point := ",", "."
	if lang == "es" {
		group, point = ".", ","
	}
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(d)
	}
	if cents != 0 {
		fmt.Fprintf(&b, "%s%02d", point, cents)
	}
	return b.String()
}

// RecoveryPage is a member's clocks and today's check-in.
type RecoveryPage struct {
	Page
	Clocks  []*ClockView
	CheckIn *hearth.CheckIn // today's, or nil
	Today   string
}

func (s *Server) recoveryPage(w http.ResponseWriter, r *http.Request) error {
	today := s.memberToday(r)
	clocks, err := s.store.Clocks(r.Context())
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &RecoveryPage{Page: s.page(r, "recovery.title", "recovery"), Today: p.Date(today.In(time.UTC))}
	for _, c := range clocks {
		page.Clocks = append(page.Clocks, s.viewClock(p, c, today))
	}
	switch c, err := s.store.CheckInOn(r.Context(), today); hearth.ErrorCode(err) {
	case "":
		page.CheckIn = c
	case hearth.ENOTFOUND:
	default:
		return err
	}
	return s.render(w, r, http.StatusOK, "recovery", page)
}

// ClockFormPage adds or edits a clock.
type ClockFormPage struct {
	Page
	Form       *Form
	ID         int64 // 0 for a new clock
	Kinds      RadioGroup
	Schedules  []Choice
	Visibility RadioGroup
	Today      string
}

func (s *Server) clockForm(w http.ResponseWriter, r *http.Request, status int, id int64, f *Form) error {
	p := i18n.For(langOf(r.Context()))
	title := "clock_form.new_title"
	if id != 0 {
		title = "clock_form.edit_title"
	}
	page := &ClockFormPage{Page: s.page(r, title, "recovery"), Form: f, ID: id, Today: s.memberToday(r).String()}
	var kinds, vis []Choice
	for _, k := range hearth.ClockKinds {
		kinds = append(kinds, Choice{k, p.T("clock.kind." + k)})
	}
	for _, v := range hearth.Visibilities {
		vis = append(vis, Choice{v, p.T("clock.visibility." + v)})
	}
	page.Kinds = RadioGroup{Name: "kind", Legend: "clock_form.kind", Error: f.Err("kind"), Choices: kinds, Value: f.Get("kind")}
	page.Visibility = RadioGroup{Name: "visibility", Legend: "clock_form.visibility", Error: f.Err("visibility"), Choices: vis, Value: f.Get("visibility")}
	for _, sc := range s.schedules.All() {
		page.Schedules = append(page.Schedules, Choice{sc.ID, sc.NameIn(p.Lang())})
	}
	return s.render(w, r, status, "clock_form", page)
}

func (s *Server) newClockPage(w http.ResponseWriter, r *http.Request) error {
	return s.clockForm(w, r, http.StatusOK, 0, &Form{Values: url.Values{
		"kind": {hearth.ClockAlcohol}, "start": {s.memberToday(r).String()},
		"schedule": {program.DefaultSchedule}, "visibility": {hearth.VisibleToMe},
	}})
}

// formClock reads a clock's form into u; problems with the numbers go to
// errs.
func formClock(v url.Values, errs hearth.FieldErrors) hearth.ClockUpdate {
	str := func(name string) *string { x := strings.TrimSpace(v.Get(name)); return &x }
	u := hearth.ClockUpdate{Name: str("name"), Kind: str("kind"), StartTime: str("start_time"),
		Schedule: str("schedule"), Visibility: str("visibility")}
	celebrate := v.Get("celebrate") != ""
	u.Celebrate = &celebrate
	if d, err := hearth.ParseDate(strings.TrimSpace(v.Get("start"))); err == nil {
		u.Start = &d
	} else {
		errs.Add("start", "error.clock.start_required")
	}
	m, ok := parseAmount(v.Get("money_per_day"))
	if !ok {
		errs.Add("money_per_day", "error.clock.money")
	}
	u.MoneyPerDay = &m
	minutes := 0
	if x := strings.TrimSpace(v.Get("minutes_per_day")); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil {
			errs.Add("minutes_per_day", "error.clock.minutes")
		}
		minutes = n
	}
	u.MinutesPerDay = &minutes
	return u
}

// parseAmount reads "12", "12.5" or "12,50" as hundredths; "" is zero.
func parseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > hearth.MoneyPerDayMax/100 || math.IsNaN(f) {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

func (s *Server) createClock(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	errs := hearth.FieldErrors{}
	u := formClock(r.PostForm, errs)
	if !s.schedules.Has(*u.Schedule) {
		errs.Add("schedule", "error.clock.schedule")
	}
	if err := errs.Err(); err != nil {
		return s.clockForm(w, r, http.StatusUnprocessableEntity, 0, formFrom(r, err))
	}
	var c hearth.Clock
	u.Apply(&c)
	if err := s.store.CreateClock(r.Context(), &c, s.memberToday(r)); err != nil {
		if code := hearth.ErrorCode(err); code == hearth.EINVALID || code == hearth.ECONFLICT {
			return s.clockForm(w, r, http.StatusUnprocessableEntity, 0, formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, clockPath(c.ID), "notice.clock_created")
}

func clockPath(id int64) string { return "/recovery/clocks/" + strconv.FormatInt(id, 10) }

// pathClock is the clock of the path, the member's own.
func (s *Server) pathClock(r *http.Request) (*hearth.Clock, []*hearth.Setback, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return s.store.Clock(r.Context(), id)
}

// ClockPage is one clock: the count, milestones, and its history.
type ClockPage struct {
	Page
	C          *ClockView
	History    hearth.History
	Stretches  []StretchView
	Milestones []*MilestoneView // the next few
	Money      string
	Hours      int
	// Undo is the setback that may still be undone, if any.
	Undo *hearth.Setback
	// Welcome is set right after a setback was recorded.
	Welcome bool
	// Birthday is who congratulated, and birthday meetings near a
	// milestone.
	Birthday *BirthdayView
}

// StretchView is a stretch with its dates in words.
type StretchView struct {
	hearth.Stretch
	FromDate, ToDate string
}

func (s *Server) clockPage(w http.ResponseWriter, r *http.Request) error {
	c, setbacks, err := s.pathClock(r)
	if err != nil {
		return err
	}
	today := s.memberToday(r)
	p := i18n.For(langOf(r.Context()))
	v := s.viewClock(p, c, today)
	page := &ClockPage{Page: s.page(r, "clock.title", "recovery"), C: v, History: hearth.HistoryOf(c, setbacks, today),
		Money: money(p.Lang(), v.MoneySaved), Hours: v.MinutesSaved / 60}
	page.Subject = c.Name
	for i := len(page.History.Stretches) - 1; i >= 0; i-- {
		st := page.History.Stretches[i]
		page.Stretches = append(page.Stretches, StretchView{Stretch: st, FromDate: p.Date(st.From.In(time.UTC)), ToDate: p.Date(st.To.In(time.UTC))})
	}
	s.schedules.Get(c.Schedule).Milestones(c.Start, func(m program.Milestone) bool {
		if m.On.After(today) {
			page.Milestones = append(page.Milestones, viewMilestone(p, m))
		}
		return len(page.Milestones) < 4
	})
	if n := len(setbacks); n > 0 {
		last := setbacks[n-1]
		if s.now().Sub(last.RecordedAt) <= hearth.SetbackUndoWindow {
			page.Undo = last
		}
	}
	page.Welcome = r.URL.Query().Has("welcome")
	if page.Birthday, err = s.birthday(r, c, today); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "clock", page)
}

func clockValues(c *hearth.Clock) url.Values {
	v := url.Values{
		"name": {c.Name}, "kind": {c.Kind}, "start": {c.Start.String()}, "start_time": {c.StartTime},
		"schedule": {c.Schedule}, "visibility": {c.Visibility},
	}
	if c.MoneyPerDay != 0 {
		v.Set("money_per_day", strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%d.%02d", c.MoneyPerDay/100, c.MoneyPerDay%100), ".00"), "0"))
	}
	if c.MinutesPerDay != 0 {
		v.Set("minutes_per_day", strconv.Itoa(c.MinutesPerDay))
	}
	if c.Celebrate {
		v.Set("celebrate", "1")
	}
	return v
}

func (s *Server) editClockPage(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	return s.clockForm(w, r, http.StatusOK, c.ID, &Form{Values: clockValues(c)})
}

func (s *Server) updateClock(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	errs := hearth.FieldErrors{}
	u := formClock(r.PostForm, errs)
	if !s.schedules.Has(*u.Schedule) {
		errs.Add("schedule", "error.clock.schedule")
	}
	if err := errs.Err(); err != nil {
		return s.clockForm(w, r, http.StatusUnprocessableEntity, c.ID, formFrom(r, err))
	}
	if _, err := s.store.UpdateClock(r.Context(), c.ID, u, s.memberToday(r)); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.clockForm(w, r, http.StatusUnprocessableEntity, c.ID, formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, clockPath(c.ID), "notice.clock_saved")
}

// ClockDeletePage asks before a clock and its history go.
type ClockDeletePage struct {
	Page
	C *hearth.Clock
}

func (s *Server) deleteClockPage(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	page := &ClockDeletePage{Page: s.page(r, "clock_delete.title", "recovery"), C: c}
	return s.render(w, r, http.StatusOK, "clock_delete", page)
}

func (s *Server) deleteClock(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteClock(r.Context(), c.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery", "notice.clock_deleted")
}

// SetbackPage records a setback, gently.
type SetbackPage struct {
	Page
	C     *hearth.Clock
	Form  *Form
	Today string
}

func (s *Server) setbackForm(w http.ResponseWriter, r *http.Request, status int, c *hearth.Clock, f *Form) error {
	page := &SetbackPage{Page: s.page(r, "setback.title", "recovery"), C: c, Form: f, Today: s.memberToday(r).String()}
	return s.render(w, r, status, "setback", page)
}

func (s *Server) setbackPage(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	return s.setbackForm(w, r, http.StatusOK, c, &Form{Values: url.Values{"on": {s.memberToday(r).String()}}})
}

func (s *Server) recordSetback(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	sb := &hearth.Setback{Note: r.PostForm.Get("note"), Plan: r.PostForm.Get("plan"), TellPartners: r.PostForm.Get("tell_partners") != ""}
	on, err := hearth.ParseDate(strings.TrimSpace(r.PostForm.Get("on")))
	if err != nil {
		return s.setbackForm(w, r, http.StatusUnprocessableEntity, c, formFrom(r, hearth.FieldErrors{"on": "error.setback.date_required"}.Err()))
	}
	sb.On = on
	if err := s.store.RecordSetback(r.Context(), c.ID, sb, s.memberToday(r)); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.setbackForm(w, r, http.StatusUnprocessableEntity, c, formFrom(r, err))
		}
		return err
	}
	if crisis.Detect(sb.Note, sb.Plan) {
		return s.reachOut(w, r, "notice.reach_out")
	}
	http.Redirect(w, r, clockPath(c.ID)+"?welcome", http.StatusSeeOther)
	return nil
}

// reachOut answers a member whose words, just saved, speak of wanting to
// die or to harm themselves (crisis.Detect): what they wrote is kept, and
// they are shown the people they can reach right now, asked gently how
// they are. Nobody is told. notice says truly what became of their words
// before it asks: "notice.reach_out" for what stays theirs alone, or
// shareReachOut's for a share or reply.
func (s *Server) reachOut(w http.ResponseWriter, r *http.Request, notice string) error {
	return s.redirect(w, r, "/help", notice)
}

func (s *Server) undoSetback(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("setback"), 10, 64)
	if err != nil {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	if err := s.store.UndoSetback(r.Context(), c.ID, id, s.now()); err != nil {
		return err
	}
	return s.redirect(w, r, clockPath(c.ID), "notice.setback_undone")
}

// CheckInPage is the daily check-in form.
type CheckInPage struct {
	Page
	Form    *Form
	ID      int64 // the check-in being edited, 0 for a new one
	On      string
	OnDate  string
	Moods   RadioGroup
	Craving []Choice
	HALT    CheckGroup
	Reviews RadioGroup
}

func (s *Server) checkInForm(w http.ResponseWriter, r *http.Request, status int, on hearth.Date, id int64, f *Form) error {
	p := i18n.For(langOf(r.Context()))
	page := &CheckInPage{Page: s.page(r, "checkin.title", "recovery"), Form: f, ID: id, On: on.String(), OnDate: p.Date(on.In(time.UTC))}
	var moods, reviews, halt []Choice
	for i := 1; i <= 5; i++ {
		moods = append(moods, Choice{strconv.Itoa(i), p.T("checkin.mood." + strconv.Itoa(i))})
	}
	page.Moods = RadioGroup{Name: "mood", Legend: "checkin.mood", Error: f.Err("mood"), Choices: moods, Value: f.Get("mood")}
	page.Craving = append(page.Craving, Choice{"", p.T("checkin.craving.none_given")})
	for i := 0; i <= 10; i++ {
		label := strconv.Itoa(i)
		if i == 0 || i == 10 {
			label = p.T("checkin.craving." + label)
		}
		page.Craving = append(page.Craving, Choice{strconv.Itoa(i), label})
	}
	for _, st := range hearth.HALTStates {
		halt = append(halt, Choice{st.Name, p.T("checkin.halt." + st.Name)})
	}
	page.HALT = CheckGroup{ID: "halt", Name: "halt", Legend: "checkin.halt", Hint: "checkin.halt_hint", Error: f.Err("halt"), Checks: checks(halt, f.Values["halt"])}
	reviews = append(reviews, Choice{"", p.T("checkin.review.later")})
	for _, rv := range hearth.Reviews {
		reviews = append(reviews, Choice{rv, p.T("checkin.review." + rv)})
	}
	page.Reviews = RadioGroup{Name: "review", Legend: "checkin.review", Error: f.Err("review"), Choices: reviews, Value: f.Get("review")}
	return s.render(w, r, status, "checkin", page)
}

func checkInValues(c *hearth.CheckIn) url.Values {
	v := url.Values{"gratitude": {c.Gratitude}, "commitment": {c.Commitment}, "note": {c.Note}, "review": {c.Review}}
	if c.Mood > 0 {
		v.Set("mood", strconv.Itoa(c.Mood))
	}
	if c.Craving >= 0 {
		v.Set("craving", strconv.Itoa(c.Craving))
	}
	if c.SleepTenths >= 0 {
		v.Set("sleep", strings.TrimSuffix(fmt.Sprintf("%d.%d", c.SleepTenths/10, c.SleepTenths%10), ".0"))
	}
	for _, st := range hearth.HALTStates {
		if c.HALT.Has(st.State) {
			v.Add("halt", st.Name)
		}
	}
	return v
}

func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request) error {
	today := s.memberToday(r)
	on := today
	if r.URL.Query().Get("day") == "yesterday" {
		on = today.AddDays(-1)
	}
	c, err := s.store.CheckInOn(r.Context(), on)
	switch hearth.ErrorCode(err) {
	case "":
		return s.checkInForm(w, r, http.StatusOK, on, c.ID, &Form{Values: checkInValues(c)})
	case hearth.ENOTFOUND:
		return s.checkInForm(w, r, http.StatusOK, on, 0, &Form{Values: url.Values{}})
	default:
		return err
	}
}

// formCheckIn reads the check-in form; problems with its numbers go to
// errs.
func formCheckIn(v url.Values, errs hearth.FieldErrors) *hearth.CheckIn {
	c := &hearth.CheckIn{Craving: -1, SleepTenths: -1, Gratitude: v.Get("gratitude"), Commitment: v.Get("commitment"),
		Note: v.Get("note"), Review: v.Get("review")}
	if x := v.Get("mood"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil {
			errs.Add("mood", "error.checkin.mood")
		}
		c.Mood = n
	}
	if x := v.Get("craving"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil {
			errs.Add("craving", "error.checkin.craving")
		}
		c.Craving = n
	}
	if x := strings.TrimSpace(strings.ReplaceAll(v.Get("sleep"), ",", ".")); x != "" {
		f, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(f) || f < 0 || f > 24 {
			errs.Add("sleep", "error.checkin.sleep")
		} else {
			c.SleepTenths = int(math.Round(f * 10))
		}
	}
	for _, name := range v["halt"] {
		found := false
		for _, st := range hearth.HALTStates {
			if st.Name == name {
				c.HALT |= st.State
				found = true
			}
		}
		if !found {
			errs.Add("halt", "error.form")
		}
	}
	return c
}

func (s *Server) saveCheckIn(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	today := s.memberToday(r)
	on, err := hearth.ParseDate(r.PostForm.Get("on"))
	if err != nil {
		on = today
	}
	id, _ := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
	errs := hearth.FieldErrors{}
	c := formCheckIn(r.PostForm, errs)
	c.ID, c.On = id, on
	if err := errs.Err(); err != nil {
		return s.checkInForm(w, r, http.StatusUnprocessableEntity, on, id, formFrom(r, err))
	}
	switch err := s.store.SaveCheckIn(r.Context(), c, today); hearth.ErrorCode(err) {
	case "":
		if crisis.Detect(c.Note, c.Gratitude, c.Commitment) {
			return s.reachOut(w, r, "notice.reach_out")
		}
		return s.redirect(w, r, "/recovery", "notice.checkin_saved")
	case hearth.EINVALID:
		return s.checkInForm(w, r, http.StatusUnprocessableEntity, on, id, formFrom(r, err))
	case hearth.ECONFLICT:
		// Checked in already today (another tab): keep what was typed,
		// say so, and let the member save it over the other.
		existing, ferr := s.store.CheckInOn(r.Context(), on)
		if ferr != nil {
			return ferr
		}
		f := formFrom(r, nil)
		f.Message = "error.checkin.exists"
		return s.checkInForm(w, r, http.StatusConflict, on, existing.ID, f)
	default:
		return err
	}
}
