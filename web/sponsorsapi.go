package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
	"hearth/i18n"
)

// The API of sponsorship: a member's offer to sponsor, matching, and the
// sponsorships they are in.

// APISponsorProfile is a member's offer to sponsor: its fields as the
// export has them, and the count it shows.
type APISponsorProfile struct {
	hearth.ExportSponsorProfile
	Clock int64 `json:"clock"`
	// Taken and TimeRange are read only.
	Taken     int    `json:"taken"`
	TimeRange string `json:"time_range"`
}

// APIMember is another member as the API shows them: pseudonymous.
type APIMember struct {
	ID          int64  `json:"id"`
	Handle      string `json:"signin_name"`
	DisplayName string `json:"display_name"`
	Pronouns    string `json:"pronouns"`
}

func apiMember(a *hearth.Account) *APIMember {
	if a == nil {
		return nil
	}
	return &APIMember{ID: a.ID, Handle: a.Handle, DisplayName: a.DisplayName, Pronouns: a.Pronouns}
}

// APISponsorMatch is a sponsor who fits, with why (in the member's
// language and as data).
type APISponsorMatch struct {
	Sponsor    *APIMember      `json:"sponsor"`
	TimeRange  string          `json:"time_range"`
	Languages  []string        `json:"languages"`
	Ways       []string        `json:"ways"`
	Welcomes   []string        `json:"welcomes"`
	Substances []string        `json:"substances"`
	Gender     string          `json:"gender"`
	About      string          `json:"about"`
	Space      int             `json:"space"`
	Why        []string        `json:"why"`
	Reasons    []hearth.Reason `json:"reasons"`
}

// APISponsorship is a sponsorship seen by one of its members.
type APISponsorship struct {
	ID            int64             `json:"id"`
	Program       string            `json:"program"`
	Status        string            `json:"status"`
	Role          string            `json:"role"` // the caller's: "sponsor" or "sponsee"
	Other         *APIMember        `json:"other"`
	Message       string            `json:"message"`
	DeclineReason string            `json:"decline_reason,omitempty"`
	CadenceDays   int               `json:"cadence_days"`
	CadenceWay    string            `json:"cadence_way"`
	Thanks        string            `json:"thanks,omitempty"`
	CreatedAt     time.Time         `json:"created_at"`
	AnsweredAt    *time.Time        `json:"answered_at,omitempty"`
	EndedAt       *time.Time        `json:"ended_at,omitempty"`
	LastCheckIn   string            `json:"last_check_in,omitempty"`
	NextDue       string            `json:"next_due,omitempty"`
	Overdue       bool              `json:"overdue"`
	CheckIns      []APIGuideCheck   `json:"check_ins,omitempty"`
	Clocks        []APIClock        `json:"clocks,omitempty"`
	Words         map[string]string `json:"words"`
}

