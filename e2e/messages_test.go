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

// Reporting a message (issue 7), on each database, in three browsers:
// Luz writes to Sam, who finds it hurtful and reports it from the
// conversation (a report without a reason comes back, keeping his note);
// River, a site admin reading in Spanish, finds it at the top of the site
// queue (at risk), opens the one message deliberately and closes the
// report; Sam sees on his messages page when a site admin read it, and
// that it was acted on. Every page is audited by axe-core.
func TestMessageReport(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		luz := newBrowser(t, srv.URL, phone)
		luz.onEveryPage(everyPage)
		luz.visit("/")
		signIn(luz, "luz.0002", "warm-hearth-demo")
		luz.visit("/messages")
		luz.submit("/messages", field{"handle", "sam.0003"})
		conv := luz.path()
		if !strings.HasPrefix(conv, "/messages/") {
			t.Fatalf("starting a conversation with Sam led Luz to %s", conv)
		}
		luz.submit(conv, field{"body", "Everyone at the meeting knows where you live."})

		sam := newBrowser(t, srv.URL, phone)
		sam.onEveryPage(everyPage)
		sam.visit("/")
		signIn(sam, "sam.0003", "warm-hearth-demo")
		sam.visit(conv)
		report := sam.attr(`#message-list li:not(.mine) a[href*="/report/"]`, "href")
		if report == "" {
			t.Fatalf("Sam's conversation offers no Report link on Luz's message")
		}
		if sam.has(`#message-list li.mine a[href*="/report/"]`) {
			t.Error("Sam is offered to report his own message")
		}
		sam.press(`#message-list a[href="` + report + `"]`)
		if !strings.Contains(sam.text("main"), "knows where you live") {
			t.Error("the report page does not show the message reported")
		}
		sam.submit(report, field{"note", "This frightened me."})
		if !sam.has(`#f-reason-error`) || evaluate[string](sam, `document.querySelector('#f-note').value`) != "This frightened me." {
			t.Error("a report without a reason is not marked, or the note is lost")
		}
		sam.check(`#f-reason-at-risk`)
		sam.submit(report)
		if sam.path() != conv || !strings.Contains(sam.text(".notice"), "Thank you") {
			t.Errorf("after reporting Sam is at %s with notice %q", sam.path(), sam.text(".notice"))
		}
		if sam.has(`a[href="` + report + `"]`) {
			t.Error("the message Sam reported still offers a Report link")
		}
		sam.visit("/messages")
		if got := sam.text("#report-list"); !strings.Contains(got, "Not read by a site admin yet") {
			t.Errorf("Sam's reports: %q", got)
		}

		river := newBrowser(t, srv.URL, phone)
		river.visit("/")
		speaking(river, "es")
		river.press(`form[action="/language"] button[name="lang"][value="es"]`)
		signIn(river, "river.0001", "warm-hearth-demo")
		river.visit("/admin/reports")
		first := river.attr(`ol.queue > li:first-child`, "id")
		if !strings.HasPrefix(first, "message-report-") {
			t.Fatalf("the at-risk message report is not first in the site queue: %q", first)
		}
		if strings.Contains(river.text("main"), "knows where you live") {
			t.Error("the site queue shows the reported message")
		}
		river.press(`#` + first + ` a`)
		page := river.path()
		river.submit(page + "/open")
		if got := river.text("#reported-body"); got != "Everyone at the meeting knows where you live." {
			t.Errorf("the opened report shows %q", got)
		}
		if got := river.text("#reported-note"); got != "This frightened me." {
			t.Errorf("the opened report's note: %q", got)
		}
		river.check(`#f-status-acted`)
		river.submit(page+"/handle", field{"outcome", "Spoke with Luz about kindness."})
		river.wantPath("/admin/reports")
		if river.has(`#` + first) {
			t.Error("the closed report is still in the queue")
		}

		sam.visit("/messages")
		got := sam.text("#report-list")
		if !strings.Contains(got, "Read by a site admin on") || !strings.Contains(got, "acted on it") || strings.Contains(got, "kindness") {
			t.Errorf("Sam's reports after River read and closed it: %q", got)
		}
	})
}
