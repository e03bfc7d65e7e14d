package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hearth"
)

// peer makes a member with no session, as partner of a.
func (ts *testServer) peer(t *testing.T, a *hearth.Account, handle string) *hearth.Account {
	t.Helper()
	p := &hearth.Account{Handle: handle, DisplayName: "Peer " + handle, Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
	if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: p, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	inv, err := ts.store.InvitePartner(as(a), p.Handle)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AnswerInvitation(as(p), inv.ID, true); err != nil {
		t.Fatal(err)
	}
	return p
}

// messageSamples are the matrix's requests for messages and reach-outs:
// each caller gets a fresh partner to write to and be asked by.
func messageSamples(t *testing.T, ts *testServer) map[string]routeSample {
	n := 0
	// conversation opens one of the caller's with a new partner.
	conversation := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		n++
		p := ts.peer(t, c.acct, fmt.Sprintf("matrix-writer.%04d", n))
		conv, err := ts.store.StartConversation(as(c.acct), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return conv.ID
	}
	// received is a reach-out to the caller from a new partner.
	received := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		n++
		p := ts.peer(t, c.acct, fmt.Sprintf("matrix-asker.%04d", n))
		ro, err := ts.store.ReachOut(as(p))
		if err != nil {
			t.Fatal(err)
		}
		return ro.ID
	}
	sent := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		ro, err := ts.store.ReachOut(as(c.acct))
		if err != nil && hearth.ErrorCode(err) != hearth.ERATELIMIT {
			t.Fatal(err)
		}
		return ro.ID
	}
	path := func(format string, id func(matrixCaller) int64, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, id(c)), form }
	}
	return map[string]routeSample{
		"POST /messages": func(c matrixCaller) (string, url.Values) {
			if c.acct == nil {
				return "/messages", url.Values{"handle": {"nobody.0000"}}
			}
			n++
			p := ts.peer(t, c.acct, fmt.Sprintf("matrix-peer-m.%04d", n))
			return "/messages", url.Values{"handle": {p.Handle}}
		},
		"POST /messages/settings": func(matrixCaller) (string, url.Values) {
			return "/messages/settings", url.Values{"from": {"groups"}}
		},
		"GET /messages/{id}":                 path("/messages/%d", conversation, nil),
		"POST /messages/{id}":                path("/messages/%d", conversation, url.Values{"body": {"Hello from the matrix"}}),
		"GET /messages/{id}/erase":           path("/messages/%d/erase", conversation, nil),
		"POST /messages/{id}/erase":          path("/messages/%d/erase", conversation, url.Values{}),
		"POST /support":                      func(matrixCaller) (string, url.Values) { return "/support", url.Values{} },
		"POST /support/plan":                 func(matrixCaller) (string, url.Values) { return "/support/plan", url.Values{"partners": {"on"}} },
		"GET /support/sent/{id}":             path("/support/sent/%d", sent, nil),
		"GET /support/received/{id}":         path("/support/received/%d", received, nil),
		"POST /support/received/{id}/answer": path("/support/received/%d/answer", received, url.Values{}),
	}
}

