package web

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"hearth"
)

// Groups and meetings for the tests, stored through the real store as
// the member who owns or serves them.

// as is a context that acts for the account.
func as(a *hearth.Account) context.Context {
	return hearth.NewContextWithAccount(context.Background(), a)
}

// makeGroup stores a group owned by owner. Unset fields get plain
// defaults: listed, open, AA, English, New York.
func (ts *testServer) makeGroup(t *testing.T, owner *hearth.Account, g hearth.Group) *hearth.Group {
	t.Helper()
	if g.Name == "" {
		g.Name = "Group " + g.Slug
	}
	if g.Program == "" {
		g.Program = "aa"
	}
	if g.TimeZone == "" {
		g.TimeZone = "America/New_York"
	}
	if g.Visibility == "" {
		g.Visibility = hearth.GroupListed
	}
	if g.JoinPolicy == "" {
		g.JoinPolicy = hearth.JoinOpen
	}
	if g.Languages == nil {
		g.Languages = []string{"en"}
	}
	if err := ts.store.CreateGroup(context.Background(), &g, owner.ID); err != nil {
		t.Fatalf("making group %s: %v", g.Slug, err)
	}
	return &g
}

// makeMeeting stores a meeting as actor, who must serve its group. Unset
// fields get plain defaults: Tuesdays 19:00–20:00 in New York, online.
func (ts *testServer) makeMeeting(t *testing.T, actor *hearth.Account, m hearth.Meeting) *hearth.Meeting {
	t.Helper()
	if m.Name == "" {
		m.Name = "Meeting " + m.Slug
	}
	if m.Days == nil {
		m.Days = []time.Weekday{time.Tuesday}
	}
	if m.Start == "" {
		m.Start, m.End = "19:00", "20:00"
	}
	if m.TimeZone == "" {
		m.TimeZone = "America/New_York"
	}
	if m.ConferenceURL == "" && m.ConferencePhone == "" && m.Address == "" && m.Venue == "" {
		m.ConferenceURL = "https://meet.example.org/" + m.Slug
	}
	if err := ts.store.CreateMeeting(as(actor), &m); err != nil {
		t.Fatalf("making meeting %s: %v", m.Slug, err)
	}
	return &m
}

// serve makes the account a member of the group with role.
func (ts *testServer) setRole(t *testing.T, g *hearth.Group, a *hearth.Account, role string) {
	t.Helper()
	if err := ts.store.AddGroupMember(context.Background(), g.ID, a.ID, role); err != nil {
		t.Fatalf("making %s a %s of %s: %v", a.Handle, role, g.Slug, err)
	}
}

// meetingForm is a valid meeting form, as a servant sends it.
func meetingForm(name string) url.Values {
	return url.Values{
		"name": {name}, "day": {"2", "4"}, "start": {"19:30"}, "end": {"20:30"}, "time_zone": {"America/Chicago"},
		"conference_url": {"https://meet.example.org/hope"}, "conference_url_notes": {"Password: hope"},
		"conference_phone": {"+1 312 555 0100,,12345#"}, "venue": {"St. Mark's Hall"}, "address": {"100 Main St"},
		"city": {"Chicago"}, "region": {"IL"}, "country": {"US"}, "type": {"O", "D", "S"}, "notes": {"Coffee from 19:15."},
	}
}

// groupForm is a valid group form.
func groupForm(name string) url.Values {
	return url.Values{
		"name": {name}, "program": {"na"}, "description": {"We meet weekly.\n\nAll are welcome."},
		"languages": {"en", "es"}, "tags": {"women"}, "time_zone": {"America/Chicago"},
		"visibility": {hearth.GroupListed}, "join_policy": {hearth.JoinOpen},
	}
}

