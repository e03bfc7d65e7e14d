package meetingguide

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InvalidMeetingError is why an Encoder refused a meeting: its problems,
// from Validate or a slug another meeting of the feed already takes.
type InvalidMeetingError struct {
	Slug     string
	Problems []Problem
}

func (e *InvalidMeetingError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "meetingguide: meeting %q is invalid: ", e.Slug)
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// ErrClosed is returned by an Encoder used after Close.
var ErrClosed = errors.New("meetingguide: encoder is closed")

// Encoder writes a feed, one meeting at a time, as a JSON array that every
// reader can load: one record per meeting day with an integer day (slug
// SLUG-DAY for a meeting on several days, the plain slug otherwise), times
// as "HH:MM" in the meeting's time zone, updated in UTC, and the fields in
// a fixed order, empty ones left out. It holds only the slugs written so
// far, to keep them unique.
type Encoder struct {
	w        *bufio.Writer
	entity   Entity
	buf      []byte
	claims   claims
	meetings int // meetings encoded
	records  int // records written
	closed   bool
	err      error
}

// NewEncoder returns an Encoder writing to w. The entity, when not zero,
// is written into every record in place of the meetings' own: it is the
// operator's service entity. Close must be called to end the feed.
func NewEncoder(w io.Writer, entity Entity) *Encoder {
	return &Encoder{w: bufio.NewWriterSize(w, 64<<10), entity: entity, buf: make([]byte, 0, 2048)}
}

// Encode writes the records of one meeting. It returns an
// *InvalidMeetingError, and writes nothing, for a meeting that is not
// valid or whose slug, or one of its SLUG-DAY slugs, another meeting of the
// feed already takes; the encoder can go on with the next meeting. An
// error writing to w is returned by every later call.
func (e *Encoder) Encode(m Meeting) error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return ErrClosed
	}
	if !e.entity.IsZero() {
		m.Entity = e.entity
	}
	if problems := m.Validate(); len(problems) > 0 {
		return &InvalidMeetingError{Slug: m.Slug, Problems: problems}
	}
	if len(m.Days) > 1 && !slices.IsSorted(m.Days) {
		m.Days = slices.Sorted(slices.Values(m.Days))
	}
	if p, ok := e.claims.claim(&m, e.meetings, "meeting"); !ok {
		return &InvalidMeetingError{Slug: m.Slug, Problems: []Problem{p}}
	}
	e.meetings++

	switch len(m.Days) {
	case 0:
		e.record(&m, m.Slug, -1)
	case 1:
		e.record(&m, m.Slug, int(m.Days[0]))
	default:
		for _, d := range m.Days {
			e.record(&m, daySlug(m.Slug, d), int(d))
		}
	}
	return e.err
}

// Close ends the feed and flushes it to the writer, which it does not
// close.
func (e *Encoder) Close() error {
	if e.closed || e.err != nil {
		return e.err
	}
	e.closed = true
	if e.records == 0 {
		_, e.err = e.w.WriteString("[]\n")
	} else {
		_, e.err = e.w.WriteString("\n]\n")
	}
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}

// record writes one record of m, for day (or none when day < 0).
func (e *Encoder) record(m *Meeting, slug string, day int) {
	if e.err != nil {
		return
	}
	b := e.buf[:0]
	if e.records == 0 {
		b = append(b, "[\n{"...)
	} else {
		b = append(b, ",\n{"...)
	}
	e.records++
	r := recordWriter{b: b}
	r.str("name", m.Name)
	r.str("slug", slug)
	if day >= 0 {
		r.key("day")
		r.b = strconv.AppendInt(r.b, int64(day), 10)
	}
	r.str("time", m.Time)
	r.str("end_time", m.EndTime)
	r.str("timezone", m.TimeZone)
	r.str("formatted_address", m.FormattedAddress)
	r.str("address", m.Address)
	r.str("city", m.City)
	r.str("state", m.State)
	r.str("postal_code", m.PostalCode)
	r.str("country", m.Country)
	if m.Approximate {
		r.str("approximate", "yes")
	} else {
		r.str("approximate", "no")
	}
	if c := m.Coordinates; c != nil {
		r.key("latitude")
		r.b = strconv.AppendFloat(r.b, coordinate(c.Lat), 'f', -1, 64)
		r.key("longitude")
		r.b = strconv.AppendFloat(r.b, coordinate(c.Lon), 'f', -1, 64)
	}
	r.str("location", m.Location)
	r.str("location_notes", m.LocationNotes)
	if n := len(m.Regions); n > 0 {
		r.str("region", m.Regions[0])
		if n > 1 {
			r.str("sub_region", m.Regions[1])
			r.list("regions", m.Regions)
		}
	}
	r.str("notes", m.Notes)
	r.str("conference_url", m.ConferenceURL)
	r.str("conference_url_notes", m.ConferenceURLNotes)
	r.str("conference_phone", m.ConferencePhone)
	r.str("conference_phone_notes", m.ConferencePhoneNotes)
	r.list("types", m.Types)
	r.str("group", m.Group)
	r.str("group_notes", m.GroupNotes)
	r.str("venmo", m.Venmo)
	r.str("square", m.Square)
	r.str("paypal", m.PayPal)
	r.str("homegroup_online", m.HomegroupOnline)
	if !m.Updated.IsZero() {
		r.key("updated")
		r.b = append(r.b, '"')
		r.b = m.Updated.UTC().AppendFormat(r.b, updatedLayout)
		r.b = append(r.b, '"')
	}
	r.str("url", m.URL)
	r.str("edit_url", m.EditURL)
	r.str("feedback_url", m.FeedbackURL)
	r.list("feedback_emails", m.FeedbackEmails)
	ent := &m.Entity
	r.str("entity", ent.Name)
	r.str("entity_email", ent.Email)
	r.str("entity_location", ent.Location)
	r.str("entity_logo", ent.Logo)
	r.str("entity_phone", ent.Phone)
	r.str("entity_website_url", ent.WebsiteURL)
	r.str("entity_url", ent.WebsiteURL) // the name some readers know it by
	r.list("entity_feedback_emails", ent.FeedbackEmails)
	for i, c := range m.Contacts {
		r.str(contactFields[i][0], c.Name)
		r.str(contactFields[i][1], c.Email)
		r.str(contactFields[i][2], c.Phone)
	}
	r.b = append(r.b, '}')
	e.buf = r.b
	_, e.err = e.w.Write(r.b)
}

// recordWriter appends the fields of one JSON object.
type recordWriter struct {
	b     []byte
	comma bool
}

func (r *recordWriter) key(k string) {
	if r.comma {
		r.b = append(r.b, ',')
	}
	r.comma = true
	r.b = append(r.b, '"')
	r.b = append(r.b, k...)
	r.b = append(r.b, '"', ':')
}

// str writes a string field, unless it is empty.
func (r *recordWriter) str(k, v string) {
	if v == "" {
		return
	}
	r.key(k)
	r.b = appendJSONString(r.b, v)
}

// list writes an array of strings, unless it is empty.
func (r *recordWriter) list(k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	r.key(k)
	r.b = append(r.b, '[')
	for i, v := range vs {
		if i > 0 {
			r.b = append(r.b, ',')
		}
		r.b = appendJSONString(r.b, v)
	}
	r.b = append(r.b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Besides what JSON requires,
// it escapes <, > and & (so the feed can sit inside HTML) and U+2028 and
// U+2029 (which JavaScript once refused in strings). Invalid UTF-8 becomes
// U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
