package trend

import (
	"fmt"
	"testing"

	"hearth"
)

// period makes n days from nov1 and lets set fill each one in; a day set
// leaves alone has no check-in.
func period(n int, set func(i int, d *Day)) []Day {
	days := make([]Day, n)
	for i := range days {
		days[i] = Day{On: nov1.AddDays(i), Craving: -1, Sleep: -1}
		set(i, &days[i])
	}
	return days
}

// checkIn marks a day checked in with a mood and a craving (0 and -1 for
// none).
func checkIn(d *Day, mood, craving int) {
	d.In, d.Mood, d.Craving = true, mood, craving
}

func describe(ps []Pattern) string {
	s := ""
	for _, p := range ps {
		if s != "" {
			s += " "
		}
		s += p.Kind
		if p.State != "" {
			s += ":" + p.State
		}
		if p.A != 0 || p.B != 0 {
			s += fmt.Sprintf("(%.1f/%.1f)", p.A, p.B)
		}
	}
	return s
}

func TestPatterns(t *testing.T) {
	for _, tc := range []struct {
		name string
		days []Day
		want string
	}{
		{"Nothing", nil, ""},
		{"NoCheckIns", period(90, func(int, *Day) {}), ""},
		{"SteadyMood", period(14, func(i int, d *Day) { checkIn(d, 3+i%2, -1) }), ""},
		{"MoodRising", period(14, func(i int, d *Day) { checkIn(d, 1+i*4/13, -1) }), "mood_rising"},
		{"MoodRisingWithGaps", period(14, func(i int, d *Day) {
			if i%2 == 0 || i == 13 {
				checkIn(d, 2+i*3/13, -1)
			}
		}), "mood_rising"},
		{"MoodLower", period(14, func(i int, d *Day) { checkIn(d, 5-i*3/13, -1) }), "mood_lower"},
		// Six moods in two weeks are too few to speak of a trend.
		{"TooFewForATrend", period(14, func(i int, d *Day) {
			if i%2 == 0 && i < 12 {
				checkIn(d, 1+i/3, -1)
			}
		}), ""},
		// Only the last two weeks count: a rise a month ago is not said.
		{"OldRise", period(60, func(i int, d *Day) {
			if i < 30 {
				checkIn(d, 1+i*4/29, -1)
			} else {
				checkIn(d, 4, -1)
			}
		}), ""},
		{"CravingEasing", period(14, func(i int, d *Day) { checkIn(d, 0, 8-i/2) }), "craving_easing"},
		{"CravingStronger", period(14, func(i int, d *Day) { checkIn(d, 0, 1+i/3) }), "craving_stronger"},
		// A small drift is not a trend.
		{"CravingDrift", period(14, func(i int, d *Day) { checkIn(d, 0, 3+i/10) }), ""},

		{"TiredCravings", period(30, func(i int, d *Day) {
			checkIn(d, 0, 2+i%2) // 2, 3, 2, 3…: no trend
			if i%3 == 0 {
				d.HALT = hearth.Tired
				d.Craving = 6
			}
		}), "halt_craving:tired(6.0/2.5)"},
		// Four tired days are too few, however high the cravings.
		{"TiredTooFew", period(30, func(i int, d *Day) {
			checkIn(d, 0, 2+i%2)
			if i%7 == 0 && i < 28 {
				d.HALT, d.Craving = hearth.Tired, 9
			}
		}), ""},
		// A difference under 1.5 is not stated.
		{"LonelySmallDifference", period(30, func(i int, d *Day) {
			checkIn(d, 0, 3)
			if i%2 == 0 {
				d.HALT, d.Craving = hearth.Lonely, 4
			}
		}), ""},
		// Lower cravings on angry days are not a pattern worth saying.
		{"AngryLower", period(30, func(i int, d *Day) {
			checkIn(d, 0, 5)
			if i%2 == 0 {
				d.HALT, d.Craving = hearth.Angry, 1
			}
		}), ""},
		// Days without a craving given count on neither side.
		{"HungryWithoutCravings", period(30, func(i int, d *Day) {
			checkIn(d, 0, -1)
			if i%2 == 0 {
				d.HALT = hearth.Hungry
			} else {
				d.Craving = 2
			}
		}), ""},
		{"TwoStates", period(40, func(i int, d *Day) {
			checkIn(d, 0, 2)
			switch i % 4 {
			case 0:
				d.HALT, d.Craving = hearth.Hungry|hearth.Lonely, 7
			case 1:
				d.HALT = hearth.Lonely
			}
		}), "halt_craving:hungry(7.0/2.0) halt_craving:lonely(4.5/2.0)"},

		{"SleepHelps", period(30, func(i int, d *Day) {
			checkIn(d, 3, -1)
			d.Sleep = 55
			if i%2 == 0 {
				d.Mood, d.Sleep = 4, 80
			}
		}), "sleep_mood(4.0/3.0)"},
		{"SleepNoDifference", period(30, func(i int, d *Day) {
			checkIn(d, 3+i%2, -1)
			d.Sleep = 55 + 30*(i/2%2)
		}), ""},
		{"SleepTooFewShortNights", period(30, func(i int, d *Day) {
			checkIn(d, 4, -1)
			d.Sleep = 80
			if i%10 == 0 {
				d.Mood, d.Sleep = 1, 40
			}
		}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describe(Patterns(tc.days)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
