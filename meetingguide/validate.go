package meetingguide

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Code classifies a Problem or an Adjustment, so that callers can say it in
// the reader's language; the accompanying Message is English, for logs and
// operators.
type Code string

// Codes of problems: why a meeting is invalid or a record was rejected.
const (
	CodeRequired   Code = "required"     // the field is missing or empty
	CodeInvalid    Code = "invalid"      // the value is malformed or not allowed
	CodeTooLong    Code = "too_long"     // the value is longer than allowed
	CodeOutOfRange Code = "out_of_range" // a number or date outside its range
	CodeDuplicate  Code = "duplicate"    // a repeated value, or a slug already in the feed
	CodeWrongType  Code = "wrong_type"   // a JSON value of the wrong type, e.g. a number for a name
)

// Codes of adjustments: what reading changed in a record it accepted.
const (
	CodeDefaulted  Code = "defaulted"  // a missing value was filled in
	CodeNormalized Code = "normalized" // a value was rewritten in its standard form
	CodeDropped    Code = "dropped"    // an unusable value was left out
	CodeTruncated  Code = "truncated"  // a value was shortened to its limit
	CodeUnknown    Code = "unknown"    // a value was kept though Hearth does not know it
)

// Problem is something wrong with a meeting: Validate returns them, and
// Decode rejects a record with them.
type Problem struct {
	Field   string // the feed's field name, e.g. "end_time"
	Code    Code
	Message string // English, for logs and operators
}

func (p Problem) Error() string { return p.Field + ": " + p.Message }

// Limits of the format and of Hearth.
const (
	// MaxNameLen is the longest meeting name, in characters.
	MaxNameLen = 255
	// MaxSlugLen is the longest slug, in bytes. A meeting on several days
	// is written as SLUG-DAY records, so its own slug may have two bytes
	// fewer.
	MaxSlugLen = 64
	// MinPhoneDigits is the fewest digits a conference phone may have.
	MinPhoneDigits = 10
)

// Validate reports everything wrong with the meeting, by the format's rules
// and Hearth's: a name of at most 255 characters; a URL-safe slug; days
// 0–6 with an "HH:MM" time, or neither for a meeting by appointment; an end
// time after the start, or before it when the meeting runs past midnight
// (at most 12 hours then); a known IANA time zone; an address, specific
// unless the meeting is online; coordinates in range; http(s) URLs; a
// conference phone of digits and + , * # with at least 10 digits;
// plausible email addresses; an entity name when any entity field is set;
// valid UTF-8 throughout. It returns nil for a valid meeting.
func (m Meeting) Validate() []Problem {
	var v validator
	v.meeting(&m)
	return v.problems
}

type validator struct {
	// cleaned says the meeting comes from cleaning, which guarantees valid
	// UTF-8, URLs, email addresses and phone numbers: those checks are
	// skipped.
	cleaned  bool
	problems []Problem
}

