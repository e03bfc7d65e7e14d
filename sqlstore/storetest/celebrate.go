package storetest

import (
	"slices"
	"testing"

	"hearth"
)

func (s suite) celebrations(t *testing.T) {
	e := s.env(t)
	owner, member, partner, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
	g := e.mustGroup(owner.ID)
	ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
	p, err := e.Store.InvitePartner(e.as(owner), partner.Handle)
	ok(t, err)
	ok(t, e.Store.AnswerInvitation(e.as(partner), p.ID, true))
	clock := func(vis string, celebrate bool) *hearth.Clock {
		return e.mustClock(owner, func(c *hearth.Clock) { c.Visibility, c.Celebrate = vis, celebrate })
	}
	toGroups := clock(hearth.VisibleToGroups, true)
	toPartners := clock(hearth.VisibleToSupporters, true)
	private := clock(hearth.VisibleToMe, true)
	quiet := clock(hearth.VisibleToGroups, false)
	ids := func(list []*hearth.Celebration) []int64 {
		var out []int64
		for _, c := range list {
			out = append(out, c.ClockID)
			if c.Member.ID != owner.ID || c.Member.Email != "" {
				t.Errorf("celebration of %+v", c.Member)
			}
		}
		return out
	}

	list, err := e.Store.GroupCelebrations(e.as(member), g.ID)
	ok(t, err)
	if got := ids(list); !slices.Equal(got, []int64{toGroups.ID}) {
		t.Errorf("the group celebrates %v, want only the count shown to groups with Celebrate", got)
	}
	_, err = e.Store.GroupCelebrations(e.as(stranger), g.ID)
	wantCode(t, err, hearth.ENOTFOUND)
	// All of the member's groups at once; a stranger in none has none.
	list, err = e.Store.GroupCelebrations(e.as(member), 0)
	ok(t, err)
	if got := ids(list); !slices.Equal(got, []int64{toGroups.ID}) {
		t.Errorf("the member's groups celebrate %v, want only the count shown to groups", got)
	}
	if list, _ := e.Store.GroupCelebrations(e.as(stranger), 0); len(list) != 0 {
		t.Errorf("a member of no group is asked to celebrate %v", ids(list))
	}
	if list, _ := e.Store.GroupCelebrations(e.as(owner), g.ID); len(list) != 0 {
		t.Errorf("the owner is asked to celebrate their own counts: %v", ids(list))
	}
	// A group's list is that group's alone: the count of a member of
	// another group of the member's is on that group's page, and both on
	// the page of all their groups.
	t.Run("OneGroupEach", func(t *testing.T) {
		other := e.mustAccount()
		g2 := e.mustGroup(other.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g2.ID, member.ID, hearth.GroupMember))
		theirs := e.mustClock(other, func(c *hearth.Clock) { c.Visibility, c.Celebrate = hearth.VisibleToGroups, true })
		for _, tc := range []struct {
			group int64
			want  []int64
		}{{g.ID, []int64{toGroups.ID}}, {g2.ID, []int64{theirs.ID}}, {0, []int64{toGroups.ID, theirs.ID}}} {
			list, err := e.Store.GroupCelebrations(e.as(member), tc.group)
			ok(t, err)
			var got []int64
			for _, c := range list {
				got = append(got, c.ClockID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("group %d celebrates %v, want %v", tc.group, got, tc.want)
			}
		}
		ok(t, e.Store.LeaveGroup(e.as(member), g2.ID))
	})
	list, err = e.Store.PartnerCelebrations(e.as(partner))
	ok(t, err)
	if got := ids(list); !slices.Equal(got, []int64{toGroups.ID, toPartners.ID}) {
		t.Errorf("the partner celebrates %v, want the counts not kept private with Celebrate", got)
	}
	if list, _ := e.Store.PartnerCelebrations(e.as(member)); len(list) != 0 {
		t.Errorf("a group member who is no partner celebrates %v", ids(list))
	}

	on := today.AddDays(-1)
	ok(t, e.Store.Congratulate(e.as(member), toGroups.ID, on))
	ok(t, e.Store.Congratulate(e.as(member), toGroups.ID, on)) // once, quietly
	ok(t, e.Store.Congratulate(e.as(partner), toPartners.ID, on))
	ok(t, e.Store.Congratulate(e.as(partner), toGroups.ID, on))
	for _, tc := range []struct {
		name  string
		who   *hearth.Account
		clock int64
	}{
		{"MemberOnPartnersCount", member, toPartners.ID},
		{"PartnerOnPrivateCount", partner, private.ID},
		{"MemberOnQuietCount", member, quiet.ID},
		{"Stranger", stranger, toGroups.ID},
		{"Owner", owner, toGroups.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, e.Store.Congratulate(e.as(tc.who), tc.clock, on), hearth.ENOTFOUND)
		})
	}
	got, err := e.Store.Congratulations(e.as(owner), toGroups.ID)
	ok(t, err)
	if len(got) != 2 || got[0].MilestoneOn != on {
		t.Errorf("congratulations %+v, want the member's and the partner's, once each", got)
	}
	_, err = e.Store.Congratulations(e.as(member), toGroups.ID)
	wantCode(t, err, hearth.ENOTFOUND)
	list, _ = e.Store.GroupCelebrations(e.as(member), g.ID)
	if len(list) != 1 || list[0].CongratulatedOn != on {
		t.Errorf("the group's celebration does not remember the member's congratulations: %+v", list)
	}

	// A setback told to partners is a hard day they see; not one kept.
	ok(t, e.Store.RecordSetback(e.as(owner), quiet.ID, &hearth.Setback{On: today.AddDays(-3)}, today))
	st, err := e.Store.PartnerStatus(e.as(partner), p.ID, start)
	ok(t, err)
	if !st.HardDay.IsZero() {
		t.Errorf("a setback not told to partners shows as a hard day %s", st.HardDay)
	}
	ok(t, e.Store.RecordSetback(e.as(owner), toPartners.ID, &hearth.Setback{On: today.AddDays(-2), TellPartners: true, Note: "kept"}, today))
	st, err = e.Store.PartnerStatus(e.as(partner), p.ID, start)
	ok(t, err)
	if st.HardDay != today.AddDays(-2) {
		t.Errorf("the partner's hard day is %s, want %s", st.HardDay, today.AddDays(-2))
	}

	// Birthday meetings: of the member's groups, and followed ones.
	e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Types = []string{"O", "H"}; m.Slug = "birthday-night" })
	e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Types = []string{"O"} })
	other := e.mustGroup(owner.ID)
	followed := e.mustMeeting(owner, other.ID, func(m *hearth.Meeting) { m.Types = []string{"H"}; m.Slug = "followed-birthday" })
	ok(t, e.Store.FollowMeeting(e.as(stranger), followed.ID))
	birthdays, err := e.Store.BirthdayMeetings(e.as(member), start)
	ok(t, err)
	if len(birthdays) != 1 || birthdays[0].Meeting.Slug != "birthday-night" {
		t.Errorf("the member's birthday meetings: %v", birthdays)
	}
	birthdays, _ = e.Store.BirthdayMeetings(e.as(stranger), start)
	if len(birthdays) != 1 || birthdays[0].Meeting.Slug != "followed-birthday" {
		t.Errorf("the stranger's birthday meetings: %v", birthdays)
	}
}
