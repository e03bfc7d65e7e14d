package hearth

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sponsorship: someone with more time guides someone newer. A member who
// has enough time on a count offers to sponsor (a SponsorProfile); a
// seeker finds sponsors who fit (FindSponsors, with the reasons why),
// asks one (a request with a short message), and the sponsor accepts or
// declines kindly. An active sponsorship has an agreed check-in cadence,
// and either of them logs the check-ins that happened. Programs outside
// the twelve steps (SMART, LifeRing...) use the same mechanism with the
// word "mentor" (MentorProgram).

// How a sponsor meets their sponsees.
const (
	WayInPerson = "in_person"
	WayCalls    = "calls"
	WayOnline   = "online"
)

// SponsorWays lists the ways, in the order forms offer them.
var SponsorWays = []string{WayInPerson, WayCalls, WayOnline}

// Genders a sponsor may say (or leave unsaid, "").
var SponsorGenders = []string{"woman", "man", "nonbinary"}

// What a sponsor welcomes, which a seeker may ask for.
const (
	WelcomesLGBTQ   = "lgbtq"   // LGBTQ+ affirming
	WelcomesSecular = "secular" // secular-friendly
	WelcomesMAT     = "mat"     // medication-assisted recovery friendly
)

// SponsorWelcomes lists them, in the order forms offer them.
var SponsorWelcomes = []string{WelcomesLGBTQ, WelcomesSecular, WelcomesMAT}

// SponsorSubstances are what a sponsor may have experience with.
var SponsorSubstances = []string{"alcohol", "opioids", "stimulants", "cannabis", "sedatives", "gambling", "food", "sex"}

// SponsorLanguages are the languages a sponsor may speak, by BCP 47 tag
// ("ase" is American Sign Language). At most 63: they are kept as bits.
var SponsorLanguages = []string{"en", "es", "fr", "pt", "de", "it", "nl", "pl", "ru", "uk", "ar", "fa", "hi", "zh", "ja", "ko", "vi", "tl", "ase"}

// Limits on a sponsor profile and a sponsorship.
const (
	SponsorAboutMax     = 600 // characters of "about my approach"
	SponsorMessageMax   = 500 // characters of a request's message
	SponsorThanksMax    = 500 // characters of a thank-you at the end
	SponsorCapacityMax  = 10  // sponsees at once
	SponsorPendingMax   = 3   // a seeker's unanswered requests at once
	SponsorMatchesMax   = 20  // matches FindSponsors returns
	SponsorZoneWindowMx = 12  // hours either side
	SponsorDeclineDays  = 90  // a decline hides the sponsor from that seeker this long
	sponsorCadenceMax   = 31  // days between agreed check-ins, at most
	SponsorCheckInsMax  = 200 // a sponsorship's check-ins shown, newest first
	// SponsorCheckInBackDays is how far back a check-in may be logged
	// (they may have talked before they came to Hearth).
	SponsorCheckInBackDays = 30
)

// MentorProgram reports whether the program calls the relationship
// mentoring rather than sponsorship (programs outside the twelve steps).
func MentorProgram(program string) bool {
	switch program {
	case "smart", "lifering", "recovery-dharma", "refuge-recovery", "support-groups", "other":
		return true
	}
	return false
}

// SponsorMinTime is, by program, the time on a count a member needs to
// offer to sponsor in it; a program not listed takes Default (one year
// when zero). The operator sets it (hearth serve --sponsor-min-time).
type SponsorMinTime struct {
	Default  Span
	Programs map[string]Span
}

// For is the time needed for the program.
func (m SponsorMinTime) For(program string) Span {
	if s, ok := m.Programs[program]; ok {
		return s
	}
	if m.Default != (Span{}) {
		return m.Default
	}
	return Span{Years: 1}
}

// Cutoff is the latest start of a count that has the time needed for the
// program on today.
func (m SponsorMinTime) Cutoff(program string, today Date) Date {
	s := m.For(program)
	return today.AddMonths(-(s.Years*12 + s.Months)).AddDays(-s.Days)
}

