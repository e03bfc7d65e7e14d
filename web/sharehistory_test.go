package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
)

// eveningLight is a group, Evening Light, its owner, two members (Ana and
// Ben) and someone outside it.
func eveningLight(t *testing.T, ts *testServer) (g *hearth.Group, owner, ana, ben, outsider *testMember) {
	owner, ana, ben = ts.signUp(t, "Owner Olive"), ts.signUp(t, "Ana Alder"), ts.signUp(t, "Ben Birch")
	outsider = ts.signUp(t, "Outside Oak")
	g = ts.makeGroup(t, owner.acct, hearth.Group{Slug: "evening-light", Name: "Evening Light"})
	ts.setRole(t, g, ana.acct, hearth.GroupMember)
	ts.setRole(t, g, ben.acct, hearth.GroupMember)
	return g, owner, ana, ben, outsider
}

// TestShareHistory: a share edited twice shows "edited" as a link to what
// it said before, to its author and the group's trusted servant, each
// version rendered through the same sanitiser; another member sees the
// word "edited" but not the history (the page is not found), nor does a
// non-member; a hidden share's history stays its author's and the
// servant's; replies alike; the API gives the same versions.
func TestShareHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, owner, ana, ben, outsider := eveningLight(t, ts)

		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Title: "First try", Body: "My name is *Ana* <script>alert(1)</script>"}
		if err := ts.store.CreateShare(as(ana.acct), sh); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID)
		ts.clock.Advance(3600e9)
		ana.post(base+"/edit", url.Values{"kind": {"share"}, "title": {"Second try"}, "body": {"Something **else**.\n\n[x](javascript:alert(1))"},
			"warning": {"grief"}}).wantRedirect(t, base)
		ts.clock.Advance(3600e9)
		ana.post(base+"/edit", url.Values{"kind": {"share"}, "title": {"Third"}, "body": {"Now it says this."}}).wantRedirect(t, base)

		history := base + "/history"
		link := `<a class="share-edited" href="` + history + `"`
		for _, who := range []*testMember{ana, owner} {
			if page := who.get(base).wantStatus(t, http.StatusOK).body; !strings.Contains(page, link) {
				t.Errorf("%s: the thread has no link to the history:\n%s", who.handle, clip(page))
			}
			page := who.get(history).wantStatus(t, http.StatusOK).body
			for _, want := range []string{"Now it says this.", "Second try", "Something <strong>else</strong>.", "First try",
				"My name is <em>Ana</em>", en("warning.grief"), en("share_history.now")} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the history lacks %q:\n%s", who.handle, want, clip(page))
				}
			}
			if strings.Contains(page, "<script>alert") || strings.Contains(page, "javascript:alert") {
				t.Errorf("%s: the history shows an earlier version unsafely", who.handle)
			}
			// Newest first.
			if i, j := strings.Index(page, "Now it says this."), strings.Index(page, "My name is"); i > j {
				t.Errorf("%s: the versions are not newest first", who.handle)
			}
		}
		page := ben.get(base).wantStatus(t, http.StatusOK).body
		if strings.Contains(page, link) || !strings.Contains(page, `<span class="share-edited">`+en("share.edited")+`</span>`) {
			t.Errorf("another member: the share should say edited, without a link to its history:\n%s", clip(page))
		}
		ben.get(history).wantStatus(t, http.StatusNotFound)
		outsider.get(history).wantStatus(t, http.StatusNotFound)
		ts.client(t).get(history).wantRedirect(t, "/signin?next="+url.QueryEscape(history))

		// The API: the same versions, to the same people.
		var got APIShareHistory
		token, _ := ts.mintToken(t, ana.acct.ID)
		if err := json.Unmarshal([]byte(ts.bearer(t, token).get(fmt.Sprintf("/api/v1/shares/%d/history", sh.ID)).wantStatus(t, http.StatusOK).body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Versions) != 3 || got.Versions[0].Title != "Third" || got.Versions[0].ReplacedAt != nil ||
			got.Versions[1].Warning != "grief" || got.Versions[2].Title != "First try" || got.Versions[2].ReplacedAt == nil ||
			!got.Versions[2].WrittenAt.Before(*got.Versions[2].ReplacedAt) || !got.Versions[1].WrittenAt.Equal(*got.Versions[2].ReplacedAt) {
			t.Errorf("API history %+v", got.Versions)
		}
		benToken, _ := ts.mintToken(t, ben.acct.ID)
		ts.bearer(t, benToken).get(fmt.Sprintf("/api/v1/shares/%d/history", sh.ID)).wantStatus(t, http.StatusNotFound)

		// Hidden: as the share itself, its author and the servant still read it.
		owner.post(base+"/moderate", url.Values{"action": {"hide"}, "reason": {"identity"}}).wantStatus(t, http.StatusSeeOther)
		ana.get(history).wantStatus(t, http.StatusOK)
		owner.get(history).wantStatus(t, http.StatusOK)
		ben.get(history).wantStatus(t, http.StatusNotFound)
		owner.post(base+"/moderate", url.Values{"action": {"restore"}}).wantStatus(t, http.StatusSeeOther)

		// A reply's history, linked from the thread.
		reply := &hearth.Share{ParentID: sh.ID, Body: "Heard you."}
		if err := ts.store.CreateShare(as(ben.acct), reply); err != nil {
			t.Fatal(err)
		}
		rbase := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, reply.ID)
		ben.post(rbase+"/edit", url.Values{"body": {"Heard you, Ana."}}).wantStatus(t, http.StatusSeeOther)
		if page := ben.get(base).body; !strings.Contains(page, `href="`+rbase+`/history"`) {
			t.Error("the reply's author has no link to its history")
		}
		if page := ben.get(rbase+"/history").wantStatus(t, http.StatusOK).body; !strings.Contains(page, "Heard you.") || !strings.Contains(page, "Heard you, Ana.") {
			t.Errorf("the reply's history:\n%s", clip(page))
		}
		ana.get(rbase+"/history").wantStatus(t, http.StatusNotFound)

	})
}
