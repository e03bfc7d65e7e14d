package hearth

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Clock counts a member's time away from something: alcohol, a named
// substance, a behaviour, or anything they name.
type Clock struct {
	ID        int64
	AccountID int64
	Kind      string // ClockAlcohol, ClockSubstance, ClockBehaviour, ClockOther
	// Name is what the clock counts, in the member's words ("Alcohol",
	// "Gambling"). Private: sealed with the member's data key.
	Name string
	// Start is the first day of the current stretch, in the member's
	// time zone; StartTime ("21:30") is optional.
	Start     Date
	StartTime string
	// Schedule is the id of the milestone schedule it follows (program).
	Schedule string
	// MoneyPerDay and MinutesPerDay are what the member saves each day,
	// optional: money in hundredths of the member's currency.
	MoneyPerDay   int64
	MinutesPerDay int
	// Visibility is who may see the clock: VisibleToMe (the default),
	// VisibleToSupporters (sponsor and partners) or VisibleToGroups.
	Visibility string
	// Celebrate asks that the member's groups and partners see the day a
	// milestone is reached.
	Celebrate bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Kinds of clock.
const (
	ClockAlcohol   = "alcohol"
	ClockSubstance = "substance"
	ClockBehaviour = "behaviour"
	ClockOther     = "other"
)

// ClockKinds lists the kinds of clock, in the order forms offer them.
var ClockKinds = []string{ClockAlcohol, ClockSubstance, ClockBehaviour, ClockOther}

// Who may see a clock.
const (
	VisibleToMe         = "me"
	VisibleToSupporters = "supporters"
	VisibleToGroups     = "groups"
)

// Visibilities lists who may see a clock, most private first.
var Visibilities = []string{VisibleToMe, VisibleToSupporters, VisibleToGroups}

// Limits on recovery fields.
const (
	ClockNameMax     = 64
	RecoveryNoteMax  = 4000 // characters of a setback's or a check-in's note
	GratitudeMax     = 280
	CommitmentMax    = 280
	MoneyPerDayMax   = 100000000 // hundredths
	MinutesPerDayMax = 24 * 60
	ClocksMax        = 20 // clocks per member
)

// EarliestStart is the earliest start date a clock takes.
var EarliestStart = Date{1900, time.January, 1}

// Validate checks the clock's fields for a member whose today is today.
func (c *Clock) Validate(today Date) error {
	errs := FieldErrors{}
	c.Name = strings.TrimSpace(c.Name)
	switch {
	case c.Name == "":
		errs["name"] = "error.clock.name_required"
	case utf8.RuneCountInString(c.Name) > ClockNameMax:
		errs["name"] = "error.clock.name_long"
	}
	if !slices.Contains(ClockKinds, c.Kind) {
		errs["kind"] = "error.clock.kind"
	}
	switch {
	case c.Start.IsZero():
		errs["start"] = "error.clock.start_required"
	case c.Start.After(today):
		errs["start"] = "error.clock.start_future"
	case c.Start.Before(EarliestStart):
		errs["start"] = "error.clock.start_early"
	}
	if c.StartTime != "" {
		if _, err := time.Parse("15:04", c.StartTime); err != nil {
			errs["start_time"] = "error.clock.start_time"
		}
	}
	if c.Schedule == "" {
		errs["schedule"] = "error.clock.schedule"
	}
	if c.MoneyPerDay < 0 || c.MoneyPerDay > MoneyPerDayMax {
		errs["money_per_day"] = "error.clock.money"
	}
	if c.MinutesPerDay < 0 || c.MinutesPerDay > MinutesPerDayMax {
		errs["minutes_per_day"] = "error.clock.minutes"
	}
	if c.Visibility == "" {
		c.Visibility = VisibleToMe
	}
	if !slices.Contains(Visibilities, c.Visibility) {
		errs["visibility"] = "error.clock.visibility"
	}
	return errs.Err()
}

// Days is how many days the current stretch has lasted on today.
func (c *Clock) Days(today Date) int { return max(0, today.DaysSince(c.Start)) }

// Setback is the end of a stretch: the member returned to use on a day.
// It keeps the clock's history; nothing about it is shaming.
type Setback struct {
	ID      int64
	ClockID int64
	// On is the day of the setback: the new stretch starts that day.
	On Date
	// PreviousStart is where the stretch it ended began.
	PreviousStart Date
	// Note (what happened) and Plan (what might help next time) are
	// optional and private: sealed with the member's data key.
	Note string
	Plan string
	// RecordedAt is when the member recorded it; it may be undone for a
	// day (SetbackUndoWindow).
	RecordedAt time.Time
	// TellPartners is the member's consent that their accountability
	// partners be told they are having a hard time (never what happened),
	// so that they can reach out. Groups are never told.
	TellPartners bool
}

// SetbackUndoWindow is how long a recorded setback can be undone.
const SetbackUndoWindow = 24 * time.Hour

// Validate checks a setback recorded on a clock whose stretch began on
// start, by a member whose today is today.
func (s *Setback) Validate(start, today Date) error {
	errs := FieldErrors{}
	switch {
	case s.On.IsZero():
		errs["on"] = "error.setback.date_required"
	case s.On.After(today):
		errs["on"] = "error.setback.date_future"
	case s.On.Before(start):
		errs["on"] = "error.setback.date_before_start"
	}
	s.Note, s.Plan = strings.TrimSpace(s.Note), strings.TrimSpace(s.Plan)
	if utf8.RuneCountInString(s.Note) > RecoveryNoteMax {
		errs["note"] = "error.note_long"
	}
	if utf8.RuneCountInString(s.Plan) > RecoveryNoteMax {
		errs["plan"] = "error.note_long"
	}
	return errs.Err()
}

// Stretch is a span of days on a clock between setbacks.
type Stretch struct {
	From Date
	To   Date // the setback's day, or today for the current stretch
	Days int
	// Current marks the stretch still going.
	Current bool
}

// History is a clock's stretches, earliest first, and what they add up
// to.
type History struct {
	Stretches []Stretch
	// TotalDays adds up the days of every stretch.
	TotalDays int
	// LongestDays is the longest stretch.
	LongestDays int
	// AverageBetween is the average number of days between the last few
	// setbacks (up to five); zero with fewer than two.
	AverageBetween int
}

// HistoryOf puts a clock's setbacks (in any order) and its current
// stretch together.
func HistoryOf(c *Clock, setbacks []*Setback, today Date) History {
	list := slices.Clone(setbacks)
	slices.SortFunc(list, func(a, b *Setback) int { return cmpSetbacks(a, b) })
	var h History
	for _, s := range list {
		h.Stretches = append(h.Stretches, Stretch{From: s.PreviousStart, To: s.On, Days: max(0, s.On.DaysSince(s.PreviousStart))})
	}
	h.Stretches = append(h.Stretches, Stretch{From: c.Start, To: today, Days: c.Days(today), Current: true})
	for _, s := range h.Stretches {
		h.TotalDays += s.Days
		h.LongestDays = max(h.LongestDays, s.Days)
	}
	if n := len(list); n >= 2 {
		last := list[max(0, n-5):]
		h.AverageBetween = last[len(last)-1].On.DaysSince(last[0].On) / (len(last) - 1)
	}
	return h
}

func cmpSetbacks(a, b *Setback) int {
	if c := a.On.Compare(b.On); c != 0 {
		return c
	}
	return a.RecordedAt.Compare(b.RecordedAt)
}

// ClockUpdate changes a clock's settings; nil fields stay as they are.
// The start moves only through setbacks (and their undoing) or Start.
type ClockUpdate struct {
	Name          *string
	Kind          *string
	Start         *Date
	StartTime     *string
	Schedule      *string
	MoneyPerDay   *int64
	MinutesPerDay *int
	Visibility    *string
	Celebrate     *bool
}

// Apply sets the update's fields on c.
func (u ClockUpdate) Apply(c *Clock) {
	set(&c.Name, u.Name)
	set(&c.Kind, u.Kind)
	set(&c.Start, u.Start)
	set(&c.StartTime, u.StartTime)
	set(&c.Schedule, u.Schedule)
	set(&c.MoneyPerDay, u.MoneyPerDay)
	set(&c.MinutesPerDay, u.MinutesPerDay)
	set(&c.Visibility, u.Visibility)
	set(&c.Celebrate, u.Celebrate)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// ClockService keeps members' clocks and their setbacks. Every method
// acts for the member in the context: EUNAUTHORIZED without one, and a
// clock of another member is ENOTFOUND (never EFORBIDDEN: whether it
// exists is not said).
type ClockService interface {
	// CreateClock stores a new clock of the actor, who is on today; it
	// fills in ID and times. EINVALID, ECONFLICT past ClocksMax.
	CreateClock(ctx context.Context, c *Clock, today Date) error
	// Clocks lists the actor's clocks, oldest first.
	Clocks(ctx context.Context) ([]*Clock, error)
	// Clock returns one of the actor's clocks with its setbacks, earliest
	// first.
	Clock(ctx context.Context, id int64) (*Clock, []*Setback, error)
	// UpdateClock changes a clock and returns it as stored. EINVALID.
	UpdateClock(ctx context.Context, id int64, u ClockUpdate, today Date) (*Clock, error)
	// DeleteClock removes a clock and its history.
	DeleteClock(ctx context.Context, id int64) error
	// RecordSetback ends the clock's current stretch on s.On and starts a
	// new one that day; it fills in s. EINVALID.
	RecordSetback(ctx context.Context, clockID int64, s *Setback, today Date) error
	// UndoSetback takes back the clock's latest setback, recorded within
	// SetbackUndoWindow of now: the stretch it ended goes on. ENOTFOUND
	// when there is no such setback, ECONFLICT when it is too late.
	UndoSetback(ctx context.Context, clockID, setbackID int64, now time.Time) error
}

// Celebration is a member's count whose milestone others may celebrate:
// they asked for it (Celebrate) and let them see the count. Its name stays
// private: others see how long, never what.
type Celebration struct {
	ClockID  int64
	Member   *Account // as anyone may see them
	Start    Date
	Schedule string
	// Congratulated is when the actor congratulated them on the milestone
	// of CongratulatedOn (zero for not yet).
	CongratulatedOn Date
}

// Congratulation is a member's word on another's milestone.
type Congratulation struct {
	From        *Account // as anyone may see them
	MilestoneOn Date
	At          time.Time
}

// CelebrationService lets partners and group members celebrate a
// member's milestones, when the member asked for it.
type CelebrationService interface {
	// GroupCelebrations lists the counts of the group's other members
	// that the group may celebrate (Celebrate, visible to groups); with
	// groupID 0, of the members of every group the actor is in. ENOTFOUND
	// unless the actor is a member of the group.
	GroupCelebrations(ctx context.Context, groupID int64) ([]*Celebration, error)
	// PartnerCelebrations lists the counts of the actor's active partners that
	// they may celebrate (Celebrate, not kept private).
	PartnerCelebrations(ctx context.Context) ([]*Celebration, error)
	// Congratulate sends the actor's congratulations on the milestone of
	// the clock reached on milestoneOn, once; ENOTFOUND unless the actor
	// may celebrate the clock (a partner, or a member of a group the
	// owner shares with them, as its visibility says).
	Congratulate(ctx context.Context, clockID int64, milestoneOn Date) error
	// Congratulations lists the congratulations on one of the actor's
	// clocks, latest first.
	Congratulations(ctx context.Context, clockID int64) ([]*Congratulation, error)
	// BirthdayMeetings lists the meetings of type H ("Birthday") among
	// the actor's groups and followed meetings, next first.
	BirthdayMeetings(ctx context.Context, now time.Time) ([]MeetingResult, error)
}

// HALT is the self-check before a craving: hungry, angry, lonely, tired.
type HALT uint8

// The four HALT states.
const (
	Hungry HALT = 1 << iota
	Angry
	Lonely
	Tired
)

// HALTStates lists the states with their names, in order.
var HALTStates = []struct {
	State HALT
	Name  string
}{{Hungry, "hungry"}, {Angry, "angry"}, {Lonely, "lonely"}, {Tired, "tired"}}

// Has reports whether every state of s is in h.
func (h HALT) Has(s HALT) bool { return h&s == s }

// CheckIn is a member's day, in under half a minute: mood, craving, HALT,
// sleep, a gratitude line, a commitment for the day, a note, and in the
// evening how the day went. One per member per local date.
type CheckIn struct {
	ID        int64
	AccountID int64
	On        Date // the member's local date
	Mood      int  // 1 (very low) to 5 (very good); 0 when not given
	Craving   int  // 0 (none) to 10; -1 when not given
	HALT      HALT
	// SleepHours is how long the member slept, in tenths of an hour
	// (75 = 7.5 h); -1 when not given.
	SleepTenths int
	// Gratitude, Commitment ("Just for today I will…") and Note are
	// private: sealed with the member's data key.
	Gratitude  string
	Commitment string
	Note       string
	// Review is the evening's answer to "How did today go?", or "".
	Review    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Evening reviews, easiest first.
var Reviews = []string{"easy", "not_bad", "questionable", "hard", "very_hard"}

// Validate checks a check-in made by a member whose today is today: only
// today's, or yesterday's (for a late evening review), may be made.
func (c *CheckIn) Validate(today Date) error {
	errs := FieldErrors{}
	if c.On != today && c.On != today.AddDays(-1) {
		errs["on"] = "error.checkin.date"
	}
	if c.Mood < 0 || c.Mood > 5 {
		errs["mood"] = "error.checkin.mood"
	}
	if c.Craving < -1 || c.Craving > 10 {
		errs["craving"] = "error.checkin.craving"
	}
	if c.HALT > Hungry|Angry|Lonely|Tired {
		errs["halt"] = "error.form"
	}
	if c.SleepTenths < -1 || c.SleepTenths > 240 {
		errs["sleep"] = "error.checkin.sleep"
	}
	c.Gratitude, c.Commitment, c.Note = strings.TrimSpace(c.Gratitude), strings.TrimSpace(c.Commitment), strings.TrimSpace(c.Note)
	if utf8.RuneCountInString(c.Gratitude) > GratitudeMax {
		errs["gratitude"] = "error.checkin.line_long"
	}
	if utf8.RuneCountInString(c.Commitment) > CommitmentMax {
		errs["commitment"] = "error.checkin.line_long"
	}
	if utf8.RuneCountInString(c.Note) > RecoveryNoteMax {
		errs["note"] = "error.note_long"
	}
	if c.Review != "" && !slices.Contains(Reviews, c.Review) {
		errs["review"] = "error.form"
	}
	if c.Mood == 0 && c.Craving < 0 && c.HALT == 0 && c.SleepTenths < 0 && c.Gratitude == "" &&
		c.Commitment == "" && c.Note == "" && c.Review == "" && len(errs) == 0 {
		errs["mood"] = "error.checkin.empty"
	}
	return errs.Err()
}

// CheckInService keeps members' daily check-ins. Every method acts for
// the member in the context (EUNAUTHORIZED without one).
type CheckInService interface {
	// SaveCheckIn stores the actor's check-in for c.On, made on today. A
	// new check-in (ID 0) for a date that has one already is ECONFLICT,
	// and nothing changes: two tabs cannot both create one. An ID edits
	// that check-in; ENOTFOUND if it is not the actor's. EINVALID.
	SaveCheckIn(ctx context.Context, c *CheckIn, today Date) error
	// CheckInOn returns the actor's check-in for a date, ENOTFOUND.
	CheckInOn(ctx context.Context, on Date) (*CheckIn, error)
	// CheckIns lists the actor's check-ins from from to to (inclusive),
	// latest first; notes included only when withNotes.
	CheckIns(ctx context.Context, from, to Date, withNotes bool) ([]*CheckIn, error)
}
