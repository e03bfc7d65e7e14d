package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A member's recovery on a phone (issue 5, first part), on each database:
// Luz, in Spanish, starts counting her time, checks in, sees her count,
// records a setback and is met with warm words and her history kept, then
// takes it back. She writes in her journal and finds it again by
// searching. Every page of her recovery is then visited in English
// in the light and in Spanish in the dark. The harness audits each page
// with axe-core and checks it fits the phone; in Spanish, no English may
// show.
func TestMyRecovery(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		b := hearthOnAPhone(t, db, "--demo")
		b.visit("/")
		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		signIn(b, "luz.0002", "warm-hearth-demo")

		b.press(`header a[href="/recovery"]`)
		b.press(`a[href="/recovery/clocks/new"]`)
		start := time.Now().In(mexicoCity(t)).AddDate(0, 0, -93).Format(time.DateOnly)
		setValue(b, "#f-start", start)
		evaluate[bool](b, `document.querySelector('details.more').open = true`)
		b.submit("/recovery/clocks", field{"name", "Alcohol"}, field{"money_per_day", "80"})
		clock := b.path()
		if !strings.HasPrefix(clock, "/recovery/clocks/") {
			t.Fatalf("after starting a count the browser is at %s", clock)
		}
		if got := b.text("#count"); got != "93 días" {
			t.Errorf("the count says %q, want 93 días", got)
		}

		// The check-in, in well under a minute.
		b.press(`header a[href="/recovery"]`)
		b.press(`a[href="/check-in"]`)
		b.check(`input[name="mood"][value="4"]`)
		b.fill("/check-in", field{"craving", "2"}, field{"sleep", "7,5"}, field{"gratitude", "mi hermana llamó"})
		b.check("#f-halt-" + checkIndex(b, "halt", "tired"))
		b.submit("/check-in")
		b.wantPath("/recovery")
		if !b.has(`.notice`) || !b.has(`a[href="/check-in"]`) {
			t.Error("after checking in, the recovery page does not say so")
		}

		// A setback, met with warmth; the history stays.
		b.visit(clock)
		b.press(`a[href="` + clock + `/setback"]`)
		setValue(b, "#f-note", "una semana difícil")
		setValue(b, "#f-plan", "llamar a mi madrina")
		b.submit(clock + "/setback")
		b.wantPath(clock + "?welcome")
		if !b.has(".notice.warm") {
			t.Error("after a setback there is no word of welcome")
		}
		if n := len(b.texts("#stretches li")); n != 2 {
			t.Errorf("the history shows %d stretches, want 2 (the 93 days kept)", n)
		}
		b.submit(b.attr(`form[action$="/undo"]`, "action"))
		b.wantPath(clock)
		if got := b.text("#count"); got != "93 días" {
			t.Errorf("after undoing, the count says %q, want 93 días", got)
		}

		// River, her partner, shares his day with her; she lets him know
		// she is thinking of him.
		b.visit("/recovery")
		b.press(`a[href="/recovery/partners"]`)
		b.press(`#partner-list a`)
		partner := b.path()
		if !b.has("#their-check-in") || !b.has("#their-clocks li") || len(b.texts("#their-mood li")) != 14 {
			t.Error("Luz does not see what River shares: his check-in, his count and his mood")
		}
		b.submit(partner + "/nudge")
		b.wantPath(partner)

		// A page of her journal, in Spanish, found again by searching
		// without its accents, and opened.
		b.press(`header a[href="/recovery"]`)
		b.press(`a[href="/recovery/journal"]`)
		b.press(`a[href="/recovery/journal/new"]`)
		b.fill("/recovery/journal", field{"title", "Una tarde difícil"})
		setValue(b, "#f-body", "Hoy llamé a mi madrina.\n\nCaminé un rato y se me pasó el antojo.")
		b.submit("/recovery/journal")
		entry := b.path()
		if !strings.HasPrefix(entry, "/recovery/journal/") {
			t.Fatalf("after writing an entry the browser is at %s", entry)
		}
		if got := b.text("#entry-title"); got != "Una tarde difícil" {
			t.Errorf("the entry is titled %q", got)
		}
		b.press(`.crumb a[href="/recovery/journal"]`)
		b.submit("/recovery/journal", field{"q", "MADRINA llame"})
		if got := b.texts("#entries li h3"); len(got) != 1 || got[0] != "Una tarde difícil" {
			t.Errorf("searching for the entry finds %q", got)
		}
		b.press(`#entries a[href="` + entry + `"]`)
		b.wantPath(entry)
		if got := b.text("#entry-body"); !strings.Contains(got, "se me pasó el antojo") {
			t.Errorf("the entry reads %q", got)
		}

		// Every page of a member's recovery, in both languages.
		pages := []string{"/recovery", "/recovery/clocks/new", clock, clock + "/edit", clock + "/setback", clock + "/delete", "/check-in",
			"/recovery/partners", partner, partner + "/end",
			"/recovery/trends",
			"/recovery/journal", "/recovery/journal?q=madrina", "/recovery/journal?q=nada+de+nada", "/recovery/journal/new",
			entry, entry + "/edit", entry + "/delete"}
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				scheme(b, "dark")
			}
			speaking(b, lang)
			b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
			for _, p := range pages {
				if strings.Contains(p, "?") { // a search, which visit would escape
					b.landed("GET "+p, b.openURL(p))
					continue
				}
				b.visit(p)
			}
			// The trends over a year, through the period switch.
			b.visit("/recovery/trends")
			b.press(`#periods a[href="/recovery/trends?period=1y"]`)
			if got := b.attr(`#periods a[aria-current="page"]`, "href"); got != "/recovery/trends?period=1y" {
				t.Errorf("after choosing a year, the current period is %q", got)
			}
		}
		// Marisol, in Luz's group, sees Luz's two years and congratulates
		// her; Luz sees who did.
		b.submit("/signout")
		signIn(b, "marisol.0004", "warm-hearth-demo")
		b.visit("/groups/grupo-renacer")
		b.mustFind("#celebrations")
		b.submit("/recovery/congratulate")
		b.wantPath("/groups/grupo-renacer")
		b.submit("/signout")
		signIn(b, "luz.0002", "warm-hearth-demo")
		b.press(`header a[href="/recovery"]`)
		b.press(`#clock-list a`)
		if !b.has("#congratulations li") {
			t.Error("Luz does not see Marisol's congratulations on her count's page")
		}

		// Bad input keeps the page whole and what was typed.
		b.visit("/recovery/clocks/new")
		setValue(b, "#f-start", "2999-01-01")
		b.submit("/recovery/clocks", field{"name", "Apuestas"})
		if !b.has(`#f-start[aria-invalid="true"]`) || b.attr("#f-name", "value") != "Apuestas" {
			t.Error("a start in the future does not come back marked, with the name typed")
		}
	})
}

// setValue sets a field's value as a script would: typing into an empty
// text area is not something chromedp can do.
func setValue(b *browser, sel, v string) {
	b.t.Helper()
	b.mustFind(sel)
	evaluate[string](b, fmt.Sprintf(`document.querySelector(%s).value = %s`, jsString(sel), jsString(v)))
}

func mexicoCity(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
