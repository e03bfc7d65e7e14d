package e2e

import (
	"strings"
	"testing"
)

// Messages and "I need support now" (issue 7), on each database, with
// two members in two browsers: River reads Luz's message and answers,
// after a message too long comes back with what he typed; he sees the
// reach-out Sam made; then, from the footer of any page, one tap tells
// his partners he needs support, and the crisis lines are shown at once.
// Luz, in Spanish, finds his reach-out and answers "I'm here": River sees
// it on the page he has open, without reloading, and then her message
// arrives in their open conversation the same way. Every page is audited
// by axe-core in both languages.
func TestMessagesAndSupport(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		river := newBrowser(t, srv.URL, phone)
		river.onEveryPage(everyPage)
		river.visit("/")
		signIn(river, "river.0001", "warm-hearth-demo")

		river.press(`header a[href="/messages"]`)
		river.wantPath("/messages")
		if got := river.texts("#conversation-list li"); len(got) != 2 {
			t.Fatalf("River's conversations: %q, want Luz's and Sam's", got)
		}
		conv := evaluate[string](river, `[...document.querySelectorAll('#conversation-list a')].find(a => a.textContent.includes('Luz')).getAttribute('href')`)
		river.press(`#conversation-list a[href="` + conv + `"]`)
		if !strings.Contains(river.text("#message-list"), "¿Cómo te fue hoy?") {
			t.Errorf("River does not read Luz's message: %q", river.text("#message-list"))
		}
		long := strings.Repeat("a long night ", 400)
		setValue(river, "#f-body", long)
		river.submit(conv)
		if !river.has(`#f-body[aria-invalid="true"]`) || len(evaluate[string](river, `document.querySelector('#f-body').value`)) != len(long) {
			t.Error("a message too long is not marked, or what was typed is lost")
		}
		river.fill(conv, field{"body", "See you Saturday. Thank you for thinking of me."})
		river.submit(conv)
		if got := river.texts("#message-list li .body"); len(got) == 0 || got[len(got)-1] != "See you Saturday. Thank you for thinking of me." {
			t.Errorf("River's message is not the last one: %q", got)
		}
		river.visit(conv + "/erase")
		river.visit("/support")
		if !strings.Contains(river.text("#reach-outs-to-me"), "Sam") {
			t.Errorf("River does not see Sam's reach-out: %q", river.text("#reach-outs-to-me"))
		}
		river.press(`#reach-outs-to-me a`)
		if !strings.Contains(river.text("main"), "Cravings are loud tonight") {
			t.Error("River does not read Sam's words")
		}
		river.visit("/support")
		setValue(river, "#f-words", strings.Repeat("please ", 100))
		river.submit("/support/plan")
		if !river.has(`#f-words[aria-invalid="true"]`) {
			t.Error("words too long are not marked")
		}
		river.visit("/recovery")
		river.press(`footer form[action="/support"] button`)
		sent := river.path()
		if !strings.HasPrefix(sent, "/support/sent/") || !river.has(`#crisis-lines a[href^="tel:"]`) {
			t.Fatalf("after one tap River is at %s, crisis lines shown: %v", sent, river.has(`#crisis-lines a[href^="tel:"]`))
		}
		if got := river.text("#recipients"); !strings.Contains(got, "Luz") || !strings.Contains(got, "Sam") {
			t.Errorf("who was told: %q, want Luz and Sam", got)
		}

		waitFor(t, river, `document.body.hasAttribute("data-live-open")`, "River's live stream to open")

		luz := newBrowser(t, srv.URL, phone)
		luz.onEveryPage(everyPage)
		luz.visit("/")
		speaking(luz, "es")
		luz.press(`form[action="/language"] button[name="lang"][value="es"]`)
		signIn(luz, "luz.0002", "warm-hearth-demo")
		luz.visit("/support")
		luz.press(`#reach-outs-to-me li:first-child a`)
		luz.press("#answer")
		if luz.path() != conv {
			t.Fatalf("after answering Luz is at %s, want their conversation %s", luz.path(), conv)
		}
		// River sees her answer without reloading.
		waitFor(t, river, `document.querySelector('#recipients').textContent.includes('is here for you')`, "Luz's answer on River's page")

		river.visit(conv)
		writesLive(t, luz, river, conv, "Estoy aquí. Te llamo en cinco minutos.", "Luz's message on River's open conversation")
		luz.visit("/messages")
		luz.visit("/support")
	})
}

// writesLive: from sends body in the conversation at conv, and to, who
// has it open, sees it arrive without reloading.
func writesLive(t *testing.T, from, to *browser, conv, body, what string) {
	t.Helper()
	waitFor(t, to, `document.body.hasAttribute("data-live-open")`, what+": the live stream to open")
	from.fill(conv, field{"body", body})
	from.submit(conv)
	waitFor(t, to, `document.querySelector('#message-list').textContent.includes(`+jsString(body)+`)`, what)
}
