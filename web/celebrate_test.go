package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestCelebrations: a member who asked for it has their milestone seen by
// their group, who congratulate them once; they see who did, and their
// group's birthday meeting; a setback they choose to tell reaches their
// partner as a hard day, never as what happened; a stranger sees none of it.
func TestCelebrations(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, member, partner, stranger := ts.signUp(t, "Alder"), ts.signUp(t, "Birch"), ts.signUp(t, "Cedar"), ts.signUp(t, "Damson")
		en := i18n.For("en")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "lamplight", Name: "Lamplight"})
		ts.setRole(t, g, member.acct, hearth.GroupMember)
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "birthday-friday", Name: "Friday Birthdays", Types: []string{"O", "H"}})
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(owner.acct.TimeZone))
		// Thirty days were two days ago.
		owner.post("/recovery/clocks", url.Values{"name": {"Wine"}, "kind": {"alcohol"}, "start": {today.AddDays(-32).String()},
			"schedule": {"aa"}, "visibility": {"groups"}, "celebrate": {"1"}})
		clocks, _ := ts.store.Clocks(as(owner.acct))
		clock := clockPath(clocks[0].ID)

		line := escaped(en.T("celebrate.line", "name", owner.acct.DisplayName, "milestone", en.N("milestone.days", 30)))
		body := member.get("/groups/lamplight").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, line) || strings.Contains(body, "Wine") {
			t.Fatal("the group does not celebrate the member's 30 days, or says what they count")
		}
		if strings.Contains(stranger.get("/groups/lamplight").body, line) {
			t.Error("a stranger sees the group's celebrations")
		}
		form := url.Values{"clock": {itoa(clocks[0].ID)}, "on": {today.AddDays(-2).String()}, "return": {"/groups/lamplight"}}
		stranger.post("/recovery/congratulate", form).wantStatus(t, http.StatusNotFound)
		member.post("/recovery/congratulate", form).wantRedirect(t, "/groups/lamplight")
		if body := member.get("/groups/lamplight").body; !strings.Contains(body, escaped(en.T("celebrate.sent"))) {
			t.Error("the group page does not remember the congratulations sent")
		}
		body = owner.get(clock).wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, escaped(en.T("clock.congratulated_by", "name", member.acct.DisplayName, "milestone", en.N("milestone.days", 30)))) ||
			!strings.Contains(body, "Friday Birthdays") {
			t.Error("the count's page does not show who congratulated, or the group's birthday meeting")
		}

		// A hard day, told to a partner.
		owner.post("/recovery/partners", url.Values{"handle": {partner.handle}})
		list, _ := ts.store.Partnerships(as(partner.acct))
		page := partnerPath(list[0].ID)
		partner.post(page+"/answer", url.Values{"answer": {"accept"}})
		owner.post(clock+"/setback", url.Values{"on": {today.String()}, "note": {"the wedding"}, "tell_partners": {"1"}})
		body = partner.get(page).wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, `id="hard-day"`) || strings.Contains(body, "the wedding") {
			t.Error("the partner is not told of the hard day, or is told what happened")
		}
	})
}
