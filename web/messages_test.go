package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	ts.partners(t, a, p)
	return p
}

// partners makes a and b accountability partners.
func (ts *testServer) partners(t *testing.T, a, b *hearth.Account) {
	t.Helper()
	inv, err := ts.store.InvitePartner(as(a), b.Handle)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AnswerInvitation(as(b), inv.ID, true); err != nil {
		t.Fatal(err)
	}
}

// messageSamples are the matrix's requests for messages and reach-outs:
// each caller gets a fresh partner to write to and be asked by.
func messageSamples(t *testing.T, ts *testServer) map[string]routeSample {
	n := 0
	// A member has at most hearth.PartnersMax partners: most samples write
	// to members of a group the caller is in instead.
	var group *hearth.Group
	inGroup := func(a *hearth.Account) {
		if group == nil {
			owner := &hearth.Account{Handle: "matrix-host.0000", DisplayName: "Host", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
			if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: owner, PasswordHash: "x"}); err != nil {
				t.Fatal(err)
			}
			group = ts.makeGroup(t, owner, hearth.Group{Slug: "matrix-messages"})
		}
		err := ts.store.AddGroupMember(context.Background(), group.ID, a.ID, hearth.GroupMember)
		if err != nil && hearth.ErrorCode(err) != hearth.ECONFLICT {
			t.Fatal(err)
		}
	}
	// groupPeer is a new member of a group the caller is in.
	groupPeer := func(a *hearth.Account) *hearth.Account {
		n++
		p := &hearth.Account{Handle: fmt.Sprintf("matrix-writer.%04d", n), DisplayName: "Writer", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
		if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: p, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		inGroup(a)
		inGroup(p)
		return p
	}
	// conversation opens one of the caller's with a new member.
	conversation := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		p := groupPeer(c.acct)
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
			return "/messages", url.Values{"handle": {groupPeer(c.acct).Handle}}
		},
		"POST /messages/settings": func(matrixCaller) (string, url.Values) {
			return "/messages/settings", url.Values{"from": {"groups"}}
		},
		"GET /messages/{id}":        path("/messages/%d", conversation, nil),
		"POST /messages/{id}":       path("/messages/%d", conversation, url.Values{"body": {"Hello from the matrix"}}),
		"GET /messages/{id}/erase":  path("/messages/%d/erase", conversation, nil),
		"POST /messages/{id}/erase": path("/messages/%d/erase", conversation, url.Values{}),
		"POST /support":             func(matrixCaller) (string, url.Values) { return "/support", url.Values{} },
		"POST /settings/quiet": func(matrixCaller) (string, url.Values) {
			return "/settings/quiet", url.Values{"words": {"whiskey\nlast call"}}
		},
		"POST /settings/quiet/unblock": func(c matrixCaller) (string, url.Values) {
			id := int64(1)
			if c.acct != nil {
				p := groupPeer(c.acct)
				if err := ts.store.Block(as(c.acct), p.ID); err != nil {
					t.Fatal(err)
				}
				id = p.ID
			}
			return "/settings/quiet/unblock", url.Values{"account": {strconv.FormatInt(id, 10)}}
		},
		"POST /support/plan":                 func(matrixCaller) (string, url.Values) { return "/support/plan", url.Values{"partners": {"on"}} },
		"GET /support/sent/{id}":             path("/support/sent/%d", sent, nil),
		"GET /support/received/{id}":         path("/support/received/%d", received, nil),
		"POST /support/received/{id}/answer": path("/support/received/%d/answer", received, url.Values{}),
		"POST /api/v1/me/conversations": func(c matrixCaller) (string, url.Values) {
			handle := "nobody.0000"
			if c.acct != nil {
				handle = groupPeer(c.acct).Handle
			}
			return "/api/v1/me/conversations", url.Values{"json": {`{"with": "` + handle + `"}`}}
		},
		"GET /api/v1/me/conversations/{id}":    path("/api/v1/me/conversations/%d", conversation, nil),
		"DELETE /api/v1/me/conversations/{id}": path("/api/v1/me/conversations/%d", conversation, nil),
		"POST /api/v1/me/conversations/{id}/messages": path("/api/v1/me/conversations/%d/messages", conversation,
			url.Values{"json": {`{"body": "Hello from the matrix"}`}}),
		"POST /api/v1/me/conversations/{id}/read": path("/api/v1/me/conversations/%d/read", conversation, nil),
		"PUT /api/v1/me/message-prefs": func(matrixCaller) (string, url.Values) {
			return "/api/v1/me/message-prefs", url.Values{"json": {`{"from": "groups", "receipts": true}`}}
		},
		"PUT /api/v1/me/reach-out-plan": func(matrixCaller) (string, url.Values) {
			return "/api/v1/me/reach-out-plan", url.Values{"json": {`{"partners": true, "words": "call me"}`}}
		},
		"POST /api/v1/me/reach-outs":             func(matrixCaller) (string, url.Values) { return "/api/v1/me/reach-outs", nil },
		"GET /api/v1/me/reach-outs/{id}":         path("/api/v1/me/reach-outs/%d", received, nil),
		"POST /api/v1/me/reach-outs/{id}/answer": path("/api/v1/me/reach-outs/%d/answer", received, nil),
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
		ts.partners(t, ana.acct, ben.acct)
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

