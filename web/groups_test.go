package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestMemberListIsForMembers: a group's member list is shown to its
// members only (TRUST.md), listed or unlisted; a non-member is refused
// and learns no one's name, and a visitor is asked to sign in.
func TestMemberListIsForMembers(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, member, outsider := ts.signUp(t, "Quince"), ts.signUp(t, "Rowan"), ts.signUp(t, "Sorrel")
		for _, vis := range []string{hearth.GroupUnlisted, hearth.GroupListed} {
			t.Run(vis, func(t *testing.T) {
				g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "circle-" + vis, Name: "Quiet Circle", Visibility: vis})
				ts.setRole(t, g, member.acct, hearth.GroupMember)
				path := "/groups/" + g.Slug + "/members"

				r := member.get(path).wantStatus(t, http.StatusOK)
				items := listItems(r.body, "member-list")
				if len(items) != 2 || !strings.Contains(items[0], "Quince") || !strings.Contains(items[1], "Rowan") {
					t.Errorf("a member sees %q, want Quince (the owner) then Rowan", items)
				}
				r = outsider.get(path).wantStatus(t, http.StatusForbidden)
				for _, name := range []string{"Quince", "Rowan"} {
					if strings.Contains(r.body, name) {
						t.Errorf("a non-member's refusal names %s", name)
					}
				}
				ts.client(t).get(path).wantRedirect(t, "/signin?next="+url.QueryEscape(path))

				// The group's page offers the list to members only.
				if body := outsider.get("/groups/"+g.Slug).wantStatus(t, http.StatusOK).body; strings.Contains(body, `href="`+path+`"`) {
					t.Error("the group's page links a non-member to the member list")
				}
				if body := member.get("/groups/"+g.Slug).wantStatus(t, http.StatusOK).body; !strings.Contains(body, `href="`+path+`"`) {
					t.Error("the group's page does not link a member to the member list")
				}
			})
		}
	})
}

