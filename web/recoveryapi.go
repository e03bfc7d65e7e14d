package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"hearth"
	"hearth/i18n"
)

// The JSON API of a member's recovery: counts, setbacks, check-ins and
// partners, the same services the pages use (a phone app could be built
// on it). Documented in openapi.json.

// noContent answers a request that succeeded with nothing to say.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// decodeJSON reads a request's JSON body into v: one object, no unknown
// fields. A bad body is EINVALID, naming what is wrong when it can.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooLarge):
			return hearth.Errorf(hearth.ETOOLARGE, "error.too_large")
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return hearth.FieldErrors{typeErr.Field: "error.api.type"}.Err()
		default:
			return malformed{hearth.Errorf(hearth.EINVALID, "error.api.json")}
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed{hearth.Errorf(hearth.EINVALID, "error.api.json")}
	}
	return nil
}

// malformed is a request body that cannot be read at all: 400, where a
// body that reads but says something wrong is 422.
type malformed struct{ error }

func (m malformed) Unwrap() error { return m.error }

// APIClock is a count as the API shows it.
type APIClock struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Kind          string        `json:"kind"`
	Start         string        `json:"start"`
	StartTime     string        `json:"start_time,omitempty"`
	Schedule      string        `json:"milestones"`
	MoneyPerDay   int64         `json:"money_per_day_hundredths"`
	MinutesPerDay int           `json:"minutes_per_day"`
	Visibility    string        `json:"visibility"`
	Celebrate     bool          `json:"celebrate"`
	Days          int           `json:"days"`
	Last          *APIMilestone `json:"last_milestone,omitempty"`
	Next          *APIMilestone `json:"next_milestone,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`
	// With one count: its setbacks and history.
	Setbacks []APISetback    `json:"setbacks,omitempty"`
	History  *hearth.History `json:"-"`
	Stats    *APIHistory     `json:"history,omitempty"`
}

// APIMilestone is a milestone with its name in the member's language.
type APIMilestone struct {
	Name   string `json:"name"`
	On     string `json:"on"`
	Colour string `json:"colour,omitempty"`
}

// APISetback is one setback.
type APISetback struct {
	ID            int64     `json:"id"`
	On            string    `json:"on"`
	PreviousStart string    `json:"previous_start"`
	Note          string    `json:"note"`
	Plan          string    `json:"plan"`
	RecordedAt    time.Time `json:"recorded_at"`
	// Support is in the answer to recording it only (read-only, as
	// apiSupport says).
	Support *APISupport `json:"support,omitempty"`
}

// APIHistory sums a count's stretches.
type APIHistory struct {
	TotalDays      int `json:"total_days"`
	LongestDays    int `json:"longest_days"`
	AverageBetween int `json:"average_days_between_setbacks"`
	Stretches      int `json:"stretches"`
}

func (s *Server) apiClock(p *i18n.Printer, c *hearth.Clock, today hearth.Date) APIClock {
	v := s.viewClock(p, c, today)
	out := APIClock{ID: c.ID, Name: c.Name, Kind: c.Kind, Start: c.Start.String(), StartTime: c.StartTime, Schedule: c.Schedule,
		MoneyPerDay: c.MoneyPerDay, MinutesPerDay: c.MinutesPerDay, Visibility: c.Visibility, Celebrate: c.Celebrate,
		Days: v.Days, CreatedAt: c.CreatedAt.UTC()}
	milestone := func(m *MilestoneView) *APIMilestone {
		if m == nil {
			return nil
		}
		return &APIMilestone{Name: m.Name, On: m.On.String(), Colour: m.Colour}
	}
	out.Last, out.Next = milestone(v.Last), milestone(v.Next)
	return out
}

func (s *Server) apiClocks(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Clocks(r.Context())
	if err != nil {
		return err
	}
	p, today := i18n.For(langOf(r.Context())), s.memberToday(r)
	out := []APIClock{}
	for _, c := range list {
		out = append(out, s.apiClock(p, c, today))
	}
	return writeJSON(w, http.StatusOK, out)
}

// APIClockInput is a count as the API takes it; absent fields keep their
// value (or the default, for a new count).
type APIClockInput struct {
	Name          *string `json:"name"`
	Kind          *string `json:"kind"`
	Start         *string `json:"start"`
	StartTime     *string `json:"start_time"`
	Schedule      *string `json:"milestones"`
	MoneyPerDay   *int64  `json:"money_per_day_hundredths"`
	MinutesPerDay *int    `json:"minutes_per_day"`
	Visibility    *string `json:"visibility"`
	Celebrate     *bool   `json:"celebrate"`
}