// SponsorProfile is a member's offer to sponsor. Their time in recovery is
// the current stretch of one of their counts (Clock), which they choose;
// others see only a range of it (TimeRange), never a date.
type SponsorProfile struct {
	AccountID int64
	Programs  []string
	ClockID   int64
	// Since is the start of the chosen count (read, never shown).
	Since      Date
	Languages  []string
	TimeZone   string
	Ways       []string
	Capacity   int
	Gender     string
	Welcomes   []string
	Substances []string
	About      string
	Paused     bool
	// Taken is how many sponsees they have now (read only).
	Taken int
	// Member is the sponsor as anyone may see them (read only).
	Member    *Account
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Space is how many more sponsees they can take.
func (p *SponsorProfile) Space() int { return max(0, p.Capacity-p.Taken) }

// Validate checks and tidies the profile's fields.
func (p *SponsorProfile) Validate() error {
	errs := FieldErrors{}
	p.Programs = tidy(p.Programs)
	if len(p.Programs) == 0 || len(p.Programs) > 5 || slices.Contains(p.Programs, "") {
		errs["programs"] = "error.sponsor.programs"
	}
	if p.ClockID == 0 {
		errs["clock"] = "error.sponsor.clock"
	}
	p.Languages = tidy(p.Languages)
	if len(p.Languages) == 0 || !subset(p.Languages, SponsorLanguages) {
		errs["languages"] = "error.sponsor.languages"
	}
	if !ValidTimeZone(p.TimeZone) {
		errs["time_zone"] = "error.time_zone.invalid"
	}
	p.Ways = tidy(p.Ways)
	if len(p.Ways) == 0 || !subset(p.Ways, SponsorWays) {
		errs["ways"] = "error.sponsor.ways"
	}
	if p.Capacity < 1 || p.Capacity > SponsorCapacityMax {
		errs["capacity"] = "error.sponsor.capacity"
	}
	if p.Gender != "" && !slices.Contains(SponsorGenders, p.Gender) {
		errs["gender"] = "error.sponsor.gender"
	}
	p.Welcomes = tidy(p.Welcomes)
	if !subset(p.Welcomes, SponsorWelcomes) {
		errs["welcomes"] = "error.sponsor.welcomes"
	}
	p.Substances = tidy(p.Substances)
	if !subset(p.Substances, SponsorSubstances) {
		errs["substances"] = "error.sponsor.substances"
	}
	p.About = strings.TrimSpace(p.About)
	if utf8.RuneCountInString(p.About) > SponsorAboutMax {
		errs["about"] = "error.sponsor.about_long"
	}
	return errs.Err()
}

// tidy sorts a list and drops blanks and repeats.
func tidy(list []string) []string {
	out := []string{}
	for _, v := range list {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func subset(list, of []string) bool {
	for _, v := range list {
		if !slices.Contains(of, v) {
			return false
		}
	}
	return true
}

// TimeRange names a length of time in recovery as a range, never a date:
// "under_1", "1_2", "2_5", "5_10" or "10_plus" years (catalog keys
// sponsor.time.*).
func TimeRange(since, today Date) string {
	switch y := SpanBetween(since, today).Years; {
	case y < 1:
		return "under_1"
	case y < 2:
		return "1_2"
	case y < 5:
		return "2_5"
	case y < 10:
		return "5_10"
	default:
		return "10_plus"
	}
}

// SponsorQuery is what matters to a seeker. Program is required; the
// other fields narrow (empty: any).
type SponsorQuery struct {
	Program string
	// Language the sponsor speaks.
	Language string
	// ZoneWindow keeps sponsors whose time zone is at most this many hours
	// from the seeker's (0: anywhere).
	ZoneWindow int
	// Ways keeps sponsors who meet in at least one of them.
	Ways []string
	// Gender keeps sponsors who said this gender.
	Gender string
	// Welcomes and Substances keep sponsors who said all of them.
	Welcomes   []string
	Substances []string
	// Shared keeps sponsors who share a group or a followed meeting with
	// the seeker.
	Shared bool
}

// Validate checks the query's fields.
func (q *SponsorQuery) Validate() error {
	errs := FieldErrors{}
	if q.Program == "" {
		errs["program"] = "error.sponsor.program"
	}
	if q.Language != "" && !slices.Contains(SponsorLanguages, q.Language) {
		errs["language"] = "error.sponsor.languages"
	}
	if q.ZoneWindow < 0 || q.ZoneWindow > SponsorZoneWindowMx {
		errs["zone_window"] = "error.sponsor.zone_window"
	}
	q.Ways, q.Welcomes, q.Substances = tidy(q.Ways), tidy(q.Welcomes), tidy(q.Substances)
	if !subset(q.Ways, SponsorWays) {
		errs["ways"] = "error.sponsor.ways"
	}
	if q.Gender != "" && !slices.Contains(SponsorGenders, q.Gender) {
		errs["gender"] = "error.sponsor.gender"
	}
	if !subset(q.Welcomes, SponsorWelcomes) {
		errs["welcomes"] = "error.sponsor.welcomes"
	}
	if !subset(q.Substances, SponsorSubstances) {
		errs["substances"] = "error.sponsor.substances"
	}
	return errs.Err()
}

// Reasons a sponsor fits, shown instead of a score.
const (
	ReasonLanguage  = "language"  // Value: the language tag they share with the seeker
	ReasonGroups    = "groups"    // N groups in common
	ReasonMeetings  = "meetings"  // N followed meetings in common
	ReasonTime      = "time"      // Value: their TimeRange
	ReasonSpace     = "space"     // N more sponsees they can take
	ReasonZone      = "zone"      // N hours apart (0: the same time)
	ReasonWay       = "way"       // Value: a way asked for that they offer
	ReasonWelcomes  = "welcomes"  // Value: something asked for that they welcome
	ReasonSubstance = "substance" // Value: experience asked for
	ReasonGender    = "gender"    // Value: the gender asked for
)

// Reason is one reason a sponsor fits a seeker.
type Reason struct {
	Kind  string `json:"kind"`
	N     int    `json:"n,omitempty"`
	Value string `json:"value,omitempty"`
}

// SponsorMatch is a sponsor who fits a seeker, with why.
type SponsorMatch struct {
	Profile *SponsorProfile
	// TimeRange is their time in recovery as a range.
	TimeRange string
	// SharedGroups and SharedMeetings count the groups and followed
	// meetings they share with the seeker.
	SharedGroups, SharedMeetings int
	// ZoneHours is how many hours apart their time zones are now.
	ZoneHours int
	Reasons   []Reason
	// Score orders the matches; it is never shown.
	Score int
}

// RankSponsor scores a candidate for a seeker and says why it fits. The
// ranking, documented for the tests and the seeker alike:
//   - each shared group counts 30 and each shared meeting 20 (3 at most each);
//   - speaking the seeker's language (asked for, or the seeker's own) 25;
//   - a time zone 0 hours away 24, less 3 for each hour (never below 0);
//   - each whole year in recovery 2 (10 years at most);
//   - each place left 3 (3 at most);
//   - each way, welcome and substance asked for and offered 5.
//
// Ties go to the sponsor who has waited longest (lowest account id).
func RankSponsor(m *SponsorMatch, q *SponsorQuery, seekerLang string, today Date) {
	p := m.Profile
	m.TimeRange = TimeRange(p.Since, today)
	m.Reasons = m.Reasons[:0]
	score := 0
	lang := q.Language
	if lang == "" {
		lang = seekerLang
	}
	if slices.Contains(p.Languages, lang) {
		score += 25
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonLanguage, Value: lang})
	}
	if m.SharedGroups > 0 {
		score += 30 * min(m.SharedGroups, 3)
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonGroups, N: m.SharedGroups})
	}
	if m.SharedMeetings > 0 {
		score += 20 * min(m.SharedMeetings, 3)
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonMeetings, N: m.SharedMeetings})
	}
	for _, w := range q.Ways {
		if slices.Contains(p.Ways, w) {
			score += 5
			m.Reasons = append(m.Reasons, Reason{Kind: ReasonWay, Value: w})
		}
	}
	if q.Gender != "" && p.Gender == q.Gender {
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonGender, Value: q.Gender})
	}
	for _, w := range q.Welcomes {
		if slices.Contains(p.Welcomes, w) {
			score += 5
			m.Reasons = append(m.Reasons, Reason{Kind: ReasonWelcomes, Value: w})
		}
	}
	for _, v := range q.Substances {
		if slices.Contains(p.Substances, v) {
			score += 5
			m.Reasons = append(m.Reasons, Reason{Kind: ReasonSubstance, Value: v})
		}
	}
	score += max(0, 24-3*m.ZoneHours)
	if m.ZoneHours <= 3 {
		m.Reasons = append(m.Reasons, Reason{Kind: ReasonZone, N: m.ZoneHours})
	}
	years := SpanBetween(p.Since, today).Years
	score += 2 * min(years, 10)
	m.Reasons = append(m.Reasons, Reason{Kind: ReasonTime, Value: m.TimeRange, N: years})
	space := p.Space()
	score += 3 * min(space, 3)
	m.Reasons = append(m.Reasons, Reason{Kind: ReasonSpace, N: space})
	m.Score = score
}

