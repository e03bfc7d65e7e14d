package hearth

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Attendance says how people take part in a meeting.
const (
	InPerson = "in_person"
	Online   = "online"
	Hybrid   = "hybrid"
	Inactive = "inactive"
)

// LatLon is a position in decimal degrees (WGS 84).
type LatLon struct {
	Lat, Lon float64
}

// Valid reports whether the position is on the globe.
func (p LatLon) Valid() bool { return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180 }

// Meeting is one weekly meeting of a group. Its times are local to its own
// time zone and are never converted to UTC: a 19:00 meeting stays at 19:00
// across daylight-saving changes.
type Meeting struct {
	ID      int64
	GroupID int64
	// Slug is the meeting's stable key in the Meeting Guide feed; apps keep
	// favourites by it. Unique across the site.
	Slug string
	Name string
	// Days are the weekdays it meets, sorted, without repeats.
	Days []time.Weekday
	// Start and End are "HH:MM" in TimeZone; an End before Start means the
	// meeting runs past midnight.
	Start    string
	End      string
	TimeZone string

	// Place, for meetings in person (or, approximately, for online ones).
	Venue string // the venue's name, e.g. "St. Mark's Hall"
	// FormattedAddress is the whole address on one line, as a Meeting
	// Guide feed may give it instead of (or beside) the parts.
	FormattedAddress string
	Address          string // street address
	City             string
	Region           string // state or province
	PostalCode       string
	Country          string
	Approximate      bool
	Point            *LatLon
	LocationNotes    string
	// Regions, most general first, as the Meeting Guide feed has them.
	Regions []string

	// Online.
	ConferenceURL        string
	ConferenceURLNotes   string
	ConferencePhone      string
	ConferencePhoneNotes string

	// Types are Meeting Guide type codes (package meetingguide), e.g. "O"
	// (open), "D" (discussion), "S" (Spanish).
	Types []string
	Notes string
	// Inactive marks a meeting temporarily not meeting.
	Inactive  bool
	CreatedAt time.Time
	UpdatedAt time.Time

	// Group is filled in by queries that list meetings with their group.
	Group *Group
}

// Attendance derives how people attend: online when there is a conference
// link or phone and no place to go to, hybrid when both, inactive when the
// meeting is marked so, else in person.
func (m *Meeting) Attendance() string {
	online := m.ConferenceURL != "" || m.ConferencePhone != ""
	place := (m.Address != "" || m.FormattedAddress != "") && !m.Approximate
	switch {
	case m.Inactive:
		return Inactive
	case online && place:
		return Hybrid
	case online:
		return Online
	default:
		return InPerson
	}
}

// Location returns the meeting's zone; an unknown zone is UTC (Validate
// refuses one).
func (m *Meeting) Location() *time.Location { return LoadZone(m.TimeZone) }

// zones holds the zones LoadZone has loaded, by name: loading one reads
// and parses the zone database, far too slow to repeat for every meeting
// the finder looks at.
var zones sync.Map // string → *time.Location

// LoadZone returns the IANA time zone name, loaded once per process, or
// UTC for a name Go does not know.
func LoadZone(name string) *time.Location {
	loc, ok := loadZone(name)
	if !ok {
		return time.UTC
	}
	return loc
}

// loadZone returns the zone named, and whether it is one: an IANA name Go
// knows, not "" or "Local".
func loadZone(name string) (*time.Location, bool) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), true
	}
	if name == "" || name == "Local" {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	zones.Store(name, loc)
	return loc, true
}

// Occurrence is one time a meeting meets.
type Occurrence struct {
	Start, End time.Time // in the meeting's zone
}

// InProgress reports whether the occurrence has started and not ended.
func (o Occurrence) InProgress(now time.Time) bool { return !now.Before(o.Start) && now.Before(o.End) }

// Next returns the occurrence in progress at now, or else the next one to
// start. ok is false for a meeting with no days.
func (m *Meeting) Next(now time.Time) (o Occurrence, ok bool) {
	m.Occurrences(now, now.Add(8*24*time.Hour), func(x Occurrence) bool {
		o, ok = x, true
		return false
	})
	return o, ok
}

