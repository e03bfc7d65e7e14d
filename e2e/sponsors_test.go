package e2e

import (
	"strings"
	"testing"
	"time"
)

// Finding a sponsor (issue 7), on each database: Marisol, new and
// Spanish-speaking, looks for a sponsor in AA who speaks Spanish, sees
// why Luz fits, and asks her with a short message. Luz, in a browser of
// her own, accepts; Marisol and Luz agree on a weekly call, and Luz logs
// the first one. They exchange messages, each seeing the other's arrive
// live; then Marisol presses "I need support now", Luz sees it on the
// page she has open and answers, and Marisol sees the answer. Every
// sponsorship page is then visited by both, in English and in Spanish:
// the harness audits each with axe-core.
func TestFindingASponsor(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		newcomer := newBrowser(t, srv.URL, phone)
		newcomer.onEveryPage(everyPage)
		newcomer.visit("/")
		newcomer.press(`form[action="/language"] button[name="lang"][value="es"]`)
		speaking(newcomer, "es")
		signIn(newcomer, "marisol.0004", "warm-hearth-demo")

		newcomer.press(`header a[href="/recovery"]`)
		newcomer.press(`a[href="/recovery/sponsorships"]`)
		newcomer.press(`a[href="/recovery/sponsors"]`)
		// Bad input comes back marked, with what was chosen kept.
		newcomer.landed("GET find", newcomer.openURL("/recovery/sponsors?program=aa&language=es&window=99"))
		if !newcomer.has(`#f-window[aria-invalid="true"]`) || newcomer.attr(`#f-language option[selected]`, "value") != "es" {
			t.Error("a time zone window of 99 hours is not marked, or the language chosen was lost")
		}
		newcomer.visit("/recovery/sponsors")
		newcomer.submit("/recovery/sponsors", field{"program", "aa"}, field{"language", "es"})
		names := newcomer.texts("#match-list h3")
		if len(names) != 1 || !strings.HasPrefix(names[0], "Luz") {
			t.Fatalf("Spanish-speaking AA sponsors found: %q", names)
		}
		why := strings.Join(newcomer.texts("#match-list .reasons li"), "; ")
		for _, want := range []string{"Habla Español", "2–5 años", "Tiene espacio para 2 más"} {
			if !strings.Contains(why, want) {
				t.Errorf("the reasons %q do not say %q", why, want)
			}
		}
		newcomer.press(`#match-list a.button`)
		ask := newcomer.attr(`form[action$="/ask"]`, "action")
		setValue(newcomer, "#f-message", "Hola Luz, soy nueva y me gustaría que fueras mi madrina.")
		newcomer.submit(ask)
		sp := newcomer.path()
		if !strings.HasPrefix(sp, "/recovery/sponsorships/") {
			t.Fatalf("after asking, the browser is at %s", sp)
		}
		// Asking again is answered kindly, and nothing is sent twice.
		newcomer.landed("GET ask", newcomer.openURL(ask+"?program=aa"))
		newcomer.submit(ask)
		if !newcomer.has(".error.banner") {
			t.Error("asking twice does not say so")
		}

		// Luz, in a browser of her own, accepts.
		sponsor := newBrowser(t, srv.URL, phone)
		sponsor.onEveryPage(everyPage)
		sponsor.visit("/")
		sponsor.press(`form[action="/language"] button[name="lang"][value="es"]`)
		speaking(sponsor, "es")
		signIn(sponsor, "luz.0002", "warm-hearth-demo")
		sponsor.visit("/recovery/sponsorships")
		sponsor.press(`#request-list a[href="` + sp + `"]`)
		if got := sponsor.text("#message + p"); !strings.Contains(got, "me gustaría que fueras mi madrina") {
			t.Errorf("Luz reads the message as %q", got)
		}
		sponsor.press(`button[name="answer"][value="accept"]`)
		sponsor.wantPath(sp)

		// They agree on a weekly call; Luz logs the first.
		newcomer.visit(sp)
		newcomer.submit(sp+"/cadence", field{"every", "7"}, field{"cadence_way", "call"})
		newcomer.wantPath(sp)
		sponsor.visit(sp)
		sponsor.submit(sp + "/check-ins")
		sponsor.wantPath(sp)
		if n := len(sponsor.texts("#check-in-list li")); n != 1 {
			t.Errorf("%d check-ins listed, want 1", n)
		}
		newcomer.visit(sp)
		if got := newcomer.text("#due-line"); !strings.Contains(got, "Próximo contacto") {
			t.Errorf("Marisol is not shown when the next check-in is due: %q", got)
		}
		sponsor.visit("/recovery/sponsorships")
		if !sponsor.has(`#sponsee-list a[href="` + sp + `"]`) {
			t.Error("Marisol is not on Luz's dashboard")
		}

		// They write to each other, live: Marisol starts from the
		// sponsorship, Luz has the conversation open and her message
		// arrives without a reload, and Luz's answer the same way.
		newcomer.visit(sp)
		newcomer.press(`#message-them button`)
		conv := newcomer.path()
		if !strings.HasPrefix(conv, "/messages/") {
			t.Fatalf("the message button leads to %s", conv)
		}
		sponsor.visit(conv)
		writesLive(t, newcomer, sponsor, conv, "Gracias por aceptar. ¿Hablamos el domingo?", "Marisol's message on Luz's open conversation")
		writesLive(t, sponsor, newcomer, conv, "Claro que sí. Te llamo a las seis.", "Luz's answer on Marisol's open conversation")

		// A hard night: Marisol has chosen her sponsor to hear her, and
		// one tap from the footer tells Luz, who is on another page.
		newcomer.visit("/support")
		newcomer.check("#sponsor")
		newcomer.submit("/support/plan")
		sponsor.visit("/recovery/sponsorships")
		waitFor(t, sponsor, `document.body.hasAttribute("data-live-open")`, "Luz's live stream to open")
		tapped := time.Now()
		newcomer.press(`footer form[action="/support"] button`)
		sent := newcomer.path()
		if !strings.HasPrefix(sent, "/support/sent/") || !newcomer.has(`#crisis-lines a[href^="tel:"]`) {
			t.Fatalf("after the tap Marisol is at %s, crisis lines shown: %v", sent, newcomer.has(`#crisis-lines a[href^="tel:"]`))
		}
		waitFor(t, sponsor, `!document.querySelector('[data-live-alert]').hidden`, "Marisol's reach-out on the page Luz has open")
		t.Logf("%s: Luz was told %v after Marisol's tap", db.name, time.Since(tapped).Round(time.Millisecond))
		audit(t, sponsor.ctx) // the page, with the alert shown
		waitFor(t, newcomer, `document.body.hasAttribute("data-live-open")`, "Marisol's live stream to open")
		sponsor.press(`[data-live-alert] a`)
		if !strings.HasPrefix(sponsor.path(), "/support/received/") {
			t.Fatalf("the alert leads Luz to %s", sponsor.path())
		}
		sponsor.press("#answer")
		sponsor.wantPath(conv)
		waitFor(t, newcomer, `document.querySelector('#recipients').textContent.includes('está aquí para ti')`, "Luz's answer on Marisol's page")

		// Every page of it, by both, in both languages.
		for _, lang := range []string{"en", "es"} {
			for _, b := range []*browser{newcomer, sponsor} {
				speaking(b, lang)
				b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
				for _, p := range []string{"/recovery/sponsors", "/recovery/sponsors/offer", "/recovery/sponsorships", sp, sp + "/end"} {
					b.visit(p)
				}
				b.landed("GET search", b.openURL("/recovery/sponsors?program=aa&window=3&welcomes=lgbtq"))
			}
			// An ask page, as Marisol would see Grace's.
			newcomer.landed("GET search", newcomer.openURL("/recovery/sponsors?program=aa"))
			newcomer.press(`#match-list a.button`)
		}
		// Luz's offer, paused and opened again.
		sponsor.visit("/recovery/sponsors/offer")
		sponsor.submit("/recovery/sponsors/offer/pause")
		if !sponsor.has(`form[action="/recovery/sponsors/offer/pause"] input[value="0"]`) {
			t.Error("the offer did not pause")
		}
		sponsor.submit("/recovery/sponsors/offer/pause")
	})
}
