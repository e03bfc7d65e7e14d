package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hearth"
)

// shareSamples are the matrix's requests to shares: the caller is made a
// trusted servant of the group (so that every action is theirs to take),
// acting on a fresh share of the owner's, or of their own where only the
// author may act.
func shareSamples(t *testing.T, ts *testServer, owner, other *testMember) map[string]routeSample {
	g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "matrix-shares", Name: "Matrix Shares"})
	ts.setRole(t, g, other.acct, hearth.GroupMember)
	post := func(a *hearth.Account, parent int64) *hearth.Share {
		sh := &hearth.Share{GroupID: g.ID, ParentID: parent, Kind: hearth.ShareShare, Body: "A matrix share."}
		if err := ts.store.CreateShare(as(a), sh); err != nil {
			t.Fatal(err)
		}
		return sh
	}
	base := func(id int64) string { return fmt.Sprintf("/groups/%s/shares/%d", g.Slug, id) }
	join := func(c matrixCaller) {
		if c.acct != nil {
			ts.setRole(t, g, c.acct, hearth.GroupServant)
		}
	}
	theirs := func(suffix string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			join(c)
			return base(post(owner.acct, 0).ID) + suffix, form
		}
	}
	mine := func(suffix string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			join(c)
			if c.acct == nil {
				return base(1) + suffix, form
			}
			return base(post(c.acct, 0).ID) + suffix, form
		}
	}
	js := func(body string) url.Values { return url.Values{"json": {body}} }
	apiTheirs := func(suffix string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			join(c)
			return fmt.Sprintf("/api/v1/shares/%d%s", post(owner.acct, 0).ID, suffix), form
		}
	}
	apiMine := func(suffix string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			p, _ := mine("", nil)(c)
			return "/api/v1/shares/" + p[strings.LastIndex(p, "/")+1:] + suffix, form
		}
	}
	report := func(kind string) int64 {
		r := &hearth.Report{TargetKind: kind, TargetID: 1, Reason: "spam"}
		if kind == hearth.ReportShare {
			r.TargetID = post(owner.acct, 0).ID
		}
		if err := ts.store.FileReport(as(other.acct), r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	return map[string]routeSample{
		"POST /groups/{slug}/shares": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/groups/" + g.Slug + "/shares", url.Values{"kind": {"share"}, "body": {"Hello, group."}}
		},
		"GET /groups/{slug}/shares/{id}":           theirs("", nil),
		"GET /groups/{slug}/shares/{id}/fragment":  theirs("/fragment", nil),
		"POST /groups/{slug}/shares/{id}/replies":  theirs("/replies", url.Values{"body": {"Heard."}}),
		"GET /groups/{slug}/shares/{id}/history":   mine("/history", nil),
		"GET /groups/{slug}/shares/{id}/edit":      mine("/edit", nil),
		"POST /groups/{slug}/shares/{id}/edit":     mine("/edit", url.Values{"kind": {"share"}, "body": {"Changed."}}),
		"POST /groups/{slug}/shares/{id}/delete":   mine("/delete", url.Values{}),
		"POST /groups/{slug}/shares/{id}/react":    theirs("/react", url.Values{"kind": {"heard"}}),
		"GET /groups/{slug}/shares/{id}/report":    theirs("/report", nil),
		"POST /groups/{slug}/shares/{id}/report":   theirs("/report", url.Values{"reason": {"spam"}}),
		"POST /groups/{slug}/shares/{id}/moderate": theirs("/moderate", url.Values{"action": {"hide"}, "reason": {"spam"}}),
		// The author blocked is a newcomer each time, so that the
		// caller still sees everyone else.
		"POST /groups/{slug}/shares/{id}/block": func(c matrixCaller) (string, url.Values) {
			join(c)
			n := ts.signUp(t, "Matrix Blockee")
			ts.setRole(t, g, n.acct, hearth.GroupMember)
			return base(post(n.acct, 0).ID) + "/block", url.Values{}
		},
		"GET /groups/{slug}/moderation": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/groups/" + g.Slug + "/moderation", nil
		},
		"POST /groups/{slug}/moderation/reports/{id}/dismiss": func(c matrixCaller) (string, url.Values) {
			join(c)
			return fmt.Sprintf("/groups/%s/moderation/reports/%d/dismiss", g.Slug, report(hearth.ReportShare)), url.Values{}
		},
		"POST /groups/{slug}/moderation/settings": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/groups/" + g.Slug + "/moderation/settings", url.Values{"premoderate": {"0"}}
		},
		"POST /groups/{slug}/members/{account}/suspend": func(c matrixCaller) (string, url.Values) {
			join(c)
			return fmt.Sprintf("/groups/%s/members/%d/suspend", g.Slug, other.acct.ID), url.Values{"suspend": {"0"}}
		},
		"GET /groups/{slug}/members/{account}/report": func(c matrixCaller) (string, url.Values) {
			join(c)
			return fmt.Sprintf("/groups/%s/members/%d/report", g.Slug, other.acct.ID), nil
		},
		"POST /groups/{slug}/members/{account}/report": func(c matrixCaller) (string, url.Values) {
			join(c)
			return fmt.Sprintf("/groups/%s/members/%d/report", g.Slug, other.acct.ID), url.Values{"reason": {"spam"}}
		},
		"GET /api/v1/groups/{slug}/shares": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/api/v1/groups/" + g.Slug + "/shares", nil
		},
		"POST /api/v1/groups/{slug}/shares": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/api/v1/groups/" + g.Slug + "/shares", js(`{"kind": "question", "body": "How do you start?"}`)
		},
		"GET /api/v1/shares/{id}":                     apiTheirs("", nil),
		"PATCH /api/v1/shares/{id}":                   apiMine("", js(`{"body": "Changed."}`)),
		"DELETE /api/v1/shares/{id}":                  apiMine("", nil),
		"GET /api/v1/shares/{id}/history":             apiMine("/history", nil),
		"GET /api/v1/shares/{id}/replies":             apiTheirs("/replies", nil),
		"POST /api/v1/shares/{id}/replies":            apiTheirs("/replies", js(`{"body": "Heard."}`)),
		"PUT /api/v1/shares/{id}/reactions/{kind}":    apiTheirs("/reactions/me-too", nil),
		"DELETE /api/v1/shares/{id}/reactions/{kind}": apiTheirs("/reactions/me-too", nil),
		"POST /api/v1/reports": func(c matrixCaller) (string, url.Values) {
			join(c)
			return "/api/v1/reports", js(fmt.Sprintf(`{"target": "share", "target_id": %d, "reason": "other"}`, post(owner.acct, 0).ID))
		},
		"POST /admin/reports/{id}/dismiss": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/admin/reports/%d/dismiss", report(hearth.ReportStrategy)), url.Values{}
		},
	}
}

