package hearth

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, bad := range []string{"", "2026-02-30", "2026-13-01", "24/11/2026", "2026-1-5"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) took it", bad)
		}
	}
	for _, tc := range []struct {
		from   string
		months int
		want   string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2026-08-31", 6, "2027-02-28"},
		{"2026-03-15", -3, "2025-12-15"},
		{"2026-10-31", 1, "2026-11-30"},
	} {
		if got := d(tc.from).AddMonths(tc.months); got != d(tc.want) {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
	for _, tc := range []struct {
		from, to string
		want     Span
		days     int
	}{
		{"2026-01-01", "2026-01-01", Span{}, 0},
		{"2026-01-01", "2026-01-31", Span{0, 0, 30}, 30},
		{"2025-11-24", "2026-11-24", Span{1, 0, 0}, 365},
		{"2024-02-29", "2025-02-28", Span{1, 0, 0}, 365},
		{"2026-01-31", "2026-03-01", Span{0, 1, 1}, 29},
		{"2023-08-22", "2026-11-24", Span{3, 3, 2}, 1190},
		{"2026-11-24", "2026-11-01", Span{}, -23},
	} {
		if got := SpanBetween(d(tc.from), d(tc.to)); got != tc.want {
			t.Errorf("SpanBetween(%s, %s) = %+v, want %+v", tc.from, tc.to, got, tc.want)
		}
		if got := d(tc.to).DaysSince(d(tc.from)); got != tc.days {
			t.Errorf("%s days since %s = %d, want %d", tc.to, tc.from, got, tc.days)
		}
	}
	// Days are counted on the calendar: a day with a DST change is one day.
	ny, _ := time.LoadLocation("America/New_York")
	if got := d("2026-03-09").DaysSince(d("2026-03-07")); got != 2 {
		t.Errorf("across the spring change: %d days", got)
	}
	// Members at the same instant in Auckland and Honolulu are on
	// different dates.
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	auckland, _ := time.LoadLocation("Pacific/Auckland")
	honolulu, _ := time.LoadLocation("Pacific/Honolulu")
	if a, h := Today(now, auckland), Today(now, honolulu); a != d("2026-11-24") || h != d("2026-11-23") {
		t.Errorf("at %v: Auckland %s, Honolulu %s", now, a, h)
	}
	if got := d("2026-03-08").In(ny); got.Hour() != 0 || DateOf(got) != d("2026-03-08") {
		t.Errorf("midnight of 2026-03-08 in New York: %v", got)
	}
}