// TestJoiningAndServing: joining an open group, asking to join one that
// approves, a trusted servant welcoming the request, the owner appointing
// a trusted servant, and the last owner kept from leaving.
func TestJoiningAndServing(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, newcomer := ts.signUp(t, "Tamarind"), ts.signUp(t, "Umber")
		openG := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "open-door", Name: "Open Door"})
		approval := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "by-approval", Name: "By Approval", JoinPolicy: hearth.JoinApproval})

		newcomer.post("/groups/open-door/join", nil).wantRedirect(t, "/groups/open-door")
		if ms, err := ts.store.Membership(as(newcomer.acct), openG.ID); err != nil || ms.Pending || ms.Role != hearth.GroupMember {
			t.Fatalf("after joining an open group: %+v, %v", ms, err)
		}
		page := newcomer.get("/groups/open-door").wantStatus(t, http.StatusOK).body
		if got, want := elementText(page, "membership"), i18n.For("en").T("group.you_are.member"); got != want {
			t.Errorf("the group's page says %q, want %q", got, want)
		}

		newcomer.post("/groups/by-approval/join", nil).wantRedirect(t, "/groups/by-approval")
		page = newcomer.get("/groups/by-approval").wantStatus(t, http.StatusOK).body
		if got, want := elementText(page, "membership"), i18n.For("en").T("group.pending"); got != want {
			t.Errorf("after asking, the group's page says %q, want %q", got, want)
		}
		newcomer.get("/groups/by-approval/members").wantStatus(t, http.StatusForbidden)

		// The owner sees the request, and welcomes them.
		members := owner.get("/groups/by-approval/members").wantStatus(t, http.StatusOK).body
		if reqs := listItems(members, "request-list"); len(reqs) != 1 || !strings.Contains(reqs[0], "Umber") {
			t.Fatalf("the owner sees requests %q, want Umber's", reqs)
		}
		decide := fmt.Sprintf("/groups/by-approval/requests/%d", newcomer.acct.ID)
		newcomer.post(decide, url.Values{"decision": {"approve"}}).wantStatus(t, http.StatusForbidden)
		owner.post(decide, url.Values{"decision": {"approve"}}).wantRedirect(t, "/groups/by-approval/members")
		newcomer.get("/groups/by-approval/members").wantStatus(t, http.StatusOK)

		// Only the owner appoints: the newcomer cannot make themselves a
		// trusted servant; the owner can.
		role := fmt.Sprintf("/groups/by-approval/members/%d/role", newcomer.acct.ID)
		newcomer.post(role, url.Values{"role": {hearth.GroupServant}}).wantStatus(t, http.StatusForbidden)
		owner.post(role, url.Values{"role": {hearth.GroupServant}}).wantRedirect(t, "/groups/by-approval/members")
		newcomer.get("/groups/by-approval/meetings/new").wantStatus(t, http.StatusOK)
		owner.post(role, url.Values{"role": {"emperor"}}).wantStatus(t, http.StatusUnprocessableEntity)

		// The only owner may not leave; a member may, and come back.
		r := owner.post("/groups/by-approval/leave", nil).wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, en("error.group.last_owner")) {
			t.Errorf("the last owner's refusal does not say %q", en("error.group.last_owner"))
		}
		newcomer.post("/groups/open-door/leave", nil).wantRedirect(t, "/groups/open-door")
		if _, err := ts.store.Membership(as(newcomer.acct), openG.ID); hearth.ErrorCode(err) != hearth.ENOTFOUND {
			t.Errorf("after leaving, membership: %v", err)
		}
		if _, err := ts.store.Membership(as(owner.acct), approval.ID); err != nil {
			t.Errorf("the owner was let go: %v", err)
		}

		// A visitor is asked to sign in, and nothing changes.
		ts.client(t).post("/groups/open-door/join", nil).wantStatus(t, http.StatusUnauthorized)
		ms, _ := ts.store.GroupMembers(as(owner.acct), openG.ID)
		if len(ms) != 1 {
			t.Errorf("the open group has %d members, want its owner alone", len(ms))
		}
	})
}

// TestGroupForms: a member starts a group and becomes its owner; only its
// trusted servants edit it; a form with problems comes back with what was
// typed.
func TestGroupForms(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		founder, other := ts.signUp(t, "Vetch"), ts.signUp(t, "Willow")

		founder.post("/groups", groupForm("Café Esperanza")).wantRedirect(t, "/groups/cafe-esperanza")
		g, err := ts.store.FindGroupBySlug(context.Background(), "cafe-esperanza")
		if err != nil {
			t.Fatal(err)
		}
		if g.Program != "na" || strings.Join(g.Languages, ",") != "en,es" || strings.Join(g.Tags, ",") != "women" {
			t.Errorf("the new group is %+v", g)
		}
		if ms, err := ts.store.Membership(as(founder.acct), g.ID); err != nil || ms.Role != hearth.GroupOwner {
			t.Errorf("the founder's membership: %+v, %v", ms, err)
		}
		// The same name again gets an address of its own.
		founder.post("/groups", groupForm("Café Esperanza")).wantRedirect(t, "/groups/cafe-esperanza-2")

		// Problems keep what was typed.
		bad := groupForm("")
		bad.Set("description", "Still here")
		bad.Set("time_zone", "Nowhere/Else")
		r := founder.post("/groups", bad).wantStatus(t, http.StatusUnprocessableEntity)
		for _, f := range []string{"name", "time_zone"} {
			if !strings.Contains(r.body, `id="f-`+f+`-error"`) {
				t.Errorf("the problem with %s is not shown", f)
			}
		}
		if !strings.Contains(r.body, ">Still here</textarea>") {
			t.Error("the description typed is lost")
		}

		edit := groupForm("Café Esperanza")
		edit.Set("description", "Now on Fridays too.")
		other.get("/groups/cafe-esperanza/edit").wantStatus(t, http.StatusForbidden)
		other.post("/groups/cafe-esperanza/edit", edit).wantStatus(t, http.StatusForbidden)
		founder.get("/groups/cafe-esperanza/edit").wantStatus(t, http.StatusOK)
		founder.post("/groups/cafe-esperanza/edit", edit).wantRedirect(t, "/groups/cafe-esperanza")
		if g, _ := ts.store.FindGroupBySlug(context.Background(), "cafe-esperanza"); g.Description != "Now on Fridays too." {
			t.Errorf("the description is %q after editing", g.Description)
		}

		// The directory lists it, and filters.
		dir := ts.client(t).get("/groups?program=na&lang=es").wantStatus(t, http.StatusOK).body
		if !strings.Contains(dir, `href="/groups/cafe-esperanza"`) {
			t.Error("the directory filtered by NA and Spanish does not list the group")
		}
		dir = ts.client(t).get("/groups?program=aa").wantStatus(t, http.StatusOK).body
		if strings.Contains(dir, `href="/groups/cafe-esperanza"`) {
			t.Error("the directory filtered by AA lists an NA group")
		}
	})
}