// TestMessagesAPI: the same conversation through the API, with its
// errors as problem documents.
func TestMessagesAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben, cam := ts.signUp(t, "Ana"), ts.signUp(t, "Ben"), ts.signUp(t, "Cam")
		ts.partners(t, ana.acct, ben.acct)
		api := func(m *testMember) *testClient {
			token, _ := ts.mintToken(t, m.acct.ID)
			return ts.bearer(t, token)
		}
		a, b, c := api(ana), api(ben), api(cam)
		js := func(c *testClient, method, path, body string) *response {
			return c.do(method, path, strings.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		}
		var conv APIConversation
		decode(t, js(a, "POST", "/api/v1/me/conversations", `{"with": "`+ben.handle+`"}`).wantStatus(t, http.StatusCreated), &conv)
		if conv.With == nil || conv.With.Handle != ben.handle {
			t.Fatalf("conversation %+v", conv)
		}
		path := fmt.Sprintf("/api/v1/me/conversations/%d", conv.ID)
		js(a, "POST", path+"/messages", `{"body": "Are you going tonight?"}`).wantStatus(t, http.StatusCreated)
		js(a, "POST", path+"/messages", `{"body": "Twice?"}`).wantStatus(t, http.StatusTooManyRequests)
		if p := wantProblem(t, js(b, "POST", path+"/messages", `{"body": ""}`).wantStatus(t, http.StatusUnprocessableEntity)); len(p.Errors) != 1 || p.Errors[0].Field != "body" {
			t.Errorf("an empty message: problem %+v names no field", p)
		}
		var got APIConversation
		decode(t, b.get(path).wantStatus(t, http.StatusOK), &got)
		if len(got.Messages) != 1 || got.Messages[0].Body != "Are you going tonight?" || got.Messages[0].Mine || got.Unread != 1 {
			t.Errorf("Ben reads %+v", got)
		}
		js(b, "POST", path+"/read", "").wantStatus(t, http.StatusNoContent)
		c.get(path).wantStatus(t, http.StatusNotFound)
		wantProblem(t, js(c, "POST", "/api/v1/me/conversations", `{"with": "`+ana.handle+`"}`).wantStatus(t, http.StatusForbidden))
		wantProblem(t, js(c, "POST", "/api/v1/me/conversations", `{"with": "nobody.0000"}`).wantStatus(t, http.StatusUnprocessableEntity))

		js(a, "PUT", "/api/v1/me/reach-out-plan", `{"partners": true, "words": "Call me?"}`).wantStatus(t, http.StatusOK)
		var ro APIReachOut
		decode(t, js(a, "POST", "/api/v1/me/reach-outs", "").wantStatus(t, http.StatusCreated), &ro)
		if len(ro.Recipients) != 1 || ro.Recipients[0].Member.Handle != ben.handle {
			t.Errorf("reach-out %+v", ro)
		}
		js(a, "POST", "/api/v1/me/reach-outs", "").wantStatus(t, http.StatusTooManyRequests)
		var seen APIReachOut
		decode(t, b.get(fmt.Sprintf("/api/v1/me/reach-outs/%d", ro.ID)).wantStatus(t, http.StatusOK), &seen)
		if seen.Words != "Call me?" || seen.Sender == nil || seen.Sender.Handle != ana.handle {
			t.Errorf("Ben sees %+v", seen)
		}
		c.get(fmt.Sprintf("/api/v1/me/reach-outs/%d", ro.ID)).wantStatus(t, http.StatusNotFound)
		js(b, "POST", fmt.Sprintf("/api/v1/me/reach-outs/%d/answer", ro.ID), "").wantStatus(t, http.StatusOK)
	})
}