var shareIDRE = regexp.MustCompile(`id="share-([0-9]+)"`)

// TestSharesFlow: a member posts (a failed post keeps the text), another
// reads it and replies and reacts, the reply reaches the author, a
// member posting as "a member of this group" stays unnamed to others,
// a report reaches the trusted servant, who hides it.
func TestSharesFlow(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, ana, ben := ts.signUp(t, "Owner Olive"), ts.signUp(t, "Ana Alder"), ts.signUp(t, "Ben Birch")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "evening-light", Name: "Evening Light"})
		ts.setRole(t, g, ana.acct, hearth.GroupMember)
		ts.setRole(t, g, ben.acct, hearth.GroupMember)
		outsider := ts.signUp(t, "Outside Oak")

		// Too long: refused with a message, the text kept.
		long := strings.Repeat("one day ", 3000)
		r := ana.post("/groups/evening-light/shares", url.Values{"kind": {"share"}, "title": {"Today"}, "body": {long}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.text.long")) || !strings.Contains(r.body, "one day one day") {
			t.Fatalf("the refused post does not explain or keep the text:\n%s", clip(r.body))
		}
		// Script injection is neutralised.
		ana.post("/groups/evening-light/shares", url.Values{"kind": {"gratitude"}, "title": {"Grateful"},
			"body": {"Thank you all <script>alert(1)</script> [x](javascript:alert(1))"}}).wantStatus(t, http.StatusSeeOther)
		page := ben.get("/groups/evening-light").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "Thank you all") || strings.Contains(page, "<script>alert") || strings.Contains(page, "javascript:alert") {
			t.Fatalf("the group page shows the share unsafely or not at all:\n%s", clip(page))
		}
		if !strings.Contains(page, `data-live-list="group.`) || !strings.Contains(page, `data-live-fragment="/groups/{group}/shares/{subject}/fragment"`) {
			t.Error("the share list has no live attributes")
		}
		m := shareIDRE.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no share on the page")
		}
		id := m[1]
		// The outsider sees no content.
		if body := outsider.get("/groups/evening-light").body; strings.Contains(body, "Thank you all") {
			t.Error("a non-member sees a share")
		}
		outsider.get("/groups/evening-light/shares/"+id).wantStatus(t, http.StatusNotFound)
		outsider.get("/groups/evening-light/shares/"+id+"/fragment").wantStatus(t, http.StatusNotFound)
		// The fragment, by group ID as live pages ask, is the list's item.
		frag := ben.get(fmt.Sprintf("/groups/%d/shares/%s/fragment", g.ID, id)).wantStatus(t, http.StatusOK).body
		if !strings.Contains(frag, `id="share-`+id+`"`) || !strings.Contains(page, strings.TrimSpace(frag)[:40]) {
			t.Errorf("fragment %q", clip(frag))
		}

		ben.post("/groups/evening-light/shares/"+id+"/replies", url.Values{"body": {"So glad you are here."}}).wantStatus(t, http.StatusSeeOther)
		ben.post("/groups/evening-light/shares/"+id+"/react", url.Values{"kind": {"thank-you"}}).wantStatus(t, http.StatusSeeOther)
		thread := ana.get("/groups/evening-light/shares/"+id).wantStatus(t, http.StatusOK).body
		if !strings.Contains(thread, "So glad you are here.") || !strings.Contains(thread, en("reaction.thank-you")+` <span class="count">(1)</span>`) {
			t.Errorf("the author's thread lacks the reply or the count:\n%s", clip(thread))
		}
		if seen := ben.get("/groups/evening-light/shares/" + id).body; strings.Contains(seen, `class="count"`) {
			t.Error("a reader sees reaction counts")
		}
		// The reply as it arrives live in Ana's open thread offers what
		// the thread does: to report Ben as a member.
		ids := regexp.MustCompile(`id="share-([0-9]+)"`).FindAllStringSubmatch(thread, -1)
		reply := ids[len(ids)-1][1]
		live := ana.get(fmt.Sprintf("/groups/%d/shares/%s/fragment", g.ID, reply)).wantStatus(t, http.StatusOK).body
		if want := html.EscapeString(memberReportPath("evening-light", ben.acct.ID, "/groups/evening-light/shares/"+id)); !strings.Contains(live, want) || !strings.Contains(thread, want) {
			t.Errorf("the live reply does not offer to report its author as the thread does (%s):\n%s", want, clip(live))
		}

		// Posted as a member of the group: no name for Ben.
		ana.post("/groups/evening-light/shares", url.Values{"kind": {"share"}, "body": {"Day three, quietly."}, "anonymous": {"1"}}).
			wantStatus(t, http.StatusSeeOther)
		page = ben.get("/groups/evening-light").body
		if !strings.Contains(page, "Day three, quietly.") || !strings.Contains(page, en("share.a_member")) {
			t.Error("the anonymous share is missing or named")
		}
		first := page[strings.Index(page, `<article`):]
		first = first[:strings.Index(first, `</article>`)]
		if strings.Contains(first, "Ana Alder") {
			t.Errorf("the anonymous share names its author:\n%s", first)
		}
		if owner := owner.get("/groups/evening-light").body; !strings.Contains(owner, "Ana Alder ("+en("share.as_a_member")+")") {
			t.Error("the trusted servant is not shown who posted it")
		}

		// The API hides the author alike.
		token, _ := ts.mintToken(t, ben.acct.ID)
		var got APIShares
		if err := json.Unmarshal([]byte(ts.bearer(t, token).get("/api/v1/groups/evening-light/shares").wantStatus(t, http.StatusOK).body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Shares) != 2 || !got.Shares[0].Anonymous || got.Shares[0].AuthorID != 0 || got.Shares[0].AuthorName != "" ||
			got.Shares[1].AuthorName != "Ana Alder" || got.Shares[1].Reactions != nil {
			t.Errorf("API shares %+v", got.Shares)
		}

		// Ben reports; the owner hides it from the queue.
		ben.post("/groups/evening-light/shares/"+id+"/report", url.Values{"reason": {"at-risk"}, "note": {"worried"}}).wantStatus(t, http.StatusSeeOther)
		ben.get("/groups/evening-light/moderation").wantStatus(t, http.StatusForbidden)
		queue := owner.get("/groups/evening-light/moderation").wantStatus(t, http.StatusOK).body
		if !strings.Contains(queue, "worried") || strings.Contains(queue, "Ben Birch") {
			t.Errorf("the queue lacks the report or names the reporter:\n%s", clip(queue))
		}
		owner.post("/groups/evening-light/shares/"+id+"/moderate", url.Values{"action": {"hide"}, "reason": {"spam"}, "return": {"queue"}}).
			wantRedirect(t, "/groups/evening-light/moderation")
		ben.get("/groups/evening-light/shares/"+id).wantStatus(t, http.StatusNotFound)
		if body := ana.get("/groups/evening-light/shares/" + id).body; !strings.Contains(body, en("share.status.hidden")) {
			t.Error("the author is not shown it was hidden")
		}
	})
}