// SortMatches orders matches best first, ties to the lowest account id.
func SortMatches(list []*SponsorMatch) {
	slices.SortFunc(list, func(a, b *SponsorMatch) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return int(a.Profile.AccountID - b.Profile.AccountID)
	})
}

// Sponsorship states.
const (
	SponsorRequested = "requested"
	SponsorActive    = "active"
	SponsorDeclined  = "declined"
	SponsorWithdrawn = "withdrawn"
	SponsorEnded     = "ended"
)

// Kind words a sponsor may decline with: templates that do not hurt.
var SponsorDeclineReasons = []string{"full", "not_now", "better_fit"}

// Cadence is how often a sponsor and sponsee agreed to check in, and how.
type Cadence struct {
	// Every is the days between check-ins (1 daily, 7 weekly...); 0 while
	// they have not agreed.
	Every int
	// Way is "text", "call", "in_person" or "online".
	Way string
}

// CadenceWays lists how a check-in happens.
var CadenceWays = []string{"text", "call", "in_person", "online"}

// CadenceDays lists the intervals forms offer.
var CadenceDays = []int{1, 2, 3, 7, 14, 30}

// Validate checks the cadence.
func (c Cadence) Validate() error {
	errs := FieldErrors{}
	if c.Every < 1 || c.Every > sponsorCadenceMax {
		errs["every"] = "error.sponsor.cadence"
	}
	if !slices.Contains(CadenceWays, c.Way) {
		errs["way"] = "error.sponsor.cadence_way"
	}
	return errs.Err()
}

