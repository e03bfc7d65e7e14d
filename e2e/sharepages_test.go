package e2e

import (
	"strings"
	"testing"
)

// Three pages of sharing (issue 4), on each database. Jordan, of Serenity
// at Sunrise, is writing a share when his session ends (he signed out
// everywhere from his other phone): posting it brings him to the sign-in
// page, and signing in gives him the form back with every word; then a
// reply he was typing survives a reload (kept in the tab) and is forgotten
// once posted. He edits his share, and "edited" leads him to what it said
// before. Grace sees "edited" but not the history; she reports Jordan
// himself (not a share) as someone who may be at risk; a report without a
// reason keeps her note. River, who serves the group, finds the report at
// the top of the queue, naming Jordan and not Grace, and suspends him.
// The draft's road, the history, the member's report and the queue are
// seen again in Spanish. Every page is audited by axe-core and must fit
// the phone.
func TestSharePages(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		const group = "/groups/serenity-at-sunrise"
		const password = "warm-hearth-demo"
		browse := func(handle, lang string) *browser {
			b := newBrowser(t, srv.URL, phone)
			b.onEveryPage(everyPage)
			b.visit("/")
			if lang == "es" {
				b.onEveryPage(speaksSpanish)
				b.press(`form[action="/language"] button[name="lang"][value="es"]`)
			}
			signIn(b, handle, password)
			return b
		}
		drafts := `Object.keys(sessionStorage).filter(k => k.startsWith('hearth.draft:')).length`

		// The draft survives the session's end, in each language.
		writeThroughSignOut := func(lang, title, words string) {
			t.Helper()
			jordan := browse("jordan.0008", lang)
			jordan.visit(group)
			evaluate[bool](jordan, `document.querySelector('details.share-new').open = true`)
			jordan.fill(group+"/shares", field{"title", title}, field{"body", words})
			other := browse("jordan.0008", "en")
			other.visit("/settings/sessions")
			other.submit("/settings/sessions/end-all")
			jordan.submit(group + "/shares")
			if jordan.status != 401 || !jordan.has(`form[action="/signin"] input[name="draft.body"]`) || !jordan.has(`main .notice`) {
				t.Fatalf("%s: posting after the session ended: status %d, no sign-in form carrying the draft", lang, jordan.status)
			}
			if got := jordan.attr(`input[name="draft.body"]`, "value"); got != words {
				t.Fatalf("%s: the sign-in form carries %q", lang, got)
			}
			jordan.submit("/signin", field{"handle", "jordan.0008"}, field{"password", password})
			wantSignedIn(jordan)
			if got := evaluate[string](jordan, `document.querySelector('#f-body').value`); got != words {
				t.Fatalf("%s: signed in again, the form holds %q, want %q", lang, got, words)
			}
			if got := jordan.attr("#f-title", "value"); got != title {
				t.Errorf("%s: signed in again, the title is %q", lang, got)
			}
			jordan.submit(group + "/shares")
			if !strings.HasPrefix(jordan.path(), group) || !strings.Contains(jordan.text("ol.shares article"), title) {
				t.Fatalf("%s: the share was not posted: on %s", lang, jordan.path())
			}
			if n := evaluate[int64](jordan, drafts); n != 0 {
				t.Errorf("%s: %d drafts kept in the tab after posting", lang, n)
			}
			// Signed out, so that the next round's "end every session"
			// leaves no page of his open on a session that has ended.
			jordan.submit("/signout")
		}
		writeThroughSignOut("en", "Day forty", "Forty days. The mornings are the hardest, and the best.")

		// A reply survives a reload in the tab, and is forgotten once posted.
		jordan := browse("jordan.0008", "en")
		jordan.visit(group)
		id := strings.TrimPrefix(jordan.attr(`ol.shares article`, "id"), "share-")
		thread := group + "/shares/" + id
		jordan.visit(thread)
		const reply = "Thank you all for this morning."
		jordan.fill(thread+"/replies", field{"body", reply})
		jordan.visit(thread)
		if got := evaluate[string](jordan, `document.querySelector('#f-body').value`); got != reply {
			t.Fatalf("after a reload the reply form holds %q, want the reply typed", got)
		}
		if !jordan.has(`form[action="` + thread + `/replies"] p.hint[role="status"]`) {
			t.Error("the reply given back is not announced")
		}
		jordan.submit(thread + "/replies")
		if !strings.Contains(jordan.text("ol.replies"), reply) {
			t.Fatal("the reply given back was not posted")
		}
		jordan.visit(thread)
		if got := evaluate[string](jordan, `document.querySelector('#f-body').value`); got != "" {
			t.Errorf("after posting, the reply form is given %q again", got)
		}

		// Edited: "edited" leads Jordan to what it said before.
		jordan.visit(thread + "/edit")
		jordan.submit(thread+"/edit", field{"body", "Forty days. The mornings are the best part now."})
		jordan.wantPath(thread)
		jordan.press(`#share-` + id + ` a.share-edited`)
		jordan.wantPath(thread + "/history")
		if got := jordan.text("ol.versions"); !strings.Contains(got, "best part now") || !strings.Contains(got, "the hardest, and the best") {
			t.Errorf("the history shows %q", got)
		}
		jordan.submit("/signout") // before the Spanish round ends his sessions

		// Grace sees it was edited, not what it said; she reports Jordan.
		grace := browse("grace.0010", "en")
		grace.visit(thread)
		if grace.has(`#share-`+id+` a.share-edited`) || !grace.has(`#share-`+id+` span.share-edited`) {
			t.Error("another member is offered the history, or not told it was edited")
		}
		grace.press(`#share-` + id + ` a[href*="/members/"]`)
		report := grace.attr(`main form[method="post"]`, "action")
		grace.submit(report, field{"note", "He seemed low after the meeting."})
		if grace.status != 422 || !grace.has(`fieldset.has-error`) {
			t.Errorf("a report without a reason: status %d", grace.status)
		}
		if got := evaluate[string](grace, `document.querySelector('#f-note').value`); got != "He seemed low after the meeting." {
			t.Errorf("the refused report kept %q", got)
		}
		grace.check(`#f-reason-at-risk`)
		grace.submit(report)
		grace.wantPath(thread)

		// And in Spanish: the draft's road.
		writeThroughSignOut("es", "Día cuarenta", "Cuarenta días. Gracias por las mañanas.")

		// River finds the report first, naming Jordan and not Grace, and
		// suspends him.
		river := browse("river.0001", "en")
		river.visit(group + "/moderation")
		first := river.text("ol.queue li:first-child")
		if !strings.Contains(first, "He seemed low") || strings.Contains(river.text("main"), "Grace") {
			t.Fatalf("the member report is not first, or names who reported: %q", first)
		}
		river.visit(thread + "/history")
		river.visit(group + "/moderation")
		river.press(`ol.queue li:first-child form[action$="/suspend"] button`)
		river.wantPath(group + "/moderation")
		if strings.Contains(river.text("main"), "He seemed low") {
			t.Error("the report is still open after suspending Jordan")
		}

		// The pages again, in Spanish.
		river.visit("/")
		river.onEveryPage(speaksSpanish)
		river.press(`form[action="/language"] button[name="lang"][value="es"]`)
		river.visit(thread + "/history")
		river.visit(report)
		river.submit(report)
		if river.status != 422 {
			t.Errorf("a report without a reason, in Spanish: status %d", river.status)
		}
		river.visit(group + "/members")
		river.visit(group + "/moderation")
	})
}
