package ical

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// The tests here read calendars back with github.com/emersion/go-ical and
// expand their rules with github.com/teambition/rrule-go, so what they
// check is what another program would make of the output, not what this
// package meant to write.

// vzone is a VTIMEZONE as a calendar program applies it: the onsets of
// its observances, expanded from their RRULEs and RDATEs.
type vzone struct {
	base   int // the offset before the first onset
	onsets []onset
}

type onset struct {
	at     time.Time
	offset int
}

// readVTimezone expands the VTIMEZONE of a calendar up to until.
func readVTimezone(t *testing.T, cal *goical.Calendar, tzid string, until time.Time) *vzone {
	t.Helper()
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone || c.Props.Get(goical.PropTimezoneID).Value != tzid {
			continue
		}
		z := &vzone{}
		var earliest time.Time
		for _, o := range c.Children {
			if o.Name != goical.CompTimezoneStandard && o.Name != goical.CompTimezoneDaylight {
				t.Fatalf("%s: unexpected %s in VTIMEZONE", tzid, o.Name)
			}
			from := parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetFrom).Value)
			to := parseOffset(t, o.Props.Get(goical.PropTimezoneOffsetTo).Value)
			fromZone := time.FixedZone("", from)
			start, err := time.ParseInLocation("20060102T150405", o.Props.Get(goical.PropDateTimeStart).Value, fromZone)
			if err != nil {
				t.Fatalf("%s: %v", tzid, err)
			}
			at := []time.Time{start}
			if p := o.Props.Get(goical.PropRecurrenceRule); p != nil {
				opt, err := rrule.StrToROption(p.Value)
				if err != nil {
					t.Fatalf("%s: RRULE %q: %v", tzid, p.Value, err)
				}
				opt.Dtstart = start
				r, err := rrule.NewRRule(*opt)
				if err != nil {
					t.Fatalf("%s: RRULE %q: %v", tzid, p.Value, err)
				}
				at = r.Between(start, until, true)
				if len(at) == 0 || !at[0].Equal(start) {
					t.Fatalf("%s: RRULE %q does not yield its DTSTART %v", tzid, p.Value, start)
				}
			}
			for _, p := range o.Props.Values(goical.PropRecurrenceDates) {
				for _, v := range strings.Split(p.Value, ",") {
					d, err := time.ParseInLocation("20060102T150405", v, fromZone)
					if err != nil {
						t.Fatalf("%s: RDATE %q: %v", tzid, v, err)
					}
					at = append(at, d)
				}
			}
			for _, a := range at {
				z.onsets = append(z.onsets, onset{a, to})
			}
			if earliest.IsZero() || start.Before(earliest) {
				// Before everything, the offset is where the earliest onset comes from.
				earliest, z.base = start, from
			}
		}
		sort.Slice(z.onsets, func(i, j int) bool { return z.onsets[i].at.Before(z.onsets[j].at) })
		return z
	}
	t.Fatalf("no VTIMEZONE %s", tzid)
	return nil
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if len(s) != 5 && len(s) != 7 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("bad UTC offset %q", s)
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) == 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off
}

// offsetAt is the UTC offset in effect at the instant at.
func (z *vzone) offsetAt(at time.Time) int {
	i := sort.Search(len(z.onsets), func(i int) bool { return z.onsets[i].at.After(at) })
	if i == 0 {
		return z.base
	}
	return z.onsets[i-1].offset
}

// instant turns a wall-clock time (given as if in UTC) into the instant
// it names in the zone.
func (z *vzone) instant(wall time.Time) time.Time {
	u := wall.Add(-time.Duration(z.offsetAt(wall)) * time.Second)
	for range 3 {
		u = wall.Add(-time.Duration(z.offsetAt(u)) * time.Second)
	}
	return u
}

