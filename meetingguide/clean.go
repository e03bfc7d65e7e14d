package meetingguide

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Adjustment is a change Decode made to a record it accepted, so that the
// operator can see what was mended.
type Adjustment struct {
	Field   string // the feed's field name, e.g. "end_time"
	Code    Code
	Message string // English, for logs and operators
}

// cleaner turns a wire record into a Meeting, mending what it safely can
// and noting why a record cannot be used.
type cleaner struct {
	table       *typeTable
	extra       map[string]bool // codes of Options.Types
	defaultZone string

	adjustments []Adjustment
	problems    []Problem
}

func (c *cleaner) adjust(field string, code Code, format string, args ...any) {
	c.adjustments = append(c.adjustments, Adjustment{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (c *cleaner) reject(field string, code Code, format string, args ...any) {
	c.problems = append(c.problems, Problem{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// clean fills m from w. It may leave m invalid; validation follows.
func (c *cleaner) clean(w *wireMeeting, m *Meeting) {
	text := func(s string) string { return cleanText(s, true) }

	m.Name = line(w.Name)
	if n := utf8.RuneCountInString(m.Name); n > MaxNameLen {
		m.Name = strings.TrimSpace(truncateRunes(m.Name, MaxNameLen))
		c.adjust("name", CodeTruncated, "%d characters shortened to %d", n, MaxNameLen)
	}
	if w.Slug.bad != "" {
		c.reject("slug", CodeWrongType, "want a string or an integer, got %s", w.Slug.bad)
	}
	m.Slug = line(w.Slug.s)

	c.schedule(w, m)

	m.FormattedAddress = line(w.FormattedAddress)
	m.Address = line(w.Address)
	m.City = line(w.City)
	m.State = line(w.State)
	if w.PostalCode.bad != "" {
		c.reject("postal_code", CodeWrongType, "want a string, got %s", w.PostalCode.bad)
	}
	m.PostalCode = line(w.PostalCode.s)
	m.Country = line(w.Country)
	if w.Approximate.bad != "" {
		c.adjust("approximate", CodeDropped, "%s is neither \"yes\" nor \"no\"", w.Approximate.bad)
	}
	m.Approximate = w.Approximate.yes
	c.coordinates(w, m)
	m.Location = line(w.Location)
	m.LocationNotes = text(w.LocationNotes)
	m.Notes = text(w.Notes)
	c.regions(w, m)

	m.ConferenceURL = c.url("conference_url", line(w.ConferenceURL), false)
	m.ConferenceURLNotes = text(w.ConferenceURLNotes)
	c.phone(w, m)
	m.ConferencePhoneNotes = text(w.ConferencePhoneNotes)

	c.updated(w, m)
	m.URL = c.url("url", line(w.URL), false)
	m.EditURL = c.url("edit_url", line(w.EditURL), false)
	m.FeedbackURL = c.url("feedback_url", line(w.FeedbackURL), true)
	m.FeedbackEmails = c.emails("feedback_emails", &w.FeedbackEmails)

	m.Group = line(w.Group)
	m.GroupNotes = text(w.GroupNotes)
	m.Venmo = line(w.Venmo)
	m.Square = line(w.Square)
	m.PayPal = line(w.PayPal)
	m.HomegroupOnline = line(w.HomegroupOnline)

	c.entity(w, m)
	for i, wc := range [3]struct {
		name, email string
		phone       wireText
	}{
		{w.Contact1Name, w.Contact1Email, w.Contact1Phone},
		{w.Contact2Name, w.Contact2Email, w.Contact2Phone},
		{w.Contact3Name, w.Contact3Email, w.Contact3Phone},
	} {
		names := &contactFields[i]
		if wc.phone.bad != "" {
			c.reject(names[2], CodeWrongType, "want a string, got %s", wc.phone.bad)
		}
		m.Contacts[i] = Contact{
			Name:  line(wc.name),
			Email: c.email(names[1], line(wc.email)),
			Phone: line(wc.phone.s),
		}
	}

	// Types last: which of them make sense depends on the rest.
	c.types(w, m)
}

// schedule reads day, time, end_time and timezone.
func (c *cleaner) schedule(w *wireMeeting, m *Meeting) {
	d := &w.Day
	switch {
	case d.bad != "":
		c.reject("day", CodeWrongType, "want a day number 0–6 or an array of them, got %s", d.bad)
	case d.strings:
		c.adjust("day", CodeNormalized, "day numbers given as strings read as numbers")
	}
	var seen [7]bool
	var dropped []string
	for _, n := range d.days {
		switch {
		case n < 0 || n > 6:
			dropped = append(dropped, fmt.Sprint(n))
		case seen[n]:
			c.adjust("day", CodeDuplicate, "day %d given twice: kept once", n)
		default:
			seen[n] = true
		}
	}
	for n, ok := range seen {
		if ok {
			m.Days = append(m.Days, time.Weekday(n))
		}
	}
	if len(dropped) > 0 {
		if len(m.Days) == 0 {
			c.reject("day", CodeOutOfRange, "day %s is not between 0 (Sunday) and 6 (Saturday)", strings.Join(dropped, ", "))
		} else {
			c.adjust("day", CodeDropped, "day %s is not between 0 and 6: left out", strings.Join(dropped, ", "))
		}
	}

	raw := line(w.Time)
	start, ok := lenientClock(raw, false)
	switch {
	case raw == "":
	case !ok:
		c.reject("time", CodeInvalid, "%s is not a 24-hour HH:MM time", quote(raw))
		m.Time = raw
	case len(raw) == 5:
		m.Time = raw
	default:
		m.Time = formatClock(start)
		c.adjust("time", CodeNormalized, "%s written as %s", quote(raw), m.Time)
	}

	raw = line(w.EndTime)
	end, endOK := lenientClock(raw, true)
	switch {
	case raw == "" && ok:
		m.EndTime = formatClock(start + 60)
		c.adjust("end_time", CodeDefaulted, "end_time missing: set to start + 1 h (%s)", m.EndTime)
	case raw == "":
	case !endOK:
		c.reject("end_time", CodeInvalid, "%s is not a 24-hour HH:MM time", quote(raw))
		m.EndTime = raw
	case ok && end%(24*60) == start:
		m.EndTime = formatClock(start + 60)
		c.adjust("end_time", CodeDefaulted, "end_time equal to time: set to start + 1 h (%s)", m.EndTime)
	case len(raw) == 5 && raw != "24:00":
		m.EndTime = raw
	default:
		m.EndTime = formatClock(end)
		c.adjust("end_time", CodeNormalized, "%s written as %s", quote(raw), m.EndTime)
	}

	m.TimeZone = line(w.TimeZone)
	if m.TimeZone == "" && c.defaultZone != "" {
		m.TimeZone = c.defaultZone
		c.adjust("timezone", CodeDefaulted, "timezone missing: set to the feed's default, %s", m.TimeZone)
	}
}

// lenientClock reads the times feeds write: "HH:MM", "H:MM", and either
// with seconds. An end time may be "24:00", read as midnight.
func lenientClock(s string, end bool) (int, bool) {
	if len(s) == 4 || len(s) == 7 {
		s = "0" + s // H:MM, H:MM:SS
	}
	switch {
	case len(s) == 8 && s[5] == ':':
		if _, ok := twoDigits(s[6:8]); !ok {
			return 0, false
		}
		s = s[:5]
	case len(s) != 5:
		return 0, false
	}
	if end && s == "24:00" {
		return 0, true
	}
	return parseClock(s)
}

// coordinates reads latitude and longitude.
func (c *cleaner) coordinates(w *wireMeeting, m *Meeting) {
	lat, lon := &w.Latitude, &w.Longitude
	switch {
	case lat.bad != "":
		c.reject("latitude", CodeWrongType, "want a number, got %s", lat.bad)
	case lon.bad != "":
		c.reject("longitude", CodeWrongType, "want a number, got %s", lon.bad)
	case lat.given != lon.given:
		field := "latitude"
		if lon.given {
			field = "longitude"
		}
		c.reject(field, CodeRequired, "latitude and longitude come together; only %s is given", field)
	case !lat.given:
	default:
		p := LatLon{coordinate(lat.v), coordinate(lon.v)}
		if p.Lat == 0 && p.Lon == 0 {
			c.adjust("latitude", CodeDropped, "0, 0 is not a meeting place: coordinates left out")
			return
		}
		m.Coordinates = &p
	}
}

// regions reads regions, or region and sub_region.
func (c *cleaner) regions(w *wireMeeting, m *Meeting) {
	if w.Regions.bad != "" {
		c.reject("regions", CodeWrongType, "want an array of strings, got %s", w.Regions.bad)
	}
	for _, r := range w.Regions.items {
		if r = cleanText(r, false); r != "" {
			m.Regions = append(m.Regions, r)
		}
	}
	if len(m.Regions) > 0 {
		return
	}
	for _, r := range []string{w.Region, w.SubRegion} {
		if r = cleanText(r, false); r != "" {
			m.Regions = append(m.Regions, r)
		}
	}
}

// url reads a URL field: one without a scheme gets https://, and one that
// still is not an http(s) (or, where allowed, mailto) URL is left out.
func (c *cleaner) url(field, s string, mailto bool) string {
	if s == "" || webURL(s, mailto) {
		return s
	}
	if mailto && plausibleEmail(s) && webURL("mailto:"+s, true) {
		c.adjust(field, CodeNormalized, "%s written as a mailto URL", quote(s))
		return "mailto:" + s
	}
	if !strings.Contains(s, "://") && !strings.HasPrefix(strings.ToLower(s), "mailto:") {
		if host, _, _ := strings.Cut(s, "/"); strings.Contains(host, ".") && webURL("https://"+s, false) {
			c.adjust(field, CodeNormalized, "%s has no scheme: https:// added", quote(s))
			return "https://" + s
		}
	}
	if mailto {
		c.adjust(field, CodeDropped, "%s is not an http, https or mailto URL: left out", quote(s))
	} else {
		c.adjust(field, CodeDropped, "%s is not an http or https URL: left out", quote(s))
	}
	return ""
}

// phone reads conference_phone.
func (c *cleaner) phone(w *wireMeeting, m *Meeting) {
	if w.ConferencePhone.bad != "" {
		c.reject("conference_phone", CodeWrongType, "want a string, got %s", w.ConferencePhone.bad)
		return
	}
	raw := line(w.ConferencePhone.s)
	if raw == "" {
		return
	}
	p, digits := conferencePhone(raw)
	if digits < MinPhoneDigits {
		c.adjust("conference_phone", CodeDropped, "%s has %d digits, fewer than %d: left out", quote(raw), digits, MinPhoneDigits)
		return
	}
	if p != raw {
		c.adjust("conference_phone", CodeNormalized, "conference_phone stripped to %s", p)
	}
	m.ConferencePhone = p
}

// line cleans a one-line text field.
func line(s string) string { return cleanText(s, false) }

// updated reads the updated time, in the format's form or as RFC 3339.
func (c *cleaner) updated(w *wireMeeting, m *Meeting) {
	raw := line(w.Updated)
	if raw == "" {
		return
	}
	t, err := time.Parse(updatedLayout, raw)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse(time.RFC3339, raw); err2 != nil {
			c.adjust("updated", CodeDropped, "%s is not a YYYY-MM-DD HH:MM:SS time: left out", quote(raw))
			return
		}
	}
	t = time.Unix(t.Unix(), 0).UTC()
	if y := t.Year(); y < minYear || y > maxYear {
		c.adjust("updated", CodeDropped, "%s is out of range: left out", quote(raw))
		return
	}
	// A value as long as the layout that parses is in the layout's form.
	if len(raw) != len(updatedLayout) {
		c.adjust("updated", CodeNormalized, "%s written as %s UTC", quote(raw), t.Format(updatedLayout))
	}
	m.Updated = t
}

// updatedLayout is the form of the updated field, in UTC.
const updatedLayout = "2006-01-02 15:04:05"

// email reads an email field, leaving out what is not an address.
func (c *cleaner) email(field, s string) string {
	if s == "" {
		return ""
	}
	if t := strings.TrimPrefix(s, "mailto:"); t != s && plausibleEmail(t) {
		c.adjust(field, CodeNormalized, "mailto: removed from %s", quote(s))
		return t
	}
	if !plausibleEmail(s) {
		c.adjust(field, CodeDropped, "%s is not an email address: left out", quote(s))
		return ""
	}
	return s
}

// emails reads a list of email addresses; a single string may hold several,
// separated by commas.
func (c *cleaner) emails(field string, l *wireList) []string {
	if l.bad != "" {
		c.reject(field, CodeWrongType, "want an array of strings, got %s", l.bad)
		return nil
	}
	items := l.items
	if l.string {
		items = strings.Split(items[0], ",")
	}
	var out []string
	for _, s := range items {
		if s = c.email(field, line(s)); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// entity reads the entity fields.
func (c *cleaner) entity(w *wireMeeting, m *Meeting) {
	if w.EntityPhone.bad != "" {
		c.reject("entity_phone", CodeWrongType, "want a string, got %s", w.EntityPhone.bad)
	}
	e := Entity{
		Name:     line(w.Entity),
		Email:    c.email("entity_email", line(w.EntityEmail)),
		Location: line(w.EntityLocation),
		Logo:     c.url("entity_logo", line(w.EntityLogo), false),
		Phone:    line(w.EntityPhone.s),
	}
	site, alias := line(w.EntityWebsiteURL), line(w.EntityURL)
	switch {
	case site == "":
		site = alias
	case alias != "" && alias != site:
		c.adjust("entity_url", CodeDropped, "entity_url %s differs from entity_website_url: entity_website_url kept", quote(alias))
	}
	e.WebsiteURL = c.url("entity_website_url", site, false)
	e.FeedbackEmails = c.emails("entity_feedback_emails", &w.EntityFeedbackEmails)
	if e.Name == "" && !e.IsZero() {
		c.adjust("entity", CodeDropped, "entity fields without the entity's name: left out")
		e = Entity{}
	}
	m.Entity = e
}

// types reads the type codes: mends their case, drops repeats, keeps
// unknown codes (noting them), and removes in-person-only types from a
// meeting that is online only.
func (c *cleaner) types(w *wireMeeting, m *Meeting) {
	l := &w.Types
	if l.bad != "" {
		c.reject("types", CodeWrongType, "want an array of strings, got %s", l.bad)
		return
	}
	items := l.items
	if l.string {
		items = strings.Split(items[0], ",")
		if len(items) > 1 {
			c.adjust("types", CodeNormalized, "types given as one string: split at commas")
		}
	}
	// The codes are filtered in place: items belongs to this record.
	m.Types = items[:0]
	var unknown []string
	for _, code := range items {
		code = line(code)
		if code == "" {
			continue
		}
		if len(code) > maxTypeCode {
			c.adjust("types", CodeDropped, "type code %s is longer than %d bytes: left out", quote(code), maxTypeCode)
			continue
		}
		if !c.known(code) {
			if mended, ok := c.table.mend(code); ok {
				c.adjust("types", CodeNormalized, "type code %s written as %s", quote(code), mended)
				code = mended
			} else {
				unknown = append(unknown, code)
			}
		}
		if slices.Contains(m.Types, code) {
			c.adjust("types", CodeDuplicate, "type code %s given twice: kept once", code)
			continue
		}
		m.Types = append(m.Types, code)
	}
	if len(m.Types) == 0 {
		m.Types = nil
	}
	if len(unknown) > 0 {
		c.adjust("types", CodeUnknown, "unknown type code kept: %s", strings.Join(unknown, ", "))
	}
	if m.Attendance() != Online {
		return
	}
	var removed []string
	m.Types = slices.DeleteFunc(m.Types, func(code string) bool {
		t, ok := c.table.lookup(code)
		if ok && t.InPersonOnly() {
			removed = append(removed, code)
		}
		return ok && t.InPersonOnly()
	})
	if len(m.Types) == 0 {
		m.Types = nil
	}
	if len(removed) > 0 {
		c.adjust("types", CodeDropped, "in-person-only types removed from an online meeting: %s", strings.Join(removed, ", "))
	}
}

func (c *cleaner) known(code string) bool {
	_, ok := c.table.lookup(code)
	return ok || c.extra[code]
}

// cleanText trims a text field and removes control characters. A one-line
// field turns line breaks and tabs into spaces; a multi-line one keeps
// them, with \r\n and \r made \n.
func cleanText(s string, multiline bool) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f || c == 0xc2 { // 0xc2 leads C1 controls
			plain = false
			break
		}
	}
	if plain {
		return strings.TrimSpace(s)
	}
	if multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			if !multiline {
				b.WriteByte(' ')
			} else if r == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte('\n')
			}
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// truncateRunes shortens s to at most n characters.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// quote quotes a value for a message, shortening a long one.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = truncateRunes(s, 57) + "…"
	}
	return fmt.Sprintf("%q", s)
}
