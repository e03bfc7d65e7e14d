package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

// shareWorld is a group with an author, a member, a trusted servant, a
// site admin who is no member, someone from outside, and a member the
// author blocked.
type shareWorld struct {
	g                                                     *hearth.Group
	owner, author, member, servant, admin, outsider, shut *hearth.Account
}

func (e *env) shareWorld() *shareWorld {
	w := &shareWorld{owner: e.mustAccount(), author: e.mustAccount(func(a *hearth.Account) { a.DisplayName = "Author" }),
		member: e.mustAccount(), servant: e.mustAccount(), admin: e.mustAccount(), outsider: e.mustAccount(), shut: e.mustAccount()}
	w.g = e.mustGroup(w.owner.ID)
	for _, a := range []*hearth.Account{w.author, w.member, w.shut} {
		ok(e.t, e.Store.AddGroupMember(e.ctx, w.g.ID, a.ID, hearth.GroupMember))
	}
	ok(e.t, e.Store.AddGroupMember(e.ctx, w.g.ID, w.servant.ID, hearth.GroupServant))
	ok(e.t, e.Store.SetRole(e.ctx, w.admin.Handle, hearth.RoleAdmin))
	w.admin.Role = hearth.RoleAdmin
	ok(e.t, e.Store.Block(e.as(w.author), w.shut.ID))
	return w
}

func (e *env) mustShare(a *hearth.Account, sh *hearth.Share) *hearth.Share {
	e.t.Helper()
	if sh.Kind == "" {
		sh.Kind = hearth.ShareShare
	}
	if sh.Body == "" {
		sh.Body = "Ninety days today. Thank you all."
	}
	ok(e.t, e.Store.CreateShare(e.as(a), sh))
	return sh
}

