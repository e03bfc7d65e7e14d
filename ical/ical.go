// Package ical writes Hearth's weekly meetings as iCalendar (RFC 5545)
// calendars: one meeting, one group's meetings, or a member's private
// "my meetings" subscription feed.
//
// A weekly meeting is kept as days of the week, a local start and end
// time and an IANA time zone, never as UTC instants, because a meeting at
// 19:00 in New York stays at 19:00 when the clocks change. The calendar
// says exactly that: each meeting is one VEVENT whose DTSTART carries the
// meeting's TZID and whose RRULE repeats it weekly in that zone, and every
// zone used gets a VTIMEZONE built from Go's time zone database, so a
// calendar program needs no zone database of its own to place it.
//
// The package knows nothing of Hearth's domain types: the caller turns a
// meeting into an Event.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type of what Marshal returns.
const ContentType = "text/calendar; charset=utf-8"

// ProdID names the program that made a calendar (the PRODID property).
const ProdID = "-//Hearth//Hearth meetings//EN"

// Calendar is a set of weekly meetings to publish as one iCalendar object.
type Calendar struct {
	// Name is shown by calendar programs as the calendar's name
	// (NAME and X-WR-CALNAME), e.g. "Tuesday Night Hope — meetings".
	Name string
	// Description, if set, describes the calendar (DESCRIPTION and
	// X-WR-CALDESC).
	Description string
	// Refresh, if positive, tells subscribing programs how often to fetch
	// the calendar again (REFRESH-INTERVAL and X-PUBLISHED-TTL). It is
	// rounded down to whole minutes.
	Refresh time.Duration
	// Stamp is when this calendar was made: the DTSTAMP of every event.
	// When zero, the latest Updated of the events is used, so the same
	// meetings always give the same bytes (and the same ETag).
	Stamp time.Time
	// Events are the meetings, written in this order. Leave out meetings
	// that are not active; keep one that has ended for good for a while
	// with Cancelled set, so that subscribers see it go.
	Events []Event
}

// Event is one weekly meeting.
type Event struct {
	// UID identifies the meeting for good: calendar programs use it to
	// update the event they already have rather than add another. It
	// must not change while the meeting exists and must be unique to it,
	// e.g. "meeting-42@hearth.example.org".
	UID string
	// Summary is the event's title, e.g. the meeting's name.
	Summary string
	// Description, Location and URL are optional. URL should be absolute.
	Description string
	Location    string
	URL         string
	// Geo, if not nil, is where the meeting is held.
	Geo *Geo
	// Zone is the IANA time zone the meeting keeps, e.g. "America/Chicago".
	Zone string
	// Days are the days of the week the meeting is held; at least one.
	Days []time.Weekday
	// Start and End are local wall-clock times, "HH:MM" on a 24-hour
	// clock. An End not after Start is on the next day, so a meeting
	// from "23:30" to "00:30" lasts one hour. They may not be equal.
	Start, End string
	// FirstDate is the first day the meeting may be held: the calendar's
	// first occurrence is the first of Days on or after it. Only its
	// year, month and day count, as read in its own location.
	FirstDate time.Time
	// Updated is when the meeting last changed (LAST-MODIFIED), if known.
	Updated time.Time
	// Cancelled marks a meeting that will no longer be held
	// (STATUS:CANCELLED), so subscribers see it go rather than linger.
	Cancelled bool
}

// Geo is a point on the Earth in decimal degrees (WGS 84).
type Geo struct {
	Lat, Lon float64
}

