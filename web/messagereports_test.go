package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
)

// messageReportSamples are the matrix's requests about reports of
// messages: each caller reports a new message written to them by a peer;
// the admin routes act on a new report between two other members.
func messageReportSamples(t *testing.T, ts *testServer) map[string]routeSample {
	type thread struct {
		peer *hearth.Account
		conv int64
	}
	threads := map[int64]thread{}
	n := 0
	// incoming is a new message to a from a partner of theirs.
	incoming := func(a *hearth.Account) (conv, message int64) {
		th, ok := threads[a.ID]
		if !ok {
			n++
			th.peer = ts.peer(t, a, fmt.Sprintf("matrix-teller.%04d", n))
			c, err := ts.store.StartConversation(as(a), th.peer.ID)
			if err != nil {
				t.Fatal(err)
			}
			th.conv = c.ID
			threads[a.ID] = th
		}
		ts.clock.Advance(time.Second)
		m, err := ts.store.SendMessage(as(th.peer), th.conv, "A message to report")
		if err != nil {
			t.Fatal(err)
		}
		return th.conv, m.ID
	}
	var reporter *hearth.Account
	// reported is a new report by a member who is not the caller.
	reported := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		if reporter == nil {
			reporter = &hearth.Account{Handle: "matrix-reporter.0000", DisplayName: "Reporter", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
			if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: reporter, PasswordHash: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		_, m := incoming(reporter)
		r, err := ts.store.ReportMessage(as(reporter), m, "other", "")
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	mine := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			if c.acct == nil {
				return fmt.Sprintf(format, 1, 1), form
			}
			conv, m := incoming(c.acct)
			return fmt.Sprintf(format, conv, m), form
		}
	}
	admin := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, reported(c)), form }
	}
	return map[string]routeSample{
		"GET /messages/{id}/report/{message}":  mine("/messages/%d/report/%d", nil),
		"POST /messages/{id}/report/{message}": mine("/messages/%d/report/%d", url.Values{"reason": {"harassment"}, "note": {"From the matrix"}}),
		"POST /api/v1/me/message-reports": func(c matrixCaller) (string, url.Values) {
			m := int64(1)
			if c.acct != nil {
				_, m = incoming(c.acct)
			}
			return "/api/v1/me/message-reports", url.Values{"json": {fmt.Sprintf(`{"message_id": %d, "reason": "spam"}`, m)}}
		},
		"GET /admin/reports/messages/{id}":             admin("/admin/reports/messages/%d", nil),
		"POST /admin/reports/messages/{id}/handle":     admin("/admin/reports/messages/%d/handle", url.Values{"status": {"dismissed"}}),
		"GET /api/v1/admin/message-reports/{id}":       admin("/api/v1/admin/message-reports/%d", nil),
		"POST /api/v1/admin/message-reports/{id}/open": admin("/api/v1/admin/message-reports/%d/open", nil),
		"POST /admin/reports/messages/{id}/open":       admin("/admin/reports/messages/%d/open", url.Values{}),
		"POST /api/v1/admin/message-reports/{id}/handle": admin("/api/v1/admin/message-reports/%d/handle",
			url.Values{"json": {`{"status": "acted", "outcome": "Spoke with them"}`}}),
	}
}

