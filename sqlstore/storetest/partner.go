package storetest

import (
	"slices"
	"testing"
	"time"

	"hearth"
)

func (s suite) partners(t *testing.T) {
	t.Run("Invitations", func(t *testing.T) {
		e := s.env(t)
		a, b, c := e.mustAccount(), e.mustAccount(), e.mustAccount()
		_, err := e.Store.InvitePartner(e.as(a), "nobody.0000")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.InvitePartner(e.as(a), a.Handle)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.InvitePartner(e.ctx, b.Handle)
		wantCode(t, err, hearth.EUNAUTHORIZED)

		p, err := e.Store.InvitePartner(e.as(a), " "+b.Handle+" ")
		ok(t, err)
		if p.Them.ID != b.ID || p.Accepted || p.Invited || p.Them.Email != "" || p.Mine != hearth.DefaultSharing {
			t.Errorf("invitation %+v", p)
		}
		// Once a pair, whichever asks.
		_, err = e.Store.InvitePartner(e.as(b), a.Handle)
		wantCode(t, err, hearth.ECONFLICT)
		_, err = e.Store.InvitePartner(e.as(a), b.Handle)
		wantCode(t, err, hearth.ECONFLICT)

		// Only the invitee answers.
		wantCode(t, e.Store.AnswerInvitation(e.as(a), p.ID, true), hearth.ENOTFOUND)
		wantCode(t, e.Store.AnswerInvitation(e.as(c), p.ID, true), hearth.ENOTFOUND)
		_, err = e.Store.PartnerStatus(e.as(a), p.ID, start)
		wantCode(t, err, hearth.ENOTFOUND) // not yet a partner

		// c invites b too: b sees both invitations first, then accepts one.
		pc, err := e.Store.InvitePartner(e.as(c), b.Handle)
		ok(t, err)
		ok(t, e.Store.AnswerInvitation(e.as(b), p.ID, true))
		list, err := e.Store.Partnerships(e.as(b))
		ok(t, err)
		if len(list) != 2 || list[0].ID != pc.ID || !list[0].Invited || list[0].Accepted || list[1].ID != p.ID || !list[1].Accepted {
			t.Errorf("b's partnerships: %+v, %+v", list[0], list[1])
		}
		wantCode(t, e.Store.AnswerInvitation(e.as(b), p.ID, true), hearth.ENOTFOUND) // answered already
		ok(t, e.Store.AnswerInvitation(e.as(b), pc.ID, false))
		if list, _ := e.Store.Partnerships(e.as(c)); len(list) != 0 {
			t.Errorf("a declined invitation is still listed for its sender")
		}
		// Either side ends it; then nothing is left to see.
		wantCode(t, e.Store.EndPartnership(e.as(c), p.ID), hearth.ENOTFOUND)
		ok(t, e.Store.EndPartnership(e.as(b), p.ID))
		_, err = e.Store.PartnerStatus(e.as(a), p.ID, start)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	// What a partner sees: only what the other shares, never notes, and
	// never a count kept to oneself.
	t.Run("Status", func(t *testing.T) {
		e := s.env(t)
		a, b, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount()
		p, err := e.Store.InvitePartner(e.as(a), b.Handle)
		ok(t, err)
		ok(t, e.Store.AnswerInvitation(e.as(b), p.ID, true))
		e.mustClock(b, func(c *hearth.Clock) { c.Name = "Shared count"; c.Visibility = hearth.VisibleToSupporters })
		e.mustClock(b, func(c *hearth.Clock) { c.Name = "My own count"; c.Visibility = hearth.VisibleToMe })
		// b's today is in their zone (Chicago); the store's clock is UTC.
		bToday := hearth.Today(start, hearth.LoadZone(b.TimeZone))
		ok(t, e.Store.SaveCheckIn(e.as(b), &hearth.CheckIn{On: bToday, Mood: 2, Craving: 3, SleepTenths: -1, Note: "private note"}, bToday))

		st, err := e.Store.PartnerStatus(e.as(a), p.ID, start)
		ok(t, err)
		if st.Them.ID != b.ID || st.Clocks != nil || st.Moods != nil || !st.CheckedInToday || st.WeekCheckIns != 1 {
			t.Errorf("with the default sharing a sees %+v", st)
		}
		_, err = e.Store.PartnerStatus(e.as(stranger), p.ID, start)
		wantCode(t, err, hearth.ENOTFOUND)

		ok(t, e.Store.SetSharing(e.as(b), p.ID, hearth.Sharing{Clocks: true, Mood: true}))
		st, err = e.Store.PartnerStatus(e.as(a), p.ID, start)
		ok(t, err)
		if len(st.Clocks) != 1 || st.Clocks[0].Name != "Shared count" {
			t.Errorf("a sees b's counts %+v, want the shared one only", st.Clocks)
		}
		if len(st.Moods) != 14 || st.Moods[13] != 2 || st.CheckedInToday || st.WeekCheckIns != 0 {
			t.Errorf("a sees moods %v and check-ins %v/%d, want today's mood and no check-ins (not shared)", st.Moods, st.CheckedInToday, st.WeekCheckIns)
		}
		// b's sharing is b's: a's side is unchanged.
		list, _ := e.Store.Partnerships(e.as(a))
		if list[0].Mine != hearth.DefaultSharing || list[0].Theirs != (hearth.Sharing{Clocks: true, Mood: true}) {
			t.Errorf("a's partnership: mine %+v, theirs %+v", list[0].Mine, list[0].Theirs)
		}
	})

	t.Run("Nudges", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		p, err := e.Store.InvitePartner(e.as(a), b.Handle)
		ok(t, err)
		wantCode(t, e.Store.Nudge(e.as(a), p.ID, start), hearth.ENOTFOUND) // not yet partners
		ok(t, e.Store.AnswerInvitation(e.as(b), p.ID, true))
		ok(t, e.Store.Nudge(e.as(a), p.ID, start))
		wantCode(t, e.Store.Nudge(e.as(a), p.ID, start.Add(time.Hour)), hearth.ERATELIMIT)
		list, _ := e.Store.Partnerships(e.as(b))
		if !list[0].NudgedMe.Equal(stored(start)) {
			t.Errorf("b was nudged at %v, want %v", list[0].NudgedMe, stored(start))
		}
		ok(t, e.Store.Nudge(e.as(b), p.ID, start.Add(time.Hour))) // each side has its own
		ok(t, e.Store.Nudge(e.as(a), p.ID, start.Add(hearth.NudgeInterval)))
		ok(t, e.Store.SetSharing(e.as(b), p.ID, hearth.Sharing{CheckIns: true}))
		wantCode(t, e.Store.Nudge(e.as(a), p.ID, start.Add(3*hearth.NudgeInterval)), hearth.EFORBIDDEN)
	})

	// The export names the other member by display name and holds what
	// the member shares, never what the other shares.
	t.Run("Export", func(t *testing.T) {
		e := s.env(t)
		a, b, c := e.mustAccount(), e.mustAccount(), e.mustAccount()
		p := e.mustPartners(a, b)
		ok(t, e.Store.SetSharing(e.as(a), p.ID, hearth.Sharing{Clocks: true, Mood: true}))
		ok(t, e.Store.SetSharing(e.as(b), p.ID, hearth.Sharing{Nudges: true}))
		_, err := e.Store.InvitePartner(e.as(c), a.Handle)
		ok(t, err)
		var x hearth.Export
		ok(t, e.Store.ExportPartnerships(e.as(a), &x))
		if len(x.Partnerships) != 2 {
			t.Fatalf("partnerships %+v", x.Partnerships)
		}
		invite, active := x.Partnerships[0], x.Partnerships[1]
		if invite.Other != c.DisplayName || invite.Accepted || invite.InvitedBy != "them" || invite.AcceptedAt != nil {
			t.Errorf("the invitation %+v", invite)
		}
		if active.Other != b.DisplayName || !active.Accepted || active.InvitedBy != "me" || active.AcceptedAt == nil ||
			!slices.Equal(active.IShare, []string{"counts", "mood"}) {
			t.Errorf("the partnership %+v", active)
		}
		var none hearth.Export
		ok(t, e.Store.ExportPartnerships(e.as(e.mustAccount()), &none))
		if none.Partnerships == nil || len(none.Partnerships) != 0 {
			t.Errorf("a member without partners exports %#v", none.Partnerships)
		}
	})

	t.Run("Erasure", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		p, err := e.Store.InvitePartner(e.as(a), b.Handle)
		ok(t, err)
		ok(t, e.Store.AnswerInvitation(e.as(b), p.ID, true))
		ok(t, e.Store.DeleteAccount(e.ctx, a.ID))
		if list, err := e.Store.Partnerships(e.as(b)); err != nil || len(list) != 0 {
			t.Errorf("after a's erasure b's partnerships are %v, %v", list, err)
		}
	})
}