func (v *validator) add(field string, code Code, format string, args ...any) {
	v.problems = append(v.problems, Problem{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) meeting(m *Meeting) {
	if !v.cleaned {
		eachText(m, func(name, value string) {
			if !utf8.ValidString(value) {
				v.add(name, CodeInvalid, "not valid UTF-8")
			}
		})
	}

	switch n := utf8.RuneCountInString(m.Name); {
	case strings.TrimSpace(m.Name) == "":
		v.add("name", CodeRequired, "a meeting needs a name")
	case n > MaxNameLen:
		v.add("name", CodeTooLong, "%d characters; at most %d", n, MaxNameLen)
	}

	v.slug(m)
	v.schedule(m)

	switch {
	case m.TimeZone == "":
		v.add("timezone", CodeRequired, "a meeting needs a time zone")
	case !knownZone(m.TimeZone):
		v.add("timezone", CodeInvalid, "unknown time zone %q", m.TimeZone)
	}

	if !m.HasAddress() {
		v.add("formatted_address", CodeRequired, "a meeting needs an address, approximate if it meets only online")
	} else if m.Approximate && m.Attendance() == InPerson {
		v.add("approximate", CodeInvalid, "an in-person meeting needs a specific address, not an approximate one")
	}
	if c := m.Coordinates; c != nil {
		if !(c.Lat >= -90 && c.Lat <= 90) {
			v.add("latitude", CodeOutOfRange, "%v is not between -90 and 90", c.Lat)
		}
		if !(c.Lon >= -180 && c.Lon <= 180) {
			v.add("longitude", CodeOutOfRange, "%v is not between -180 and 180", c.Lon)
		}
	}
	for i, r := range m.Regions {
		if strings.TrimSpace(r) == "" {
			v.add("regions", CodeInvalid, "region %d is empty", i+1)
		}
	}

	v.types(m)
	if !m.Updated.IsZero() {
		if y := m.Updated.UTC().Year(); y < minYear || y > maxYear {
			v.add("updated", CodeOutOfRange, "year %d is not between %d and %d", y, minYear, maxYear)
		}
	}
	if e := &m.Entity; e.Name == "" && !e.IsZero() {
		v.add("entity", CodeRequired, "entity fields are given without the entity's name")
	}
	if !v.cleaned {
		v.links(m)
	}
}

func (v *validator) types(m *Meeting) {
	for i, t := range m.Types {
		switch {
		case t == "" || strings.TrimSpace(t) != t:
			v.add("types", CodeInvalid, "type code %q is empty or padded with spaces", t)
		case len(t) > maxTypeCode:
			v.add("types", CodeTooLong, "type code %.16q… is longer than %d bytes", t, maxTypeCode)
		case slices.Contains(m.Types[:i], t):
			v.add("types", CodeDuplicate, "type code %q is given twice", t)
		}
	}
}

// links checks the URLs, email addresses and conference phone.
func (v *validator) links(m *Meeting) {
	if m.ConferenceURL != "" && !webURL(m.ConferenceURL, false) {
		v.add("conference_url", CodeInvalid, "%q is not an http or https URL", m.ConferenceURL)
	}
	if m.ConferencePhone != "" {
		if p, digits := conferencePhone(m.ConferencePhone); p != m.ConferencePhone {
			v.add("conference_phone", CodeInvalid, "%q has characters other than digits and + , * #", m.ConferencePhone)
		} else if digits < MinPhoneDigits {
			v.add("conference_phone", CodeInvalid, "%q has %d digits; at least %d", m.ConferencePhone, digits, MinPhoneDigits)
		}
	}
	v.url("url", m.URL, false)
	v.url("edit_url", m.EditURL, false)
	v.url("feedback_url", m.FeedbackURL, true)
	v.emails("feedback_emails", m.FeedbackEmails)
	e := &m.Entity
	v.email("entity_email", e.Email)
	v.url("entity_logo", e.Logo, false)
	v.url("entity_website_url", e.WebsiteURL, false)
	v.emails("entity_feedback_emails", e.FeedbackEmails)
	for i, c := range m.Contacts {
		v.email(contactFields[i][1], c.Email)
	}
}

func (v *validator) slug(m *Meeting) {
	max := MaxSlugLen
	if len(m.Days) > 1 {
		max -= 2
	}
	switch {
	case m.Slug == "":
		v.add("slug", CodeRequired, "a meeting needs a slug")
	case len(m.Slug) > max:
		v.add("slug", CodeTooLong, "%d bytes; at most %d", len(m.Slug), max)
	case !urlSafe(m.Slug):
		v.add("slug", CodeInvalid, "%q is not URL-safe: use letters, digits and - . _ ~", m.Slug)
	}
}

func (v *validator) schedule(m *Meeting) {
	var seen [7]bool
	for _, d := range m.Days {
		if d < time.Sunday || d > time.Saturday {
			v.add("day", CodeOutOfRange, "day %d is not between 0 (Sunday) and 6 (Saturday)", int(d))
			continue
		}
		if seen[d] {
			v.add("day", CodeDuplicate, "day %d is given twice", int(d))
		}
		seen[d] = true
	}
	start, startOK := parseClock(m.Time)
	switch {
	case m.Time == "" && len(m.Days) > 0:
		v.add("time", CodeRequired, "a meeting with a day needs a time")
	case m.Time != "" && len(m.Days) == 0:
		v.add("day", CodeRequired, "a meeting with a time needs a day")
	case m.Time != "" && !startOK:
		v.add("time", CodeInvalid, "%q is not a 24-hour HH:MM time", m.Time)
	}
	if m.EndTime == "" {
		return
	}
	end, ok := parseClock(m.EndTime)
	switch {
	case !ok:
		v.add("end_time", CodeInvalid, "%q is not a 24-hour HH:MM time", m.EndTime)
	case m.Time == "":
		v.add("end_time", CodeInvalid, "an end time needs a start time")
	case !startOK:
	case end == start:
		v.add("end_time", CodeInvalid, "the meeting ends when it starts (%s)", m.Time)
	case end < start && end+24*60-start > maxOvernight:
		v.add("end_time", CodeInvalid, "%s is before the start time %s", m.EndTime, m.Time)
	}
}

// maxOvernight is the longest a meeting that runs past midnight may last,
// in minutes; an earlier end time that would make it longer is a mistake.
const maxOvernight = 12 * 60

// The years an updated time may fall in.
const minYear, maxYear = 1900, 9999

func (v *validator) url(field, s string, mailto bool) {
	if s != "" && !webURL(s, mailto) {
		if mailto {
			v.add(field, CodeInvalid, "%q is not an http, https or mailto URL", s)
		} else {
			v.add(field, CodeInvalid, "%q is not an http or https URL", s)
		}
	}
}

func (v *validator) email(field, s string) {
	if s != "" && !plausibleEmail(s) {
		v.add(field, CodeInvalid, "%q is not an email address", s)
	}
}

func (v *validator) emails(field string, list []string) {
	for _, s := range list {
		if !plausibleEmail(s) {
			v.add(field, CodeInvalid, "%q is not an email address", s)
		}
	}
}

// parseClock parses a strict 24-hour "HH:MM" time into minutes after
// midnight.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, ok1 := twoDigits(s[0:2])
	m, ok2 := twoDigits(s[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func twoDigits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// formatClock writes minutes after midnight as "HH:MM", wrapping past
// midnight.
func formatClock(min int) string {
	min = ((min % (24 * 60)) + 24*60) % (24 * 60)
	return string([]byte{byte('0' + min/600), byte('0' + min/60%10), ':', byte('0' + min%60/10), byte('0' + min%10)})
}

// urlSafe reports whether s uses only the characters a URL path segment
// needs no escaping for (letters, digits, - . _ ~), with at least one
// letter or digit.
func urlSafe(s string) bool {
	alnum := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			alnum = true
		case c == '-', c == '.', c == '_', c == '~':
		default:
			return false
		}
	}
	return alnum
}

// webURL reports whether s is an absolute http or https URL with a host
// (or, when mailto is true, also a mailto URL with an address).
func webURL(s string, mailto bool) bool {
	if simpleWebURL(s) {
		return true
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "" && u.Hostname() != ""
	case "mailto":
		return mailto && u.Opaque != ""
	}
	return false
}

// simpleWebURL reports whether s is an http or https URL of the common,
// plain form that net/url would accept: a host name of letters, digits,
// dots and hyphens, with an optional port, then printable ASCII without
// percent escapes or brackets. It saves parsing most URLs.
func simpleWebURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	if name, port, ok := strings.Cut(host, ":"); ok {
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return false
		}
		host = name
	}
	if host == "" || host[0] == '.' || host[0] == '-' {
		return false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; c <= ' ' || c >= 0x7f || c == '%' || c == '[' || c == ']' {
			return false
		}
	}
	return true
}