// TestMessages: two partners write to each other through the pages; a
// bad message keeps what was typed; a third member reads nothing; a
// member who takes messages from connections only cannot be written to
// by a member of their group; removing one's copy leaves the other's,
// closed.
func TestMessages(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben, cam := ts.signUp(t, "Ana"), ts.signUp(t, "Ben"), ts.signUp(t, "Cam")
		inv, err := ts.store.InvitePartner(as(ana.acct), ben.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.AnswerInvitation(as(ben.acct), inv.ID, true); err != nil {
			t.Fatal(err)
		}
		r := ana.post("/messages", url.Values{"handle": {ben.handle}})
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/messages/") {
			t.Fatalf("starting a conversation: %d %q\n%s", r.status, loc, clip(r.body))
		}
		ana.post(loc, url.Values{"body": {"Are you going tonight?"}}).wantStatus(t, http.StatusSeeOther)

		list := ben.get("/messages").wantStatus(t, http.StatusOK)
		if !strings.Contains(list.body, "Ana") || !strings.Contains(list.body, strings.ReplaceAll(en("messages.unread.one"), "{n}", "1")) {
			t.Errorf("Ben's messages do not show Ana's unread message:\n%s", clip(list.body))
		}
		page := ben.get(loc).wantStatus(t, http.StatusOK)
		if !strings.Contains(page.body, "Are you going tonight?") {
			t.Errorf("Ben does not read Ana's message:\n%s", clip(page.body))
		}
		if strings.Contains(ben.get("/messages").body, strings.ReplaceAll(en("messages.unread.one"), "{n}", "1")) {
			t.Error("the message is still unread after Ben read it")
		}

		ts.clock.Advance(time.Second)
		long := strings.Repeat("so much to say ", 7000)
		r = ben.post(loc, url.Values{"body": {long}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.message.body_too_long")) || !strings.Contains(r.body, "so much to say so much") {
			t.Errorf("a too long message: no clear message, or the text was lost:\n%s", clip(r.body))
		}

		cam.get(loc).wantStatus(t, http.StatusNotFound)
		cam.post(loc, url.Values{"body": {"hi"}}).wantStatus(t, http.StatusNotFound)
		r = cam.post("/messages", url.Values{"handle": {ana.handle}}).wantStatus(t, http.StatusForbidden)
		if !strings.Contains(r.body, en("error.message.not_allowed")) || !strings.Contains(r.body, ana.handle) {
			t.Errorf("writing to a stranger: no clear message or the name typed was lost:\n%s", clip(r.body))
		}

		ana.post(loc+"/erase", url.Values{}).wantRedirect(t, "/messages")
		ana.get(loc).wantStatus(t, http.StatusNotFound)
		page = ben.get(loc).wantStatus(t, http.StatusOK)
		if !strings.Contains(page.body, en("conversation.closed")) || !strings.Contains(page.body, "Are you going tonight?") {
			t.Errorf("Ben's copy after Ana removed hers:\n%s", clip(page.body))
		}
	})
}

// TestSupportNow: a member reaches out in one tap from any page; the
// crisis lines are shown at once with who was told; a partner sees it,
// answers "I'm here", and the sender sees the answer; a second tap sends
// nothing more.
func TestSupportNow(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben := ts.signUp(t, "Ana"), ts.signUp(t, "Ben")
		inv, err := ts.store.InvitePartner(as(ana.acct), ben.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.AnswerInvitation(as(ben.acct), inv.ID, true); err != nil {
			t.Fatal(err)
		}
		home := ana.get("/").wantStatus(t, http.StatusOK)
		if !strings.Contains(home.body, `action="/support"`) {
			t.Fatal("the dashboard has no support button")
		}
		ana.post("/support/plan", url.Values{"partners": {"on"}, "words": {"Rough night, could you call?"}}).wantRedirect(t, "/support")
		r := ana.post("/support", url.Values{})
		sent := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(sent, "/support/sent/") {
			t.Fatalf("reaching out: %d %q", r.status, sent)
		}
		page := ana.get(sent).wantStatus(t, http.StatusOK)
		if !strings.Contains(page.body, "988") || !strings.Contains(page.body, "Ben") || !strings.Contains(page.body, en("support_sent.not_seen")) {
			t.Errorf("the page after reaching out:\n%s", clip(page.body))
		}
		again := ana.post("/support", url.Values{})
		if again.header.Get("Location") != sent {
			t.Errorf("a second tap went to %q, want the first reach-out %q", again.header.Get("Location"), sent)
		}

		support := ben.get("/support").wantStatus(t, http.StatusOK)
		if !strings.Contains(support.body, strings.ReplaceAll(en("support.from"), "{name}", "Ana")) {
			t.Fatalf("Ben's support page does not show Ana's reach-out:\n%s", clip(support.body))
		}
		received := "/support/received/" + strings.TrimPrefix(sent, "/support/sent/")
		if p := ben.get(received).wantStatus(t, http.StatusOK); !strings.Contains(p.body, "Rough night, could you call?") {
			t.Errorf("Ben does not read Ana's words:\n%s", clip(p.body))
		}
		r = ben.post(received+"/answer", url.Values{})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/messages/") {
			t.Fatalf("answering: %d %q", r.status, r.header.Get("Location"))
		}
		if page := ana.get(sent); !strings.Contains(page.body, en("support_sent.answered")) {
			t.Errorf("Ana does not see Ben's answer:\n%s", clip(page.body))
		}
		// Only Ana sees her reach-out; only those told see it received.
		ben.get(sent).wantStatus(t, http.StatusNotFound)
		ana.get(received).wantStatus(t, http.StatusNotFound)
	})
}
