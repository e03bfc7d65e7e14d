package web

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hearth"
	"hearth/i18n"
)

// How Hearth says when a meeting is: its weekly schedule in its own zone,
// and its next time in the viewer's zone and in the meeting's, with a word
// on whether it is on now or about to start.

// justStarted is how long after its start a meeting still counts as
// starting rather than in progress: people often join in the first minutes.
const justStarted = 10 * time.Minute

// When describes a meeting's next occurrence for one viewer.
type When struct {
	// Status is "In progress", "Starts in 25 minutes" and the like, or ""
	// when the meeting is further off.
	Status string
	// Now is true while the meeting is on or starts within the hour.
	Now bool
	// Viewer is the day and time in the viewer's zone: "Today, 7:00 PM".
	Viewer string
	// Local is the same moment in the meeting's zone, with the zone named,
	// when that differs from the viewer's: "Today, 8:00 PM, New York time".
	Local string
	// Start is the moment, for a <time datetime> attribute.
	Start time.Time
}

// describeNext says when an occurrence is, seen at now from the zone
// viewer.
func describeNext(p *i18n.Printer, o hearth.Occurrence, now time.Time, viewer *time.Location) When {
	w := When{Start: o.Start}
	switch {
	case o.InProgress(now) && now.Sub(o.Start) < justStarted:
		w.Status = p.T("when.just_started", "time", p.Clock(o.End.In(viewer)))
		w.Now = true
	case o.InProgress(now):
		w.Status = p.T("when.in_progress", "time", p.Clock(o.End.In(viewer)))
		w.Now = true
	case o.Start.Sub(now) <= time.Hour:
		mins := int((o.Start.Sub(now) + time.Minute - 1) / time.Minute) // round up: never "in 0 minutes"
		w.Status = p.N("when.starts_in_minutes", max(mins, 1))
		w.Now = true
	}
	w.Viewer = capitalize(dayAndTime(p, o.Start.In(viewer), now.In(viewer)))
	loc := o.Start.Location()
	if !sameZone(loc, viewer, o.Start) {
		w.Local = capitalize(p.T("when.zone_time", "when", dayAndTime(p, o.Start, now.In(loc)), "zone", i18n.ZoneCity(p.Lang(), loc.String())))
	}
	return w
}

// capitalize starts a sentence with a capital letter: Spanish writes the
// names of days in lower case ("miércoles"), which a line may start with.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// sameZone reports whether two zones show the same wall clock at t.
func sameZone(a, b *time.Location, t time.Time) bool {
	if a.String() == b.String() {
		return true
	}
	_, oa := t.In(a).Zone()
	_, ob := t.In(b).Zone()
	return oa == ob
}

// dayAndTime says t relative to today (both in the same zone): "Today,
// 7:00 PM", "Tomorrow, 7:00 PM", "Thursday, 7:00 PM", or a date beyond the
// coming week.
func dayAndTime(p *i18n.Printer, t, today time.Time) string {
	return p.T("when.day_time", "day", dayName(p, t, today), "time", p.Clock(t))
}

func dayName(p *i18n.Printer, t, today time.Time) string {
	d := daysBetween(today, t)
	switch {
	case d == 0:
		return p.T("when.today")
	case d == 1:
		return p.T("when.tomorrow")
	case d == -1:
		return p.T("when.yesterday")
	case d > 1 && d < 7:
		return p.T("weekday." + strconv.Itoa(int(t.Weekday())))
	default:
		return p.ShortDate(t)
	}
}

// daysBetween counts calendar days from a to b, each read in its own
// location (they share one here).
func daysBetween(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// clockText says an "HH:MM" time of day in the printer's way: "7:30 PM"
// or "19:30". A malformed time is shown as it is.
func clockText(p *i18n.Printer, hhmm string) string {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		return hhmm
	}
	return p.Clock(t)
}

// scheduleText says a meeting's weekly schedule in its own zone:
// "Mondays and Thursdays, 7:00 PM–8:00 PM".
func scheduleText(p *i18n.Printer, m *hearth.Meeting) string {
	return capitalize(p.T("when.schedule", "days", daysText(p, m.Days), "start", clockText(p, m.Start), "end", clockText(p, m.End)))
}

// daysText names a set of weekdays: "Every day", "Mondays", "Mondays,
// Wednesdays and Fridays". Spanish starts the week on Monday, English
// on Sunday.
func daysText(p *i18n.Printer, days []time.Weekday) string {
	if len(days) == 7 {
		return p.T("when.every_day")
	}
	var names []string
	for _, d := range weekOrder(p) {
		for _, x := range days {
			if x == d {
				names = append(names, p.T("weekdays."+strconv.Itoa(int(d))))
			}
		}
	}
	return listText(p, names)
}

// weekOrder is the order of the week's days in the printer's language.
func weekOrder(p *i18n.Printer) []time.Weekday {
	if p.T("format.week_starts") == "1" {
		return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	}
	return []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
}

// listText joins names as a sentence does: "a", "a and b", "a, b and c".
func listText(p *i18n.Printer, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return p.T("list.and", "list", strings.Join(names[:len(names)-1], ", "), "last", names[len(names)-1])
}

// distanceText says a distance in the viewer's unit: "800 m", "3.2 km",
// "2 mi".
func distanceText(p *i18n.Printer, km float64, miles bool) string {
	if miles {
		mi := km / kmPerMile
		if mi < 10 {
			return p.T("unit.mi_value", "n", decimal(p, mi, 1))
		}
		return p.T("unit.mi_value", "n", decimal(p, mi, 0))
	}
	switch {
	case km < 1:
		return p.T("unit.m_value", "n", strconv.Itoa(int(km*10+0.5)*100))
	case km < 10:
		return p.T("unit.km_value", "n", decimal(p, km, 1))
	default:
		return p.T("unit.km_value", "n", decimal(p, km, 0))
	}
}

// decimal writes f with prec decimals and the language's decimal mark.
func decimal(p *i18n.Printer, f float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', prec, 64), ".", p.T("format.decimal"), 1)
}

const kmPerMile = 1.609344

// ISO is the start as a machine reads it, for <time datetime>.
func (w When) ISO() string { return w.Start.Format(time.RFC3339) }
