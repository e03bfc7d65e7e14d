package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hearth"
)

// TestDraftSurvivesSignOut: a share, a reply and an edit posted after the
// member's session ended come back as the sign-in page, with the text in
// its hidden fields (a wrong password keeps them too); signing in gives
// the same form with the text in it, kept from any cache; posting it
// posts. The text is stored nowhere on the way. A draft can only go back
// to a share, reply or edit form.
func TestDraftSurvivesSignOut(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open, withConfig(Config{SessionIdle: 2 * time.Hour, SessionMax: 24 * time.Hour}))
		g, _, ana, ben, _ := eveningLight(t, ts)
		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "Day one."}
		if err := ts.store.CreateShare(as(ben.acct), sh); err != nil {
			t.Fatal(err)
		}
		reply := &hearth.Share{ParentID: sh.ID, Body: "Heard you."}
		if err := ts.store.CreateShare(as(ana.acct), reply); err != nil {
			t.Fatal(err)
		}
		thread := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID)
		const words = `Ninety days <today> & "grateful" — gracias`

		// Ana's session ends while she writes (idle too long).
		ts.clock.Advance(2*time.Hour + time.Minute)
		r := ana.post("/groups/evening-light/shares", url.Values{"kind": {"milestone"}, "title": {"Ninety"}, "body": {words},
			"warning": {"grief"}, "anonymous": {"1"}}).wantStatus(t, http.StatusUnauthorized)
		for _, want := range []string{en("signin.draft_kept"), en("error.signin_needed"), `name="draft.body" value="` + escaped(words) + `"`,
			`name="draft.action" value="/groups/evening-light/shares"`, `name="draft.kind" value="milestone"`, `name="draft.anonymous" value="1"`,
			`name="next" value="/groups/evening-light"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the sign-in page lacks %s:\n%s", want, clip(r.body))
			}
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("the sign-in page with a draft: Cache-Control %q", cc)
		}
		carried := url.Values{"handle": {ana.handle}, "password": {ana.password}, "next": {"/groups/evening-light"},
			"draft.action": {"/groups/evening-light/shares"}, "draft.kind": {"milestone"}, "draft.title": {"Ninety"},
			"draft.body": {words}, "draft.warning": {"grief"}, "draft.anonymous": {"1"}}
		// A wrong password: still carried.
		wrong := url.Values{}
		for k, v := range carried {
			wrong[k] = v
		}
		wrong.Set("password", "not the password")
		if r := ana.post("/signin", wrong).wantStatus(t, http.StatusUnauthorized); !strings.Contains(r.body, `name="draft.body" value="`+escaped(words)+`"`) {
			t.Errorf("a failed sign-in dropped the draft:\n%s", clip(r.body))
		}
		r = ana.post("/signin", carried).wantStatus(t, http.StatusOK)
		for _, want := range []string{en("share_draft.heading"), `action="/groups/evening-light/shares"`, escaped(words) + `</textarea>`,
			`value="Ninety"`, `<option value="milestone" selected`, `<option value="grief" selected`, `id="f-anonymous" name="anonymous" value="1" checked`,
			`href="/groups/evening-light"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the draft page lacks %s:\n%s", want, clip(r.body))
			}
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("the draft page: Cache-Control %q", cc)
		}
		if !ana.signedIn() {
			t.Fatal("Ana is not signed in after the draft page")
		}
		// Nothing was posted on the way; posting it now posts.
		if list, _ := ts.store.GroupShares(as(ana.acct), g.ID, hearth.ShareFilter{}); len(list) != 1 {
			t.Fatalf("%d shares before Ana posts her draft", len(list))
		}
		ana.post("/groups/evening-light/shares", url.Values{"kind": {"milestone"}, "title": {"Ninety"}, "body": {words}}).wantStatus(t, http.StatusSeeOther)
		if list, _ := ts.store.GroupShares(as(ana.acct), g.ID, hearth.ShareFilter{}); len(list) != 2 || list[0].Body != words {
			t.Fatalf("after posting the draft: %d shares", len(list))
		}

		// A reply and an edit (of a reply: no kind, no "as a member").
		for _, tc := range []struct{ action, back, submit string }{
			{thread + "/replies", thread, "share.reply"},
			{fmt.Sprintf("/groups/%s/shares/%d/edit", g.Slug, reply.ID), fmt.Sprintf("/groups/%s/shares/%d/edit", g.Slug, reply.ID), "share_edit.save"},
		} {
			ts.clock.Advance(2*time.Hour + time.Minute)
			r := ana.post(tc.action, url.Values{"body": {"So glad you are here."}}).wantStatus(t, http.StatusUnauthorized)
			if !strings.Contains(r.body, `name="next" value="`+tc.back+`"`) || !strings.Contains(r.body, `name="draft.body" value="So glad you are here."`) {
				t.Errorf("%s: the sign-in page:\n%s", tc.action, clip(r.body))
			}
			r = ana.post("/signin", url.Values{"handle": {ana.handle}, "password": {ana.password}, "next": {tc.back},
				"draft.action": {tc.action}, "draft.body": {"So glad you are here."}}).wantStatus(t, http.StatusOK)
			if !strings.Contains(r.body, `action="`+tc.action+`"`) || !strings.Contains(r.body, "So glad you are here.</textarea>") ||
				strings.Contains(r.body, `name="kind"`) || !strings.Contains(r.body, en(tc.submit)) {
				t.Errorf("%s: the draft page:\n%s", tc.action, clip(r.body))
			}
			if strings.HasSuffix(tc.action, "/edit") && strings.Contains(r.body, `name="anonymous"`) {
				t.Errorf("the edit's draft offers to post as a member of the group")
			}
		}

		// Only to a share form: any other action, or none, is an ordinary sign-in.
		for _, action := range []string{"/settings", "https://elsewhere.example/groups/x/shares", "/groups/evening-light/shares/1/delete",
			"/groups/evening-light/shares/../../settings", ""} {
			c := ts.client(t)
			c.post("/signin", url.Values{"handle": {ana.handle}, "password": {ana.password}, "next": {"/groups/evening-light"},
				"draft.action": {action}, "draft.body": {"x"}}).wantRedirect(t, "/groups/evening-light")
		}
		// Other forms posted without a session are refused as before.
		r = ts.client(t).post(thread+"/report", url.Values{"reason": {"spam"}, "body": {"x"}}).wantStatus(t, http.StatusUnauthorized)
		if strings.Contains(r.body, "draft.") {
			t.Error("a report carries a draft")
		}
	})
}
