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
		token, _ := ts.mintToken(t, member.acct.ID)
		if body := ts.bearer(t, token).get("/api/v1/me/celebrations").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `"milestone": "30 days"`) ||
			strings.Contains(body, "Wine") {
			t.Errorf("the API's celebrations: %s", body)
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

// TestReachOut: words of wanting to die, written in a check-in, a
// setback's note or the journal, in English or Spanish, are saved as
// written, and the member is shown the crisis lines and asked how they
// are, never blocked; words that are not these go on as usual.
func TestReachOut(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Wren")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		m.post("/check-in", url.Values{"on": {today.String()}, "mood": {"1"}, "note": {"Some days I just want to die."}}).wantRedirect(t, "/help")
		body := m.get("/help").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, escaped(i18n.For("en").T("notice.reach_out"))) || !strings.Contains(body, `href="tel:`) {
			t.Error("the help page does not ask how the member is, or offers no number to call")
		}
		if c, err := ts.store.CheckInOn(as(m.acct), today); err != nil || c.Note != "Some days I just want to die." {
			t.Errorf("the check-in was not saved as written: %+v %v", c, err)
		}
		m.post("/recovery/clocks", url.Values{"name": {"Wine"}, "kind": {"alcohol"}, "start": {today.AddDays(-40).String()},
			"schedule": {"aa"}, "visibility": {"me"}})
		clocks, _ := ts.store.Clocks(as(m.acct))
		m.post(clockPath(clocks[0].ID)+"/setback", url.Values{"on": {today.String()}, "note": {"Ya no puedo más."}}).wantRedirect(t, "/help")
		m.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"I keep thinking I'd be better off dead."}}).wantRedirect(t, "/help")
		// Everyday words go on as usual.
		r := m.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"I killed it at the noon meeting."}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/recovery/journal/") {
			t.Errorf("an everyday entry went to %q", r.header.Get("Location"))
		}
	})
}