// TestVTimezoneMatchesZoneDatabase checks that a calendar program using
// only our VTIMEZONE finds the same UTC offset as Go's zone database at
// every hour of the years the calendar spans and a few beyond, and on
// both sides of every change.
func TestVTimezoneMatchesZoneDatabase(t *testing.T) {
	tests := []struct {
		zone  string
		first int // the year of the first occurrence
	}{
		{"America/New_York", 2026},
		{"America/New_York", 2005}, // across the United States' 2007 change of rules
		{"America/Chicago", 2026},
		{"America/Phoenix", 2026},
		{"America/Santiago", 2022},
		{"America/Sao_Paulo", 2017},   // daylight saving time abolished in 2019
		{"America/Mexico_City", 2021}, // abolished in 2022
		{"America/Nuuk", 2022},        // standard offset changed in 2023
		{"Europe/London", 2026},
		{"Europe/Dublin", 2026}, // "negative" daylight saving time in winter
		{"Europe/Madrid", 2026},
		{"Australia/Sydney", 2026},
		{"Australia/Lord_Howe", 2026}, // a half-hour change
		{"Pacific/Chatham", 2026},
		{"Asia/Kolkata", 2026},
		{"Asia/Jerusalem", 2026}, // the Friday before the last Sunday of March
		{"Asia/Tehran", 2020},    // abolished in 2022
		{"Africa/Casablanca", 2026},
		{"Antarctica/Troll", 2026}, // a two-hour change
		{"UTC", 2026},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.zone, tt.first), func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Marshal(Calendar{Stamp: stamp, Events: []Event{{
				UID: "u@h", Summary: "s", Zone: tt.zone, Days: []time.Weekday{time.Monday},
				Start: "19:00", End: "20:00", FirstDate: day(tt.first, 1, 1),
			}}})
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, out)
			cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
			if err != nil {
				t.Fatal(err)
			}
			from := time.Date(tt.first, 1, 1, 0, 0, 0, 0, loc)
			until := time.Date(stamp.Year()+yearsAhead+1, 1, 1, 0, 0, 0, 0, loc)
			z := readVTimezone(t, cal, tt.zone, until.AddDate(1, 0, 0))

			check := func(at time.Time) {
				t.Helper()
				_, want := at.In(loc).Zone()
				if got := z.offsetAt(at); got != want {
					t.Fatalf("at %v (%v) the VTIMEZONE gives offset %s, the zone database %s",
						at.UTC(), at.In(loc), utcOffset(got), utcOffset(want))
				}
			}
			changes := 0
			prev := from
			check(prev)
			for at := from.Add(time.Hour); at.Before(until); at = at.Add(time.Hour) {
				check(at)
				if _, o1 := prev.In(loc).Zone(); o1 != offsetOf(at, loc) {
					// Find the second of the change and check both sides.
					lo, hi := prev.Unix(), at.Unix()
					for hi-lo > 1 {
						mid := (lo + hi) / 2
						if offsetOf(time.Unix(mid, 0), loc) == o1 {
							lo = mid
						} else {
							hi = mid
						}
					}
					check(time.Unix(lo, 0))
					check(time.Unix(hi, 0))
					changes++
				}
				prev = at
			}
			t.Logf("%d changes checked", changes)
		})
	}
}

func offsetOf(at time.Time, loc *time.Location) int {
	_, off := at.In(loc).Zone()
	return off
}