// TestMutedWords: a share that holds a word the reader muted is folded
// away for them (whatever its case and accents), for no one else; a list
// too long comes back with what was typed; unblocking from the same page.
func TestMutedWords(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben := ts.signUp(t, "Ana"), ts.signUp(t, "Ben")
		g := ts.makeGroup(t, ana.acct, hearth.Group{Slug: "quiet-room", Name: "Quiet Room"})
		ts.setRole(t, g, ben.acct, hearth.GroupMember)
		for _, body := range []string{"The smell of WHÍSKEY at the party got to me.", "Coffee and a long walk."} {
			if err := ts.store.CreateShare(as(ana.acct), &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: body}); err != nil {
				t.Fatal(err)
			}
		}
		ben.post("/settings/quiet", url.Values{"words": {"whiskey\n  "}}).wantRedirect(t, "/settings/quiet")
		page := ben.get("/groups/quiet-room").wantStatus(t, http.StatusOK)
		if strings.Count(page.body, en("share.muted_open")) != 1 || !strings.Contains(page.body, "Coffee and a long walk.") {
			t.Errorf("Ben's page folds %d shares, want the one with whiskey:\n%s", strings.Count(page.body, en("share.muted_open")), clip(page.body))
		}
		if strings.Contains(ana.get("/groups/quiet-room").body, en("share.muted_open")) {
			t.Error("another member's page is folded by Ben's muted words")
		}
		long := strings.Repeat("a very long phrase ", 5)
		r := ben.post("/settings/quiet", url.Values{"words": {"whiskey\n" + long}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.muted.too_long")) || !strings.Contains(r.body, long) {
			t.Errorf("a muted phrase too long: no message, or the text was lost:\n%s", clip(r.body))
		}
		if err := ts.store.Block(as(ben.acct), ana.acct.ID); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ben.get("/settings/quiet").body, ana.handle) {
			t.Error("the page does not list the member Ben blocks")
		}
		ben.post("/settings/quiet/unblock", url.Values{"account": {strconv.FormatInt(ana.acct.ID, 10)}}).wantRedirect(t, "/settings/quiet")
		if blocked, _ := ts.store.Blocked(context.Background(), ben.acct.ID, ana.acct.ID); blocked {
			t.Error("still blocked after unblocking")
		}
	})
}

