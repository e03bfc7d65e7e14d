package program

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth"
)

func date(t *testing.T, s string) hearth.Date {
	t.Helper()
	d, err := hearth.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// first returns the first n milestones of a schedule as dates.
func first(s *Schedule, start hearth.Date, n int) []string {
	var out []string
	s.Milestones(start, func(m Milestone) bool {
		out = append(out, m.On.String())
		return len(out) < n
	})
	return out
}

func TestMilestoneDates(t *testing.T) {
	ss, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		schedule, start string
		want            []string
	}{
		// 24 h, 30, 60, 90 days, 6 and 9 months, 1 year, 18 months, 2, 3 years.
		{"aa", "2026-01-31", []string{"2026-02-01", "2026-03-02", "2026-04-01", "2026-05-01", "2026-07-31",
			"2026-10-31", "2027-01-31", "2027-07-31", "2028-01-31", "2029-01-31"}},
		// A leap day: its anniversaries fall on February 28 in other years.
		{"aa", "2024-02-29", []string{"2024-03-01", "2024-03-30", "2024-04-29", "2024-05-29", "2024-08-29",
			"2024-11-29", "2025-02-28", "2025-08-29", "2026-02-28", "2027-02-28", "2028-02-29"}},
		// Month ends: a month after January 31 is the end of February.
		{"monthly", "2026-01-31", []string{"2026-02-01", "2026-02-28", "2026-03-31", "2026-04-30"}},
		// The NA white keytag is for the first day.
		{"na", "2026-11-24", []string{"2026-11-24", "2026-12-24", "2027-01-23"}},
	} {
		if got := first(ss.Get(tc.schedule), date(t, tc.start), len(tc.want)); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s from %s:\n got %q\nwant %q", tc.schedule, tc.start, got, tc.want)
		}
	}
	na := ss.Get("na")
	var colours []string
	na.Milestones(date(t, "2020-01-01"), func(m Milestone) bool {
		colours = append(colours, m.Colour)
		return len(colours) < 10
	})
	if want := "white orange green red blue yellow glow grey black black"; strings.Join(colours, " ") != want {
		t.Errorf("NA keytag colours %q, want %q", colours, want)
	}
}

func TestProgress(t *testing.T) {
	ss, _ := Load("")
	aa := ss.Get("aa")
	start := date(t, "2026-08-23")
	for _, tc := range []struct {
		today          string
		reached        bool
		last, next     string
		reachedToday   bool
		reachedTodayOn string
	}{
		{"2026-08-23", false, "", "2026-08-24", false, ""},
		{"2026-08-24", true, "2026-08-24", "2026-09-22", true, "2026-08-24"},
		{"2026-11-24", true, "2026-11-21", "2027-02-23", false, ""},
		{"2026-11-21", true, "2026-11-21", "2027-02-23", true, "2026-11-21"},
	} {
		last, ok, next, hasNext := aa.Progress(start, date(t, tc.today))
		if ok != tc.reached || (ok && last.On.String() != tc.last) || !hasNext || next.On.String() != tc.next {
			t.Errorf("on %s: last %v (%v), next %v", tc.today, last.On, ok, next.On)
		}
		m, ok := aa.Reached(start, date(t, tc.today))
		if ok != tc.reachedToday || (ok && m.On.String() != tc.reachedTodayOn) {
			t.Errorf("reached on %s: %v %v", tc.today, m.On, ok)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		f := filepath.Join(dir, "s.json")
		if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	ss, err := Load(write(`[
		{"id": "plain", "name": {"en": "Ours"}, "marks": [{"days": 10}]},
		{"id": "gambling", "name": {"en": "GA", "es": "JA"}, "marks": [{"days": 30}, {"years": 1}], "every": {"years": 1, "from": {"years": 2}}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := ss.Get("plain"); got.NameIn("es") != "Ours" || len(got.Marks) != 1 {
		t.Errorf("the file's plain schedule did not replace the built-in one: %+v", got)
	}
	if !ss.Has("gambling") || !ss.Has("aa") || ss.Get("gambling").NameIn("es") != "JA" {
		t.Errorf("the file's new schedule is missing, or a built-in one went: %v", ss.All())
	}
	if ss.Get("nope").ID != DefaultSchedule {
		t.Errorf("an unknown schedule is not the default")
	}
	for name, bad := range map[string]string{
		"NotJSON":    `{`,
		"NoName":     `[{"id": "x", "marks": [{"days": 1}]}]`,
		"NoMarks":    `[{"id": "x", "name": {"en": "X"}, "marks": []}]`,
		"Shrinking":  `[{"id": "x", "name": {"en": "X"}, "marks": [{"days": 30}, {"days": 7}]}]`,
		"Negative":   `[{"id": "x", "name": {"en": "X"}, "marks": [{"days": -1}]}]`,
		"Twice":      `[{"id": "x", "name": {"en": "X"}, "marks": [{"days": 1}]}, {"id": "x", "name": {"en": "X"}, "marks": [{"days": 1}]}]`,
		"BadID":      `[{"id": "My Schedule", "name": {"en": "X"}, "marks": [{"days": 1}]}]`,
		"EveryZero":  `[{"id": "x", "name": {"en": "X"}, "marks": [{"days": 1}], "every": {"from": {"years": 1}}}]`,
		"EveryEarly": `[{"id": "x", "name": {"en": "X"}, "marks": [{"years": 2}], "every": {"years": 1, "from": {"years": 1}}}]`,
	} {
		if _, err := Load(write(bad)); err == nil {
			t.Errorf("%s: a bad file was taken", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file was taken")
	}
}