// Marshal returns cal as an iCalendar object, or an error naming the
// first event that cannot be written (no UID, an unknown zone, no days,
// a malformed time, no FirstDate) — which is a bug in the caller, since
// Hearth validates meetings before storing them.
func Marshal(cal Calendar) ([]byte, error) {
	events := make([]event, len(cal.Events))
	stamp := cal.Stamp
	for i := range cal.Events {
		ev, err := prepare(&cal.Events[i])
		if err != nil {
			return nil, fmt.Errorf("ical: event %d (%q): %w", i, cal.Events[i].UID, err)
		}
		events[i] = ev
		if cal.Stamp.IsZero() && ev.Updated.After(stamp) {
			stamp = ev.Updated
		}
	}
	if stamp.IsZero() {
		return nil, errors.New("ical: the calendar has no Stamp and no event has Updated")
	}

	var b bytes.Buffer
	line := func(s string) { writeLine(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if cal.Name != "" {
		line("NAME:" + escapeText(cal.Name))
		line("X-WR-CALNAME:" + escapeText(cal.Name))
	}
	if cal.Description != "" {
		line("DESCRIPTION:" + escapeText(cal.Description))
		line("X-WR-CALDESC:" + escapeText(cal.Description))
	}
	if m := int64(cal.Refresh / time.Minute); m > 0 {
		line("REFRESH-INTERVAL;VALUE=DURATION:" + minutesDuration(m))
		line("X-PUBLISHED-TTL:" + minutesDuration(m))
	}

	for _, z := range zonesOf(events, stamp) {
		writeTimezone(&b, z)
	}

	dtstamp := "DTSTAMP:" + utcStamp(stamp)
	for i := range events {
		ev := &events[i]
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(ev.UID))
		line(dtstamp)
		line("DTSTART;TZID=" + ev.Zone + ":" + ev.start.String())
		line("DTEND;TZID=" + ev.Zone + ":" + ev.end.String())
		line("RRULE:FREQ=WEEKLY;BYDAY=" + ev.byDay)
		line("SUMMARY:" + escapeText(ev.Summary))
		if ev.Description != "" {
			line("DESCRIPTION:" + escapeText(ev.Description))
		}
		if ev.Location != "" {
			line("LOCATION:" + escapeText(ev.Location))
		}
		if ev.Geo != nil {
			line("GEO:" + coord(ev.Geo.Lat) + ";" + coord(ev.Geo.Lon))
		}
		if u := cleanValue(ev.URL); u != "" {
			line("URL:" + u)
		}
		if !ev.Updated.IsZero() {
			line("LAST-MODIFIED:" + utcStamp(ev.Updated))
		}
		if ev.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes(), nil
}

// Write writes cal to w as Marshal makes it. Nothing is written if cal
// cannot be marshalled.
func Write(w io.Writer, cal Calendar) error {
	b, err := Marshal(cal)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// event is an Event checked and worked out for writing.
type event struct {
	*Event
	loc        *time.Location
	start, end civil // wall-clock start and end of the first occurrence
	byDay      string
}

// weekdayCodes are RFC 5545's weekday names, indexed by time.Weekday.
var weekdayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// prepare checks ev and works out its first occurrence.
func prepare(ev *Event) (event, error) {
	if strings.TrimSpace(cleanValue(ev.UID)) == "" {
		return event{}, errors.New("no UID")
	}
	if ev.Zone == "" || ev.Zone == "Local" {
		return event{}, errors.New("no time zone")
	}
	loc, err := time.LoadLocation(ev.Zone)
	if err != nil {
		return event{}, fmt.Errorf("time zone: %w", err)
	}
	if loc.String() != ev.Zone || strings.ContainsAny(ev.Zone, ";:,\"") {
		return event{}, fmt.Errorf("time zone %q is not an IANA name", ev.Zone)
	}
	start, err := parseClock(ev.Start)
	if err != nil {
		return event{}, fmt.Errorf("start: %w", err)
	}
	end, err := parseClock(ev.End)
	if err != nil {
		return event{}, fmt.Errorf("end: %w", err)
	}
	length := (end - start + 24*60) % (24 * 60)
	if length == 0 {
		return event{}, errors.New("the meeting ends when it starts")
	}
	if ev.FirstDate.IsZero() {
		return event{}, errors.New("no FirstDate")
	}
	if ev.Geo != nil && !validGeo(*ev.Geo) {
		return event{}, fmt.Errorf("coordinates %v, %v are off the Earth", ev.Geo.Lat, ev.Geo.Lon)
	}

	var held [7]bool
	for _, d := range ev.Days {
		if d < time.Sunday || d > time.Saturday {
			return event{}, fmt.Errorf("no such weekday %d", d)
		}
		held[d] = true
	}
	var codes []string
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday,
		time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if held[d] {
			codes = append(codes, weekdayCodes[d])
		}
	}
	if len(codes) == 0 {
		return event{}, errors.New("no days")
	}

	// The first occurrence is the first held day on or after FirstDate.
	y, m, d := ev.FirstDate.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for !held[day.Weekday()] {
		day = day.AddDate(0, 0, 1)
	}
	first := day.Add(time.Duration(start) * time.Minute)
	return event{
		Event: ev,
		loc:   loc,
		start: civilOf(first),
		end:   civilOf(first.Add(time.Duration(length) * time.Minute)),
		byDay: strings.Join(codes, ","),
	}, nil
}

// parseClock parses "HH:MM" on a 24-hour clock into minutes after midnight.
func parseClock(s string) (int, error) {
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return h*60 + m, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func validGeo(g Geo) bool {
	return g.Lat >= -90 && g.Lat <= 90 && g.Lon >= -180 && g.Lon <= 180 &&
		!math.IsNaN(g.Lat) && !math.IsNaN(g.Lon)
}

// coord formats a GEO coordinate with six decimals (about 0.1 m), as
// RFC 5545 suggests, with no trailing zeros beyond one decimal.
func coord(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// civil is a wall-clock date and time with no zone: a DATE-TIME of
// RFC 5545's "local time with time zone reference" form.
type civil struct {
	year, month, day, hour, min, sec int
}

// civilOf reads t's wall clock in t's own location.
func civilOf(t time.Time) civil {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return civil{y, int(mo), d, h, mi, s}
}

// String formats c as an RFC 5545 DATE-TIME without a zone designator.
func (c civil) String() string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d%02d", c.year, c.month, c.day, c.hour, c.min, c.sec)
}

// utcStamp formats t as an RFC 5545 DATE-TIME in UTC.
func utcStamp(t time.Time) string {
	return t.UTC().Format("20060102T150405Z")
}

// minutesDuration formats a positive number of minutes as an RFC 5545
// DURATION, e.g. "PT90M", "PT12H" or "P1D".
func minutesDuration(m int64) string {
	switch {
	case m%(24*60) == 0:
		return "P" + strconv.FormatInt(m/(24*60), 10) + "D"
	case m%60 == 0:
		return "PT" + strconv.FormatInt(m/60, 10) + "H"
	}
	return "PT" + strconv.FormatInt(m, 10) + "M"
}

// zonesOf returns the zones the events use, each with the span of years
// its VTIMEZONE must cover, in the order the zones first appear.
func zonesOf(events []event, stamp time.Time) []zoneSpan {
	var spans []zoneSpan
	for i := range events {
		ev := &events[i]
		at := slices.IndexFunc(spans, func(z zoneSpan) bool { return z.loc.String() == ev.Zone })
		if at < 0 {
			spans = append(spans, zoneSpan{loc: ev.loc, first: ev.start.year, last: ev.start.year})
			at = len(spans) - 1
		}
		z := &spans[at]
		z.first = min(z.first, ev.start.year)
		z.last = max(z.last, ev.start.year)
	}
	for i := range spans {
		spans[i].last = max(spans[i].last, stamp.Year())
	}
	return spans
}