// TestExportHasWhatWasSaid: the export holds the member's shares, the
// messages they wrote (never those written to them), their reach-outs
// and muted words.
func TestExportHasWhatWasSaid(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben := ts.signUp(t, "Ana"), ts.signUp(t, "Ben")
		ts.partners(t, ana.acct, ben.acct)
		g := ts.makeGroup(t, ana.acct, hearth.Group{Slug: "export-room", Name: "Export Room"})
		if err := ts.store.CreateShare(as(ana.acct), &hearth.Share{GroupID: g.ID, Kind: hearth.ShareGratitude, Title: "Thanks", Body: "Grateful for Tuesday."}); err != nil {
			t.Fatal(err)
		}
		c, err := ts.store.StartConversation(as(ana.acct), ben.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.store.SendMessage(as(ana.acct), c.ID, "Ana's own words"); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.store.SendMessage(as(ben.acct), c.ID, "Ben's private words"); err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SetReachOutPlan(as(ana.acct), &hearth.ReachOutPlan{Partners: true, Words: "Call me tonight"}); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.store.ReachOut(as(ana.acct)); err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SetMutedWords(as(ana.acct), []string{"whiskey"}); err != nil {
			t.Fatal(err)
		}
		var e hearth.Export
		decode(t, ana.get("/settings/export.json").wantStatus(t, http.StatusOK), &e)
		if len(e.Shares) != 1 || e.Shares[0].Body != "Grateful for Tuesday." || e.Shares[0].Group != "export-room" {
			t.Errorf("shares %+v", e.Shares)
		}
		if len(e.Messages) != 1 || e.Messages[0].Body != "Ana's own words" || e.Messages[0].To != ben.handle {
			t.Errorf("messages %+v, want only Ana's own", e.Messages)
		}
		if len(e.ReachOuts) != 1 || e.ReachOuts[0].Words != "Call me tonight" || len(e.MutedWords) != 1 {
			t.Errorf("reach-outs %+v, muted words %q", e.ReachOuts, e.MutedWords)
		}
		page := ana.get("/settings/export").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "Ana&#39;s own words") || strings.Contains(page, "Ben&#39;s private words") || !strings.Contains(page, "Grateful for Tuesday.") {
			t.Error("the readable export lacks Ana's words or shows Ben's")
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
		ts.partners(t, ana.acct, ben.acct)
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

// decode reads a JSON answer into v, failing the test when it is not.
func decode(t *testing.T, r *response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("%s: %v\n%s", r.req, err, clip(r.body))
	}
}

// sponsors makes guide, with 30 months on a count, newcomer's sponsor in
// AA (an offer, a request, accepted).
func (ts *testServer) sponsors(t *testing.T, guide, newcomer *testMember) *hearth.Sponsorship {
	t.Helper()
	today := hearth.Today(ts.clock.Now(), time.UTC)
	k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Years", Start: today.AddMonths(-30), Schedule: "aa", Visibility: hearth.VisibleToMe}
	if err := ts.store.CreateClock(as(guide.acct), k, today); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.SaveSponsorProfile(as(guide.acct), &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: k.ID,
		Languages: []string{"en"}, TimeZone: "UTC", Ways: []string{hearth.WayCalls}, Capacity: 3}, today); err != nil {
		t.Fatal(err)
	}
	sp, err := ts.store.RequestSponsor(as(newcomer.acct), guide.acct.ID, "aa", "Could you guide me?")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AnswerSponsorRequest(as(guide.acct), sp.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return sp
}

// TestStepWorkToSponsor: a member's sponsor is offered among those they
// may share step work with, and the share reaches them; their sponsee is
// not offered.
func TestStepWorkToSponsor(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		guide, newcomer := ts.signUp(t, "Guide"), ts.signUp(t, "Newcomer")
		ts.sponsors(t, guide, newcomer)
		if err := ts.store.ChooseProgram(as(newcomer.acct), "aa"); err != nil {
			t.Fatal(err)
		}
		row := &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: map[string]string{"who": "My landlord"}}
		if err := ts.store.CreateStepEntry(as(newcomer.acct), row); err != nil {
			t.Fatal(err)
		}
		page := newcomer.get(stepEntryPath(row.ID)).wantStatus(t, http.StatusOK)
		if !strings.Contains(page.body, `value="`+strconv.FormatInt(guide.acct.ID, 10)+`"`) {
			t.Fatalf("the sponsor is not offered to share with:\n%s", clip(page.body))
		}
		newcomer.post("/recovery/steps/sharing", url.Values{"kind": {hearth.ShareEntry}, "entry": {strconv.FormatInt(row.ID, 10)},
			"to": {strconv.FormatInt(guide.acct.ID, 10)}}).wantStatus(t, http.StatusSeeOther)
		shared, err := ts.store.StepSharesWithMe(as(guide.acct))
		if err != nil || len(shared) != 1 {
			t.Fatalf("the sponsor has %d shared items (%v), want 1", len(shared), err)
		}
		if err := ts.store.ChooseProgram(as(guide.acct), "aa"); err != nil {
			t.Fatal(err)
		}
		if p := guide.get("/recovery/programs/aa/sheet/resentments").wantStatus(t, http.StatusOK); strings.Contains(p.body, `value="`+strconv.FormatInt(newcomer.acct.ID, 10)+`"`) {
			t.Error("a sponsee is offered to share the sponsor's step work with")
		}
	})
}
