package i18n

import (
	"strconv"
	"time"
)

// Date says a calendar date in the printer's language, e.g. "Monday,
// November 23, 2026" or "lunes, 23 de noviembre de 2026".
func (p *Printer) Date(t time.Time) string {
	return p.T("format.date",
		"weekday", p.T("weekday."+strconv.Itoa(int(t.Weekday()))),
		"month", p.T("month."+strconv.Itoa(int(t.Month()))),
		"day", t.Day(), "year", t.Year())
}

// ShortDate says a date without the weekday, e.g. "Nov 23, 2026".
func (p *Printer) ShortDate(t time.Time) string {
	return p.T("format.short_date",
		"month", p.T("month_short."+strconv.Itoa(int(t.Month()))),
		"day", t.Day(), "year", t.Year())
}

// Clock says a time of day: "7:05 PM" in English, "19:05" in Spanish.
func (p *Printer) Clock(t time.Time) string {
	if p.T("format.clock") == "12" {
		return t.Format("3:04 PM")
	}
	return t.Format("15:04")
}

// DateTime says a date and a time of day.
func (p *Printer) DateTime(t time.Time) string {
	return p.T("format.date_time", "date", p.ShortDate(t), "time", p.Clock(t))
}