// Occurrences calls fn with each occurrence that has not ended at from
// and starts before until (at most eight days after from), in order,
// until fn returns false: the one in progress at from, if any, then the
// next and so on. An occurrence is on the meeting's day in its zone, from
// its start to its end (the next day when the end is not after the start
// by the clock).
func (m *Meeting) Occurrences(from, until time.Time, fn func(Occurrence) bool) {
	sh, sm, ok1 := parseClock(m.Start)
	eh, em, ok2 := parseClock(m.End)
	if !ok1 || !ok2 || len(m.Days) == 0 {
		return
	}
	overnight := eh*60+em <= sh*60+sm
	loc := m.Location()
	y, mo, d := from.In(loc).Date()
	// The weekday of a date is the same in every zone (midnight may not
	// be: where the clocks change then, it does not exist).
	yesterday := time.Date(y, mo, d-1, 12, 0, 0, 0, time.UTC).Weekday()
	// Look from yesterday (a meeting that started then may still be on)
	// through eight days ahead.
	for i := -1; i <= 8; i++ {
		if !containsDay(m.Days, (yesterday+time.Weekday(i+1))%7) {
			continue
		}
		start := onClock(y, mo, d+i, sh, sm, loc)
		if !start.Before(until) {
			return
		}
		endDay := d + i
		if overnight {
			endDay++
		}
		end := onClock(y, mo, endDay, eh, em, loc)
		if end.After(from) && !fn(Occurrence{Start: start, End: end}) {
			return
		}
	}
}

// onClock is the time h:m on a date in loc. A time the clocks skip when
// they go forward is read as a clock not yet changed would read it, so
// it falls as far after the change as it was meant after the time before
// it: 00:30 on a night whose clocks go from 00:00 to 01:00 is 01:30.
// (time.Date reads it with the offset after the change, which puts it
// before the change.)
func onClock(y int, mo time.Month, d, h, m int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, m, 0, 0, loc)
	if t.Hour() == h && t.Minute() == m {
		return t
	}
	_, before := t.Zone()
	return time.Date(y, mo, d, h, m, 0, 0, time.UTC).Add(-time.Duration(before) * time.Second).In(loc)
}

func containsDay(days []time.Weekday, d time.Weekday) bool {
	for _, x := range days {
		if x == d {
			return true
		}
	}
	return false
}

// parseClock reads "HH:MM" in 24-hour form.
func parseClock(s string) (h, m int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range [4]int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	h, m = int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	return h, m, h < 24 && m < 60
}

// ValidClock reports whether s is a time of day "HH:MM".
func ValidClock(s string) bool { _, _, ok := parseClock(s); return ok }

// Validate checks a meeting before it is stored; it returns EINVALID with
// a catalog key per field at fault.
func (m *Meeting) Validate() error {
	f := FieldErrors{}
	if !ValidSlug(m.Slug) {
		f.Add("slug", "error.slug.invalid")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(m.Name)); n == 0 || n > 255 {
		f.Add("name", "error.meeting_name.invalid")
	}
	if len(m.Days) == 0 {
		f.Add("days", "error.days.required")
	}
	for _, d := range m.Days {
		if d < time.Sunday || d > time.Saturday {
			f.Add("days", "error.days.required")
		}
	}
	if !ValidClock(m.Start) {
		f.Add("start", "error.time.invalid")
	}
	if !ValidClock(m.End) || m.End == m.Start {
		f.Add("end", "error.time.invalid")
	}
	if !ValidTimeZone(m.TimeZone) {
		f.Add("time_zone", "error.time_zone.invalid")
	}
	if m.Point != nil && !m.Point.Valid() {
		f.Add("point", "error.point.invalid")
	}
	if m.ConferenceURL != "" && !validWebURL(m.ConferenceURL) {
		f.Add("conference_url", "error.conference_url.invalid")
	}
	if m.ConferencePhone != "" && !validPhone(m.ConferencePhone) {
		f.Add("conference_phone", "error.conference_phone.invalid")
	}
	if m.ConferenceURL == "" && m.ConferencePhone == "" && strings.TrimSpace(m.Address) == "" &&
		strings.TrimSpace(m.FormattedAddress) == "" && strings.TrimSpace(m.Venue) == "" {
		f.Add("address", "error.meeting_place.required")
	}
	for name, v := range map[string]string{"notes": m.Notes, "location_notes": m.LocationNotes,
		"conference_url_notes": m.ConferenceURLNotes, "conference_phone_notes": m.ConferencePhoneNotes} {
		if utf8.RuneCountInString(v) > 4000 {
			f.Add(name, "error.description.long")
		}
	}
	for name, v := range map[string]string{"venue": m.Venue, "formatted_address": m.FormattedAddress,
		"address": m.Address, "city": m.City, "region": m.Region, "postal_code": m.PostalCode, "country": m.Country} {
		if utf8.RuneCountInString(v) > MeetingLineMax || hasControl(v) {
			f.Add(name, "error.meeting_line.invalid")
		}
	}
	if len(m.Types) > MeetingTypesMax {
		f.Add("types", "error.types.invalid")
	}
	for i, c := range m.Types {
		if !validTypeCode(c) || slices.Contains(m.Types[:i], c) {
			f.Add("types", "error.types.invalid")
		}
	}
	if len(m.Regions) > MeetingRegionsMax {
		f.Add("regions", "error.regions.invalid")
	}
	for _, r := range m.Regions {
		if n := utf8.RuneCountInString(r); n == 0 || n > MeetingLineMax || hasControl(r) {
			f.Add("regions", "error.regions.invalid")
		}
	}
	return f.Err()
}

