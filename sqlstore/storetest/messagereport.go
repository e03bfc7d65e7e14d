package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

// mustAdmin is a new site admin.
func (e *env) mustAdmin() *hearth.Account {
	e.t.Helper()
	return e.mustAccount(func(a *hearth.Account) { a.Role = hearth.RoleAdmin; a.DisplayName = "Site admin" })
}

// reportPair is a member who reports, the partner who writes to them, the
// conversation and a site admin.
type reportPair struct {
	reporter, author, admin *hearth.Account
	conv                    int64
}

func (e *env) mustReportPair() reportPair {
	e.t.Helper()
	return e.reportPairFor(e.mustAccount())
}

// reportPairFor is a report pair with reporter as the one who reports.
func (e *env) reportPairFor(reporter *hearth.Account) reportPair {
	e.t.Helper()
	p := reportPair{reporter: reporter, author: e.mustAccount(func(a *hearth.Account) { a.DisplayName = "Quill" }), admin: e.mustAdmin()}
	e.mustPartners(p.reporter, p.author)
	c, err := e.Store.StartConversation(e.as(p.reporter), p.author.ID)
	ok(e.t, err)
	p.conv = c.ID
	return p
}

// mustReported has the author write body and the reporter report it.
func (e *env) mustReported(p reportPair, body, reason, note string) (*hearth.Message, *hearth.MessageReport) {
	e.t.Helper()
	m := e.mustSend(p.author, p.conv, body)
	r, err := e.Store.ReportMessage(e.as(p.reporter), m.ID, reason, note)
	ok(e.t, err)
	return m, r
}

// messageReportFields: a reported message's copy and the reporter's note,
// for the canary scan. The account is the reporter; an update is a second
// report. The copy is read back as a site admin opens it; the note both
// as the admin and as the reporter read it.
func messageReportFields() []privateField {
	pairs := map[int64]reportPair{}
	latest := map[int64]int64{}
	report := func(e *env, a *hearth.Account, body, note string) {
		p, had := pairs[a.ID]
		if !had {
			p = e.reportPairFor(a)
			pairs[a.ID] = p
		}
		_, r := e.mustReported(p, body, "harassment", note)
		latest[a.ID] = r.ID
	}
	opened := func(e *env, a *hearth.Account) *hearth.MessageReport {
		r, err := e.Store.OpenMessageReport(e.as(pairs[a.ID].admin), latest[a.ID])
		ok(e.t, err)
		return r
	}
	return []privateField{
		{
			name:   "MessageReport.Body",
			after:  func(e *env, a *hearth.Account, v string) { report(e, a, v, "") },
			update: func(e *env, a *hearth.Account, v string) { report(e, a, v, "") },
			read:   func(e *env, a *hearth.Account) string { return opened(e, a).Body },
		},
		{
			name:   "MessageReport.Note",
			after:  func(e *env, a *hearth.Account, v string) { report(e, a, "hello", v) },
			update: func(e *env, a *hearth.Account, v string) { report(e, a, "hello again", v) },
			read: func(e *env, a *hearth.Account) string {
				mine, err := e.Store.MyMessageReports(e.as(a))
				ok(e.t, err)
				if len(mine) == 0 || mine[0].Note != opened(e, a).Note {
					return "" // the reporter's copy and the admin's differ
				}
				return mine[0].Note
			},
		},
	}
}

func init() { privateFields = append(privateFields, messageReportFields()...) }