// plausibleEmail reports whether s looks like an email address: one @, a
// local part of at most 64 bytes, a domain with a dot, and nothing that
// cannot appear unquoted in an address.
func plausibleEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.IndexByte(s, '@')
	if at < 1 || at > 64 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	if len(domain) < 3 || !strings.Contains(domain, ".") || strings.Contains(domain, "..") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.HasPrefix(domain, "-") || strings.HasSuffix(domain, "-") {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == utf8.RuneError || strings.ContainsRune(`"(),:;<>[\]`, r) {
			return false
		}
	}
	return !strings.Contains(domain, "@")
}

// conferencePhone strips a phone number to the characters a dialer
// understands (digits and + , * #) and counts its digits.
func conferencePhone(s string) (stripped string, digits int) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			b.WriteByte(c)
		case c == '+', c == ',', c == '*', c == '#':
			b.WriteByte(c)
		}
	}
	if b.Len() == len(s) {
		return s, digits
	}
	return b.String(), digits
}

// zones caches the names time.LoadLocation has accepted. Only good names
// are kept, so the cache is bounded by the tz database.
var zones sync.Map

// knownZone reports whether name is an IANA time zone this system knows.
// "Local" is not a zone a feed can mean.
func knownZone(name string) bool {
	if name == "" || name == "Local" || len(name) > 64 {
		return false
	}
	if _, ok := zones.Load(name); ok {
		return true
	}
	if _, err := time.LoadLocation(name); err != nil {
		return false
	}
	zones.Store(name, struct{}{})
	return true
}

