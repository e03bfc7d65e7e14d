package web

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
)

// checkInOn stores a check-in of the member's for a past day, as if made
// that day.
func (ts *testServer) checkInOn(t testing.TB, a *hearth.Account, c hearth.CheckIn) {
	t.Helper()
	if c.SleepTenths == 0 {
		c.SleepTenths = -1
	}
	if err := ts.store.SaveCheckIn(as(a), &c, c.On); err != nil {
		t.Fatalf("check-in on %s: %v", c.On, err)
	}
}

var svgRE = regexp.MustCompile(`(?s)<svg\b.*?</svg>`)

// TestTrends: a member's trends, on both databases: visitors are sent to
// sign in; with no check-ins the page invites one; with a month of them
// it draws mood, cravings and HALT with captions and tables, states a
// pattern only where there is enough data, never shows another member's
// days, and speaks Spanish to a member who reads it.
func TestTrends(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, other := ts.signUp(t, "Kestrel"), ts.signUp(t, "Plover")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		en := i18n.For("en")

		r := ts.client(t).get("/recovery/trends")
		if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Errorf("a visitor gets %d to %q, want 303 to sign in", r.status, loc)
		}
		if body := m.get("/recovery").body; !strings.Contains(body, `href="/recovery/trends"`) {
			t.Error("the recovery page does not link to the trends")
		}
		body := m.get("/recovery/trends").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, escaped(en.T("trends.empty"))) || !strings.Contains(body, `href="/check-in"`) {
			t.Error("with no check-ins, the page does not invite one")
		}
		if strings.Contains(body, "<svg") && strings.Contains(body, `class="chart`) {
			t.Error("with no check-ins, charts are drawn")
		}

		// A month of check-ins, one day in four missed; cravings higher on
		// the days marked tired.
		want2w := 0
		for k := range 30 {
			if k%4 == 2 {
				continue
			}
			c := hearth.CheckIn{On: today.AddDays(-k), Mood: 3 + k%2, Craving: 2, SleepTenths: 70}
			if k%3 == 0 {
				c.HALT, c.Craving = hearth.Tired, 7
			}
			ts.checkInOn(t, m.acct, c)
			if k < 14 {
				want2w++
			}
		}
		// Another member checked in on a day this one did not.
		ts.checkInOn(t, other.acct, hearth.CheckIn{On: today.AddDays(-2), Mood: 1, Craving: 9, HALT: hearth.Lonely})
		theirDay := escaped(en.ShortDate(today.AddDays(-2).In(time.UTC)))

		body = m.get("/recovery/trends").wantStatus(t, http.StatusOK).body
		if got := listItems(body, "periods"); len(got) != 3 {
			t.Errorf("period links %q", got)
		}
		if !strings.Contains(body, `<a href="/recovery/trends?period=2w" aria-current="page">`) {
			t.Error("two weeks is not marked as the current period")
		}
		var svgs []string
		for _, svg := range svgRE.FindAllString(body, -1) {
			if strings.Contains(svg, `class="chart `) {
				svgs = append(svgs, svg)
			}
		}
		if len(svgs) != 3 {
			t.Fatalf("%d charts, want 3 (mood, cravings, HALT)", len(svgs))
		}
		for _, svg := range svgs {
			d := xml.NewDecoder(strings.NewReader(svg))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("a chart is not valid XML: %v\n%s", err, svg)
				}
			}
		}
		for _, id := range []string{"mood", "craving", "halt"} {
			sec, ok := elementHTML(body, id)
			if !ok {
				t.Errorf("no %s chart", id)
				continue
			}
			if !strings.Contains(sec, `role="img" aria-labelledby="`+id+`-caption"`) || !strings.Contains(sec, `<figcaption id="`+id+`-caption">`) {
				t.Errorf("the %s chart is not named by its caption", id)
			}
			if !strings.Contains(sec, "<details") || !strings.Contains(sec, `<th scope="col">`) {
				t.Errorf("the %s chart has no table of its numbers", id)
			}
			if got := strings.Count(sec, `<th scope="row">`); got != want2w {
				t.Errorf("the %s table has %d days, want %d (the days checked in)", id, got, want2w)
			}
			if strings.Contains(sec, theirDay) {
				t.Errorf("the %s table shows a day only another member checked in", id)
			}
		}
		caption := en.N("trends.mood_caption", want2w, "days", 14, "average", "3.6", "low", "3", "high", "4")
		if !strings.Contains(body, escaped(caption)) {
			t.Errorf("the mood chart's caption does not say %q", caption)
		}
		// Too few tired days in two weeks to say anything about them.
		tired := en.T("trends.pattern.halt_craving.tired", "with", "7", "without", "2")
		if strings.Contains(body, escaped(tired)) {
			t.Error("a pattern is stated on four days")
		}
		if !strings.Contains(body, escaped(en.T("trends.patterns_none"))) {
			t.Error("with nothing to say, the page does not say so gently")
		}

		body = m.get("/recovery/trends?period=3m").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, `<a href="/recovery/trends?period=3m" aria-current="page">`) {
			t.Error("three months is not marked as the current period")
		}
		if got := listItems(body, "pattern-list"); len(got) != 1 || got[0] != tired {
			t.Errorf("over three months the patterns are %q, want %q", got, tired)
		}
		if got := strings.Count(body, `<th scope="row">`); got != 3*23 {
			t.Errorf("three months' tables hold %d rows, want 3×23", got)
		}
		if strings.Contains(body, theirDay) {
			t.Error("another member's day shows over three months")
		}
		m.get("/recovery/trends?period=1y").wantStatus(t, http.StatusOK)
		body = m.get("/recovery/trends?period=forever").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, `period=2w" aria-current="page"`) {
			t.Error("an unknown period does not fall back to two weeks")
		}

		// The other member sees their own day, and only it.
		body = other.get("/recovery/trends").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, theirDay) || strings.Count(body, `<th scope="row">`) != 3 {
			t.Error("the other member's page does not show just their one day")
		}

		// A member who only marked HALT: no mood or craving is drawn as
		// zeros; the page says none was given.
		third := ts.signUp(t, "Tern")
		ts.checkInOn(t, third.acct, hearth.CheckIn{On: today.AddDays(-1), Craving: -1, HALT: hearth.Hungry})
		body = third.get("/recovery/trends").wantStatus(t, http.StatusOK).body
		for _, want := range []string{en.T("trends.mood_none"), en.T("trends.craving_none"), en.N("trends.halt_caption", 1,
			"hungry", 1, "angry", 0, "lonely", 0, "tired", 0)} {
			if !strings.Contains(body, escaped(want)) {
				t.Errorf("with only HALT marked, the page does not say %q", want)
			}
		}
		if got := strings.Count(body, `<svg xmlns="http://www.w3.org/2000/svg"`); got != 1 {
			t.Errorf("with only HALT marked, %d charts are drawn, want 1", got)
		}

		// In Spanish.
		es := i18n.For("es")
		lang := "es"
		if _, err := ts.store.UpdateAccount(context.Background(), m.acct.ID, hearth.AccountUpdate{Language: &lang}); err != nil {
			t.Fatal(err)
		}
		body = m.get("/recovery/trends?period=3m").wantStatus(t, http.StatusOK).body
		if htmlLang(body) != "es" {
			t.Errorf("<html lang=%q>", htmlLang(body))
		}
		for _, want := range []string{es.T("trends.heading"), es.T("trends.period.1y"), es.T("checkin.halt.tired"),
			es.T("trends.pattern.halt_craving.tired", "with", "7", "without", "2"), es.T("trends.numbers")} {
			if !strings.Contains(body, escaped(want)) {
				t.Errorf("the Spanish page does not say %q", want)
			}
		}
		for _, english := range []string{en.T("trends.heading"), tired, en.T("checkin.halt.tired"), en.T("trends.numbers")} {
			if strings.Contains(body, escaped(english)) {
				t.Errorf("the Spanish page says %q", english)
			}
		}
	})
}

func TestOneDecimal(t *testing.T) {
	for _, tc := range []struct {
		lang string
		v    float64
		want string
	}{
		{"en", 3.5, "3.5"}, {"es", 3.5, "3,5"}, {"en", 4, "4"}, {"es", 2.04, "2"}, {"en", 6.96, "7"}, {"es", 0.25, "0,3"},
	} {
		if got := oneDecimal(i18n.For(tc.lang), tc.v); got != tc.want {
			t.Errorf("oneDecimal(%s, %v) = %q, want %q", tc.lang, tc.v, got, tc.want)
		}
	}
}