// Bounds on a meeting's fields.
const (
	MeetingTypesMax   = 32  // type codes
	MeetingTypeMax    = 16  // bytes in one type code
	MeetingRegionsMax = 8   // regions
	MeetingLineMax    = 255 // characters in a one-line field: venue, address, city, region…
)

// validTypeCode accepts a type code as feeds write them: printable ASCII
// without spaces or commas, at most MeetingTypeMax bytes.
func validTypeCode(c string) bool {
	if c == "" || len(c) > MeetingTypeMax {
		return false
	}
	for i := 0; i < len(c); i++ {
		if b := c[i]; b <= ' ' || b >= 0x7f || b == ',' {
			return false
		}
	}
	return true
}

// validWebURL accepts an absolute http or https URL with a host.
func validWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

// validPhone accepts what a phone dials: digits, spaces, dashes, dots,
// brackets and + , * #, with at least 7 digits and no letters.
func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -.()+,*#", r):
		default:
			return false
		}
	}
	return digits >= 7
}

// Sort orders for the meeting finder.
const (
	SortByNextStart = "next"
	SortByDistance  = "distance"
)

// Time-of-day windows of the finder, as the common meeting apps define
// them, judged by the clock of the viewer's zone (MeetingFilter.Zone): an
// online meeting at 19:00 in New York is a night meeting to a viewer in
// Madrid.
const (
	Morning = "morning" // 04:00–11:59
	Midday  = "midday"  // 11:00–16:59
	Evening = "evening" // 16:00–20:59
	Night   = "night"   // 20:00–04:59
)

// MeetingFilter narrows the meeting finder. Zero values mean "any".
type MeetingFilter struct {
	// Near and RadiusKm find meetings within a distance of a point. A
	// meeting with no position is not near anything, except that with
	// Attendance Online it is found wherever it is: an online meeting
	// can be joined from anywhere (its result has no DistanceKm).
	Near     *LatLon
	RadiusKm float64
	// Days are the weekdays to show, in the viewer's zone (see Now, Zone).
	Days []time.Weekday
	// Window is one of Morning, Midday, Evening, Night.
	Window string
	// Soon keeps meetings in progress or starting within the hour.
	Soon bool
	// Types must all be among the meeting's type codes.
	Types []string
	// Language is a type code for a language ("S") or a language tag
	// ("es"): a meeting matches when it has the language's type, or has
	// no language type at all and its group speaks the language.
	Language string
	Program  string
	// Attendance is InPerson (which hybrid meetings are too), Online
	// (hybrid too) or Hybrid.
	Attendance string
	Query      string // free text over names and notes
	GroupID    int64
	// Now and Zone are the viewer's moment and time zone: "today", Soon
	// and the next occurrence are judged from them.
	Now  time.Time
	Zone *time.Location
	// Sort is SortByNextStart (default) or SortByDistance.
	Sort   string
	Limit  int
	Offset int
}

// MeetingResult is one meeting the finder found.
type MeetingResult struct {
	Meeting *Meeting
	// Next is the occurrence the filter matched: the one in progress or
	// next to start, or with Days, Window or Soon the first that fits.
	Next Occurrence
	// DistanceKm is set when the filter had a point and the meeting has
	// a position.
	DistanceKm *float64
}

// MeetingService keeps meetings.
type MeetingService interface {
	// CreateMeeting stores m for its group. EINVALID, ECONFLICT (slug
	// taken), ENOTFOUND (no such group), EFORBIDDEN unless the actor in ctx
	// is a trusted servant or owner of the group.
	CreateMeeting(ctx context.Context, m *Meeting) error
	// UpdateMeeting replaces the meeting's fields. Same errors.
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// DeleteMeeting removes a meeting for good, and every member's follow
	// of it; a meeting that only pauses is marked Inactive instead.
	// EUNAUTHORIZED without an actor, ENOTFOUND, EFORBIDDEN unless the
	// actor is a trusted servant or owner of its group.
	DeleteMeeting(ctx context.Context, id int64) error
	// FindMeetingBySlug returns the meeting with its Group, ENOTFOUND, also
	// for a meeting of an unlisted group the actor is not a member of.
	FindMeetingBySlug(ctx context.Context, slug string) (*Meeting, error)
	// GroupMeetings lists a group's meetings, inactive ones too, by day and
	// time; ENOTFOUND for no such group, or an unlisted group the actor is
	// not a member of.
	GroupMeetings(ctx context.Context, groupID int64) ([]*Meeting, error)
	// EachListedMeeting calls fn with every active meeting of a listed
	// group (of group groupID only, when it is not 0), Group filled in, in
	// the order they were stored, reading them from the database as it
	// goes. An error from fn stops it and is returned.
	EachListedMeeting(ctx context.Context, groupID int64, fn func(*Meeting) error) error
	// FindMeetings runs the finder; it returns the page of results and the
	// total count.
	FindMeetings(ctx context.Context, f MeetingFilter) ([]MeetingResult, int, error)
	// FollowMeeting and UnfollowMeeting keep the actor's "my meetings".
	// EUNAUTHORIZED for a visitor; ENOTFOUND for a meeting the actor
	// cannot see. Both may be repeated.
	FollowMeeting(ctx context.Context, meetingID int64) error
	UnfollowMeeting(ctx context.Context, meetingID int64) error
	// MyMeetings lists the meetings the actor follows, next one first.
	MyMeetings(ctx context.Context, now time.Time) ([]MeetingResult, error)
}

