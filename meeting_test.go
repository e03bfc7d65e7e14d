package hearth

import (
	"testing"
	"time"
)

func TestMeetingNext(t *testing.T) {
	at := func(zone, s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, LoadZone(zone))
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, tc := range []struct {
		name             string
		zone             string
		days             []time.Weekday
		start, end       string
		now              string
		wantStart, wantE string
	}{
		{"LaterToday", "America/Chicago", []time.Weekday{time.Wednesday}, "19:00", "20:00", "2026-03-04 09:00", "2026-03-04 19:00", "2026-03-04 20:00"},
		{"InProgress", "America/Chicago", []time.Weekday{time.Wednesday}, "09:00", "10:00", "2026-03-04 09:30", "2026-03-04 09:00", "2026-03-04 10:00"},
		{"NextWeek", "America/Chicago", []time.Weekday{time.Wednesday}, "09:00", "10:00", "2026-03-04 10:00", "2026-03-11 09:00", "2026-03-11 10:00"},
		{"PastMidnightStillOn", "Europe/Madrid", []time.Weekday{time.Tuesday}, "23:00", "00:30", "2026-03-04 00:15", "2026-03-03 23:00", "2026-03-04 00:30"},
		{"SameLocalTimeAcrossTheChange", "America/New_York", []time.Weekday{time.Monday}, "19:00", "20:00", "2026-03-07 12:00", "2026-03-09 19:00", "2026-03-09 20:00"},
		// Havana's clocks go from 00:00 to 01:00 on 8 March 2026: that
		// Sunday has no midnight, but it has its meeting.
		{"ADayWithoutMidnight", "America/Havana", []time.Weekday{time.Sunday}, "15:30", "16:30", "2026-03-06 12:00", "2026-03-08 15:30", "2026-03-08 16:30"},
		{"EndsInTheHourThatIsSkipped", "America/Havana", []time.Weekday{time.Saturday}, "23:30", "00:30", "2026-03-07 12:00", "2026-03-07 23:30", "2026-03-08 01:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Meeting{TimeZone: tc.zone, Days: tc.days, Start: tc.start, End: tc.end}
			o, ok := m.Next(at(tc.zone, tc.now))
			if !ok || !o.Start.Equal(at(tc.zone, tc.wantStart)) || !o.End.Equal(at(tc.zone, tc.wantE)) {
				t.Errorf("Next = %v–%v %v, want %s–%s", o.Start, o.End, ok, tc.wantStart, tc.wantE)
			}
		})
	}
	if _, ok := (&Meeting{TimeZone: "UTC", Start: "09:00", End: "10:00"}).Next(time.Now()); ok {
		t.Error("a meeting with no days has a next occurrence")
	}
}