// APIGuideCheck is a check-in that happened.
type APIGuideCheck struct {
	On    string `json:"on"`
	Way   string `json:"way"`
	ByYou bool   `json:"by_you"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func (s *Server) apiSponsorship(r *http.Request, sp *hearth.Sponsorship) *APISponsorship {
	p := i18n.For(langOf(r.Context()))
	today := hearth.Today(s.now(), s.zoneOf(r))
	out := &APISponsorship{ID: sp.ID, Program: sp.Program, Status: sp.Status, Role: "sponsee", Other: apiMember(sp.Other()),
		Message: sp.Message, DeclineReason: sp.DeclineReason, CadenceDays: sp.Cadence.Every, CadenceWay: sp.Cadence.Way,
		Thanks: sp.Thanks, CreatedAt: sp.CreatedAt.UTC(), AnsweredAt: timePtr(sp.AnsweredAt), EndedAt: timePtr(sp.EndedAt),
		Overdue: sp.Overdue(today)}
	if sp.ImSponsor {
		out.Role = "sponsor"
	}
	guide, guided := wordsFor(p, sp.Program)
	out.Words = map[string]string{"guide": guide, "guided": guided}
	if !sp.LastCheckIn.IsZero() {
		out.LastCheckIn = sp.LastCheckIn.String()
	}
	if !sp.NextDue.IsZero() {
		out.NextDue = sp.NextDue.String()
	}
	me := hearth.AccountIDFromContext(r.Context())
	for _, c := range sp.CheckIns {
		out.CheckIns = append(out.CheckIns, APIGuideCheck{On: c.On.String(), Way: c.Way, ByYou: c.LoggedBy == me})
	}
	if sp.Sponsee != nil {
		theirToday := hearth.Today(s.now(), hearth.LoadZone(sp.Sponsee.TimeZone))
		for _, c := range sp.Clocks {
			out.Clocks = append(out.Clocks, s.apiClock(p, c, theirToday))
		}
	}
	return out
}

func apiProfile(prof *hearth.SponsorProfile, today hearth.Date) *APISponsorProfile {
	out := &APISponsorProfile{ExportSponsorProfile: prof.Export(), Clock: prof.ClockID, Taken: prof.Taken}
	if !prof.Since.IsZero() {
		out.TimeRange = hearth.TimeRange(prof.Since, today)
	}
	return out
}

func (s *Server) apiSponsorProfile(w http.ResponseWriter, r *http.Request) error {
	prof, err := s.store.SponsorProfile(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiProfile(prof, hearth.Today(s.now(), s.zoneOf(r))))
}

func (s *Server) apiSaveSponsorProfile(w http.ResponseWriter, r *http.Request) error {
	var in APISponsorProfile
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v := map[string][]string{"programs": in.Programs, "clock": {strconv.FormatInt(in.Clock, 10)}, "languages": in.Languages,
		"time_zone": {in.TimeZone}, "ways": in.Ways, "capacity": {strconv.Itoa(in.Capacity)}, "gender": {in.Gender},
		"welcomes": in.Welcomes, "substances": in.Substances, "about": {in.About}}
	if in.Paused {
		v["paused"] = []string{"1"}
	}
	today := hearth.Today(s.now(), s.zoneOf(r))
	if err := s.store.SaveSponsorProfile(r.Context(), profileFrom(v), today); err != nil {
		return err
	}
	return s.apiSponsorProfile(w, r)
}

func (s *Server) apiPauseSponsoring(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Paused *bool `json:"paused"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Paused == nil {
		return hearth.FieldErrors{"paused": "error.api.required"}.Err()
	}
	if err := s.store.PauseSponsoring(r.Context(), *in.Paused); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiFindSponsors(w http.ResponseWriter, r *http.Request) error {
	q := sponsorQuery(r.URL.Query())
	if q.Program != "" && !knownProgram(q.Program) {
		return hearth.FieldErrors{"program": "error.sponsor.program"}.Err()
	}
	list, err := s.store.FindSponsors(r.Context(), q, s.now())
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	out := []APISponsorMatch{}
	for _, m := range list {
		am := APISponsorMatch{Sponsor: apiMember(m.Profile.Member), TimeRange: m.TimeRange, Languages: m.Profile.Languages,
			Ways: m.Profile.Ways, Welcomes: m.Profile.Welcomes, Substances: m.Profile.Substances, Gender: m.Profile.Gender,
			About: m.Profile.About, Space: m.Profile.Space(), Reasons: m.Reasons}
		for _, rs := range m.Reasons {
			am.Why = append(am.Why, reasonText(p, rs))
		}
		out = append(out, am)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSponsorships(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Sponsorships(r.Context(), s.now())
	if err != nil {
		return err
	}
	out := []*APISponsorship{}
	for _, sp := range list {
		out = append(out, s.apiSponsorship(r, sp))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRequestSponsor(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Sponsor int64  `json:"sponsor"`
		Program string `json:"program"`
		Message string `json:"message"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if !knownProgram(in.Program) {
		return hearth.FieldErrors{"program": "error.sponsor.program"}.Err()
	}
	sp, err := s.store.RequestSponsor(r.Context(), in.Sponsor, in.Program, in.Message)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, s.apiSponsorship(r, sp))
}

func (s *Server) apiGetSponsorship(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.pathSponsorship(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.apiSponsorship(r, sp))
}

func (s *Server) apiAnswerSponsorship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Accept *bool  `json:"accept"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Accept == nil {
		return hearth.FieldErrors{"accept": "error.api.required"}.Err()
	}
	if err := s.store.AnswerSponsorRequest(r.Context(), id, *in.Accept, in.Reason); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiSetCadence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Days int    `json:"days"`
		Way  string `json:"way"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetCadence(r.Context(), id, hearth.Cadence{Every: in.Days, Way: in.Way}); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiLogSponsorCheckIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		On  string `json:"on"`
		Way string `json:"way"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	today := hearth.Today(s.now(), s.zoneOf(r))
	on := today
	if in.On != "" {
		if on, err = hearth.ParseDate(in.On); err != nil {
			return hearth.FieldErrors{"on": "error.sponsor.check_in_day"}.Err()
		}
	}
	if err := s.store.LogSponsorCheckIn(r.Context(), id, on, in.Way, today); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiEndSponsorship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Thanks string `json:"thanks"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.EndSponsorship(r.Context(), id, in.Thanks); err != nil {
		return err
	}
	return noContent(w)
}