func listed(list []*hearth.Share, id int64) *hearth.Share {
	for _, s := range list {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (s suite) shares(t *testing.T) {
	t.Run("Authorization", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		// Each action on a fresh share of the author's, for each reader:
		// the error code each one gets.
		type action struct {
			name string
			do   func(a *hearth.Account, sh *hearth.Share) error
		}
		actions := []action{
			{"read", func(a *hearth.Account, sh *hearth.Share) error {
				_, err := e.Store.FindShare(e.as(a), sh.ID)
				return err
			}},
			{"list", func(a *hearth.Account, sh *hearth.Share) error {
				list, err := e.Store.GroupShares(e.as(a), sh.GroupID, hearth.ShareFilter{})
				if err == nil && listed(list, sh.ID) == nil {
					return hearth.Errorf(hearth.ENOTFOUND, "not listed")
				}
				return err
			}},
			{"replies", func(a *hearth.Account, sh *hearth.Share) error {
				_, err := e.Store.ShareReplies(e.as(a), sh.ID)
				return err
			}},
			{"reply", func(a *hearth.Account, sh *hearth.Share) error {
				return e.Store.CreateShare(e.as(a), &hearth.Share{ParentID: sh.ID, Body: "Heard you."})
			}},
			{"react", func(a *hearth.Account, sh *hearth.Share) error { return e.Store.React(e.as(a), sh.ID, "heard", true) }},
			{"report", func(a *hearth.Account, sh *hearth.Share) error {
				return e.Store.FileReport(e.as(a), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: sh.ID, Reason: "spam"})
			}},
			{"edit", func(a *hearth.Account, sh *hearth.Share) error {
				return e.Store.EditShare(e.as(a), &hearth.Share{ID: sh.ID, Kind: hearth.ShareShare, Body: "Changed."})
			}},
			{"history", func(a *hearth.Account, sh *hearth.Share) error {
				_, err := e.Store.ShareHistory(e.as(a), sh.ID)
				return err
			}},
			{"hide", func(a *hearth.Account, sh *hearth.Share) error {
				return e.Store.Moderate(e.as(a), sh.ID, hearth.ModHide, "spam")
			}},
			{"delete", func(a *hearth.Account, sh *hearth.Share) error { return e.Store.DeleteShare(e.as(a), sh.ID) }},
		}
		const (
			ok_ = ""
			nf  = hearth.ENOTFOUND
			fb  = hearth.EFORBIDDEN
		)
		readers := []struct {
			name string
			a    *hearth.Account
			want []string // in the order of actions
		}{
			//                       read list replies reply react report edit history hide delete
			{"non-member", w.outsider, []string{nf, fb, nf, nf, nf, nf, nf, nf, fb, nf}},
			{"member", w.member, []string{ok_, ok_, ok_, ok_, ok_, ok_, nf, nf, fb, nf}},
			{"author", w.author, []string{ok_, ok_, ok_, ok_, ok_, ok_, ok_, ok_, fb, ok_}},
			{"trusted servant", w.servant, []string{ok_, ok_, ok_, ok_, ok_, ok_, nf, ok_, ok_, nf}},
			{"site admin", w.admin, []string{ok_, ok_, ok_, fb, nf, ok_, nf, ok_, ok_, nf}},
			{"blocked member", w.shut, []string{nf, nf, nf, nf, nf, nf, nf, nf, fb, nf}},
		}
		for _, r := range readers {
			for i, act := range actions {
				t.Run(r.name+"/"+act.name, func(t *testing.T) {
					sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
					wantCode(t, act.do(r.a, sh), r.want[i])
				})
			}
		}
		t.Run("visitor", func(t *testing.T) {
			sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
			for _, act := range actions {
				wantCode(t, act.do(nil, sh), hearth.EUNAUTHORIZED)
			}
		})
	})

	t.Run("AsAMemberOfThisGroup", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Anonymous: true})
		reply := e.mustShare(w.author, &hearth.Share{ParentID: sh.ID, Anonymous: true, Body: "And thank you."})
		for _, tc := range []struct {
			name  string
			a     *hearth.Account
			knows bool
		}{
			{"member", w.member, false}, {"author", w.author, true}, {"servant", w.servant, true}, {"admin", w.admin, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := e.Store.FindShare(e.as(tc.a), sh.ID)
				ok(t, err)
				list, err := e.Store.GroupShares(e.as(tc.a), w.g.ID, hearth.ShareFilter{})
				ok(t, err)
				replies, err := e.Store.ShareReplies(e.as(tc.a), sh.ID)
				ok(t, err)
				for _, v := range []*hearth.Share{got, listed(list, sh.ID), listed(replies, reply.ID)} {
					if v == nil {
						t.Fatal("not found")
					}
					knows := v.AuthorID == w.author.ID && v.AuthorName == "Author"
					if knows != tc.knows || (!tc.knows && (v.AuthorID != 0 || v.AuthorName != "")) || !v.Anonymous {
						t.Errorf("share %d: author %d %q, anonymous %v; want known %v", v.ID, v.AuthorID, v.AuthorName, v.Anonymous, tc.knows)
					}
				}
			})
		}
	})

	t.Run("RepliesEditsReactions", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Title: "  A hard week ", Kind: hearth.ShareMilestone,
			Warning: "relapse", Body: "I slipped on **Tuesday**."})
		if sh.Title != "A hard week" || sh.Status != hearth.ShareVisible || sh.ID == 0 || sh.HTML != "<p>I slipped on <strong>Tuesday</strong>.</p>\n" {
			t.Fatalf("created %+v", sh)
		}
		reply := e.mustShare(w.member, &hearth.Share{ParentID: sh.ID, Body: "You came back. That matters."})
		if reply.GroupID != w.g.ID || reply.Kind != hearth.ShareReply {
			t.Errorf("reply %+v", reply)
		}
		// The author is told of the reply.
		notes, err := e.Store.Notifications(e.as(w.author), 0, 10)
		ok(t, err)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifyReply || notes[0].Subject != reply.ID {
			t.Errorf("author's notifications %+v", notes)
		}
		// A reply to a reply is not a thing.
		wantCode(t, e.Store.CreateShare(e.as(w.member), &hearth.Share{ParentID: reply.ID, Body: "x"}), hearth.ENOTFOUND)

		// Reactions: counted for the author only; the reader sees their own.
		for _, a := range []*hearth.Account{w.member, w.servant} {
			ok(t, e.Store.React(e.as(a), sh.ID, "me-too", true))
			ok(t, e.Store.React(e.as(a), sh.ID, "me-too", true)) // twice is once
		}
		ok(t, e.Store.React(e.as(w.member), sh.ID, "strength", true))
		ok(t, e.Store.React(e.as(w.member), sh.ID, "strength", false))
		wantCode(t, e.Store.React(e.as(w.member), sh.ID, "like", true), hearth.EINVALID)
		mine, err := e.Store.FindShare(e.as(w.author), sh.ID)
		ok(t, err)
		if mine.Reactions["me-too"] != 2 || mine.Reactions["strength"] != 0 || mine.Replies != 1 {
			t.Errorf("author sees %v, %d replies", mine.Reactions, mine.Replies)
		}
		theirs, err := e.Store.FindShare(e.as(w.member), sh.ID)
		ok(t, err)
		if theirs.Reactions != nil || !slices.Equal(theirs.Mine, []string{"me-too"}) {
			t.Errorf("member sees counts %v, own %v", theirs.Reactions, theirs.Mine)
		}
		// Two reactions, one notification (the first unread stands for both).
		notes, err = e.Store.Notifications(e.as(w.author), 0, 10)
		ok(t, err)
		n := 0
		for _, x := range notes {
			if x.Kind == hearth.NotifyReaction {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d reaction notifications, want 1", n)
		}

		// Edits keep what was said.
		e.clock.Advance(60e9)
		ok(t, e.Store.EditShare(e.as(w.author), &hearth.Share{ID: sh.ID, Kind: hearth.ShareShare, Body: "I slipped, and I am back."}))
		got, err := e.Store.FindShare(e.as(w.member), sh.ID)
		ok(t, err)
		if got.Body != "I slipped, and I am back." || got.HTML != "<p>I slipped, and I am back.</p>\n" || got.EditedAt.IsZero() || got.Warning != "" {
			t.Errorf("after edit %+v", got)
		}
		hist, err := e.Store.ShareHistory(e.as(w.author), sh.ID)
		ok(t, err)
		if len(hist) != 1 || hist[0].Body != "I slipped on **Tuesday**." || hist[0].Title != "A hard week" {
			t.Errorf("history %+v", hist)
		}

		// Paging: newest first, 50 at most, older before an ID.
		var ids []int64
		for range 55 {
			ids = append(ids, e.mustShare(w.member, &hearth.Share{GroupID: w.g.ID}).ID)
		}
		page, err := e.Store.GroupShares(e.as(w.member), w.g.ID, hearth.ShareFilter{})
		ok(t, err)
		if len(page) != hearth.SharePageMax || page[0].ID != ids[54] {
			t.Fatalf("first page: %d shares, first %d", len(page), page[0].ID)
		}
		older, err := e.Store.GroupShares(e.as(w.member), w.g.ID, hearth.ShareFilter{Before: page[len(page)-1].ID})
		ok(t, err)
		if len(older) != 6 || older[5].ID != sh.ID {
			t.Errorf("older page: %d shares", len(older))
		}

		// Deleting a share deletes its thread.
		ok(t, e.Store.DeleteShare(e.as(w.author), sh.ID))
		wantCode(t, e.Store.DeleteShare(e.as(w.author), sh.ID), hearth.ENOTFOUND)
		_, err = e.Store.FindShare(e.as(w.member), reply.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	// A share's count of visible replies is kept in the database (migration
	// 18's triggers): it must follow every way a reply appears, changes or
	// goes, the cascades of an erased account included.
	t.Run("KeptReplyCount", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		leaver, newcomer := e.mustAccount(), e.mustAccount()
		for _, a := range []*hearth.Account{leaver, newcomer} {
			ok(t, e.Store.AddGroupMember(e.ctx, w.g.ID, a.ID, hearth.GroupMember))
		}
		want := func(step string, n int) {
			t.Helper()
			for _, a := range []*hearth.Account{w.member, w.author, w.servant} {
				list, err := e.Store.GroupShares(e.as(a), w.g.ID, hearth.ShareFilter{})
				ok(t, err)
				got := listed(list, sh.ID)
				if got == nil || got.Replies != n {
					t.Fatalf("%s: %s sees %+v, want %d replies", step, a.Handle, got, n)
				}
			}
			found, err := e.Store.FindShare(e.as(w.member), sh.ID)
			ok(t, err)
			if found.Replies != n {
				t.Fatalf("%s: the share found has %d replies, want %d", step, found.Replies, n)
			}
		}
		want("no replies", 0)
		r1 := e.mustShare(w.member, &hearth.Share{ParentID: sh.ID, Body: "Heard you."})
		r2 := e.mustShare(w.servant, &hearth.Share{ParentID: sh.ID, Body: "Me too."})
		e.mustShare(leaver, &hearth.Share{ParentID: sh.ID, Body: "Keep coming back."})
		want("three replies", 3)
		ok(t, e.Store.DeleteShare(e.as(w.member), r1.ID))
		want("one deleted", 2)
		ok(t, e.Store.Moderate(e.as(w.servant), r2.ID, hearth.ModHide, "spam"))
		want("one hidden", 1)
		ok(t, e.Store.Moderate(e.as(w.admin), r2.ID, hearth.ModHide, "spam"))
		want("hidden again", 1)
		ok(t, e.Store.Moderate(e.as(w.servant), r2.ID, hearth.ModRestore, ""))
		want("restored", 2)
		ok(t, e.Store.Moderate(e.as(w.servant), r2.ID, hearth.ModRemove, "spam"))
		want("removed", 1)
		ok(t, e.Store.Moderate(e.as(w.servant), r2.ID, hearth.ModRestore, ""))
		want("restored again", 2)
		ok(t, e.Store.DeleteAccount(e.ctx, leaver.ID))
		want("its writer erased", 1)
		// A newcomer's first reply waits, uncounted, until it is approved.
		ok(t, e.Store.SetPremoderation(e.as(w.servant), w.g.ID, true))
		first := e.mustShare(newcomer, &hearth.Share{ParentID: sh.ID, Body: "First time here."})
		if first.Status != hearth.SharePending {
			t.Fatalf("first reply %s, want pending", first.Status)
		}
		want("one pending", 1)
		ok(t, e.Store.Moderate(e.as(w.servant), first.ID, hearth.ModRestore, ""))
		want("approved", 2)
		// A reply of a reply's share deleted with it leaves no count behind
		// on anything else.
		other := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		e.mustShare(w.member, &hearth.Share{ParentID: other.ID, Body: "Here."})
		ok(t, e.Store.DeleteShare(e.as(w.author), other.ID))
		want("another thread deleted", 2)
	})

	// A reply the reader cannot see for a block, either way, is not in the
	// count they are shown: for every reader, the count is the number of
	// replies the thread shows them.
	t.Run("RepliesCountedAsSeen", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld() // the author blocks shut
		wary := e.mustAccount()
		ok(t, e.Store.AddGroupMember(e.ctx, w.g.ID, wary.ID, hearth.GroupMember))
		sh := e.mustShare(w.member, &hearth.Share{GroupID: w.g.ID})
		e.mustShare(w.shut, &hearth.Share{ParentID: sh.ID, Body: "Me too."})
		e.mustShare(wary, &hearth.Share{ParentID: sh.ID, Body: "Thank you."})
		e.mustShare(w.servant, &hearth.Share{ParentID: sh.ID, Body: "Heard you."})
		ok(t, e.Store.Block(e.as(wary), w.author.ID))
		want := func(step string, counts map[*hearth.Account]int) {
			t.Helper()
			for a, n := range counts {
				list, err := e.Store.GroupShares(e.as(a), w.g.ID, hearth.ShareFilter{})
				ok(t, err)
				found, err := e.Store.FindShare(e.as(a), sh.ID)
				ok(t, err)
				replies, err := e.Store.ShareReplies(e.as(a), sh.ID)
				ok(t, err)
				inList := -1 // not listed
				if got := listed(list, sh.ID); got != nil {
					inList = got.Replies
				}
				if inList != n || found.Replies != n || len(replies) != n {
					t.Errorf("%s: %s sees %d replies listed, %d found, %d in the thread; want %d", step, a.Handle,
						inList, found.Replies, len(replies), n)
				}
			}
		}
		want("blocks both ways", map[*hearth.Account]int{w.author: 1, w.member: 3, w.servant: 3, w.shut: 3, wary: 3})
		ok(t, e.Store.Unblock(e.as(w.author), w.shut.ID))
		want("one block lifted", map[*hearth.Account]int{w.author: 2, w.member: 3})
		ok(t, e.Store.Unblock(e.as(wary), w.author.ID))
		want("none left", map[*hearth.Account]int{w.author: 3, w.shut: 3, wary: 3})
	})

	// The reader's own reactions come from one range of the reactions by
	// account and share: only the listed shares get them, each its own,
	// whatever lies between them in another group.
	t.Run("OwnReactionsInAList", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		g2 := e.mustGroup(w.owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g2.ID, w.member.ID, hearth.GroupMember))
		a := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		between := e.mustShare(w.owner, &hearth.Share{GroupID: g2.ID})
		c := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		quiet := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		mine := e.mustShare(w.member, &hearth.Share{GroupID: w.g.ID})
		for _, r := range []struct {
			id   int64
			kind string
		}{{a.ID, "heard"}, {between.ID, "heard"}, {c.ID, "strength"}, {c.ID, "heard"}, {mine.ID, "me-too"}} {
			ok(t, e.Store.React(e.as(w.member), r.id, r.kind, true))
		}
		ok(t, e.Store.React(e.as(w.servant), mine.ID, "me-too", true))
		ok(t, e.Store.React(e.as(w.servant), c.ID, "me-too", true))
		list, err := e.Store.GroupShares(e.as(w.member), w.g.ID, hearth.ShareFilter{})
		ok(t, err)
		for _, tc := range []struct {
			sh     *hearth.Share
			mine   []string
			counts map[string]int
		}{
			{a, []string{"heard"}, nil},
			{c, []string{"heard", "strength"}, nil},
			{quiet, nil, nil},
			{mine, []string{"me-too"}, map[string]int{"me-too": 2}},
		} {
			got := listed(list, tc.sh.ID)
			if got == nil {
				t.Fatalf("share %d not listed", tc.sh.ID)
			}
			if !slices.Equal(got.Mine, tc.mine) || !reflect.DeepEqual(got.Reactions, tc.counts) {
				t.Errorf("share %d: own %v, counts %v; want %v, %v", tc.sh.ID, got.Mine, got.Reactions, tc.mine, tc.counts)
			}
		}
		if listed(list, between.ID) != nil {
			t.Errorf("another group's share listed")
		}
	})

	t.Run("BadInput", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		for _, tc := range []struct {
			name, field string
			sh          hearth.Share
		}{
			{"no body", "body", hearth.Share{Kind: "share", Body: "   "}},
			{"unknown kind", "kind", hearth.Share{Kind: "rant", Body: "x"}},
			{"unknown warning", "warning", hearth.Share{Kind: "share", Body: "x", Warning: "gore"}},
			{"long title", "title", hearth.Share{Kind: "share", Body: "x", Title: strings.Repeat("t", 141)}},
			{"oversized", "body", hearth.Share{Kind: "share", Body: strings.Repeat("words ", 4000)}},
			{"invalid utf-8", "body", hearth.Share{Kind: "share", Body: "bad \xff byte"}},
			{"deep", "body", hearth.Share{Kind: "share", Body: strings.Repeat(">", 200) + " x"}},
			{"homoglyph", "body", hearth.Share{Kind: "share", Body: "free p\u0430yp\u0430l money"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sh := tc.sh
				sh.GroupID = w.g.ID
				err := e.Store.CreateShare(e.as(w.member), &sh)
				wantCode(t, err, hearth.EINVALID)
				if f := hearth.ErrorFields(err); f[tc.field] == "" {
					t.Errorf("fields %v, want one for %s", f, tc.field)
				}
			})
		}
		// Zero-width characters are taken out, not refused.
		sh := e.mustShare(w.member, &hearth.Share{GroupID: w.g.ID, Body: "he\u200bard\u202e you"})
		if sh.Body != "heard you" {
			t.Errorf("body kept as %q", sh.Body)
		}
	})

	// A member reported: the queue names them (never the reporter) and
	// their standing; suspending them answers the reports about them in
	// the group, and is logged.
	t.Run("MemberReports", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		report := func(by *hearth.Account, reason string) {
			t.Helper()
			ok(t, e.Store.FileReport(e.as(by), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.author.ID, GroupID: w.g.ID, Reason: reason, Note: "again"}))
		}
		report(w.member, "harassment")
		report(w.servant, "spam")
		wantCode(t, e.Store.FileReport(e.as(w.author), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.author.ID, GroupID: w.g.ID, Reason: "spam"}), hearth.ENOTFOUND)
		wantCode(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.outsider.ID, GroupID: w.g.ID, Reason: "spam"}), hearth.ENOTFOUND)
		queue, err := e.Store.Reports(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(queue) != 2 || queue[0].TargetKind != hearth.ReportMember || queue[0].AuthorName != "Author" ||
			queue[0].TargetStatus != "member" || queue[0].ReporterID != 0 || queue[0].Note != "again" {
			t.Fatalf("queue %+v", queue[0])
		}
		// The site admins' overview: the group, its two open reports. An
		// at-risk report in a second group puts that group first.
		other := e.mustGroup(w.servant.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, other.ID, w.member.ID, hearth.GroupMember))
		ok(t, e.Store.FileReport(e.as(w.servant), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.member.ID, GroupID: other.ID, Reason: "at-risk"}))
		qs, err := e.Store.GroupQueues(e.as(w.admin))
		ok(t, err)
		if len(qs) != 2 || qs[0].GroupID != other.ID || qs[0].Open != 1 || qs[0].AtRisk != 1 ||
			qs[1].GroupID != w.g.ID || qs[1].Open != 2 || qs[1].AtRisk != 0 || qs[1].Slug != w.g.Slug {
			t.Errorf("the groups' queues: %+v", qs)
		}
		for _, who := range []*hearth.Account{w.servant, w.member} {
			_, err := e.Store.GroupQueues(e.as(who))
			wantCode(t, err, hearth.EFORBIDDEN)
		}
		ok(t, e.Store.SuspendMember(e.as(w.servant), w.g.ID, w.author.ID, true))
		if queue, err = e.Store.Reports(e.as(w.servant), w.g.ID); err != nil || len(queue) != 0 {
			t.Errorf("after suspending, the queue holds %d reports (%v)", len(queue), err)
		}
		report(w.member, "harassment")
		queue, err = e.Store.Reports(e.as(w.admin), w.g.ID)
		ok(t, err)
		if len(queue) != 1 || queue[0].TargetStatus != "suspended" {
			t.Errorf("a suspended member's report %+v", queue)
		}
		ok(t, e.Store.SuspendMember(e.as(w.servant), w.g.ID, w.author.ID, false))
		if queue, _ = e.Store.Reports(e.as(w.servant), w.g.ID); len(queue) != 1 {
			t.Errorf("letting them post again closed %d reports", 1-len(queue))
		}
		log, err := e.Store.ModerationLog(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(log) != 2 || log[1].Action != hearth.ModSuspend || log[1].TargetKind != hearth.ReportMember || log[1].TargetID != w.author.ID {
			t.Errorf("log %+v", log)
		}
		// Gone from the group: the report stays, their standing is none.
		ok(t, e.Store.LeaveGroup(e.as(w.author), w.g.ID))
		if queue, _ = e.Store.Reports(e.as(w.servant), w.g.ID); len(queue) != 1 || queue[0].TargetStatus != "" || queue[0].AuthorName != "Author" {
			t.Errorf("after they left: %+v", queue)
		}
	})

	t.Run("Moderation", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		other := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		ok(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: sh.ID, Reason: "spam", Note: "  ads "}))
		ok(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: other.ID, Reason: "at-risk"}))
		wantCode(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: sh.ID, Reason: "dislike"}), hearth.EINVALID)
		ok(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.author.ID, GroupID: w.g.ID, Reason: "harassment"}))
		wantCode(t, e.Store.FileReport(e.as(w.outsider), &hearth.Report{TargetKind: hearth.ReportMember, TargetID: w.author.ID, GroupID: w.g.ID, Reason: "harassment"}), hearth.ENOTFOUND)
		ok(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportStrategy, TargetID: 77, Reason: "spam"}))

		_, err := e.Store.Reports(e.as(w.member), w.g.ID)
		wantCode(t, err, hearth.EFORBIDDEN)
		_, err = e.Store.Reports(e.as(w.servant), 0)
		wantCode(t, err, hearth.EFORBIDDEN)
		queue, err := e.Store.Reports(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(queue) != 3 || queue[0].Reason != "at-risk" || queue[1].Note != "ads" || queue[1].AuthorName != "Author" || queue[1].ReporterID != 0 {
			t.Fatalf("queue %+v", queue)
		}
		site, err := e.Store.Reports(e.as(w.admin), 0)
		ok(t, err)
		if len(site) != 1 || site[0].TargetKind != hearth.ReportStrategy || site[0].GroupID != 0 {
			t.Errorf("site queue %+v", site)
		}
		notes, err := e.Store.Notifications(e.as(w.servant), 0, 10)
		ok(t, err)
		if len(notes) != 3 || notes[0].Kind != hearth.NotifyReport {
			t.Errorf("servant's notifications %+v", notes)
		}

		// Hidden: gone for members, seen by its author with the reason.
		wantCode(t, e.Store.Moderate(e.as(w.servant), sh.ID, hearth.ModHide, "nonsense"), hearth.EINVALID)
		ok(t, e.Store.Moderate(e.as(w.servant), sh.ID, hearth.ModHide, "spam"))
		_, err = e.Store.FindShare(e.as(w.member), sh.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		mine, err := e.Store.FindShare(e.as(w.author), sh.ID)
		ok(t, err)
		if mine.Status != hearth.ShareHidden || mine.Reason != "spam" {
			t.Errorf("author sees %s %q", mine.Status, mine.Reason)
		}
		queue, err = e.Store.Reports(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(queue) != 2 {
			t.Errorf("after hiding, %d reports open, want 2", len(queue))
		}
		notes, err = e.Store.Notifications(e.as(w.author), 0, 10)
		ok(t, err)
		if len(notes) == 0 || notes[0].Kind != hearth.NotifyModeration || notes[0].Subject != sh.ID {
			t.Errorf("author's notifications %+v", notes)
		}
		ok(t, e.Store.Moderate(e.as(w.admin), sh.ID, hearth.ModRestore, ""))
		_, err = e.Store.FindShare(e.as(w.member), sh.ID)
		ok(t, err)
		ok(t, e.Store.DismissReport(e.as(w.servant), queue[0].ID))
		wantCode(t, e.Store.DismissReport(e.as(w.member), queue[1].ID), hearth.EFORBIDDEN)

		log, err := e.Store.ModerationLog(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(log) != 3 || log[0].Action != hearth.ModDismiss || log[1].Action != hearth.ModRestore || log[2].Action != hearth.ModHide || log[2].Reason != "spam" {
			t.Errorf("log %+v", log)
		}
		_, err = e.Store.ModerationLog(e.as(w.author), w.g.ID)
		wantCode(t, err, hearth.EFORBIDDEN)

		// Suspended: reads, may not post.
		ok(t, e.Store.SuspendMember(e.as(w.servant), w.g.ID, w.member.ID, true))
		wantCode(t, e.Store.SuspendMember(e.as(w.servant), w.g.ID, w.owner.ID, true), hearth.ECONFLICT)
		wantCode(t, e.Store.SuspendMember(e.as(w.member), w.g.ID, w.author.ID, true), hearth.EFORBIDDEN)
		wantCode(t, e.Store.CreateShare(e.as(w.member), &hearth.Share{GroupID: w.g.ID, Kind: "share", Body: "x"}), hearth.EFORBIDDEN)
		_, err = e.Store.GroupShares(e.as(w.member), w.g.ID, hearth.ShareFilter{})
		ok(t, err)
		// They know it, from their membership and a notification that
		// names the group and nothing else.
		standing := func(want bool) {
			t.Helper()
			ms, err := e.Store.Membership(e.as(w.member), w.g.ID)
			ok(t, err)
			notes, err := e.Store.Notifications(e.as(w.member), 0, 1)
			ok(t, err)
			if ms.Suspended != want || len(notes) != 1 || notes[0].Kind != hearth.NotifyModeration ||
				notes[0].Group != w.g.ID || notes[0].Subject != 0 {
				t.Errorf("suspended %v: membership %+v, notifications %+v", want, ms, notes)
			}
		}
		standing(true)
		ok(t, e.Store.SuspendMember(e.as(w.servant), w.g.ID, w.member.ID, false))
		standing(false)
		e.mustShare(w.member, &hearth.Share{GroupID: w.g.ID})

		// Pre-moderation: a newcomer's first share waits.
		wantCode(t, e.Store.SetPremoderation(e.as(w.member), w.g.ID, true), hearth.EFORBIDDEN)
		ok(t, e.Store.SetPremoderation(e.as(w.servant), w.g.ID, true))
		newcomer := e.mustAccount()
		ok(t, e.Store.AddGroupMember(e.ctx, w.g.ID, newcomer.ID, hearth.GroupMember))
		first := e.mustShare(newcomer, &hearth.Share{GroupID: w.g.ID})
		if first.Status != hearth.SharePending {
			t.Errorf("first share %s, want pending", first.Status)
		}
		_, err = e.Store.FindShare(e.as(w.member), first.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		pending, err := e.Store.PendingShares(e.as(w.servant), w.g.ID)
		ok(t, err)
		if len(pending) != 1 || pending[0].ID != first.ID {
			t.Errorf("pending %+v", pending)
		}
		ok(t, e.Store.Moderate(e.as(w.servant), first.ID, hearth.ModRestore, ""))
		if second := e.mustShare(newcomer, &hearth.Share{GroupID: w.g.ID}); second.Status != hearth.ShareVisible {
			t.Errorf("second share %s", second.Status)
		}
	})

	t.Run("Blocks", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		for _, pair := range [][2]*hearth.Account{{w.author, w.shut}, {w.shut, w.author}} {
			b, err := e.Store.Blocked(e.ctx, pair[0].ID, pair[1].ID)
			ok(t, err)
			if !b {
				t.Errorf("Blocked(%d, %d) = false", pair[0].ID, pair[1].ID)
			}
		}
		if b, _ := e.Store.Blocked(e.ctx, w.author.ID, w.member.ID); b {
			t.Error("Blocked with nobody blocking")
		}
		wantCode(t, e.Store.Block(e.as(w.member), w.member.ID), hearth.EINVALID)
		// The blocked member's shares disappear for the author, too.
		theirs := e.mustShare(w.shut, &hearth.Share{GroupID: w.g.ID})
		list, err := e.Store.GroupShares(e.as(w.author), w.g.ID, hearth.ShareFilter{})
		ok(t, err)
		if listed(list, theirs.ID) != nil {
			t.Error("the author sees the share of someone they block")
		}
		// Blocking the author of a share, from the share.
		named := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID})
		ok(t, e.Store.BlockAuthor(e.as(w.member), named.ID))
		if b, _ := e.Store.Blocked(e.ctx, w.member.ID, w.author.ID); !b {
			t.Error("BlockAuthor blocked no one")
		}
		_, err = e.Store.FindShare(e.as(w.member), named.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		ok(t, e.Store.Unblock(e.as(w.member), w.author.ID))
		_, err = e.Store.FindShare(e.as(w.member), named.ID)
		ok(t, err)
		wantCode(t, e.Store.BlockAuthor(e.as(w.author), named.ID), hearth.EINVALID)
	})

	// A share or reply posted as a member of the group: blocking its
	// author would name them in the blocker's Settings › Quiet and hide
	// all their other shares, so only those who may know who wrote it
	// (its group's trusted servants, site admins) may.
	// The export holds the member's reactions and reports: where, which
	// kind, why, their note; never the words of the share reported.
	t.Run("ExportReactionsAndReports", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Body: "The author's own words."})
		ok(t, e.Store.React(e.as(w.member), sh.ID, "me-too", true))
		ok(t, e.Store.FileReport(e.as(w.member), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: sh.ID, GroupID: w.g.ID,
			Reason: "spam", Note: "Looks like an advert"}))
		var x hearth.Export
		ok(t, e.Store.ExportTalk(e.as(w.member), &x))
		if len(x.Reactions) != 1 || x.Reactions[0].Kind != "me-too" || x.Reactions[0].Group != w.g.Slug {
			t.Errorf("reactions %+v", x.Reactions)
		}
		if len(x.Reports) != 1 || x.Reports[0].Of != hearth.ReportShare || x.Reports[0].Group != w.g.Slug || x.Reports[0].Reason != "spam" ||
			x.Reports[0].Note != "Looks like an advert" || x.Reports[0].Status != "open" || x.Reports[0].ResolvedAt != nil {
			t.Errorf("reports %+v", x.Reports)
		}
		if strings.Contains(fmt.Sprintf("%+v", x), "The author's own words.") {
			t.Error("the member's export holds the words of the share they reported")
		}
		var none hearth.Export
		ok(t, e.Store.ExportTalk(e.as(w.author), &none))
		if none.Reactions == nil || len(none.Reactions) != 0 || none.Reports == nil || len(none.Reports) != 0 {
			t.Errorf("the author's export: reactions %#v, reports %#v", none.Reactions, none.Reports)
		}
	})

	t.Run("ExportEarlierVersions", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		sh := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Title: "First", Body: "What I wrote first."})
		plain := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Body: "Never changed."})
		e.clock.Advance(time.Hour)
		ok(t, e.Store.EditShare(e.as(w.author), &hearth.Share{ID: sh.ID, Kind: hearth.ShareShare, Title: "Second", Body: "What I wrote next."}))
		e.clock.Advance(time.Hour)
		ok(t, e.Store.EditShare(e.as(w.author), &hearth.Share{ID: sh.ID, Kind: hearth.ShareShare, Title: "Third", Body: "What it says now."}))
		var x hearth.Export
		ok(t, e.Store.ExportTalk(e.as(w.author), &x))
		byBody := map[string]hearth.ExportShare{}
		for _, s := range x.Shares {
			byBody[s.Body] = s
		}
		got := byBody["What it says now."].Earlier
		if len(got) != 2 || got[0].Body != "What I wrote first." || got[0].Title != "First" || got[1].Body != "What I wrote next." ||
			!got[0].ReplacedAt.Equal(stored(start.Add(time.Hour))) || !got[1].ReplacedAt.Equal(stored(start.Add(2*time.Hour))) {
			t.Errorf("the edited share's earlier versions: %+v", got)
		}
		if n := len(byBody[plain.Body].Earlier); n != 0 {
			t.Errorf("a share never edited has %d earlier versions", n)
		}
		var other hearth.Export
		ok(t, e.Store.ExportTalk(e.as(w.member), &other))
		if strings.Contains(fmt.Sprintf("%+v", other), "What I wrote first.") {
			t.Error("another member's export holds the author's earlier words")
		}
	})

	t.Run("BlockAnonymousAuthor", func(t *testing.T) {
		e := s.env(t)
		w := e.shareWorld()
		other := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Body: "Signed with my name."})
		anon := e.mustShare(w.author, &hearth.Share{GroupID: w.g.ID, Anonymous: true})
		reply := e.mustShare(w.author, &hearth.Share{ParentID: other.ID, Anonymous: true, Body: "Me too."})
		for _, id := range []int64{anon.ID, reply.ID} {
			wantCode(t, e.Store.BlockAuthor(e.as(w.member), id), hearth.EFORBIDDEN)
		}
		if b, _ := e.Store.Blocked(e.ctx, w.member.ID, w.author.ID); b {
			t.Error("BlockAuthor blocked the author of a share posted as a member of the group")
		}
		blocked, err := e.Store.BlockedMembers(e.as(w.member))
		ok(t, err)
		if len(blocked) != 0 {
			t.Errorf("the member's blocked list names %+v", blocked)
		}
		if _, err := e.Store.FindShare(e.as(w.member), other.ID); err != nil {
			t.Errorf("the author's other share is hidden: %v", err)
		}
		wantCode(t, e.Store.BlockAuthor(e.as(w.author), anon.ID), hearth.EINVALID)
		// Those who may know who wrote it may block them.
		for _, a := range []*hearth.Account{w.servant, w.admin} {
			ok(t, e.Store.BlockAuthor(e.as(a), anon.ID))
			if b, _ := e.Store.Blocked(e.ctx, a.ID, w.author.ID); !b {
				t.Errorf("account %d did not block the author", a.ID)
			}
		}
		// The same member, on a share with the author's name, may.
		ok(t, e.Store.BlockAuthor(e.as(w.member), other.ID))
		if b, _ := e.Store.Blocked(e.ctx, w.member.ID, w.author.ID); !b {
			t.Error("BlockAuthor on a named share blocked no one")
		}
	})
}
