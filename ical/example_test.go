package ical_test

import (
	"fmt"
	"strings"
	"time"

	"hearth/ical"
)

func ExampleMarshal() {
	cal := ical.Calendar{
		Name:  "Tuesday Night Hope",
		Stamp: time.Date(2026, time.November, 23, 12, 0, 0, 0, time.UTC),
		Events: []ical.Event{{
			UID:       "meeting-42@hearth.example.org",
			Summary:   "Tuesday Night Hope",
			Location:  "St. Mark's Hall, Springfield",
			Zone:      "America/New_York",
			Days:      []time.Weekday{time.Tuesday},
			Start:     "19:00",
			End:       "20:00",
			FirstDate: time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC),
		}},
	}
	b, err := ical.Marshal(cal)
	if err != nil {
		panic(err)
	}
	// Print the event, leaving out the VTIMEZONE before it.
	s := string(b)
	s = s[strings.Index(s, "BEGIN:VEVENT"):strings.Index(s, "END:VEVENT")]
	fmt.Print(strings.ReplaceAll(s, "\r\n", "\n"))
	// Output:
	// BEGIN:VEVENT
	// UID:meeting-42@hearth.example.org
	// DTSTAMP:20261123T120000Z
	// DTSTART;TZID=America/New_York:20260303T190000
	// DTEND;TZID=America/New_York:20260303T200000
	// RRULE:FREQ=WEEKLY;BYDAY=TU
	// SUMMARY:Tuesday Night Hope
	// LOCATION:St. Mark's Hall\, Springfield
	// STATUS:CONFIRMED
	// TRANSP:OPAQUE
}