// Sponsorship joins a sponsor and a sponsee in one program. The member
// who was erased is nil (shown as "former member"); history stays for
// the other.
type Sponsorship struct {
	ID      int64
	Program string
	Status  string
	Sponsor *Account
	Sponsee *Account
	// ImSponsor says the actor who read it is the sponsor.
	ImSponsor bool
	// Message is the seeker's request message, for the two of them.
	Message string
	// DeclineReason is the template the sponsor declined with.
	DeclineReason string
	Cadence       Cadence
	// Thanks is the thank-you written on ending, by EndedBy.
	Thanks  string
	EndedBy int64
	// CreatedAt is when it was asked for; AnsweredAt when accepted or
	// declined (or withdrawn); EndedAt when it ended.
	CreatedAt, AnsweredAt, EndedAt time.Time
	// LastCheckIn is the day of the latest check-in logged (zero for
	// none); NextDue the day the next agreed one is due (zero without a
	// cadence). No count of check-ins "in a row" is kept: a run that
	// breaks is a streak lost, and Hearth keeps no streaks (DESIGN.md).
	LastCheckIn, NextDue Date
	// CheckIns are its check-ins, newest first (Sponsorship only).
	CheckIns []*SponsorCheckIn
	// Clocks are the sponsee's counts they share with their supporters
	// (for the sponsor, on an active sponsorship).
	Clocks []*Clock
}

// Other is the other member, seen from the actor (nil when erased).
func (s *Sponsorship) Other() *Account {
	if s.ImSponsor {
		return s.Sponsee
	}
	return s.Sponsor
}

// Overdue reports whether an agreed check-in is past due on today.
func (s *Sponsorship) Overdue(today Date) bool {
	return s.Status == SponsorActive && !s.NextDue.IsZero() && s.NextDue.Before(today)
}

// Due reports whether an agreed check-in is due on today or overdue.
func (s *Sponsorship) Due(today Date) bool {
	return s.Status == SponsorActive && !s.NextDue.IsZero() && !s.NextDue.After(today)
}