func (s *Server) clockUpdate(in APIClockInput) (hearth.ClockUpdate, error) {
	u := hearth.ClockUpdate{Name: in.Name, Kind: in.Kind, StartTime: in.StartTime, Schedule: in.Schedule,
		MoneyPerDay: in.MoneyPerDay, MinutesPerDay: in.MinutesPerDay, Visibility: in.Visibility, Celebrate: in.Celebrate}
	errs := hearth.FieldErrors{}
	if in.Start != nil {
		d, err := hearth.ParseDate(*in.Start)
		if err != nil {
			errs.Add("start", "error.clock.start_required")
		}
		u.Start = &d
	}
	if in.Schedule != nil && !s.schedules.Has(*in.Schedule) {
		errs.Add("milestones", "error.clock.schedule")
	}
	return u, errs.Err()
}

// apiFields renames the store's field names to the API's.
func apiFields(err error, names map[string]string) error {
	var he *hearth.Error
	if !errors.As(err, &he) || len(he.Fields) == 0 {
		return err
	}
	fields := hearth.FieldErrors{}
	for f, key := range he.Fields {
		if n, ok := names[f]; ok {
			f = n
		}
		fields[f] = key
	}
	return fields.Err()
}

var clockFieldNames = map[string]string{"schedule": "milestones", "money_per_day": "money_per_day_hundredths"}