// coordinate rounds a degree value to five decimals (about a metre), the
// precision the format asks for, and never returns negative zero.
func coordinate(x float64) float64 {
	return math.Round(x*1e5)/1e5 + 0
}

// contactFields are the feed names of the contacts' name, email and phone.
var contactFields = [3][3]string{
	{"contact_1_name", "contact_1_email", "contact_1_phone"},
	{"contact_2_name", "contact_2_email", "contact_2_phone"},
	{"contact_3_name", "contact_3_email", "contact_3_phone"},
}

// eachText calls f with every plain-text value of m and its feed name, in
// feed order.
func eachText(m *Meeting, f func(name, value string)) {
	for _, t := range [...]struct{ name, value string }{
		{"name", m.Name},
		{"slug", m.Slug},
		{"time", m.Time},
		{"end_time", m.EndTime},
		{"timezone", m.TimeZone},
		{"formatted_address", m.FormattedAddress},
		{"address", m.Address},
		{"city", m.City},
		{"state", m.State},
		{"postal_code", m.PostalCode},
		{"country", m.Country},
		{"location", m.Location},
		{"location_notes", m.LocationNotes},
		{"notes", m.Notes},
		{"conference_url", m.ConferenceURL},
		{"conference_url_notes", m.ConferenceURLNotes},
		{"conference_phone", m.ConferencePhone},
		{"conference_phone_notes", m.ConferencePhoneNotes},
		{"url", m.URL},
		{"edit_url", m.EditURL},
		{"feedback_url", m.FeedbackURL},
		{"group", m.Group},
		{"group_notes", m.GroupNotes},
		{"venmo", m.Venmo},
		{"square", m.Square},
		{"paypal", m.PayPal},
		{"homegroup_online", m.HomegroupOnline},
		{"entity", m.Entity.Name},
		{"entity_email", m.Entity.Email},
		{"entity_location", m.Entity.Location},
		{"entity_logo", m.Entity.Logo},
		{"entity_phone", m.Entity.Phone},
		{"entity_website_url", m.Entity.WebsiteURL},
	} {
		f(t.name, t.value)
	}
	for i, c := range m.Contacts {
		f(contactFields[i][0], c.Name)
		f(contactFields[i][1], c.Email)
		f(contactFields[i][2], c.Phone)
	}
	for _, s := range m.Regions {
		f("regions", s)
	}
	for _, s := range m.Types {
		f("types", s)
	}
	for _, s := range m.FeedbackEmails {
		f("feedback_emails", s)
	}
	for _, s := range m.Entity.FeedbackEmails {
		f("entity_feedback_emails", s)
	}
}