// SponsorCheckIn is a check-in that happened, logged by either of them.
type SponsorCheckIn struct {
	ID       int64
	On       Date
	Way      string
	LoggedBy int64 // 0 when the member who logged it was erased
	At       time.Time
}

// Schedule fills in LastCheckIn and NextDue from the day of the latest
// check-in (zero for none) and the cadence.
func (s *Sponsorship) Schedule(last Date) {
	s.LastCheckIn, s.NextDue = last, Date{}
	if s.Cadence.Every == 0 || s.Status != SponsorActive {
		return
	}
	from := DateOf(s.AnsweredAt)
	if !s.LastCheckIn.IsZero() {
		from = s.LastCheckIn
	}
	s.NextDue = from.AddDays(s.Cadence.Every)
}

// SponsorService keeps sponsor profiles and sponsorships. Every method
// acts for the member in the context (EUNAUTHORIZED without one); a
// sponsorship the actor is not in is ENOTFOUND.
type SponsorService interface {
	// SponsorProfile is the actor's own profile; ENOTFOUND for none.
	SponsorProfile(ctx context.Context) (*SponsorProfile, error)
	// SaveSponsorProfile creates or changes the actor's profile. EINVALID
	// for bad fields, for a count that is not theirs, or for a program
	// they have not yet the time for on today (SponsorMinTime).
	SaveSponsorProfile(ctx context.Context, p *SponsorProfile, today Date) error
	// PauseSponsoring pauses (or resumes) the actor's profile: a paused
	// profile is never shown. ENOTFOUND without a profile.
	PauseSponsoring(ctx context.Context, paused bool) error
	// FindSponsors ranks the sponsors who fit q for the actor at now:
	// those paused, full, blocked either way, without the time for the
	// program, who declined the actor within SponsorDeclineDays, or
	// already asked or sponsoring them, are never shown. EINVALID.
	FindSponsors(ctx context.Context, q SponsorQuery, now time.Time) ([]*SponsorMatch, error)
	// RequestSponsor asks a sponsor, in a program, with a short message.
	// ENOTFOUND for no such available sponsor in that program (or
	// oneself); ECONFLICT, with a kind message, when they are full or
	// paused, when the actor already has a sponsor in the program or has
	// already asked this one, or has SponsorPendingMax unanswered
	// requests; EINVALID for a message too long.
	RequestSponsor(ctx context.Context, sponsorID int64, program, message string) (*Sponsorship, error)
	// AnswerSponsorRequest accepts or declines (with one of
	// SponsorDeclineReasons) a request to the actor. ENOTFOUND unless it
	// is a request to them; ECONFLICT when accepting and they are full or
	// the seeker found a sponsor in the program meanwhile.
	AnswerSponsorRequest(ctx context.Context, id int64, accept bool, reason string) error
	// SetCadence agrees a check-in cadence on an active sponsorship.
	SetCadence(ctx context.Context, id int64, c Cadence) error
	// LogSponsorCheckIn records that a check-in happened on a day (once a
	// day: a second one the same day is the same check-in). EINVALID for
	// a day after today or more than SponsorCheckInBackDays before it.
	LogSponsorCheckIn(ctx context.Context, id int64, on Date, way string, today Date) error
	// EndSponsorship ends an active sponsorship, with an optional
	// thank-you, or withdraws the actor's own request. History stays.
	EndSponsorship(ctx context.Context, id int64, thanks string) error
	// Sponsorships lists the actor's sponsorships, as sponsor and as
	// sponsee, on today in their time zone: requests to them first, then
	// active ones (overdue first), then their own requests, then the past.
	Sponsorships(ctx context.Context, now time.Time) ([]*Sponsorship, error)
	// Sponsorship is one of the actor's, with its check-ins and (to the
	// sponsor of an active one) the sponsee's shared counts.
	Sponsorship(ctx context.Context, id int64) (*Sponsorship, error)
	// IsSponsorOf reports whether sponsor is the active sponsor of sponsee
	// (in any program). It is not an action of the actor: whoever asks
	// (step work sharing) decides what the answer allows.
	IsSponsorOf(ctx context.Context, sponsor, sponsee int64) (bool, error)
}