// TestReportAnonymousShare: reporting a share or reply posted as a member
// of the group offers no block of who wrote it (the block would be listed
// by name in Settings › Quiet), and a block box ticked anyway files the
// report and blocks no one. A named share still offers the block, and a
// trusted servant, who knows who wrote it, is offered it too.
func TestReportAnonymousShare(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, ana, ben := ts.signUp(t, "Owner Olive"), ts.signUp(t, "Ana Alder"), ts.signUp(t, "Ben Birch")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "quiet-harbor", Name: "Quiet Harbor"})
		ts.setRole(t, g, ana.acct, hearth.GroupMember)
		ts.setRole(t, g, ben.acct, hearth.GroupMember)
		post := func(sh *hearth.Share) *hearth.Share {
			if sh.ParentID == 0 {
				sh.GroupID, sh.Kind = g.ID, hearth.ShareShare
			}
			if err := ts.store.CreateShare(as(ana.acct), sh); err != nil {
				t.Fatal(err)
			}
			return sh
		}
		path := func(sh *hearth.Share) string { return fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID) }
		first := post(&hearth.Share{Body: "Signed with my name today."})
		named := path(first)
		anon := path(post(&hearth.Share{Body: "Day three, quietly.", Anonymous: true}))
		reply := path(post(&hearth.Share{ParentID: first.ID, Body: "Me too, friend.", Anonymous: true}))

		const box = `name="block"`
		for _, p := range []string{anon, reply} {
			if page := ben.get(p+"/report").wantStatus(t, http.StatusOK).body; strings.Contains(page, box) {
				t.Errorf("%s: the report form offers to block the unnamed author:\n%s", p, clip(page))
			}
		}
		if page := ben.get(named + "/report").body; !strings.Contains(page, box) {
			t.Error("the report form of a named share does not offer the block")
		}
		if page := owner.get(anon + "/report").body; !strings.Contains(page, box) {
			t.Error("the report form does not offer the trusted servant, who knows the author, the block")
		}

		// Posted with the box ticked anyway: the report is filed, no one
		// is blocked.
		for _, p := range []string{anon, reply} {
			ben.post(p+"/report", url.Values{"reason": {"harassment"}, "note": {"about " + p}, "block": {"1"}}).wantStatus(t, http.StatusSeeOther)
		}
		queue := owner.get("/groups/quiet-harbor/moderation").wantStatus(t, http.StatusOK).body
		for _, p := range []string{anon, reply} {
			if !strings.Contains(queue, "about "+p) {
				t.Errorf("the report on %s did not reach the queue:\n%s", p, clip(queue))
			}
		}
		quiet := ben.get("/settings/quiet").wantStatus(t, http.StatusOK).body
		if strings.Contains(quiet, "Ana Alder") || strings.Contains(quiet, ana.handle) || strings.Contains(quiet, `id="blocked-list"`) {
			t.Errorf("Settings › Quiet names who wrote the unnamed share:\n%s", clip(quiet))
		}
		if page := ben.get("/groups/quiet-harbor").body; !strings.Contains(page, "Signed with my name today.") {
			t.Error("the author's named share is hidden from the reporter")
		}
		ben.post(anon+"/block", url.Values{}).wantStatus(t, http.StatusForbidden)

		// The named share's report still blocks when asked.
		ben.post(named+"/report", url.Values{"reason": {"spam"}, "block": {"1"}}).wantRedirect(t, "/groups/quiet-harbor")
		if quiet := ben.get("/settings/quiet").body; !strings.Contains(quiet, "Ana Alder") {
			t.Error("the block asked for on a named share's report is not listed")
		}
	})
}
