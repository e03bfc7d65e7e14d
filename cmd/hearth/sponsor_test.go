package main

import (
	"testing"

	"hearth"
)

// TestSponsorMinTime: the operator's thresholds by program, with a
// default, and a clear refusal of anything else.
func TestSponsorMinTime(t *testing.T) {
	m, err := parseSponsorMinTime("aa=1y, na=18m,smart=90d,*=2y")
	if err != nil {
		t.Fatal(err)
	}
	for program, want := range map[string]hearth.Span{"aa": {Years: 1}, "na": {Months: 18}, "smart": {Days: 90}, "ga": {Years: 2}} {
		if got := m.For(program); got != want {
			t.Errorf("%s: %+v, want %+v", program, got, want)
		}
	}
	today := hearth.Date{Year: 2026, Month: 3, Day: 4}
	if got := m.Cutoff("na", today); got != (hearth.Date{Year: 2024, Month: 9, Day: 4}) {
		t.Errorf("na's cutoff %v", got)
	}
	if m, _ := parseSponsorMinTime(""); m.For("aa") != (hearth.Span{Years: 1}) {
		t.Errorf("no setting: %+v, want a year", m.For("aa"))
	}
	for _, bad := range []string{"aa", "aa=", "aa=1w", "aa=xy", "=1y", "aa=-1y"} {
		if _, err := parseSponsorMinTime(bad); err == nil {
			t.Errorf("%q was taken", bad)
		}
	}
}
