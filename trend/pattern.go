package trend

import (
	"math"

	"hearth"
)

// Pattern is something a member's check-ins show, stated only when there
// is enough data to say it with care: Kind says what (the caller puts it
// into words), and A and B are the numbers behind it where it compares
// two kinds of day (A the days it is about, B the others).
type Pattern struct {
	Kind  string
	State string // the HALT state of PatternHALTCraving
	A, B  float64
}

// Kinds of pattern.
const (
	// Mood has been rising, or lower, over the last two weeks.
	PatternMoodRising = "mood_rising"
	PatternMoodLower  = "mood_lower"
	// Cravings have been easing, or stronger, over the last two weeks.
	PatternCravingEasing   = "craving_easing"
	PatternCravingStronger = "craving_stronger"
	// Cravings were higher on days with a HALT state (State) than without.
	PatternHALTCraving = "halt_craving"
	// Mood was better on days after a good night's sleep.
	PatternSleepMood = "sleep_mood"
)

// What is enough to state a pattern.
const (
	// MinDays is the fewest days on each side of a comparison.
	MinDays = 5
	// RecentDays is the stretch a recent trend looks at, and RecentMin the
	// fewest values in it.
	RecentDays = 14
	RecentMin  = 7
	// A trend is stated when the fitted line moves at least this much over
	// the stretch: on the mood's scale of 1–5, and the craving's of 0–10.
	MoodTrendMin    = 0.75
	CravingTrendMin = 1.5
	// A comparison is stated when the means are at least this far apart.
	CravingDiffMin = 1.5
	MoodDiffMin    = 0.5
	// RestedTenths is the sleep (7 hours) from which a night counts as
	// rested.
	RestedTenths = 70
)

// Patterns finds what the days (a period ending today, earliest first)
// show: recent trends first, then HALT states and sleep.
func Patterns(days []Day) []Pattern {
	var out []Pattern
	recent := days[max(0, len(days)-RecentDays):]
	if change, ok := recentChange(recent, Moods(recent)); ok {
		switch {
		case change >= MoodTrendMin:
			out = append(out, Pattern{Kind: PatternMoodRising})
		case change <= -MoodTrendMin:
			out = append(out, Pattern{Kind: PatternMoodLower})
		}
	}
	if change, ok := recentChange(recent, Cravings(recent)); ok {
		switch {
		case change <= -CravingTrendMin:
			out = append(out, Pattern{Kind: PatternCravingEasing})
		case change >= CravingTrendMin:
			out = append(out, Pattern{Kind: PatternCravingStronger})
		}
	}
	for _, st := range hearth.HALTStates {
		var with, without []float64
		for _, d := range days {
			if !d.HasCraving() {
				continue
			}
			if d.HALT.Has(st.State) {
				with = append(with, float64(d.Craving))
			} else {
				without = append(without, float64(d.Craving))
			}
		}
		if a, b, ok := compare(with, without); ok && a-b >= CravingDiffMin {
			out = append(out, Pattern{Kind: PatternHALTCraving, State: st.Name, A: a, B: b})
		}
	}
	var rested, short []float64
	for _, d := range days {
		if !d.HasMood() || !d.HasSleep() {
			continue
		}
		if d.Sleep >= RestedTenths {
			rested = append(rested, float64(d.Mood))
		} else {
			short = append(short, float64(d.Mood))
		}
	}
	if a, b, ok := compare(rested, short); ok && a-b >= MoodDiffMin {
		out = append(out, Pattern{Kind: PatternSleepMood, A: a, B: b})
	}
	return out
}

// compare returns the means of two groups of values, when both have at
// least MinDays.
func compare(a, b []float64) (float64, float64, bool) {
	if len(a) < MinDays || len(b) < MinDays {
		return 0, 0, false
	}
	return mean(a), mean(b), true
}

func mean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// recentChange fits a straight line (least squares) through the values of
// the days and returns how far it moves from the first day to the last;
// false with fewer than RecentMin values.
func recentChange(days []Day, values []float64) (float64, bool) {
	var n, sx, sy, sxx, sxy float64
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		x := float64(i)
		n++
		sx += x
		sy += v
		sxx += x * x
		sxy += x * v
	}
	if n < RecentMin {
		return 0, false
	}
	den := n*sxx - sx*sx
	if den == 0 {
		return 0, false
	}
	slope := (n*sxy - sx*sy) / den
	return slope * float64(len(days)-1), true
}
