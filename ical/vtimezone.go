package ical

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// yearsAhead is how many years past the later of the last first
// occurrence and the calendar's stamp a VTIMEZONE spells out. Regular
// yearly rules are written as open-ended RRULEs, so this matters only to
// zones whose changes follow no rule a VTIMEZONE can express.
const yearsAhead = 5

// maxTransitions bounds the work for one zone, whatever the zone data.
const maxTransitions = 500

// zoneSpan is a zone and the years its VTIMEZONE must cover.
type zoneSpan struct {
	loc         *time.Location
	first, last int
}

// transition is one change of a zone's offset, abbreviation or daylight
// saving flag.
type transition struct {
	at       time.Time // the instant of the change
	from, to int       // UTC offsets before and after, in seconds
	name     string    // abbreviation after, e.g. "EDT"
	dst      bool      // daylight saving time after
}

// wall is the transition's wall-clock time in the offset before it: the
// DTSTART form of an observance's onset (RFC 5545, section 3.6.5).
func (t transition) wall() time.Time {
	return t.at.In(time.FixedZone("", t.from))
}

// transitions lists the changes of loc that govern the years from first
// through last: the change that began the period in effect at the start
// of first, then every change up to the end of last. It walks the zone
// with time.Time.ZoneBounds, skipping the bounds that change nothing
// (Go reports one at each new year once a zone's explicit transitions
// give way to its rule, and in leap years that bound can come a day early
// and repeat itself, so every step is made to move forward).
func transitions(loc *time.Location, first, last int) []transition {
	from := time.Date(first, time.January, 1, 0, 0, 0, 0, loc)
	to := time.Date(last+1, time.January, 1, 0, 0, 0, 0, loc)
	var out []transition
	t := from
	for range maxTransitions {
		start, _ := t.ZoneBounds()
		if start.IsZero() {
			break
		}
		if c, ok := change(loc, start); ok {
			out = append(out, c)
			break
		}
		t = start.Add(-time.Second).In(loc)
	}
	t = from
	for range maxTransitions {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		if !end.After(t) {
			end = t.Add(24 * time.Hour)
		}
		if c, ok := change(loc, end); ok {
			out = append(out, c)
		}
		t = end.In(loc)
	}
	return out
}

// change describes what changes in loc at the instant at, and reports
// whether anything a calendar program would notice does.
func change(loc *time.Location, at time.Time) (transition, bool) {
	before := at.Add(-time.Second).In(loc)
	after := at.In(loc)
	name0, off0 := before.Zone()
	name1, off1 := after.Zone()
	if off0 == off1 && name0 == name1 && before.IsDST() == after.IsDST() {
		return transition{}, false
	}
	// When the clocks go back and forth, the later time is daylight
	// saving time. This is what calendar programs expect, even of zones
	// whose data calls winter time the daylight saving one (Europe/Dublin,
	// Africa/Casablanca).
	dst := after.IsDST()
	if before.IsDST() != after.IsDST() {
		dst = off1 > off0
	}
	return transition{at: at, from: off0, to: off1, name: name1, dst: dst}, true
}

// observance is one STANDARD or DAYLIGHT sub-component: an onset, and
// either a yearly rule or a list of further onsets.
type observance struct {
	first transition
	rule  string      // RRULE value, or ""
	more  []time.Time // RDATE values (wall clock in the offset before)
}

// writeTimezone writes the VTIMEZONE of one zone.
func writeTimezone(b *bytes.Buffer, z zoneSpan) {
	line := func(s string) { writeLine(b, s) }
	line("BEGIN:VTIMEZONE")
	line("TZID:" + z.loc.String())
	for _, o := range observances(z) {
		kind := "STANDARD"
		if o.first.dst {
			kind = "DAYLIGHT"
		}
		line("BEGIN:" + kind)
		line("DTSTART:" + civilOf(o.first.wall()).String())
		line("TZOFFSETFROM:" + utcOffset(o.first.from))
		line("TZOFFSETTO:" + utcOffset(o.first.to))
		if o.first.name != "" {
			line("TZNAME:" + escapeText(o.first.name))
		}
		if o.rule != "" {
			line("RRULE:" + o.rule)
		}
		for _, t := range o.more {
			line("RDATE:" + civilOf(t).String())
		}
		line("END:" + kind)
	}
	line("END:VTIMEZONE")
}