// TestMessageReports: a member reports a message written to them (a form
// without a reason keeps the note typed, and the same report twice makes
// one); the site admin finds it in the site queue, which shows nothing
// of the message, opens it deliberately, and closes it; the reporter sees
// when it was read and that it was acted on. No one else reads it: not
// the member reported, nor a group's trusted servant, nor the API for a
// member.
func TestMessageReports(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben, sam := ts.signUp(t, "Ana"), ts.signUp(t, "Ben"), ts.signUp(t, "Sam")
		admin := ts.signUp(t, "Ada")
		if err := ts.store.SetRole(context.Background(), admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		g := ts.makeGroup(t, sam.acct, hearth.Group{Slug: "report-room"})
		for _, m := range []*testMember{ana, ben} {
			if err := ts.store.AddGroupMember(context.Background(), g.ID, m.acct.ID, hearth.GroupMember); err != nil {
				t.Fatal(err)
			}
		}
		conv, err := ts.store.StartConversation(as(ana.acct), ben.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		send := func(from *testMember, body string) int64 {
			ts.clock.Advance(time.Second)
			m, err := ts.store.SendMessage(as(from.acct), conv.ID, body)
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		mine := send(ana, "Hello Ben")
		hurtful := send(ben, "I know where you work")
		other := send(ben, "A second message, never reported")
		convPath := conversationPath(conv.ID)
		reportPath := fmt.Sprintf("%s/report/%d", convPath, hurtful)

		page := ana.get(convPath).wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, `href="`+reportPath+`"`) || strings.Contains(page, fmt.Sprintf("/report/%d", mine)) {
			t.Errorf("the conversation should offer to report Ben's messages and not Ana's own:\n%s", clip(page))
		}
		ana.get(fmt.Sprintf("%s/report/%d", convPath, mine)).wantStatus(t, http.StatusNotFound)
		sam.get(reportPath).wantStatus(t, http.StatusNotFound)

		form := ana.get(reportPath).wantStatus(t, http.StatusOK).body
		if !strings.Contains(form, "I know where you work") || strings.Contains(form, "never reported") {
			t.Errorf("the report form should quote the message reported, and only it:\n%s", clip(form))
		}
		r := ana.post(reportPath, url.Values{"note": {"It frightened me"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.report.reason")) || !strings.Contains(r.body, "It frightened me") {
			t.Errorf("a report without a reason: no clear message, or the note was lost:\n%s", clip(r.body))
		}
		ana.post(reportPath, url.Values{"reason": {"at-risk"}, "note": {"It frightened me"}}).
			wantRedirect(t, fmt.Sprintf("%s#m%d", convPath, hurtful))
		if n := ana.get(convPath).body; !strings.Contains(n, en("notice.message_reported")) || !strings.Contains(n, en("conversation.reported")) {
			t.Errorf("after reporting, the conversation shows no thanks or no mark:\n%s", clip(n))
		}
		ana.post(reportPath, url.Values{"reason": {"spam"}}).wantRedirect(t, fmt.Sprintf("%s#m%d", convPath, hurtful))
		if n := ana.get(convPath).body; !strings.Contains(n, en("notice.message_reported_again")) {
			t.Errorf("a second report of the same message is not answered kindly:\n%s", clip(n))
		}
		reports, err := ts.store.MyMessageReports(as(ana.acct))
		if err != nil || len(reports) != 1 {
			t.Fatalf("Ana has %d reports (%v), want 1", len(reports), err)
		}
		id := reports[0].ID
		list := ana.get("/messages").wantStatus(t, http.StatusOK).body
		if !strings.Contains(elementText(list, "my-report-"+strconv.FormatInt(id, 10)), html.UnescapeString(en("message_report.not_read"))) {
			t.Errorf("Ana's reports should say it was not read yet:\n%s", clip(list))
		}

		// Nobody but the site admins sees it: not Ben, not the group's
		// owner, not a member through the API.
		for _, m := range []*testMember{ben, sam} {
			m.get("/admin/reports").wantStatus(t, http.StatusForbidden)
			m.get(messageReportPath(id)).wantStatus(t, http.StatusForbidden)
			m.post(messageReportPath(id)+"/open", url.Values{}).wantStatus(t, http.StatusForbidden)
			if b := m.get("/notifications").body; strings.Contains(b, en("notifications.kind.report_site")) {
				t.Errorf("%s was told of the report", m.handle)
			}
		}
		if q := sam.get("/groups/report-room/moderation").wantStatus(t, http.StatusOK).body; strings.Contains(q, "message-report-") {
			t.Errorf("a group's queue shows a message report:\n%s", clip(q))
		}

		// The admin is told, finds it in the site queue with nothing of
		// the message, and opens it deliberately.
		notes := admin.get("/notifications").wantStatus(t, http.StatusOK).body
		if !strings.Contains(notes, en("notifications.kind.report_site")) || !strings.Contains(notes, `href="/admin/reports"`) {
			t.Errorf("the admin's notifications do not point at the site queue:\n%s", clip(notes))
		}
		queue := admin.get("/admin/reports").wantStatus(t, http.StatusOK).body
		item := elementText(queue, "message-report-"+strconv.FormatInt(id, 10))
		if !strings.Contains(item, html.UnescapeString(en("report.reason.at-risk"))) || strings.Contains(queue, "I know where") ||
			strings.Contains(queue, "frightened") || !strings.Contains(queue, `href="`+messageReportPath(id)+`"`) {
			t.Errorf("the site queue should list the report without its message:\n%s", clip(queue))
		}
		look := admin.get(messageReportPath(id)).wantStatus(t, http.StatusOK).body
		if strings.Contains(look, "I know where") || strings.Contains(look, "Ben") {
			t.Errorf("looking at the report opened it:\n%s", clip(look))
		}
		opened := admin.post(messageReportPath(id)+"/open", url.Values{}).wantStatus(t, http.StatusOK).body
		if elementText(opened, "reported-body") != "I know where you work" || elementText(opened, "reported-note") != "It frightened me" ||
			!strings.Contains(opened, "Ben") || strings.Contains(opened, "never reported") || strings.Contains(opened, "Hello Ben") {
			t.Errorf("the opened report should show the reported message and only it:\n%s", clip(opened))
		}
		list = ana.get("/messages").body
		readBy := strings.ReplaceAll(html.UnescapeString(en("message_report.read_by")), "{when}", "")
		if !strings.Contains(elementText(list, "my-report-"+strconv.FormatInt(id, 10)), readBy) {
			t.Errorf("Ana does not see that a site admin read her report:\n%s", clip(list))
		}

		// Closing: a choice is needed; then it leaves the queue.
		r = admin.post(messageReportPath(id)+"/handle", url.Values{"outcome": {"Wrote to Ben"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.report.status")) || !strings.Contains(r.body, "Wrote to Ben") {
			t.Errorf("closing without a choice: no clear message, or the words were lost:\n%s", clip(r.body))
		}
		admin.post(messageReportPath(id)+"/handle", url.Values{"status": {"acted"}, "outcome": {"Wrote to Ben"}}).wantRedirect(t, "/admin/reports")
		if q := admin.get("/admin/reports").body; strings.Contains(q, "message-report-") || !strings.Contains(q, en("notice.message_report_handled")) {
			t.Errorf("the closed report is still in the queue, or no notice:\n%s", clip(q))
		}
		admin.post(messageReportPath(id)+"/handle", url.Values{"status": {"dismissed"}}).wantStatus(t, http.StatusConflict)
		list = ana.get("/messages").body
		if got := elementText(list, "my-report-"+strconv.FormatInt(id, 10)); !strings.Contains(got, html.UnescapeString(en("message_report.status.acted"))) || strings.Contains(got, "Wrote to Ben") {
			t.Errorf("Ana's report should say it was acted on, without the admin's words: %q", got)
		}

		// The API: Ana's list holds the read; a member may not list the
		// queue; the admin's list is empty now.
		var mineAPI struct {
			Reports []APIMessageReport `json:"reports"`
		}
		tok := func(m *testMember) *testClient {
			token, _ := ts.mintToken(t, m.acct.ID)
			return ts.bearer(t, token)
		}
		body := tok(ana).get("/api/v1/me/message-reports").wantStatus(t, http.StatusOK).body
		if err := json.Unmarshal([]byte(body), &mineAPI); err != nil || len(mineAPI.Reports) != 1 || len(mineAPI.Reports[0].ReadAt) != 1 ||
			mineAPI.Reports[0].Status != "acted" || mineAPI.Reports[0].Body != "" {
			t.Errorf("Ana's reports through the API: %v\n%s", err, body)
		}
		tok(ben).get("/api/v1/admin/message-reports").wantStatus(t, http.StatusForbidden)
		r = tok(ana).do(http.MethodPost, "/api/v1/me/message-reports", strings.NewReader(fmt.Sprintf(`{"message_id": %d, "reason": "spam"}`, other)),
			http.Header{"Content-Type": {"application/json"}}).wantStatus(t, http.StatusCreated)
		var made APIMessageReport
		if err := json.Unmarshal([]byte(r.body), &made); err != nil || made.Again || made.MessageID != other {
			t.Fatalf("a report through the API: %v %s", err, r.body)
		}
		r = tok(admin).do(http.MethodPost, fmt.Sprintf("/api/v1/admin/message-reports/%d/open", made.ID), nil, nil).wantStatus(t, http.StatusOK)
		var got APIMessageReport
		if err := json.Unmarshal([]byte(r.body), &got); err != nil || got.Body != "A second message, never reported" || got.Author == nil || *got.Author != "Ben" {
			t.Errorf("the admin's open through the API: %v %s", err, r.body)
		}
	})
}