// Outcomes of storing a meeting read from another directory.
const (
	MeetingCreated   = "created"
	MeetingUpdated   = "updated"
	MeetingUnchanged = "unchanged"
)

// MeetingImportService stores meetings read from another directory (an
// intergroup's Meeting Guide feed). It acts for the site's operator: no
// actor is checked. The meetings of one source are remembered as coming
// from it, so that a later import of the same source can find those it no
// longer lists.
type MeetingImportService interface {
	// ImportMeetings stores a batch in one transaction: each meeting's
	// Group (only Slug, Name, Program, TimeZone, Description and Languages
	// count) is found by slug, or created listed, open and without
	// members; each meeting is created, or replaced when its slug exists,
	// and active. It returns per meeting MeetingCreated, MeetingUpdated or
	// MeetingUnchanged, and fills in IDs. EINVALID names the first meeting
	// at fault; nothing of the batch is stored then.
	ImportMeetings(ctx context.Context, source string, batch []*Meeting) ([]string, error)
	// ImportedMeetingSlugs lists the slugs of the active meetings that
	// came from source.
	ImportedMeetingSlugs(ctx context.Context, source string) ([]string, error)
	// DeactivateMeetings marks the meetings with these slugs inactive and
	// says how many changed.
	DeactivateMeetings(ctx context.Context, slugs []string) (int, error)
}

// CalendarTokenService keeps each member's private "my meetings" calendar
// address: a random token, looked up by its SHA-256 and kept, sealed with
// the member's data key, so that the settings page can show the address
// again.
type CalendarTokenService interface {
	// NewCalendarToken makes the account a new token, replacing (and so
	// revoking) any it had, and returns it. ENOTFOUND.
	NewCalendarToken(ctx context.Context, accountID int64) (string, error)
	// CalendarToken returns the account's token, ENOTFOUND if it has none.
	CalendarToken(ctx context.Context, accountID int64) (string, error)
	// RevokeCalendarToken ends the account's token; ENOTFOUND if it has
	// none.
	RevokeCalendarToken(ctx context.Context, accountID int64) error
	// ResolveCalendarToken returns the account a token belongs to and the
	// meetings it follows (those it can still see, active or not), or
	// ENOTFOUND.
	ResolveCalendarToken(ctx context.Context, token string) (*Account, []*Meeting, error)
}

// languageTypes are the Meeting Guide type codes that name a language,
// with the language's BCP 47 tag.
var languageTypes = map[string]string{
	"AF": "af", "AM": "am", "AR": "ar", "ASL": "ase", "BG": "bg", "DA": "da",
	"DE": "de", "EL": "el", "EN": "en", "FA": "fa", "FI": "fi", "FR": "fr",
	"HE": "he", "HI": "hi", "HR": "hr", "HU": "hu", "IS": "is", "ITA": "it",
	"JA": "ja", "KA": "ka", "KOR": "ko", "LT": "lt", "ML": "ml", "MT": "mt",
	"NE": "ne", "NL": "nl", "NO": "no", "POL": "pl", "POR": "pt", "PUN": "pa",
	"RUS": "ru", "S": "es", "SK": "sk", "SL": "sl", "SV": "sv", "TH": "th",
	"TL": "tl", "TUR": "tr", "UK": "uk",
}

// TypeLanguage returns the BCP 47 tag of the language a type code names
// ("S" gives "es"), or "" for a type that names no language.
func TypeLanguage(code string) string { return languageTypes[code] }

// LanguageType returns the type code naming a language, given its BCP 47
// tag ("es" or "es-MX" gives "S"), or "" when there is none.
func LanguageType(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	for code, l := range languageTypes {
		if l == primary {
			return code
		}
	}
	return ""
}

// LanguageTypes returns every type code that names a language.
func LanguageTypes() []string {
	codes := make([]string, 0, len(languageTypes))
	for c := range languageTypes {
		codes = append(codes, c)
	}
	return codes
}
