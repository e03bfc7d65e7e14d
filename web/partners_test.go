package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestPartners: two members agree to walk together; each sees of the
// other only what the other shares; a nudge arrives, and not twice in a
// row; a stranger sees nothing; either may end it.
func TestPartners(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		a, b, stranger := ts.signUp(t, "Alder"), ts.signUp(t, "Birch"), ts.signUp(t, "Cedar")
		en := i18n.For("en")

		r := a.post("/recovery/partners", url.Values{"handle": {"nobody.0000"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, escaped(en.T("error.partner.not_found"))) {
			t.Error("an unknown sign-in name is not explained")
		}
		if v, _ := inputValue(r.body, "handle"); v != "nobody.0000" {
			t.Errorf("the name typed came back as %q", v)
		}
		a.post("/recovery/partners", url.Values{"handle": {b.handle}}).wantRedirect(t, "/recovery/partners")
		if body := a.get("/recovery/partners").body; !strings.Contains(body, b.handle) {
			t.Error("the invitation sent is not listed")
		}
		body := b.get("/recovery/partners").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, escaped(en.T("partners.invited_by", "name", a.acct.DisplayName, "handle", a.handle))) {
			t.Fatal("the invitation does not reach its invitee")
		}
		list, _ := ts.store.Partnerships(as(b.acct))
		id := list[0].ID
		page := partnerPath(id)
		a.post(page+"/answer", url.Values{"answer": {"accept"}}).wantStatus(t, http.StatusNotFound) // not a's to answer
		b.post(page+"/answer", url.Values{"answer": {"accept"}}).wantRedirect(t, page)

		// b checks in and keeps one count private, shares another.
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(b.acct.TimeZone))
		b.post("/check-in", url.Values{"on": {today.String()}, "mood": {"2"}, "note": {"a private note"}}).wantRedirect(t, "/recovery")
		for name, vis := range map[string]string{"Shared count": "supporters", "Private count": "me"} {
			b.post("/recovery/clocks", url.Values{"name": {name}, "kind": {"other"}, "start": {today.AddDays(-12).String()},
				"schedule": {"aa"}, "visibility": {vis}})
		}
		body = a.get(page).wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, escaped(en.T("partner.checked_in"))) || strings.Contains(body, "Shared count") {
			t.Error("with the default sharing a should see b's check-in and no counts")
		}
		b.post(page+"/sharing", url.Values{"share": {"clocks", "check_ins", "mood", "nudges"}}).wantRedirect(t, page)
		body = a.get(page).body
		if !strings.Contains(body, "Shared count") || strings.Contains(body, "Private count") || strings.Contains(body, "a private note") ||
			!strings.Contains(body, escaped(en.T("checkin.mood.2"))) {
			t.Error("once b shares counts and mood, a should see the shared count and the mood, never the private count or the note")
		}
		stranger.get(page).wantStatus(t, http.StatusNotFound)
		stranger.post(page+"/nudge", nil).wantStatus(t, http.StatusNotFound)

		// A nudge, once in a while.
		a.post(page+"/nudge", nil).wantRedirect(t, page)
		if body := b.get("/recovery/partners").body; !strings.Contains(body, escaped(en.T("partners.nudged_you"))) {
			t.Error("b does not see the nudge")
		}
		a.post(page+"/nudge", nil).wantRedirect(t, page)
		if body := a.get(page).body; !strings.Contains(body, escaped(en.T("partner.nudged"))) {
			t.Error("a second nudge straight away is not held back")
		}
		b.post(page+"/sharing", url.Values{"share": {"check_ins"}}).wantRedirect(t, page)
		if body := a.get(page).body; !strings.Contains(body, escaped(en.T("partner.no_nudges"))) || strings.Contains(body, "Shared count") {
			t.Error("after b stops nudges and counts, a still sees the button or the count")
		}

		a.get(page+"/end").wantStatus(t, http.StatusOK)
		a.post(page+"/end", nil).wantRedirect(t, "/recovery/partners")
		b.get(page).wantStatus(t, http.StatusNotFound)
	})
}