// TestGroupAndMeetingPagesSpeakEachLanguage renders every page of groups
// and meetings, as their owner, as another member and as a visitor, in
// each language, with the notices their forms leave, and finds no
// missing message.
func TestGroupAndMeetingPagesSpeakEachLanguage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, other := ts.signUp(t, "Yarrow"), ts.signUp(t, "Zinnia")
		if err := ts.store.SetRole(context.Background(), owner.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "meadow", Name: "Meadow", Tags: []string{"women", "from-an-import"}, Languages: []string{"es", "ase", "x-klingon"}})
		approval := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "gate", JoinPolicy: hearth.JoinApproval})
		ts.makeMeeting(t, owner.acct, soonMeeting("meadow-now", g.ID, ts.clock.Now(), "America/Chicago"))
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "meadow-rest", Inactive: true, Types: []string{"ZZ"}})
		ts.setRole(t, g, other.acct, hearth.GroupServant)
		if _, err := ts.store.JoinGroup(as(other.acct), approval.ID); err != nil {
			t.Fatal(err)
		}
		owner.post("/meetings/meadow-now/follow", nil)
		owner.post("/my-meetings/calendar", nil)
		upload(t, owner.testClient, map[string]string{"program": "aa", "source": "x", "time_zone": "UTC"}, sampleFeed)

		paths := []string{"/", "/meetings", "/meetings?place=Springfield&sort=distance&type=O&type=ZZ&radius=7",
			"/meetings/meadow-now", "/meetings/meadow-rest", "/meetings/meadow-now/edit", "/groups", "/groups?tag=women",
			"/groups/meadow", "/groups/gate", "/groups/meadow/members", "/groups/gate/members", "/groups/meadow/edit",
			"/groups/new", "/groups/meadow/meetings/new", "/my-meetings", "/admin/import", "/settings/export"}
		for _, lang := range i18n.Langs {
			t.Run(lang, func(t *testing.T) {
				for who, c := range map[string]*testClient{"owner": owner.testClient, "servant": other.testClient, "visitor": ts.client(t)} {
					c.post("/language", url.Values{"lang": {lang}, "return": {"/"}})
					for _, p := range paths {
						r := c.get(p)
						if r.status == http.StatusSeeOther {
							r = c.get(r.header.Get("Location"))
						}
						if r.status >= 500 {
							t.Errorf("%s GET %s: %d", who, p, r.status)
						}
						checkSpoken(t, r, lang)
					}
				}
				r := upload(t, owner.testClient, map[string]string{"program": "aa", "source": "x", "time_zone": "UTC"}, sampleFeed)
				checkSpoken(t, r.wantStatus(t, http.StatusOK), lang)
			})
		}
	})
}