// observances turns the zone's transitions into observances.
//
// Transitions that share their offsets, abbreviation and daylight saving
// flag are taken together. Working back from the latest, each such group
// is cut into runs that one yearly rule yields exactly, year after year:
// the nth or last weekday of a month ("second Sunday of March"), a fixed
// day, or a weekday within a fixed week of the month ("the Friday from
// the 23rd to the 29th"). A run becomes an observance with an RRULE,
// open-ended if the rule holds to the end of the years probed and with
// UNTIL if the zone's rules changed; onsets that fit no rule are listed
// as RDATEs. The years probed reach well past the span the calendar needs,
// so a rule is only left open-ended once it has been seen to hold for
// decades, and a rule that looks regular for a few years by chance is not
// mistaken for the zone's. A zone with no transitions at all gets a single
// STANDARD observance.
func observances(z zoneSpan) []observance {
	endYear := z.last + yearsAhead
	horizon := endYear + verifyYears
	trans := transitions(z.loc, z.first-1, horizon)
	if len(trans) == 0 {
		// No change since the zone's data begins (or none recorded).
		at := time.Date(1970, time.January, 1, 0, 0, 0, 0, z.loc)
		name, off := at.Zone()
		return []observance{{first: transition{at: at, from: off, to: off, name: name}}}
	}

	type key struct {
		from, to int
		name     string
		dst      bool
	}
	groups := map[key][]transition{}
	var order []key
	for _, t := range trans {
		k := key{t.from, t.to, t.name, t.dst}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], t)
	}

	var out []observance
	for _, k := range order {
		g := groups[k]
		var loose []transition // onsets that fit no yearly rule
		for end := len(g); end > 0; {
			rule, n := longestRule(g[:end])
			run := g[end-n : end]
			if n < 2 {
				loose = append(loose, run...)
			} else if run[0].wall().Year() <= endYear {
				last := run[n-1]
				if end < len(g) || last.wall().Year() < horizon {
					rule += ";UNTIL=" + utcStamp(last.at)
				}
				out = append(out, observance{first: run[0], rule: rule})
			}
			end -= n
		}
		slices.Reverse(loose)
		loose = slices.DeleteFunc(loose, func(t transition) bool { return t.wall().Year() > endYear })
		if len(loose) > 0 {
			o := observance{first: loose[0]}
			for _, t := range loose[1:] {
				o.more = append(o.more, t.wall())
			}
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b observance) int { return a.first.at.Compare(b.first.at) })
	return out
}

// verifyYears is how many years past the calendar's span a zone is probed
// to confirm its current rule: in 28 years a date of the year falls on
// every day of the week, so a wrongly guessed rule shows itself.
const verifyYears = 28

// longestRule finds the yearly rule that yields the most of the latest
// onsets of g, which share their offsets, in consecutive years ending
// with the last one. It returns the RRULE (without UNTIL) and how many
// onsets it yields; a count of 1 means no rule fits more than the last.
func longestRule(g []transition) (rule string, n int) {
	anchor := g[len(g)-1].wall()
	wd := weekdayCodes[anchor.Weekday()]
	month := anchor.Month()
	base := "FREQ=YEARLY;BYMONTH=" + strconv.Itoa(int(month))

	type candidate struct {
		rule string
		day  func(year int) int // the rule's day of the month in a year
	}
	var cands []candidate
	if isLastWeek(anchor) {
		cands = append(cands, candidate{base + ";BYDAY=-1" + wd, func(y int) int {
			d := time.Date(y, month+1, 0, 0, 0, 0, 0, time.UTC) // last day of month
			return d.Day() - (int(d.Weekday())-int(anchor.Weekday())+7)%7
		}})
	}
	if w := weekOfMonth(anchor); w <= 4 {
		cands = append(cands, candidate{base + ";BYDAY=" + strconv.Itoa(w) + wd, func(y int) int {
			return weekdayOnOrAfter(y, month, (w-1)*7+1, anchor.Weekday())
		}})
	}
	cands = append(cands, candidate{base + ";BYMONTHDAY=" + strconv.Itoa(anchor.Day()), func(int) int { return anchor.Day() }})
	for lo := max(1, anchor.Day()-6); lo <= anchor.Day() && lo+6 <= shortest(month); lo++ {
		days := make([]string, 7)
		for i := range days {
			days[i] = strconv.Itoa(lo + i)
		}
		cands = append(cands, candidate{base + ";BYDAY=" + wd + ";BYMONTHDAY=" + strings.Join(days, ","), func(y int) int {
			return weekdayOnOrAfter(y, month, lo, anchor.Weekday())
		}})
	}

	n = 1
	for _, c := range cands {
		k := 0
		for k < len(g) {
			w := g[len(g)-1-k].wall()
			if w.Year() != anchor.Year()-k || w.Month() != month || w.Day() != c.day(w.Year()) ||
				w.Hour() != anchor.Hour() || w.Minute() != anchor.Minute() || w.Second() != anchor.Second() {
				break
			}
			k++
		}
		if k > n {
			rule, n = c.rule, k
		}
	}
	return rule, n
}

// shortest is the fewest days month ever has.
func shortest(month time.Month) int {
	return time.Date(2001, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// weekdayOnOrAfter returns the day of the month of the first wd on or
// after day in that month and year.
func weekdayOnOrAfter(year int, month time.Month, day int, wd time.Weekday) int {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return day + (int(wd)-int(t.Weekday())+7)%7
}

// weekOfMonth is 1 for the first seven days of t's month, 2 for the next
// seven, and so on.
func weekOfMonth(t time.Time) int { return (t.Day()-1)/7 + 1 }

// isLastWeek reports whether t is within the last seven days of its month.
func isLastWeek(t time.Time) bool { return t.AddDate(0, 0, 7).Month() != t.Month() }

// utcOffset formats an offset in seconds as RFC 5545's UTC-OFFSET,
// e.g. "-0500", "+0530", "+003456" (section 3.3.14).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