func (s *Server) apiCreateClock(w http.ResponseWriter, r *http.Request) error {
	in := APIClockInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.clockUpdate(in)
	if err != nil {
		return err
	}
	c := hearth.Clock{Kind: hearth.ClockOther, Schedule: "aa", Visibility: hearth.VisibleToMe}
	u.Apply(&c)
	if err := s.store.CreateClock(r.Context(), &c, s.memberToday(r)); err != nil {
		return apiFields(err, clockFieldNames)
	}
	w.Header().Set("Location", "/api/v1/me/clocks/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, s.apiClock(i18n.For(langOf(r.Context())), &c, s.memberToday(r)))
}

func (s *Server) apiGetClock(w http.ResponseWriter, r *http.Request) error {
	c, setbacks, err := s.pathClock(r)
	if err != nil {
		return err
	}
	today := s.memberToday(r)
	out := s.apiClock(i18n.For(langOf(r.Context())), c, today)
	out.Setbacks = []APISetback{}
	for _, sb := range setbacks {
		out.Setbacks = append(out.Setbacks, apiSetback(sb))
	}
	h := hearth.HistoryOf(c, setbacks, today)
	out.Stats = &APIHistory{TotalDays: h.TotalDays, LongestDays: h.LongestDays, AverageBetween: h.AverageBetween, Stretches: len(h.Stretches)}
	return writeJSON(w, http.StatusOK, out)
}

func apiSetback(sb *hearth.Setback) APISetback {
	return APISetback{ID: sb.ID, On: sb.On.String(), PreviousStart: sb.PreviousStart.String(), Note: sb.Note, Plan: sb.Plan,
		RecordedAt: sb.RecordedAt.UTC()}
}

func (s *Server) apiUpdateClock(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	in := APIClockInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.clockUpdate(in)
	if err != nil {
		return err
	}
	c, err = s.store.UpdateClock(r.Context(), c.ID, u, s.memberToday(r))
	if err != nil {
		return apiFields(err, clockFieldNames)
	}
	return writeJSON(w, http.StatusOK, s.apiClock(i18n.For(langOf(r.Context())), c, s.memberToday(r)))
}

func (s *Server) apiDeleteClock(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteClock(r.Context(), c.ID); err != nil {
		return err
	}
	return noContent(w)
}

// APISetbackInput is a setback as the API takes it.
type APISetbackInput struct {
	On           string `json:"on"`
	Note         string `json:"note"`
	Plan         string `json:"plan"`
	TellPartners bool   `json:"tell_partners"`
}

func (s *Server) apiRecordSetback(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.pathClock(r)
	if err != nil {
		return err
	}
	in := APISetbackInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	on, err := hearth.ParseDate(in.On)
	if err != nil {
		return hearth.FieldErrors{"on": "error.setback.date_required"}.Err()
	}
	sb := &hearth.Setback{On: on, Note: in.Note, Plan: in.Plan, TellPartners: in.TellPartners}
	if err := s.store.RecordSetback(r.Context(), c.ID, sb, s.memberToday(r)); err != nil {
		return err
	}
	out := apiSetback(sb)
	out.Support = apiSupport(r, sb.Note, sb.Plan)
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiUndoSetback(w http.ResponseWriter, r *http.Request) error {
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
	return noContent(w)
}

// APICheckIn is a check-in as the API shows and takes it; absent answers
// are null.
type APICheckIn struct {
	On         string     `json:"on"`
	Mood       *int       `json:"mood"`
	Craving    *int       `json:"craving"`
	HALT       []string   `json:"halt"`
	SleepHours *float64   `json:"sleep_hours"`
	Gratitude  string     `json:"gratitude"`
	Commitment string     `json:"commitment"`
	Note       string     `json:"note"`
	Review     string     `json:"review"`
	UpdatedAt  *time.Time `json:"updated_at,omitempty"`
	// Support is in the answer to saving it only (read-only, as
	// updated_at).
	Support *APISupport `json:"support,omitempty"`
}

func apiCheckIn(c *hearth.CheckIn) APICheckIn {
	x := c.Export()
	out := APICheckIn{On: x.On, Craving: x.Craving, HALT: x.HALT, SleepHours: x.SleepHours, Gratitude: c.Gratitude,
		Commitment: c.Commitment, Note: c.Note, Review: c.Review}
	if c.Mood > 0 {
		m := c.Mood
		out.Mood = &m
	}
	if out.HALT == nil {
		out.HALT = []string{}
	}
	updated := c.UpdatedAt.UTC()
	out.UpdatedAt = &updated
	return out
}

func (s *Server) apiCheckIns(w http.ResponseWriter, r *http.Request) error {
	today := s.memberToday(r)
	from, to := today.AddDays(-13), today
	q := r.URL.Query()
	errs := hearth.FieldErrors{}
	for name, d := range map[string]*hearth.Date{"from": &from, "to": &to} {
		if v := q.Get(name); v != "" {
			x, err := hearth.ParseDate(v)
			if err != nil {
				errs.Add(name, "error.api.date")
			}
			*d = x
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if to.DaysSince(from) > 3*366 {
		return hearth.FieldErrors{"from": "error.api.range"}.Err()
	}
	list, err := s.store.CheckIns(r.Context(), from, to, q.Get("notes") != "false")
	if err != nil {
		return err
	}
	out := []APICheckIn{}
	for _, c := range list {
		out = append(out, apiCheckIn(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func pathDate(r *http.Request) (hearth.Date, error) {
	d, err := hearth.ParseDate(r.PathValue("date"))
	if err != nil {
		return hearth.Date{}, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return d, nil
}

func (s *Server) apiGetCheckIn(w http.ResponseWriter, r *http.Request) error {
	on, err := pathDate(r)
	if err != nil {
		return err
	}
	c, err := s.store.CheckInOn(r.Context(), on)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiCheckIn(c))
}

// apiPutCheckIn saves the check-in of a date: made if there is none,
// replaced if there is.
func (s *Server) apiPutCheckIn(w http.ResponseWriter, r *http.Request) error {
	on, err := pathDate(r)
	if err != nil {
		return err
	}
	in := APICheckIn{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := &hearth.CheckIn{On: on, Craving: -1, SleepTenths: -1, Gratitude: in.Gratitude, Commitment: in.Commitment,
		Note: in.Note, Review: in.Review}
	if in.Mood != nil {
		c.Mood = *in.Mood
		if c.Mood == 0 {
			c.Mood = -1 // 0 is "not given": an explicit 0 is out of range
		}
	}
	if in.Craving != nil {
		c.Craving = *in.Craving
		if c.Craving < 0 {
			c.Craving = 11 // out of range: refused by Validate
		}
	}
	if in.SleepHours != nil {
		c.SleepTenths = int(*in.SleepHours*10 + 0.5)
		if *in.SleepHours < 0 {
			c.SleepTenths = 1000
		}
	}
	errs := hearth.FieldErrors{}
	for _, name := range in.HALT {
		found := false
		for _, st := range hearth.HALTStates {
			if st.Name == name {
				c.HALT |= st.State
				found = true
			}
		}
		if !found {
			errs.Add("halt", "error.api.halt")
		}
	}
	if err := errs.Err(); err != nil {
		return err
	}
	status := http.StatusCreated
	switch existing, err := s.store.CheckInOn(r.Context(), on); hearth.ErrorCode(err) {
	case "":
		c.ID, status = existing.ID, http.StatusOK
	case hearth.ENOTFOUND:
	default:
		return err
	}
	if err := s.store.SaveCheckIn(r.Context(), c, s.memberToday(r)); err != nil {
		return apiFields(err, map[string]string{"sleep": "sleep_hours"})
	}
	out := apiCheckIn(c)
	out.Support = apiSupport(r, c.Note, c.Gratitude, c.Commitment)
	return writeJSON(w, status, out)
}

// APIPartner is a partnership as the API shows it.
type APIPartner struct {
	ID       int64      `json:"id"`
	Accepted bool       `json:"accepted"`
	Invited  bool       `json:"invited_me"`
	Them     APIPerson  `json:"partner"`
	Mine     APISharing `json:"i_share"`
	Theirs   APISharing `json:"they_share"`
	// Their shared day, for an active partner read alone.
	Status *APIPartnerStatus `json:"status,omitempty"`
}

// APIPerson is another member as anyone may see them.
type APIPerson struct {
	Handle      string `json:"signin_name"`
	DisplayName string `json:"display_name"`
	Pronouns    string `json:"pronouns"`
}

// APISharing is what one side shares.
type APISharing struct {
	Clocks   bool `json:"clocks"`
	CheckIns bool `json:"check_ins"`
	Mood     bool `json:"mood"`
	Nudges   bool `json:"nudges"`
}

// APIPartnerStatus is what a partner shares of their day.
type APIPartnerStatus struct {
	Clocks         []APIClock `json:"clocks,omitempty"`
	CheckedInToday *bool      `json:"checked_in_today,omitempty"`
	WeekCheckIns   *int       `json:"week_check_ins,omitempty"`
	Moods          []int      `json:"moods,omitempty"`
	HardDay        string     `json:"hard_day,omitempty"`
}

func apiSharing(s hearth.Sharing) APISharing {
	return APISharing{Clocks: s.Clocks, CheckIns: s.CheckIns, Mood: s.Mood, Nudges: s.Nudges}
}

func apiPartner(p *hearth.Partnership) APIPartner {
	return APIPartner{ID: p.ID, Accepted: p.Accepted, Invited: p.Invited,
		Them: APIPerson{Handle: p.Them.Handle, DisplayName: p.Them.DisplayName, Pronouns: p.Them.Pronouns},
		Mine: apiSharing(p.Mine), Theirs: apiSharing(p.Theirs)}
}

func (s *Server) apiPartners(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Partnerships(r.Context())
	if err != nil {
		return err
	}
	out := []APIPartner{}
	for _, p := range list {
		out = append(out, apiPartner(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiInvitePartner(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Handle string `json:"signin_name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.InvitePartner(r.Context(), in.Handle)
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return hearth.FieldErrors{"signin_name": "error.partner.not_found"}.Err()
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, apiPartner(p))
}

func (s *Server) apiAnswerPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Accept *bool `json:"accept"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Accept == nil {
		return hearth.FieldErrors{"accept": "error.api.required"}.Err()
	}
	if err := s.store.AnswerInvitation(r.Context(), id, *in.Accept); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiGetPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.store.PartnerStatus(r.Context(), id, s.now())
	if err != nil {
		return err
	}
	out := apiPartner(&st.Partnership)
	status := &APIPartnerStatus{Moods: st.Moods}
	if !st.HardDay.IsZero() {
		status.HardDay = st.HardDay.String()
	}
	if st.Theirs.CheckIns {
		status.CheckedInToday, status.WeekCheckIns = &st.CheckedInToday, &st.WeekCheckIns
	}
	p, theirToday := i18n.For(langOf(r.Context())), hearth.Today(s.now(), hearth.LoadZone(st.Them.TimeZone))
	for _, c := range st.Clocks {
		status.Clocks = append(status.Clocks, s.apiClock(p, c, theirToday))
	}
	out.Status = status
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSetSharing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := APISharing{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetSharing(r.Context(), id, hearth.Sharing{Clocks: in.Clocks, CheckIns: in.CheckIns, Mood: in.Mood, Nudges: in.Nudges}); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiNudge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.Nudge(r.Context(), id, s.now()); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiEndPartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.EndPartnership(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// APICelebration is a milestone the member may celebrate with someone.
type APICelebration struct {
	Clock         int64     `json:"clock"`
	Member        APIPerson `json:"member"`
	Milestone     string    `json:"milestone"`
	On            string    `json:"on"`
	Congratulated bool      `json:"congratulated"`
}

// apiCelebrations lists the recent milestones of the member's partners
// and of their groups' members who asked for it.
func (s *Server) apiCelebrations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.PartnerCelebrations(r.Context())
	if err != nil {
		return err
	}
	groups, err := s.store.GroupCelebrations(r.Context(), 0)
	if err != nil {
		return err
	}
	list = append(list, groups...)
	p := i18n.For(langOf(r.Context()))
	seen := map[int64]bool{}
	out := []APICelebration{}
	for _, c := range s.recentMilestones(p, list) {
		if seen[c.ClockID] {
			continue
		}
		seen[c.ClockID] = true
		for _, x := range list {
			if x.ClockID == c.ClockID {
				out = append(out, APICelebration{Clock: c.ClockID, Member: APIPerson{Handle: x.Member.Handle,
					DisplayName: x.Member.DisplayName, Pronouns: x.Member.Pronouns}, Milestone: c.Milestone, On: c.On,
					Congratulated: c.Congratulated})
				break
			}
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCongratulate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Clock int64  `json:"clock"`
		On    string `json:"on"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	on, err := hearth.ParseDate(in.On)
	if err != nil {
		return hearth.FieldErrors{"on": "error.api.date"}.Err()
	}
	if err := s.store.Congratulate(r.Context(), in.Clock, on); err != nil {
		return err
	}
	return noContent(w)
}
