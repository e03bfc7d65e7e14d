package hearth

import (
	"fmt"
	"time"
)

// Date is a day on the calendar, with no time and no zone: a member's
// local date, the day a clock started or a check-in was made.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the date at now in loc.
func Today(now time.Time, loc *time.Location) Date { return DateOf(now.In(loc)) }

// ParseDate reads a date written as 2006-01-02. The date must exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("hearth: %q is not a date written as YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String writes the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// In is midnight of d in loc (or the first moment of d, where midnight
// does not exist).
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// utc is d at midnight UTC, for arithmetic on days.
func (d Date) utc() time.Time { return d.In(time.UTC) }

// AddDays is the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.utc().AddDate(0, 0, n)) }

// AddMonths is the date n months after d, on the same day of the month,
// or on the month's last day when it is shorter: a month after January 31
// is the last day of February, a year after February 29 is February 28.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.Day, last)}
}

// DaysSince is how many days d is after from (negative when before).
func (d Date) DaysSince(from Date) int {
	return int(d.utc().Sub(from.utc()).Hours() / 24)
}

// Compare returns -1, 0 or +1 as d is before, the same as or after e.
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Span is a length of time on the calendar, in years, months and days.
type Span struct{ Years, Months, Days int }

// SpanBetween is the time from from to to as whole years, then whole
// months, then days (clamping at month ends like AddMonths); zero when to
// is not after from.
func SpanBetween(from, to Date) Span {
	if !to.After(from) {
		return Span{}
	}
	months := (to.Year-from.Year)*12 + int(to.Month-from.Month)
	if from.AddMonths(months).After(to) {
		months--
	}
	return Span{Years: months / 12, Months: months % 12, Days: to.DaysSince(from.AddMonths(months))}
}
