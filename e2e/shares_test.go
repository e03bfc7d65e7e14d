package e2e

import (
	"strings"
	"testing"
)

// Sharing inside a group (issue 4), on each database, in three browsers
// at once: Jordan, a member of Serenity at Sunrise, tries to post
// something too long and keeps every word he typed, then posts; Grace,
// another member, has the group's page open and sees it appear there
// without reloading, replies, answers "me too", and reports it as a worry; River, who serves the group, finds the report at
// the top of the queue and hides the share, and it is gone for Grace.
// Then River visits every page of sharing and moderation (a share's
// history and a member's report among them), in English and in Spanish.
// Every page is audited by axe-core and must fit the phone.
func TestSharingInAGroup(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		browse := func(handle string) *browser {
			b := newBrowser(t, srv.URL, phone)
			b.onEveryPage(everyPage)
			b.visit("/")
			signIn(b, handle, "warm-hearth-demo")
			return b
		}
		const group = "/groups/serenity-at-sunrise"
		// Grace has the group's page open before Jordan shares.
		grace := browse("grace.0010")
		grace.visit(group)
		waitFor(t, grace, `document.body.hasAttribute("data-live-open")`, "Grace's live stream to open")
		jordan := browse("jordan.0008")
		jordan.visit(group)
		evaluate[bool](jordan, `document.querySelector('details.share-new').open = true`)
		long := strings.Repeat("one day at a time ", 1200)
		setValue(jordan, "#f-body", long)
		jordan.submit(group+"/shares", field{"title", "Sixty days"})
		if jordan.status != 422 || !jordan.has(`#f-body[aria-invalid="true"]`) {
			t.Errorf("an oversized share: status %d, the body not marked", jordan.status)
		}
		if got := evaluate[string](jordan, `document.querySelector('#f-body').value`); got != long {
			t.Fatalf("the refused share lost what was typed (%d characters kept of %d)", len(got), len(long))
		}
		if got := jordan.attr("#f-title", "value"); got != "Sixty days" {
			t.Errorf("the refused share lost its title: %q", got)
		}
		setValue(jordan, "#f-body", "Sixty days today. Thank you for the *mornings*.")
		jordan.submit(group+"/shares", field{"kind", "milestone"})
		if !strings.HasPrefix(jordan.path(), group) {
			t.Fatalf("after sharing Jordan is at %s", jordan.path())
		}
		id := jordan.attr(`ol.shares article`, "id")
		if jordan.text(`#`+id+` .share-title`) != "Sixty days" {
			t.Fatalf("the newest share is %q", jordan.text(`#`+id+` .share-title`))
		}
		thread := group + "/shares/" + strings.TrimPrefix(id, "share-")

		// It appears on Grace's open page, without a reload, and she is
		// told so politely.
		waitFor(t, grace, `!!document.querySelector('#`+id+`')`, "Jordan's share on Grace's open page")
		if !strings.Contains(grace.text(`#`+id+` .md`), "Thank you for the mornings.") {
			t.Fatal("Grace does not see Jordan's share")
		}
		waitFor(t, grace, `document.querySelector('[data-live-status]').textContent !== ''`, "the new share to be announced to a screen reader")
		grace.press(`#` + id + ` .share-title a`)
		grace.wantPath(thread)
		setValue(grace, "#f-body", "Sixty mornings! So glad you're here.")
		grace.submit(thread + "/replies")
		if !strings.Contains(grace.text("ol.replies"), "Sixty mornings!") {
			t.Error("Grace's reply is not in the thread")
		}
		grace.press(`form[action="` + thread + `/react"] button[value="me-too"]`)
		if grace.attr(`form[action="`+thread+`/react"] button[value="me-too"]`, "aria-pressed") != "true" {
			t.Error("Grace's \"me too\" is not shown pressed")
		}
		grace.visit(thread + "/report")
		grace.check(`#f-reason-at-risk`)
		grace.submit(thread+"/report", field{"note", "He said something worrying at the meeting."})

		river := browse("river.0001")
		river.visit(group)
		river.press(`a[href="` + group + `/moderation"]`)
		if got := river.text("ol.queue li:first-child"); !strings.Contains(got, "worrying") {
			t.Fatalf("the at-risk report is not first in the queue: %q", got)
		}
		if strings.Contains(river.text("main"), "Grace") {
			t.Error("the queue names the member who reported")
		}
		river.submit(thread+"/moderate", field{"reason", "other"})
		river.wantPath(group + "/moderation")
		if river.has("ol.queue") {
			t.Error("the report is still open after hiding the share")
		}
		grace.visit(group)
		if grace.has(`#` + id) {
			t.Error("Grace still sees the hidden share")
		}
		jordan.visit(thread)
		if !jordan.has(".share-status") {
			t.Error("Jordan is not told his share was hidden")
		}

		// Every page of sharing, in both languages.
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				river.visit("/")
				river.onEveryPage(speaksSpanish)
				river.press(`form[action="/language"] button[name="lang"][value="es"]`)
			}
			river.visit(group)
			mine := river.attr(`ol.shares article:has(a[href$="/edit"])`, "id")
			theirs := river.attr(`ol.shares article:has(a[href$="/report"])`, "id")
			if mine == "" || theirs == "" {
				t.Fatalf("River's group page lacks his own share or another's")
			}
			river.visit(group + "/shares/" + strings.TrimPrefix(mine, "share-"))
			river.visit(group + "/shares/" + strings.TrimPrefix(mine, "share-") + "/edit")
			river.visit(group + "/shares/" + strings.TrimPrefix(mine, "share-") + "/history")
			river.visit(group + "/shares/" + strings.TrimPrefix(theirs, "share-"))
			river.visit(group + "/shares/" + strings.TrimPrefix(theirs, "share-") + "/report")
			river.visit(thread)
			river.visit(group + "/members")
			river.press(`a.report-member`)
			river.visit(group + "/moderation")
			river.visit("/admin/reports")
		}
	})
}