// TestOccurrencesAcrossDaylightSaving expands each meeting's RRULE and
// checks that it stays at the same local time when the clocks change,
// both as the parser places it (TZID through Go's zone database) and as a
// program that knows only our VTIMEZONE would.
func TestOccurrencesAcrossDaylightSaving(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		name       string
		zone       string
		days       []time.Weekday
		start, end string
		length     time.Duration
		want       []time.Time // some of the meeting's starts, in UTC
	}{
		{
			name: "New York, Tuesday 19:00", zone: "America/New_York",
			days: []time.Weekday{time.Tuesday}, start: "19:00", end: "20:00", length: time.Hour,
			want: []time.Time{
				utc("2026-03-04 00:00"), // 3 March, EST, before the second Sunday of March
				utc("2026-03-10 23:00"), // 10 March, EDT
				utc("2026-10-27 23:00"), // 27 October, EDT, before the first Sunday of November
				utc("2026-11-04 00:00"), // 3 November, EST
				utc("2027-03-10 00:00"), // 9 March 2027, EST (the change is on the 14th)
				utc("2027-03-16 23:00"), // 16 March 2027, EDT
			},
		},
		{
			name: "London, Monday 18:30", zone: "Europe/London",
			days: []time.Weekday{time.Monday}, start: "18:30", end: "19:30", length: time.Hour,
			want: []time.Time{
				utc("2026-03-23 18:30"), // GMT, before the last Sunday of March
				utc("2026-03-30 17:30"), // BST
				utc("2026-10-19 17:30"), // BST, before the last Sunday of October
				utc("2026-10-26 18:30"), // GMT
			},
		},
		{
			name: "Sydney, Wednesday 19:00", zone: "Australia/Sydney",
			days: []time.Weekday{time.Wednesday}, start: "19:00", end: "20:15", length: 75 * time.Minute,
			want: []time.Time{
				utc("2026-03-04 08:00"), // AEDT (+11), southern summer
				utc("2026-04-01 08:00"), // AEDT, before the first Sunday of April
				utc("2026-04-08 09:00"), // AEST (+10)
				utc("2026-09-30 09:00"), // AEST, before the first Sunday of October
				utc("2026-10-07 08:00"), // AEDT
			},
		},
		{
			name: "Kolkata, Friday 19:00, no daylight saving", zone: "Asia/Kolkata",
			days: []time.Weekday{time.Friday}, start: "19:00", end: "20:00", length: time.Hour,
			want: []time.Time{utc("2026-03-06 13:30"), utc("2026-07-03 13:30"), utc("2026-11-06 13:30")},
		},
		{
			name: "New York, Saturday 23:30 to 00:30", zone: "America/New_York",
			days: []time.Weekday{time.Saturday}, start: "23:30", end: "00:30", length: time.Hour,
			want: []time.Time{
				utc("2026-03-08 04:30"), // 7 March 23:30 EST: ends before the clocks go forward at 02:00
				utc("2026-03-15 03:30"), // 14 March 23:30 EDT
				utc("2026-11-01 03:30"), // 31 October 23:30 EDT: ends before the clocks go back
				utc("2026-11-08 04:30"), // 7 November 23:30 EST
			},
		},
		{
			name: "Madrid, Monday, Wednesday and Friday 08:00", zone: "Europe/Madrid",
			days: []time.Weekday{time.Friday, time.Monday, time.Wednesday}, start: "08:00", end: "09:00", length: time.Hour,
			want: []time.Time{
				utc("2026-03-27 07:00"), // Friday, CET
				utc("2026-03-30 06:00"), // Monday, CEST
				utc("2026-04-01 06:00"), // Wednesday
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Marshal(Calendar{Stamp: stamp, Events: []Event{{
				UID: "u@h", Summary: tt.name, Zone: tt.zone, Days: tt.days,
				Start: tt.start, End: tt.end, FirstDate: day(2026, time.March, 1),
			}}})
			if err != nil {
				t.Fatal(err)
			}
			cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
			if err != nil {
				t.Fatal(err)
			}
			ev := cal.Events()[0]
			from, until := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)

			// As the parser places it: DTSTART's TZID, Go's zone database.
			set, err := ev.RecurrenceSet(nil)
			if err != nil {
				t.Fatal(err)
			}
			byZoneDB := set.Between(from, until, true)
			if len(byZoneDB) < 52*len(tt.days) {
				t.Fatalf("only %d occurrences in two years", len(byZoneDB))
			}
			for _, at := range byZoneDB {
				local := at.In(loc)
				if local.Format("15:04") != tt.start || !slices.Contains(tt.days, local.Weekday()) {
					t.Errorf("an occurrence at %v, %s", local, local.Weekday())
				}
			}

			// As a program with only our VTIMEZONE places it: expand the
			// rule on the wall clock, then read each wall time in the VTIMEZONE.
			z := readVTimezone(t, cal, tt.zone, until)
			wallStart, err := time.Parse("20060102T150405", ev.Props.Get(goical.PropDateTimeStart).Value)
			if err != nil {
				t.Fatal(err)
			}
			wallEnd, err := time.Parse("20060102T150405", ev.Props.Get(goical.PropDateTimeEnd).Value)
			if err != nil {
				t.Fatal(err)
			}
			if d := z.instant(wallEnd).Sub(z.instant(wallStart)); d != tt.length {
				t.Errorf("the first meeting lasts %v, want %v", d, tt.length)
			}
			opt, err := rrule.StrToROption(ev.Props.Get(goical.PropRecurrenceRule).Value)
			if err != nil {
				t.Fatal(err)
			}
			opt.Dtstart = wallStart
			rule, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			var byVTimezone []time.Time
			for _, wall := range rule.Between(from, until, true) {
				byVTimezone = append(byVTimezone, z.instant(wall))
			}
			if !slices.EqualFunc(byZoneDB, byVTimezone, time.Time.Equal) {
				t.Errorf("the VTIMEZONE places the meetings elsewhere than the zone database:\n%v\n%v", byZoneDB, byVTimezone)
			}

			for _, w := range tt.want {
				if !slices.ContainsFunc(byVTimezone, w.Equal) {
					t.Errorf("no meeting starts at %v UTC (%v local)", w, w.In(loc))
				}
			}
			// Nothing before the first date.
			if first := byZoneDB[0]; first.Before(time.Date(2026, 3, 1, 0, 0, 0, 0, loc)) {
				t.Errorf("the first occurrence %v is before the first date", first)
			}
		})
	}
}
