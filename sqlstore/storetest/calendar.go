package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

func (s suite) calendar(t *testing.T) {
	t.Run("CalendarToken", func(t *testing.T) {
		e := s.env(t)
		owner, m, other := e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		unlisted := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })
		thursday := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Days = []time.Weekday{time.Thursday} })
		monday := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Days = []time.Weekday{time.Monday}; x.Inactive = true })
		secret := e.mustMeeting(owner, unlisted.ID, func(x *hearth.Meeting) { x.Days = []time.Weekday{time.Friday} })
		e.mustMeeting(owner, g.ID) // not followed
		ok(t, e.Store.AddGroupMember(e.ctx, unlisted.ID, m.ID, hearth.GroupMember))
		for _, x := range []*hearth.Meeting{thursday, monday, secret} {
			ok(t, e.Store.FollowMeeting(e.as(m), x.ID))
		}

		_, err := e.Store.CalendarToken(e.ctx, m.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		first, err := e.Store.NewCalendarToken(e.ctx, m.ID)
		ok(t, err)
		if !strings.HasPrefix(first, "hcal_") || len(first) < 40 {
			t.Errorf("token %q is not a long random one", first)
		}
		shown, err := e.Store.CalendarToken(e.ctx, m.ID)
		ok(t, err)
		if shown != first {
			t.Errorf("shown again as %q, want %q", shown, first)
		}
		acct, list, err := e.Store.ResolveCalendarToken(e.ctx, first)
		ok(t, err)
		if acct.ID != m.ID {
			t.Errorf("resolved to account %d, want %d", acct.ID, m.ID)
		}
		var slugs []string
		for _, x := range list {
			slugs = append(slugs, x.Slug)
		}
		if want := []string{monday.Slug, thursday.Slug, secret.Slug}; !slices.Equal(slugs, want) {
			t.Errorf("meetings %q, want %q (by first day; inactive ones too; unlisted while a member)", slugs, want)
		}

		t.Run("Replace", func(t *testing.T) {
			second, err := e.Store.NewCalendarToken(e.ctx, m.ID)
			ok(t, err)
			if second == first {
				t.Fatal("the same token again")
			}
			_, _, err = e.Store.ResolveCalendarToken(e.ctx, first)
			wantCode(t, err, hearth.ENOTFOUND)
			if _, _, err := e.Store.ResolveCalendarToken(e.ctx, second); err != nil {
				t.Fatal(err)
			}
			mine, err := e.Store.NewCalendarToken(e.ctx, other.ID)
			ok(t, err)
			if a, _, err := e.Store.ResolveCalendarToken(e.ctx, mine); err != nil || a.ID != other.ID {
				t.Errorf("another member's token resolves to %v, %v", a, err)
			}
		})
		t.Run("LeavingHidesUnlistedMeetings", func(t *testing.T) {
			ok(t, e.Store.LeaveGroup(e.as(m), unlisted.ID))
			tok, err := e.Store.CalendarToken(e.ctx, m.ID)
			ok(t, err)
			_, list, err := e.Store.ResolveCalendarToken(e.ctx, tok)
			ok(t, err)
			if len(list) != 2 {
				t.Errorf("%d meetings after leaving the unlisted group, want 2", len(list))
			}
		})
		t.Run("Revoke", func(t *testing.T) {
			tok, err := e.Store.CalendarToken(e.ctx, m.ID)
			ok(t, err)
			ok(t, e.Store.RevokeCalendarToken(e.ctx, m.ID))
			_, _, err = e.Store.ResolveCalendarToken(e.ctx, tok)
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.CalendarToken(e.ctx, m.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			wantCode(t, e.Store.RevokeCalendarToken(e.ctx, m.ID), hearth.ENOTFOUND)
		})
		t.Run("Unknown", func(t *testing.T) {
			_, _, err := e.Store.ResolveCalendarToken(e.ctx, "hcal_not-a-token")
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.NewCalendarToken(e.ctx, 999)
			wantCode(t, err, hearth.ENOTFOUND)
		})
	})

	t.Run("ExportMemberships", func(t *testing.T) {
		e := s.env(t)
		owner, m := e.mustAccount(), e.mustAccount()
		b := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "beta" })
		a := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Alpha"; g.JoinPolicy = hearth.JoinApproval })
		e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Not mine" })
		ok(t, e.Store.AddGroupMember(e.ctx, b.ID, m.ID, hearth.GroupServant))
		_, err := e.Store.JoinGroup(e.as(m), a.ID)
		ok(t, err)
		x := e.mustMeeting(owner, b.ID, func(x *hearth.Meeting) { x.Name = "Zebra" })
		y := e.mustMeeting(owner, b.ID, func(x *hearth.Meeting) { x.Name = "apple" })
		e.mustMeeting(owner, b.ID)
		ok(t, e.Store.FollowMeeting(e.as(m), x.ID))
		ok(t, e.Store.FollowMeeting(e.as(m), y.ID))

		var ex hearth.Export
		ok(t, e.Store.ExportMemberships(e.ctx, m.ID, &ex))
		wantGroups := []hearth.ExportGroup{
			{Slug: a.Slug, Name: "Alpha", Pending: true, JoinedAt: stored(start)},
			{Slug: b.Slug, Name: "beta", Role: hearth.GroupServant, JoinedAt: stored(start)},
		}
		if !slices.Equal(ex.Groups, wantGroups) {
			t.Errorf("groups\n%+v\nwant\n%+v", ex.Groups, wantGroups)
		}
		wantMeetings := []hearth.ExportMeeting{
			{Slug: y.Slug, Name: "apple", Group: "beta", FollowedAt: stored(start)},
			{Slug: x.Slug, Name: "Zebra", Group: "beta", FollowedAt: stored(start)},
		}
		if !slices.Equal(ex.Meetings, wantMeetings) {
			t.Errorf("meetings\n%+v\nwant\n%+v", ex.Meetings, wantMeetings)
		}
		var none hearth.Export
		ok(t, e.Store.ExportMemberships(e.ctx, e.mustAccount().ID, &none))
		if none.Groups == nil || none.Meetings == nil || len(none.Groups)+len(none.Meetings) != 0 {
			t.Errorf("a new member's export: %#v %#v", none.Groups, none.Meetings)
		}
	})
}
