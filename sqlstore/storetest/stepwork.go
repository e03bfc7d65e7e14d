package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/program"
)

// mustPartners makes a and b accountability partners.
func (e *env) mustPartners(a, b *hearth.Account) *hearth.Partnership {
	p, err := e.Store.InvitePartner(e.as(a), b.Handle)
	ok(e.t, err)
	ok(e.t, e.Store.AnswerInvitation(e.as(b), p.ID, true))
	return p
}

// mustStepEntry adds a row to a's worksheet, choosing the program.
func (e *env) mustStepEntry(a *hearth.Account, prog, sheet string, on hearth.Date, fields map[string]string) *hearth.StepEntry {
	ok(e.t, e.Store.ChooseProgram(e.as(a), prog))
	x := &hearth.StepEntry{Program: prog, Worksheet: sheet, On: on, Fields: fields}
	ok(e.t, e.Store.CreateStepEntry(e.as(a), x))
	return x
}

// stepFields are the canary scan's fields of step work: every field of
// every worksheet of the built-in programs, a step's note, and a comment
// on a shared item.
func stepFields() []privateField {
	ps, err := program.LoadPrograms("")
	if err != nil {
		panic(err)
	}
	var out []privateField
	seen := map[string]bool{}
	for _, p := range ps.All() {
		for _, st := range p.Steps {
			for _, id := range st.Worksheets {
				if seen[id] {
					continue
				}
				seen[id] = true
				for _, f := range ps.Worksheet(id).Fields {
					out = append(out, stepEntryField(p.ID, id, f.ID))
				}
			}
		}
	}
	out = append(out, privateField{
		name: "StepProgress.Note",
		after: func(e *env, a *hearth.Account, v string) {
			ok(e.t, e.Store.ChooseProgram(e.as(a), "aa"))
			ok(e.t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "4", Status: hearth.StepBegun, Note: v}))
		},
		update: func(e *env, a *hearth.Account, v string) {
			ok(e.t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "4", Status: hearth.StepDone, Note: v, Version: 1}))
		},
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.StepProgress(e.as(a), "aa")
			ok(e.t, err)
			return list[0].Note
		},
	}, privateField{
		name: "StepComment.Body",
		after: func(e *env, a *hearth.Account, v string) {
			x := e.mustStepEntry(a, "aa", "fears", hearth.Date{}, map[string]string{"fear": "Being found out"})
			b := e.mustAccount()
			e.mustPartners(a, b)
			sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: x.ID, RecipientID: b.ID}
			ok(e.t, e.Store.ShareStepWork(e.as(a), sh))
			_, err := e.Store.CommentOnStepWork(e.as(b), sh.ID, v)
			ok(e.t, err)
		},
		update: func(e *env, a *hearth.Account, v string) {
			list, err := e.Store.StepShares(e.as(a))
			ok(e.t, err)
			_, err = e.Store.CommentOnStepWork(e.as(a), list[0].ID, v)
			ok(e.t, err)
		},
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.StepShares(e.as(a))
			ok(e.t, err)
			w, err := e.Store.SharedStepWork(e.as(a), list[0].ID)
			ok(e.t, err)
			return w.Comments[len(w.Comments)-1].Body
		},
	})
	return out
}

func stepEntryField(prog, sheet, field string) privateField {
	return privateField{
		name: fmt.Sprintf("StepEntry.%s.%s", sheet, field),
		after: func(e *env, a *hearth.Account, v string) {
			e.mustStepEntry(a, prog, sheet, today, map[string]string{field: v})
		},
		update: func(e *env, a *hearth.Account, v string) {
			list, err := e.Store.StepEntries(e.as(a), prog, sheet, hearth.StepEntryFilter{})
			ok(e.t, err)
			_, err = e.Store.UpdateStepEntry(e.as(a), list[0].ID, map[string]string{field: v}, today, list[0].Version)
			ok(e.t, err)
		},
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.StepEntries(e.as(a), prog, sheet, hearth.StepEntryFilter{})
			ok(e.t, err)
			return list[0].Fields[field]
		},
	}
}

