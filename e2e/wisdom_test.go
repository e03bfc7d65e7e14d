package e2e

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The community's library of coping strategies on a phone (issue 4,
// "collective wisdom"), on each database. Sam asks the library "what
// helps with cravings at night?" in English and finds the strategies
// about it; he shares one of his own, first with a tag that would run
// (refused, his words kept), then as he meant it; he marks another "this
// helped me" and takes it back; the dashboard's "What helps right now?"
// answers for cravings. Luz asks the same in Spanish and is answered in
// Spanish first. Every page of the library is visited in English in the
// light and in Spanish in the dark; the harness audits each with axe-core
// and checks it fits the phone; in Spanish no English of Hearth's may
// show.
func TestCollectiveWisdom(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		b := hearthOnAPhone(t, db, "--demo")
		b.visit("/")
		speaking(b, "en")
		signIn(b, "sam.0003", "warm-hearth-demo")

		// The question, in English.
		b.press(`header a[href="/wisdom"]`)
		b.submit("/wisdom", field{"q", "What helps with cravings at night?"})
		found := b.texts("#strategies li h3")
		if len(found) < 3 || !slices.Contains(found[:3], "Twenty minutes and a cup of tea") || !slices.Contains(found, "Play the whole night forward") {
			t.Errorf("what helps with cravings at night? found %q", found)
		}

		// A strategy of his own: first with markup, refused and kept.
		b.visit("/wisdom")
		b.press(`a[href="/wisdom/new"]`)
		body := "When the urge comes at night I step outside and count ten slow breaths under the sky.\n\nThen I text my sponsor."
		b.fill("/wisdom", field{"title", "Ten breaths <script>alert(1)</script>"})
		setValue(b, "#f-body", body)
		b.check("#f-tags-" + checkIndex(b, "tags", "craving"))
		b.check("#f-tags-" + checkIndex(b, "tags", "night"))
		b.submit("/wisdom")
		if !b.has(`#f-title[aria-invalid="true"]`) || !b.has("#f-title-error") {
			t.Error("a title with a script tag is not refused with a message")
		}
		if got := b.attr("#f-title", "value"); got != "Ten breaths <script>alert(1)</script>" {
			t.Errorf("the refused title was not kept: %q", got)
		}
		if got := evaluate[string](b, `document.querySelector('#f-body').value`); got != body {
			t.Errorf("the body was not kept: %q", got)
		}
		if !b.has(`input[name=tags][value=night]:checked`) {
			t.Error("the situations chosen were not kept")
		}
		b.submit("/wisdom", field{"title", "Ten breaths under the sky"})
		mine := b.path()
		if !strings.HasPrefix(mine, "/wisdom/") || b.text("#strategy-title") != "Ten breaths under the sky" {
			t.Fatalf("after sharing, the browser is at %s", mine)
		}
		if got := b.text("#strategy-body"); !strings.Contains(got, "Then I text my sponsor.") {
			t.Errorf("the strategy reads %q", got)
		}

		// "This helped me", once, and taken back.
		b.visit("/wisdom")
		b.submit("/wisdom", field{"q", "letter"})
		b.press(`#strategies li:first-child h3 a`)
		other := b.path()
		before := b.text("#strategy-helped")
		b.submit(other + "/helped")
		b.wantPath(other)
		after := b.text("#strategy-helped")
		if after == before || !b.has(`input[name=helped][value="0"]`) {
			t.Errorf("after marking, the strategy says %q (before: %q)", after, before)
		}
		b.submit(other + "/helped")
		if got := b.text("#strategy-helped"); got != before {
			t.Errorf("after taking it back, the strategy says %q, want %q", got, before)
		}

		// What helps right now, from the dashboard.
		b.press(`header a[href="/"]`)
		b.submit("/#helps", field{"situation", "craving"})
		helps := b.texts("#helps-list li")
		if len(helps) < 3 || len(helps) > 5 {
			t.Errorf("what helps with cravings right now: %q", helps)
		}
		b.submit("/#helps", field{"situation", ""}, field{"words", "can't sleep at night"})
		if len(b.texts("#helps-list li")) == 0 {
			t.Error("what helps, in his words, found nothing")
		}

		// Luz asks in Spanish.
		b.submit("/signout")
		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		signIn(b, "luz.0002", "warm-hearth-demo")
		b.press(`header a[href="/wisdom"]`)
		b.submit("/wisdom", field{"q", "¿Qué ayuda con los antojos de noche?"})
		found = b.texts("#strategies li h3")
		if len(found) < 3 || !slices.Contains(found[:3], "Cuando llega el antojo de noche") || !slices.Contains(found, "Pensar la noche hasta el final") {
			t.Errorf("¿qué ayuda con los antojos de noche? found %q", found)
		}
		b.press(`header a[href="/"]`)
		b.submit("/#helps", field{"situation", "night"})
		if helps := b.texts("#helps-list li"); len(helps) < 3 {
			t.Errorf("¿qué ayuda ahora mismo? de noche: %q", helps)
		}

		// Every page of the library, in both languages.
		pages := []string{"/wisdom", "/wisdom?q=" + url.QueryEscape("antojos de noche"), "/wisdom?tag=night&sort=newest",
			"/wisdom?q=" + url.QueryEscape("zzzz qqqq"), "/wisdom/new", other, "/?situation=grief", "/?situation=insomnia"}
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				scheme(b, "dark")
			}
			speaking(b, lang)
			b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
			for _, p := range pages {
				if strings.Contains(p, "?") {
					b.landed("GET "+p, b.openURL(p))
					continue
				}
				b.visit(p)
			}
		}
		// The author's own pages: edit and delete.
		b.submit("/signout")
		signIn(b, "sam.0003", "warm-hearth-demo")
		for _, lang := range []string{"en", "es"} {
			speaking(b, lang)
			b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
			for _, p := range []string{mine, mine + "/edit", mine + "/delete"} {
				b.visit(p)
			}
		}
		b.submit(mine + "/delete")
		b.wantPath("/wisdom")
	})
}
