package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
)

// TestReportMember: a member reports another member (not a share) from
// the members list or beside a share's author; a report without a reason
// comes back with a message and what was typed; the trusted servant's
// queue names the member reported and never the reporter, and suspends
// them from it, which closes the report; nobody outside the group, and
// nobody about themselves or someone not in it, can report.
func TestReportMember(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, owner, ana, ben, outsider := eveningLight(t, ts)
		report := fmt.Sprintf("/groups/evening-light/members/%d/report", ben.acct.ID)

		// Offered in the members list, for others only.
		members := ana.get("/groups/evening-light/members").wantStatus(t, http.StatusOK).body
		if !strings.Contains(members, `href="`+report+`"`) || strings.Contains(members, fmt.Sprintf("/members/%d/report", ana.acct.ID)) {
			t.Errorf("the members list offers the wrong reports:\n%s", clip(members))
		}
		// And beside the author of a share in its thread, unless posted
		// as a member of the group.
		named := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "Named share."}
		unnamed := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "Unnamed share.", Anonymous: true}
		for _, sh := range []*hearth.Share{named, unnamed} {
			if err := ts.store.CreateShare(as(ben.acct), sh); err != nil {
				t.Fatal(err)
			}
		}
		thread := fmt.Sprintf("/groups/evening-light/shares/%d", named.ID)
		fromThread := report + "?back=" + url.QueryEscape(thread)
		if page := ana.get(thread).body; !strings.Contains(page, `href="`+escaped(fromThread)+`"`) || !strings.Contains(page, "Report Ben Birch") {
			t.Errorf("the thread does not offer to report its author:\n%s", clip(page))
		}
		if page := ana.get(fmt.Sprintf("/groups/evening-light/shares/%d", unnamed.ID)).body; strings.Contains(page, "/members/") {
			t.Errorf("a share posted as a member of the group offers to report its author:\n%s", clip(page))
		}
		if page := ben.get(thread).body; strings.Contains(page, "/report?back") {
			t.Error("Ben is offered to report himself")
		}

		page := ana.get(fromThread).wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "Ben Birch") || !strings.Contains(page, `name="back" value="`+thread+`"`) || !strings.Contains(page, `type="radio"`) {
			t.Errorf("the report form:\n%s", clip(page))
		}
		// No reason: a message, and the note and the way back kept.
		r := ana.post(report, url.Values{"note": {"He keeps messaging me"}, "back": {thread}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.report.reason")) || !strings.Contains(r.body, "He keeps messaging me") || !strings.Contains(r.body, `value="`+thread+`"`) {
			t.Errorf("the refused report does not explain or keep what was typed:\n%s", clip(r.body))
		}
		ana.post(report, url.Values{"reason": {"harassment"}, "note": {"He keeps messaging me"}, "back": {thread}}).wantRedirect(t, thread)
		// A way back outside the group is not followed.
		ana.post(report, url.Values{"reason": {"other"}, "back": {"https://elsewhere.example/"}}).wantRedirect(t, "/groups/evening-light/members")

		// Nobody outside the group; not oneself; not someone not in it.
		outsider.get(report).wantStatus(t, http.StatusNotFound)
		outsider.post(report, url.Values{"reason": {"spam"}}).wantStatus(t, http.StatusNotFound)
		ben.get(report).wantStatus(t, http.StatusNotFound)
		ana.get(fmt.Sprintf("/groups/evening-light/members/%d/report", outsider.acct.ID)).wantStatus(t, http.StatusNotFound)
		ana.get("/groups/evening-light/members/x/report").wantStatus(t, http.StatusNotFound)

		// The queue: who was reported, why, never who reported.
		ben.get("/groups/evening-light/moderation").wantStatus(t, http.StatusForbidden)
		queue := owner.get("/groups/evening-light/moderation").wantStatus(t, http.StatusOK).body
		item := queue[strings.Index(queue, `<ol class="cards queue">`):]
		item = item[:strings.Index(item, `</ol>`)]
		if !strings.Contains(item, "About the member Ben Birch") || !strings.Contains(item, "He keeps messaging me") ||
			!strings.Contains(item, en("report.reason.harassment")) || strings.Contains(item, "Ana Alder") {
			t.Errorf("the queue's member report:\n%s", item)
		}
		// A site admin's overview points at the group's queue.
		admin := ts.signUp(t, "Site Admin")
		if err := ts.store.SetRole(context.Background(), admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		site := admin.get("/admin/reports").wantStatus(t, http.StatusOK).body
		if !strings.Contains(site, `<a href="/groups/evening-light/moderation">`) || !strings.Contains(site, "2 reports") {
			t.Errorf("the site queue does not point at the group's two reports:\n%s", clip(site))
		}
		suspend := fmt.Sprintf(`action="/groups/evening-light/members/%d/suspend"`, ben.acct.ID)
		if !strings.Contains(item, suspend) {
			t.Errorf("the queue offers no suspension:\n%s", item)
		}
		owner.post(fmt.Sprintf("/groups/evening-light/members/%d/suspend", ben.acct.ID), url.Values{"suspend": {"1"}}).
			wantRedirect(t, "/groups/evening-light/moderation")
		queue = owner.get("/groups/evening-light/moderation").body
		if strings.Contains(queue, `<ol class="cards queue">`) || !strings.Contains(queue, en("moderation.action.suspend")) {
			t.Errorf("after suspending, the report is open or the log is silent:\n%s", clip(queue))
		}
		r = ben.post("/groups/evening-light/shares", url.Values{"kind": {"share"}, "body": {"Still here."}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.share.suspended")) || !strings.Contains(r.body, "Still here.") {
			t.Errorf("the suspended member is not told, or loses the text:\n%s", clip(r.body))
		}
		// Ben's page of the group says so in place of the form, and a
		// notification tells him, naming nothing but the group.
		ben.pausedIs(t, "evening-light", true)
		// Reported again while suspended: the queue says so, and offers
		// to let them post again.
		ana.post(report, url.Values{"reason": {"spam"}, "block": {"1"}}).wantRedirect(t, "/groups/evening-light/members")
		queue = owner.get("/groups/evening-light/moderation").body
		if !strings.Contains(queue, en("moderation.suspended")) || !strings.Contains(queue, en("moderation.unsuspend")) {
			t.Errorf("the queue does not show the member is suspended:\n%s", clip(queue))
		}
		owner.post(fmt.Sprintf("/groups/evening-light/members/%d/suspend", ben.acct.ID), url.Values{"suspend": {"0"}}).
			wantRedirect(t, "/groups/evening-light/moderation")
		ben.pausedIs(t, "evening-light", false)
		// Blocked with the report: Ana no longer sees his shares.
		ana.get(thread).wantStatus(t, http.StatusNotFound)
	})
}

// pausedIs checks what m is shown of their posting in the group with the
// slug: paused in place of the share form (or the form back), and a
// notification of the latest change naming nothing but the group.
func (m *testMember) pausedIs(t *testing.T, slug string, paused bool) {
	t.Helper()
	page := m.get("/groups/" + slug).body
	if strings.Contains(page, `id="posting-paused"`) != paused || strings.Contains(page, `action="/groups/`+slug+`/shares"`) == paused {
		t.Errorf("paused %v: the group's page shows:\n%s", paused, clip(page))
	}
	if notes := m.get("/notifications").body; !strings.Contains(notes, en("notifications.kind.standing")) {
		t.Errorf("paused %v: no notification of it:\n%s", paused, clip(notes))
	}
}