func (s suite) stepWork(t *testing.T) {
	t.Run("Programs", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		wantCode(t, e.Store.ChooseProgram(e.ctx, "aa"), hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.ChooseProgram(e.as(a), "Not An Id"), hearth.EINVALID)
		ok(t, e.Store.ChooseProgram(e.as(a), "smart"))
		e.clock.Advance(time.Second)
		ok(t, e.Store.ChooseProgram(e.as(a), "aa"))
		ok(t, e.Store.ChooseProgram(e.as(a), "aa")) // twice is no error
		list, err := e.Store.StepPrograms(e.as(a))
		ok(t, err)
		if strings.Join(list, " ") != "smart aa" {
			t.Errorf("programs %q, want smart then aa", list)
		}
		_, err = e.Store.StepProgress(e.as(a), "na")
		wantCode(t, err, hearth.EINVALID)
	})

	t.Run("Progress", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		p := &hearth.StepProgress{Program: "aa", Step: "1", Status: hearth.StepBegun}
		wantCode(t, e.Store.SetStepProgress(e.as(a), p), hearth.EINVALID) // not chosen
		ok(t, e.Store.ChooseProgram(e.as(a), "aa"))
		ok(t, e.Store.SetStepProgress(e.as(a), p))
		if p.Version != 1 {
			t.Errorf("version %d after the first save", p.Version)
		}
		// Another tab read the step before: its save is a conflict.
		wantCode(t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "1", Status: hearth.StepDone}), hearth.ECONFLICT)
		p.Status = hearth.StepDone
		ok(t, e.Store.SetStepProgress(e.as(a), p))
		// Steps are revisited: back to begun.
		p.Status = hearth.StepBegun
		ok(t, e.Store.SetStepProgress(e.as(a), p))
		list, err := e.Store.StepProgress(e.as(a), "aa")
		ok(t, err)
		if len(list) != 1 || list[0].Status != hearth.StepBegun || list[0].Version != 3 {
			t.Errorf("progress %+v", list[0])
		}
		wantCode(t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "2", Status: 9}), hearth.EINVALID)
		wantCode(t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "2", Note: strings.Repeat("n", hearth.StepNoteMax+1)}), hearth.EINVALID)
	})

	t.Run("Entries", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		err := e.Store.CreateStepEntry(e.as(a), &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: map[string]string{"who": "x"}})
		wantCode(t, err, hearth.EINVALID) // a program not chosen
		r1 := e.mustStepEntry(a, "aa", "resentments", hearth.Date{}, map[string]string{"who": "My boss", "affects": "security,pride"})
		r2 := e.mustStepEntry(a, "aa", "resentments", hearth.Date{}, map[string]string{"who": "My sister"})
		r3 := e.mustStepEntry(a, "aa", "resentments", hearth.Date{}, map[string]string{"who": "The bank"})
		big := map[string]string{"cause": strings.Repeat("x", 200<<10)}
		wantCode(t, e.Store.CreateStepEntry(e.as(a), &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: big}), hearth.EINVALID)
		wantCode(t, e.Store.CreateStepEntry(e.as(a), &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: map[string]string{}}), hearth.EINVALID)

		order := func(want ...*hearth.StepEntry) {
			t.Helper()
			list, err := e.Store.StepEntries(e.as(a), "aa", "resentments", hearth.StepEntryFilter{})
			ok(t, err)
			var got, w []int64
			for _, x := range list {
				got = append(got, x.ID)
			}
			for _, x := range want {
				w = append(w, x.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("rows %v, want %v", got, w)
			}
		}
		order(r1, r2, r3)
		ok(t, e.Store.MoveStepEntry(e.as(a), r3.ID, -1))
		order(r1, r3, r2)
		ok(t, e.Store.MoveStepEntry(e.as(a), r1.ID, -1)) // already first
		ok(t, e.Store.MoveStepEntry(e.as(a), r1.ID, 1))
		order(r3, r1, r2)
		wantCode(t, e.Store.MoveStepEntry(e.as(b), r1.ID, 1), hearth.ENOTFOUND)

		// Two tabs: the second save of the same version is a conflict,
		// and the first one's text is what is kept.
		got, err := e.Store.UpdateStepEntry(e.as(a), r1.ID, map[string]string{"who": "My boss", "part": "I was late"}, hearth.Date{}, 1)
		ok(t, err)
		if got.Version != 2 || got.Fields["part"] != "I was late" {
			t.Errorf("updated %+v", got)
		}
		_, err = e.Store.UpdateStepEntry(e.as(a), r1.ID, map[string]string{"who": "Boss"}, hearth.Date{}, 1)
		wantCode(t, err, hearth.ECONFLICT)
		saved, err := e.Store.StepEntry(e.as(a), r1.ID)
		ok(t, err)
		if saved.Fields["part"] != "I was late" || saved.Fields["who"] != "My boss" {
			t.Errorf("after the conflict: %v", saved.Fields)
		}
		// Another member's entry is not found, whatever they do.
		_, err = e.Store.StepEntry(e.as(b), r1.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.UpdateStepEntry(e.as(b), r1.ID, map[string]string{"who": "x"}, hearth.Date{}, 2)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteStepEntry(e.as(b), r1.ID), hearth.ENOTFOUND)
		ok(t, e.Store.DeleteStepEntry(e.as(a), r2.ID))
		order(r3, r1)

		// Dated entries, latest first, filtered by day.
		d1, d2 := today.AddDays(-2), today
		n1 := e.mustStepEntry(a, "aa", "nightly", d1, map[string]string{"went_well": "Called my sponsor"})
		n2 := e.mustStepEntry(a, "aa", "nightly", d2, map[string]string{"went_well": "A walk"})
		list, err := e.Store.StepEntries(e.as(a), "aa", "nightly", hearth.StepEntryFilter{})
		ok(t, err)
		if len(list) != 2 || list[0].ID != n2.ID || list[1].ID != n1.ID || list[1].On != d1 {
			t.Errorf("nightly reviews %+v", list)
		}
		list, err = e.Store.StepEntries(e.as(a), "aa", "nightly", hearth.StepEntryFilter{From: today.AddDays(-1)})
		ok(t, err)
		if len(list) != 1 || list[0].ID != n2.ID {
			t.Errorf("from yesterday: %+v", list)
		}
	})

	// Who reads what: the owner; a partner only what is shared, until it
	// is revoked or the partnership ends; no one else, whatever their
	// role; nobody signed out.
	t.Run("Sharing", func(t *testing.T) {
		e := s.env(t)
		owner, partner, other := e.mustAccount(), e.mustAccount(), e.mustAccount()
		admin := e.mustAccount(func(a *hearth.Account) { a.Role = hearth.RoleAdmin })
		p := e.mustPartners(owner, partner)
		rows := []*hearth.StepEntry{
			e.mustStepEntry(owner, "aa", "resentments", hearth.Date{}, map[string]string{"who": "One"}),
			e.mustStepEntry(owner, "aa", "resentments", hearth.Date{}, map[string]string{"who": "Two"}),
			e.mustStepEntry(owner, "aa", "resentments", hearth.Date{}, map[string]string{"who": "Three"}),
		}
		// Not to someone who is not a partner, nor oneself.
		for _, to := range []*hearth.Account{other, admin, owner} {
			err := e.Store.ShareStepWork(e.as(owner), &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: rows[0].ID, RecipientID: to.ID})
			wantCode(t, err, hearth.EINVALID)
		}
		// Not another's entry.
		err := e.Store.ShareStepWork(e.as(partner), &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: rows[0].ID, RecipientID: owner.ID})
		wantCode(t, err, hearth.ENOTFOUND)
		sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: rows[1].ID, RecipientID: partner.ID}
		ok(t, e.Store.ShareStepWork(e.as(owner), sh))
		if sh.Program != "aa" || sh.Worksheet != "resentments" {
			t.Errorf("share %+v", sh)
		}
		wantCode(t, e.Store.ShareStepWork(e.as(owner), &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: rows[1].ID, RecipientID: partner.ID}), hearth.ECONFLICT)

		mine, err := e.Store.StepShares(e.as(owner))
		ok(t, err)
		if len(mine) != 1 || mine[0].Recipient.ID != partner.ID || mine[0].Recipient.Email != "" {
			t.Errorf("owner's shares %+v", mine)
		}
		withMe, err := e.Store.StepSharesWithMe(e.as(partner))
		ok(t, err)
		if len(withMe) != 1 || withMe[0].ID != sh.ID || withMe[0].Owner.ID != owner.ID {
			t.Errorf("shared with the partner: %+v", withMe)
		}

		read := func(who *hearth.Account) (*hearth.SharedStepWork, error) {
			if who == nil {
				return e.Store.SharedStepWork(e.ctx, sh.ID)
			}
			return e.Store.SharedStepWork(e.as(who), sh.ID)
		}
		w, err := read(partner)
		ok(t, err)
		if len(w.Entries) != 1 || w.Entries[0].Fields["who"] != "Two" {
			t.Errorf("the partner reads %+v; want the one row shared", w.Entries)
		}
		_, err = read(owner)
		ok(t, err)
		for _, who := range []*hearth.Account{other, admin} {
			_, err := read(who)
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.CommentOnStepWork(e.as(who), sh.ID, "hello")
			wantCode(t, err, hearth.ENOTFOUND)
			_, err = e.Store.StepEntry(e.as(who), rows[0].ID)
			wantCode(t, err, hearth.ENOTFOUND)
		}
		_, err = read(nil)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		// Rows not shared stay the owner's alone.
		_, err = e.Store.StepEntry(e.as(partner), rows[0].ID)
		wantCode(t, err, hearth.ENOTFOUND)

		// Comments: the two of them, and only they.
		_, err = e.Store.CommentOnStepWork(e.as(partner), sh.ID, "  ")
		wantCode(t, err, hearth.EINVALID)
		c, err := e.Store.CommentOnStepWork(e.as(partner), sh.ID, "Thank you for sharing this.")
		ok(t, err)
		_, err = e.Store.CommentOnStepWork(e.as(owner), sh.ID, "Thank you for reading.")
		ok(t, err)
		w, err = read(owner)
		ok(t, err)
		if len(w.Comments) != 2 || w.Comments[0].ID != c.ID || w.Comments[0].Author.ID != partner.ID || w.Comments[1].Body != "Thank you for reading." {
			t.Errorf("comments %+v", w.Comments)
		}

		// Every look by the partner is recorded, none by the owner.
		views, err := e.Store.StepViews(e.as(owner))
		ok(t, err)
		if len(views) != 1 || views[0].Viewer.ID != partner.ID || views[0].ShareID != sh.ID {
			t.Errorf("views %+v", views)
		}
		if v, _ := e.Store.StepViews(e.as(partner)); len(v) != 0 {
			t.Errorf("the partner sees views of their own: %+v", v)
		}

		// A whole worksheet, rows to come included; and progress.
		whole := &hearth.StepShare{Kind: hearth.ShareWorksheet, Program: "aa", Worksheet: "resentments", RecipientID: partner.ID}
		ok(t, e.Store.ShareStepWork(e.as(owner), whole))
		e.mustStepEntry(owner, "aa", "resentments", hearth.Date{}, map[string]string{"who": "Four"})
		ws, err := e.Store.SharedStepWork(e.as(partner), whole.ID)
		ok(t, err)
		if len(ws.Entries) != 4 {
			t.Errorf("the whole worksheet has %d rows, want 4", len(ws.Entries))
		}
		ok(t, e.Store.SetStepProgress(e.as(owner), &hearth.StepProgress{Program: "aa", Step: "4", Status: hearth.StepBegun}))
		prog := &hearth.StepShare{Kind: hearth.ShareProgress, Program: "aa", RecipientID: partner.ID}
		ok(t, e.Store.ShareStepWork(e.as(owner), prog))
		ps, err := e.Store.SharedStepWork(e.as(partner), prog.ID)
		ok(t, err)
		if len(ps.Progress) != 1 || ps.Progress[0].Step != "4" || len(ps.Entries) != 0 {
			t.Errorf("shared progress %+v", ps)
		}
		wantCode(t, e.Store.ShareStepWork(e.as(owner), &hearth.StepShare{Kind: hearth.ShareProgress, Program: "na", RecipientID: partner.ID}), hearth.EINVALID)

		// Revoked: gone at once, comments with it; the record of views stays.
		wantCode(t, e.Store.RevokeStepShare(e.as(partner), sh.ID), hearth.ENOTFOUND)
		ok(t, e.Store.RevokeStepShare(e.as(owner), sh.ID))
		_, err = read(partner)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.CommentOnStepWork(e.as(partner), sh.ID, "hello")
		wantCode(t, err, hearth.ENOTFOUND)
		if views, _ := e.Store.StepViews(e.as(owner)); len(views) != 3 {
			t.Errorf("after the revoke, %d views listed, want 3", len(views))
		}
		// The partnership ends: nothing more is shared.
		ok(t, e.Store.EndPartnership(e.as(partner), p.ID))
		_, err = e.Store.SharedStepWork(e.as(partner), whole.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		if list, _ := e.Store.StepSharesWithMe(e.as(partner)); len(list) != 0 {
			t.Errorf("after the partnership ended: %+v", list)
		}
		// Deleting an entry ends its shares.
		e.mustPartners(owner, partner)
		one := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: rows[2].ID, RecipientID: partner.ID}
		ok(t, e.Store.ShareStepWork(e.as(owner), one))
		ok(t, e.Store.DeleteStepEntry(e.as(owner), rows[2].ID))
		_, err = e.Store.SharedStepWork(e.as(partner), one.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("Export", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		e.mustStepEntry(a, "aa", "fears", hearth.Date{}, map[string]string{"fear": "Being alone", "why": "Old habits"})
		e.mustStepEntry(a, "aa", "nightly", today, map[string]string{"went_well": "Rest"})
		ok(t, e.Store.SetStepProgress(e.as(a), &hearth.StepProgress{Program: "aa", Step: "4", Status: hearth.StepWithSponsor, Note: "With Sam"}))
		var x hearth.Export
		ok(t, e.Store.ExportSteps(e.as(a), &x))
		w := x.StepWork
		if len(w.Programs) != 1 || len(w.Entries) != 2 || len(w.Progress) != 1 || w.Progress[0].Status != "with_sponsor" || w.Progress[0].Note != "With Sam" {
			t.Errorf("export %+v", w)
		}
		if w.Entries[0].Fields["fear"] != "Being alone" || w.Entries[1].On != today.String() {
			t.Errorf("exported entries %+v", w.Entries)
		}
		if w.Shares == nil || len(w.Shares) != 0 || w.Comments == nil || len(w.Comments) != 0 {
			t.Errorf("nothing shared exports as %#v %#v", w.Shares, w.Comments)
		}
	})

	// The export holds what the member shares, with whom, and the comments
	// they wrote, on their own items and on others' (opened with the
	// owner's key); never the comments others wrote.
	t.Run("ExportSharesAndComments", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		e.mustPartners(a, b)
		mine := e.mustStepEntry(a, "aa", "fears", hearth.Date{}, map[string]string{"fear": "Crowds"})
		theirs := e.mustStepEntry(b, "aa", "fears", hearth.Date{}, map[string]string{"fear": "Silence"})
		shMine := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: mine.ID, RecipientID: b.ID}
		ok(t, e.Store.ShareStepWork(e.as(a), shMine))
		ok(t, e.Store.ShareStepWork(e.as(a), &hearth.StepShare{Kind: hearth.ShareProgress, Program: "aa", RecipientID: b.ID}))
		shTheirs := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: theirs.ID, RecipientID: a.ID}
		ok(t, e.Store.ShareStepWork(e.as(b), shTheirs))
		for _, c := range []struct {
			who  *hearth.Account
			id   int64
			body string
		}{{b, shMine.ID, "B's words on A's fear"}, {a, shMine.ID, "A answers on her own"}, {a, shTheirs.ID, "A's words on B's fear"}, {b, shTheirs.ID, "B's own note"}} {
			_, err := e.Store.CommentOnStepWork(e.as(c.who), c.id, c.body)
			ok(t, err)
		}
		var x hearth.Export
		ok(t, e.Store.ExportSteps(e.as(a), &x))
		w := x.StepWork
		if len(w.Shares) != 2 || w.Shares[0].Kind != hearth.ShareEntry || w.Shares[0].Worksheet != "fears" || w.Shares[0].With != b.DisplayName ||
			w.Shares[1].Kind != hearth.ShareProgress || w.Shares[1].Program != "aa" {
			t.Errorf("exported shares %+v", w.Shares)
		}
		if len(w.Comments) != 2 || w.Comments[0].Body != "A answers on her own" || w.Comments[0].Owner != "" ||
			w.Comments[1].Body != "A's words on B's fear" || w.Comments[1].Owner != b.DisplayName || w.Comments[1].Worksheet != "fears" {
			t.Errorf("exported comments %+v", w.Comments)
		}
		for _, theirs := range []string{"B's words on A's fear", "B's own note", "Silence"} {
			if strings.Contains(fmt.Sprintf("%+v", w), theirs) {
				t.Errorf("A's export holds B's %q", theirs)
			}
		}
	})
}