// groupSamples are the authorization matrix's requests to the group and
// meeting routes. Each makes the caller what the route needs them to be
// (a trusted servant, an owner) on a fixture group, so that an authorized
// caller's request is valid; the matrix then holds the answer to the
// route's access rule.
func groupSamples(t *testing.T, ts *testServer, owner, spare *testMember) map[string]routeSample {
	ctx := context.Background()
	g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "matrix-group", Name: "Matrix Group"})
	m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "matrix-meeting"})
	approval := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "matrix-approval", JoinPolicy: hearth.JoinApproval})
	roles := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "matrix-roles"})
	ts.setRole(t, roles, spare.acct, hearth.GroupMember)

	servant := func(c matrixCaller) {
		if c.acct != nil {
			ts.setRole(t, g, c.acct, hearth.GroupServant)
		}
	}
	path := func(p string) routeSample {
		return func(matrixCaller) (string, url.Values) { return p, nil }
	}
	var doomedSlugs []string
	serving := func(p string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { servant(c); return p, form }
	}
	return map[string]routeSample{
		"GET /meetings/{slug}":              path("/meetings/" + m.Slug),
		"GET /api/v1/meetings/{slug}":       path("/api/v1/meetings/" + m.Slug),
		"GET /meetings/{slug}/calendar.ics": path("/meetings/" + m.Slug + "/calendar.ics"),
		"GET /meetings/{slug}/edit":         serving("/meetings/"+m.Slug+"/edit", nil),
		"POST /meetings/{slug}/edit":        serving("/meetings/"+m.Slug+"/edit", meetingForm(m.Name)),
		"GET /meetings/{slug}/delete":       serving("/meetings/"+m.Slug+"/delete", nil),
		// Each call deletes a meeting of its own.
		"POST /meetings/{slug}/delete": func(c matrixCaller) (string, url.Values) {
			servant(c)
			doomed := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: fmt.Sprintf("matrix-doomed-%d", len(doomedSlugs))})
			doomedSlugs = append(doomedSlugs, doomed.Slug)
			return "/meetings/" + doomed.Slug + "/delete", url.Values{}
		},
		"POST /meetings/{slug}/follow":      path("/meetings/" + m.Slug + "/follow"),
		"POST /meetings/{slug}/unfollow":    path("/meetings/" + m.Slug + "/unfollow"),
		"POST /my-meetings/calendar":        path("/my-meetings/calendar"),
		"POST /my-meetings/calendar/revoke": path("/my-meetings/calendar/revoke"),
		"GET /calendar/{file}": func(matrixCaller) (string, url.Values) {
			token, err := ts.store.NewCalendarToken(ctx, spare.acct.ID)
			if err != nil {
				t.Fatal(err)
			}
			return calendarPath(token), nil
		},
		"POST /groups": func(matrixCaller) (string, url.Values) {
			return "/groups", groupForm("Matrix Start")
		},
		"GET /groups/{slug}":               path("/groups/" + g.Slug),
		"GET /groups/{slug}/edit":          serving("/groups/"+g.Slug+"/edit", nil),
		"POST /groups/{slug}/edit":         serving("/groups/"+g.Slug+"/edit", url.Values{"name": {g.Name}, "program": {g.Program}, "languages": {"en"}, "time_zone": {g.TimeZone}, "visibility": {g.Visibility}, "join_policy": {g.JoinPolicy}}),
		"POST /groups/{slug}/join":         path("/groups/" + g.Slug + "/join"),
		"POST /groups/{slug}/leave":        path("/groups/" + roles.Slug + "/leave"),
		"GET /groups/{slug}/members":       serving("/groups/"+g.Slug+"/members", nil),
		"GET /groups/{slug}/meetings/new":  serving("/groups/"+g.Slug+"/meetings/new", nil),
		"POST /groups/{slug}/meetings":     serving("/groups/"+g.Slug+"/meetings", meetingForm("Matrix Night")),
		"GET /groups/{slug}/calendar.ics":  path("/groups/" + g.Slug + "/calendar.ics"),
		"GET /groups/{slug}/meetings.json": path("/groups/" + g.Slug + "/meetings.json"),
		// Not an upload: refused as such (422), once the caller is let in.
		"POST /admin/import": path("/admin/import"),
		"POST /groups/{slug}/requests/{account}": func(c matrixCaller) (string, url.Values) {
			if c.acct != nil {
				ts.setRole(t, approval, c.acct, hearth.GroupServant)
			}
			if _, err := ts.store.JoinGroup(as(spare.acct), approval.ID); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/groups/%s/requests/%d", approval.Slug, spare.acct.ID), url.Values{"decision": {"decline"}}
		},
		"POST /groups/{slug}/members/{account}/role": func(c matrixCaller) (string, url.Values) {
			if c.acct != nil {
				ts.setRole(t, roles, c.acct, hearth.GroupOwner)
			}
			return fmt.Sprintf("/groups/%s/members/%d/role", roles.Slug, spare.acct.ID), url.Values{"role": {hearth.GroupMember}}
		},
	}
}
