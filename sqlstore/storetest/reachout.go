package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

// reachOutPlanField: the words of a member's reach-out plan, for the
// canary scan.
func reachOutPlanField() privateField {
	set := func(e *env, a *hearth.Account, v string) {
		ok(e.t, e.Store.SetReachOutPlan(e.as(a), &hearth.ReachOutPlan{Partners: true, Words: v}))
	}
	return privateField{
		name:   "ReachOutPlan.Words",
		after:  set,
		update: set,
		read: func(e *env, a *hearth.Account) string {
			p, err := e.Store.ReachOutPlan(e.as(a))
			ok(e.t, err)
			return p.Words
		},
	}
}

// reachOutField: the words of a reach-out, as sent and as its recipient
// holds them, for the canary scan.
func reachOutField() privateField {
	partner := map[int64]*hearth.Account{}
	send := func(e *env, a *hearth.Account, v string) {
		ok(e.t, e.Store.SetReachOutPlan(e.as(a), &hearth.ReachOutPlan{Partners: true, Words: v}))
		e.clock.Advance(hearth.ReachOutInterval)
		_, err := e.Store.ReachOut(e.as(a))
		ok(e.t, err)
	}
	return privateField{
		name: "ReachOut.Words",
		after: func(e *env, a *hearth.Account, v string) {
			partner[a.ID] = e.mustAccount()
			e.mustPartners(a, partner[a.ID])
			send(e, a, v)
		},
		update: send,
		read: func(e *env, a *hearth.Account) string {
			mine, err := e.Store.MyReachOuts(e.as(a))
			ok(e.t, err)
			theirs, err := e.Store.ReachOutsToMe(e.as(partner[a.ID]))
			ok(e.t, err)
			if len(mine) == 0 || len(theirs) == 0 || mine[0].Words != theirs[0].Words {
				e.t.Errorf("the sender's words and the recipient's differ: %v, %v", mine, theirs)
				return ""
			}
			return theirs[0].Words
		},
	}
}