func (s suite) messageReports(t *testing.T) {
	t.Run("WhoMayReportAndRead", func(t *testing.T) {
		e := s.env(t)
		p := e.mustReportPair()
		owner := e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, p.reporter.ID, hearth.GroupMember))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, p.author.ID, hearth.GroupMember))
		stranger := e.mustAccount()
		hard := e.mustSend(p.author, p.conv, "the words that hurt")
		other := e.mustSend(p.author, p.conv, "a message no one reported")
		own := e.mustSend(p.reporter, p.conv, "the reporter's own words")

		_, err := e.Store.ReportMessage(e.ctx, hard.ID, "harassment", "")
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, err = e.Store.ReportMessage(e.as(stranger), hard.ID, "harassment", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(owner), hard.ID, "harassment", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(p.admin), hard.ID, "harassment", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(p.reporter), own.ID, "harassment", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(p.reporter), 1<<40, "harassment", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(p.reporter), hard.ID, "rude", "")
		wantCode(t, err, hearth.EINVALID)
		_, err = e.Store.ReportMessage(e.as(p.reporter), hard.ID, "other", strings.Repeat("x", hearth.ReportNoteMax+1))
		wantCode(t, err, hearth.EINVALID)
		if mine, err := e.Store.MyMessageReports(e.as(p.reporter)); err != nil || len(mine) != 0 {
			t.Fatalf("after refused reports the reporter has %v, %v", mine, err)
		}

		e.clock.Advance(time.Minute)
		r, err := e.Store.ReportMessage(e.as(p.reporter), hard.ID, "harassment", "  They keep writing at night.  ")
		ok(t, err)
		if r.ID == 0 || r.Again || r.Status != hearth.MessageReportOpen || r.Note != "They keep writing at night." ||
			r.ConversationID != p.conv || r.MessageID != hard.ID || len(r.Reads) != 0 || r.Body != "" {
			t.Fatalf("report %+v", r)
		}
		// Reporting it again makes nothing new, and tells no one again.
		again, err := e.Store.ReportMessage(e.as(p.reporter), hard.ID, "at-risk", "")
		ok(t, err)
		if !again.Again || again.ID != r.ID || again.Reason != "harassment" || again.Note != r.Note {
			t.Fatalf("second report %+v, want the first again", again)
		}
		notes, err := e.Store.Notifications(e.as(p.admin), 0, 10)
		ok(t, err)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifyReport || notes[0].Group != 0 || notes[0].Subject != r.ID {
			t.Fatalf("the admin's notifications: %+v", notes)
		}
		for _, who := range []*hearth.Account{p.author, owner, p.reporter} {
			list, err := e.Store.Notifications(e.as(who), 0, 10)
			ok(t, err)
			for _, n := range list {
				if n.Kind == hearth.NotifyReport {
					t.Errorf("account %d was told of the report: %+v", who.ID, n)
				}
			}
		}

		// Only site admins list, open and handle; a group's owner is no
		// site admin, nor are the two members.
		for _, who := range []*hearth.Account{p.reporter, p.author, owner, stranger} {
			_, err := e.Store.MessageReports(e.as(who))
			wantCode(t, err, hearth.EFORBIDDEN)
			_, err = e.Store.MessageReport(e.as(who), r.ID)
			wantCode(t, err, hearth.EFORBIDDEN)
			_, err = e.Store.OpenMessageReport(e.as(who), r.ID)
			wantCode(t, err, hearth.EFORBIDDEN)
			wantCode(t, e.Store.HandleMessageReport(e.as(who), r.ID, hearth.MessageReportDismissed, ""), hearth.EFORBIDDEN)
		}
		_, err = e.Store.MessageReports(e.ctx)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		// Group queues never hold message reports.
		queue, err := e.Store.Reports(e.as(owner), g.ID)
		ok(t, err)
		if len(queue) != 0 {
			t.Errorf("the group's queue holds %+v", queue)
		}
		if mine, _ := e.Store.MyMessageReports(e.as(p.reporter)); len(mine) != 1 || len(mine[0].Reads) != 0 {
			t.Fatalf("refused opens were counted as reads: %+v", mine)
		}

		list, err := e.Store.MessageReports(e.as(p.admin))
		ok(t, err)
		if len(list) != 1 || list[0].ID != r.ID || list[0].Body != "" || list[0].Note != "" || list[0].Opened {
			t.Fatalf("queue %+v: it should list the report without opening it", list)
		}
		// Looking at a report without opening it opens nothing, names no
		// one and is no read.
		closed, err := e.Store.MessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if closed.Body != "" || closed.Note != "" || closed.AuthorName != "" || closed.ReporterName != "" || closed.Opened ||
			!closed.MessageAt.IsZero() || len(closed.Reads) != 0 || closed.Reason != "harassment" || closed.Status != hearth.MessageReportOpen {
			t.Fatalf("unopened report %+v", closed)
		}
		_, err = e.Store.MessageReport(e.as(p.admin), r.ID+1000)
		wantCode(t, err, hearth.ENOTFOUND)

		e.clock.Advance(time.Hour)
		firstRead := stored(e.clock.Now())
		got, err := e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if got.Body != "the words that hurt" || got.Note != r.Note || got.AuthorName != "Quill" ||
			got.ReporterName != p.reporter.DisplayName || !got.MessageAt.Equal(stored(hard.CreatedAt)) ||
			len(got.Reads) != 1 || !got.Reads[0].Equal(firstRead) || got.Reason != "harassment" {
			t.Fatalf("opened %+v", got)
		}
		_, err = e.Store.OpenMessageReport(e.as(p.admin), r.ID+1000)
		wantCode(t, err, hearth.ENOTFOUND)

		// Nothing else of the conversation opens for the admin.
		_, err = e.Store.Conversation(e.as(p.admin), p.conv)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.Messages(e.as(p.admin), p.conv, 0, 10)
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.ReportMessage(e.as(p.admin), other.ID, "other", "")
		wantCode(t, err, hearth.ENOTFOUND)
		list, err = e.Store.MessageReports(e.as(p.admin))
		ok(t, err)
		for _, x := range list {
			o, err := e.Store.OpenMessageReport(e.as(p.admin), x.ID)
			ok(t, err)
			if o.Body == other.Body || o.Body == own.Body {
				t.Errorf("report %d opened a message no one reported: %q", x.ID, o.Body)
			}
		}

		// Each open is logged, and the reporter sees when.
		e.clock.Advance(time.Hour)
		_, err = e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		mine, err := e.Store.MyMessageReports(e.as(p.reporter))
		ok(t, err)
		if len(mine) != 1 || len(mine[0].Reads) != 3 || !mine[0].Reads[0].Equal(firstRead) || mine[0].Body != "" {
			t.Fatalf("the reporter's report %+v: want three reads, the first at %v, and no copy", mine, firstRead)
		}
		log, err := e.Store.ModerationLog(e.as(p.admin), 0)
		ok(t, err)
		reads := 0
		for _, l := range log {
			if l.Action == hearth.ModRead && l.TargetKind == hearth.ReportMessage && l.TargetID == r.ID {
				reads++
			}
		}
		if reads != 3 {
			t.Errorf("the site's log holds %d reads, want 3: %+v", reads, log)
		}

		// Handling.
		wantCode(t, e.Store.HandleMessageReport(e.as(p.admin), r.ID, "open", ""), hearth.EINVALID)
		wantCode(t, e.Store.HandleMessageReport(e.as(p.admin), r.ID, hearth.MessageReportActed,
			strings.Repeat("x", hearth.MessageReportOutcomeMax+1)), hearth.EINVALID)
		wantCode(t, e.Store.HandleMessageReport(e.as(p.admin), 1<<40, hearth.MessageReportActed, ""), hearth.ENOTFOUND)
		e.clock.Advance(time.Minute)
		ok(t, e.Store.HandleMessageReport(e.as(p.admin), r.ID, hearth.MessageReportActed, "Wrote to the member about kindness."))
		wantCode(t, e.Store.HandleMessageReport(e.as(p.admin), r.ID, hearth.MessageReportDismissed, ""), hearth.ECONFLICT)
		if list, _ := e.Store.MessageReports(e.as(p.admin)); len(list) != 0 {
			t.Errorf("a handled report is still in the queue: %+v", list)
		}
		mine, err = e.Store.MyMessageReports(e.as(p.reporter))
		ok(t, err)
		if mine[0].Status != hearth.MessageReportActed || !mine[0].HandledAt.Equal(stored(e.clock.Now())) || mine[0].Outcome != "" {
			t.Errorf("the reporter sees %+v", mine[0])
		}
		// The reporter is told it was looked at, and nothing more; the
		// author is told nothing.
		notes, err = e.Store.Notifications(e.as(p.reporter), 0, 1)
		ok(t, err)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifyReportClosed || notes[0].Subject != r.ID || notes[0].Group != 0 {
			t.Errorf("the reporter's notifications: %+v", notes)
		}
		if notes, _ := e.Store.Notifications(e.as(p.author), 0, 10); slices.ContainsFunc(notes, func(n *hearth.Notification) bool {
			return n.Kind == hearth.NotifyReportClosed || n.Kind == hearth.NotifyReport
		}) {
			t.Errorf("the author hears of the report: %+v", notes)
		}
		got, err = e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if got.Outcome != "Wrote to the member about kindness." || got.Status != hearth.MessageReportActed {
			t.Errorf("handled report opened as %+v", got)
		}
	})

	t.Run("AtRiskFirst", func(t *testing.T) {
		e := s.env(t)
		p := e.mustReportPair()
		var ids []int64
		for _, reason := range []string{"spam", "harassment", "at-risk", "identity"} {
			_, r := e.mustReported(p, "message "+reason, reason, "")
			ids = append(ids, r.ID)
		}
		list, err := e.Store.MessageReports(e.as(p.admin))
		ok(t, err)
		var got []int64
		for _, r := range list {
			got = append(got, r.ID)
		}
		want := []int64{ids[2], ids[0], ids[1], ids[3]}
		if len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
			t.Errorf("queue %v, want %v (at-risk first, then oldest)", got, want)
		}
	})

	t.Run("BlockedEitherWay", func(t *testing.T) {
		for _, who := range []string{"ReporterBlocks", "AuthorBlocks"} {
			t.Run(who, func(t *testing.T) {
				e := s.env(t)
				p := e.mustReportPair()
				m := e.mustSend(p.author, p.conv, "before the block")
				if who == "ReporterBlocks" {
					ok(t, e.Store.Block(e.as(p.reporter), p.author.ID))
				} else {
					ok(t, e.Store.Block(e.as(p.author), p.reporter.ID))
				}
				r, err := e.Store.ReportMessage(e.as(p.reporter), m.ID, "harassment", "")
				ok(t, err)
				got, err := e.Store.OpenMessageReport(e.as(p.admin), r.ID)
				ok(t, err)
				if got.Body != "before the block" {
					t.Errorf("opened %q", got.Body)
				}
			})
		}
	})

	t.Run("ExportAndErasure", func(t *testing.T) {
		e := s.env(t)
		p := e.mustReportPair()
		_, r := e.mustReported(p, "kept for the admins", "identity", "They named my workplace.")
		e.clock.Advance(time.Hour)
		_, err := e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)

		var x hearth.Export
		ok(t, e.Store.ExportTalk(e.as(p.reporter), &x))
		if len(x.MessageReports) != 1 || x.MessageReports[0].Note != "They named my workplace." ||
			x.MessageReports[0].Reason != "identity" || len(x.MessageReports[0].ReadAt) != 1 || x.MessageReports[0].Status != "open" {
			t.Fatalf("the reporter's export: %+v", x.MessageReports)
		}
		var theirs hearth.Export
		ok(t, e.Store.ExportTalk(e.as(p.author), &theirs))
		if theirs.MessageReports == nil || len(theirs.MessageReports) != 0 {
			t.Errorf("the author's export holds reports: %+v", theirs.MessageReports)
		}

		// The reporter erases their account, then the author theirs: the
		// report still opens for the admins, both "former members".
		ok(t, e.Store.DeleteAccount(e.ctx, p.reporter.ID))
		got, err := e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if got.Body != "kept for the admins" || got.Note != "They named my workplace." || got.ReporterName != "" || got.AuthorName != "Quill" {
			t.Fatalf("after the reporter's erasure: %+v", got)
		}
		ok(t, e.Store.DeleteAccount(e.ctx, p.author.ID))
		got, err = e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if got.Body != "kept for the admins" || got.AuthorName != "" || got.MessageID != 0 || len(got.Reads) != 3 {
			t.Fatalf("after both erasures: %+v", got)
		}
		ok(t, e.Store.HandleMessageReport(e.as(p.admin), r.ID, hearth.MessageReportDismissed, ""))
	})

	t.Run("KeyRotation", func(t *testing.T) {
		e := s.env(t)
		p := e.mustReportPair()
		_, r := e.mustReported(p, "still readable after rotation", "spam", "")
		old, err := e.Store.WrappedReportKey(e.ctx, r.ID)
		ok(t, err)
		ok(t, e.Keys.AddPrimary())
		_, err = e.Store.RewrapDataKeys(e.ctx, e.Keys)
		ok(t, err)
		e.Keys.DropOld()
		got, err := e.Store.OpenMessageReport(e.as(p.admin), r.ID)
		ok(t, err)
		if got.Body != "still readable after rotation" {
			t.Errorf("opened %q", got.Body)
		}
		if found := findIn(e.Dump(), map[string][]byte{"old wrapped report key": old}); len(found) > 0 {
			t.Errorf("after rotation the database still holds %s", found)
		}
	})
}
