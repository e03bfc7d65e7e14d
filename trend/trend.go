// Package trend turns a member's daily check-ins into what the trends
// page shows: one value a day over a period (a day without a check-in is
// a gap, never a zero), charts drawn as inline SVG on the server, and
// patterns said plainly when the data is enough to say them with care.
//
// It knows no language: labels come in already said, and patterns come
// out as kinds with their numbers, for the caller to put into words.
package trend

import (
	"math"

	"hearth"
)

// Day is one day of a period: what its check-in said, if there was one.
type Day struct {
	On hearth.Date
	// In reports that the member checked in that day.
	In      bool
	Mood    int // 1–5; 0 when not given
	Craving int // 0–10; -1 when not given
	HALT    hearth.HALT
	Sleep   int // tenths of an hour; -1 when not given
}

// HasMood reports whether the day has a mood.
func (d Day) HasMood() bool { return d.In && d.Mood >= 1 && d.Mood <= 5 }

// HasCraving reports whether the day has a craving.
func (d Day) HasCraving() bool { return d.In && d.Craving >= 0 && d.Craving <= 10 }

// HasSleep reports whether the day has hours of sleep.
func (d Day) HasSleep() bool { return d.In && d.Sleep >= 0 }

// Days lays check-ins (in any order) out on the days from from to to,
// inclusive: one Day a date, earliest first. Check-ins outside the
// period are left out.
func Days(from, to hearth.Date, list []*hearth.CheckIn) []Day {
	n := to.DaysSince(from) + 1
	if n <= 0 {
		return nil
	}
	days := make([]Day, n)
	for i := range days {
		days[i] = Day{On: from.AddDays(i), Craving: -1, Sleep: -1}
	}
	for _, c := range list {
		i := c.On.DaysSince(from)
		if i < 0 || i >= n {
			continue
		}
		days[i] = Day{On: c.On, In: true, Mood: c.Mood, Craving: c.Craving, HALT: c.HALT, Sleep: c.SleepTenths}
	}
	return days
}

// Moods is the days' moods, NaN where there is none.
func Moods(days []Day) []float64 {
	out := make([]float64, len(days))
	for i, d := range days {
		out[i] = math.NaN()
		if d.HasMood() {
			out[i] = float64(d.Mood)
		}
	}
	return out
}

// Cravings is the days' cravings, NaN where there is none.
func Cravings(days []Day) []float64 {
	out := make([]float64, len(days))
	for i, d := range days {
		out[i] = math.NaN()
		if d.HasCraving() {
			out[i] = float64(d.Craving)
		}
	}
	return out
}

// Summary is what a series of values adds up to: how many there are,
// their mean and their range. N is 0 for a series of gaps only.
type Summary struct {
	N               int
	Mean, Low, High float64
}

// Summarise sums up values, skipping gaps (NaN).
func Summarise(values []float64) Summary {
	var s Summary
	var sum float64
	for _, v := range values {
		if math.IsNaN(v) {
			continue
		}
		if s.N == 0 || v < s.Low {
			s.Low = v
		}
		if s.N == 0 || v > s.High {
			s.High = v
		}
		sum += v
		s.N++
	}
	if s.N > 0 {
		s.Mean = sum / float64(s.N)
	}
	return s
}