func (s suite) reachOuts(t *testing.T) {
	t.Run("Plan", func(t *testing.T) {
		e := s.env(t)
		owner, a := e.mustAccount(), e.mustAccount()
		g, other := e.mustGroup(owner.ID), e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, a.ID, hearth.GroupMember))
		p, err := e.Store.ReachOutPlan(e.as(a))
		ok(t, err)
		if !p.Partners || !p.Sponsor || len(p.Groups) != 0 || p.Words != "" {
			t.Errorf("default plan %+v", p)
		}
		want := &hearth.ReachOutPlan{Partners: false, Sponsor: true, Groups: []int64{g.ID, g.ID}, Words: "  Rough night. Could you call?  "}
		ok(t, e.Store.SetReachOutPlan(e.as(a), want))
		p, err = e.Store.ReachOutPlan(e.as(a))
		ok(t, err)
		if p.Partners || !p.Sponsor || len(p.Groups) != 1 || p.Groups[0] != g.ID || p.Words != "Rough night. Could you call?" {
			t.Errorf("plan read back %+v", p)
		}
		err = e.Store.SetReachOutPlan(e.as(a), &hearth.ReachOutPlan{Groups: []int64{other.ID}})
		wantCode(t, err, hearth.ENOTFOUND)
		err = e.Store.SetReachOutPlan(e.as(a), &hearth.ReachOutPlan{Words: strings.Repeat("x", hearth.ReachOutWordsMax+1)})
		wantCode(t, err, hearth.EINVALID)
		if p, _ := e.Store.ReachOutPlan(e.as(a)); p.Words != "Rough night. Could you call?" || len(p.Groups) != 1 {
			t.Errorf("a refused plan changed the kept one: %+v", p)
		}
		_, err = e.Store.ReachOutPlan(e.ctx)
		wantCode(t, err, hearth.EUNAUTHORIZED)
	})

	// The export holds the plan: who is told, by group name, and the
	// member's words, opened.
	t.Run("Export", func(t *testing.T) {
		e := s.env(t)
		owner, a := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, a.ID, hearth.GroupMember))
		var x hearth.Export
		ok(t, e.Store.ExportTalk(e.as(a), &x))
		if p := x.ReachOutPlan; !p.Partners || !p.Sponsor || p.Groups == nil || len(p.Groups) != 0 || p.Words != "" || p.PausedUntil != nil {
			t.Errorf("the default plan exports as %+v", p)
		}
		until := start.Add(48 * time.Hour)
		ok(t, e.Store.SetReachOutPlan(e.as(a), &hearth.ReachOutPlan{Sponsor: true, Groups: []int64{g.ID}, Words: "Please call me", PausedUntil: until}))
		ok(t, e.Store.ExportTalk(e.as(a), &x))
		if p := x.ReachOutPlan; p.Partners || !p.Sponsor || !slices.Equal(p.Groups, []string{g.Name}) || p.Words != "Please call me" ||
			p.PausedUntil == nil || p.PausedUntil.Sub(until).Abs() > time.Millisecond {
			t.Errorf("the plan exports as %+v", p)
		}
	})

	t.Run("SendSeeAnswer", func(t *testing.T) {
		e := s.env(t)
		owner, sender, partner, servant, member, paused, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount(),
			e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, sender.ID, hearth.GroupMember))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		e.mustPartners(sender, partner)
		e.mustPartners(sender, paused)
		ok(t, e.Store.SetReachOutPlan(e.as(paused), &hearth.ReachOutPlan{PausedUntil: start.Add(24 * time.Hour)}))
		ok(t, e.Store.SetReachOutPlan(e.as(sender), &hearth.ReachOutPlan{Partners: true, Groups: []int64{g.ID}, Words: "Please check on me"}))
		// The sender takes messages from connections only; an answer opens
		// a conversation all the same.
		ok(t, e.Store.SetMessagePrefs(e.as(sender), hearth.MessagePrefs{From: hearth.MessagesFromConnections}))

		r, err := e.Store.ReachOut(e.as(sender))
		ok(t, err)
		var got []int64
		for _, rc := range r.Recipients {
			got = append(got, rc.Account.ID)
			if !rc.SeenAt.IsZero() || rc.Account.Email != "" {
				t.Errorf("recipient %+v", rc)
			}
		}
		if want := []int64{owner.ID, partner.ID, servant.ID}; !sameSet(got, want) {
			t.Fatalf("recipients %v, want the partner, the owner and the servant %v", got, want)
		}
		for _, who := range []*hearth.Account{partner, servant, owner} {
			list, err := e.Store.ReachOutsToMe(e.as(who))
			ok(t, err)
			if len(list) != 1 || list[0].ID != r.ID || list[0].Words != "Please check on me" || list[0].Sender.ID != sender.ID {
				t.Errorf("%d received %+v", who.ID, list)
			}
			if n, _ := e.Store.UnreadNotifications(e.as(who)); n != 1 {
				t.Errorf("%d has %d unread notifications, want 1", who.ID, n)
			}
		}
		for _, who := range []*hearth.Account{member, paused, stranger} {
			if list, _ := e.Store.ReachOutsToMe(e.as(who)); len(list) != 0 {
				t.Errorf("%d received it: %+v", who.ID, list)
			}
			_, err := e.Store.SeeReachOut(e.as(who), r.ID)
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.AnswerReachOut(e.as(who), r.ID)
			wantCode(t, err, hearth.ENOTFOUND)
		}

		// A second tap within the interval sends nothing more.
		e.clock.Advance(time.Minute)
		again, err := e.Store.ReachOut(e.as(sender))
		wantCode(t, err, hearth.ERATELIMIT)
		if again == nil || again.ID != r.ID {
			t.Errorf("the second tap returned %+v, want the first reach-out", again)
		}
		if list, _ := e.Store.ReachOutsToMe(e.as(partner)); len(list) != 1 {
			t.Errorf("the partner received %d reach-outs, want 1", len(list))
		}

		_, err = e.Store.SeeReachOut(e.as(partner), r.ID)
		ok(t, err)
		c, err := e.Store.AnswerReachOut(e.as(servant), r.ID)
		ok(t, err)
		_, err = e.Store.AnswerReachOut(e.as(servant), r.ID)
		ok(t, err)
		mine, err := e.Store.MyReachOuts(e.as(sender))
		ok(t, err)
		for _, rc := range mine[0].Recipients {
			seen, answered := !rc.SeenAt.IsZero(), !rc.AnsweredAt.IsZero()
			switch rc.Account.ID {
			case partner.ID:
				if !seen || answered {
					t.Errorf("the partner: seen %v, answered %v", seen, answered)
				}
			case servant.ID:
				if !seen || !answered {
					t.Errorf("the servant: seen %v, answered %v", seen, answered)
				}
			case owner.ID:
				if seen || answered {
					t.Errorf("the owner: seen %v, answered %v", seen, answered)
				}
			}
		}
		conv, err := e.Store.Conversation(e.as(sender), c.ID)
		ok(t, err)
		if conv.With.ID != servant.ID || conv.Closed {
			t.Errorf("the answer's conversation %+v", conv)
		}
		notes, err := e.Store.Notifications(e.as(sender), 0, 10)
		ok(t, err)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifyAnswered || notes[0].Subject != c.ID {
			t.Errorf("the sender's notifications %+v, want one answer", notes)
		}
		e.clock.Advance(hearth.ReachOutInterval)
		_, err = e.Store.ReachOut(e.as(sender))
		ok(t, err)
		if mine, _ := e.Store.MyReachOuts(e.as(sender)); len(mine) != 2 {
			t.Errorf("%d reach-outs after the interval, want 2", len(mine))
		}
		e.clock.Advance(hearth.ReachOutRecent)
		if list, _ := e.Store.ReachOutsToMe(e.as(partner)); len(list) != 0 {
			t.Errorf("reach-outs older than a week still shown: %d", len(list))
		}
	})
}

// sameSet says whether a and b hold the same ids.
func sameSet(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int64]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
