package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"hearth"
)

// stepPeer makes a new member with no session, an accountability partner
// of a.
func stepPeer(t *testing.T, ts *testServer, a *hearth.Account) *hearth.Account {
	t.Helper()
	peer := &hearth.Account{Handle: "step-peer." + strconv.Itoa(len(a.Handle)) + randomDigits(), DisplayName: "Peer", Language: "en",
		TimeZone: "UTC", Role: hearth.RoleMember}
	if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: peer, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	p, err := ts.store.InvitePartner(as(a), peer.Handle)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AnswerInvitation(as(peer), p.ID, true); err != nil {
		t.Fatal(err)
	}
	return peer
}

var peerSeq int

func randomDigits() string { peerSeq++; return fmt.Sprintf("%04d", peerSeq) }

// stepRow gives a a resentment row in AA, choosing AA.
func stepRow(t *testing.T, ts *testServer, a *hearth.Account, who string) *hearth.StepEntry {
	t.Helper()
	if err := ts.store.ChooseProgram(as(a), "aa"); err != nil {
		t.Fatal(err)
	}
	e := &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: map[string]string{"who": who}}
	if err := ts.store.CreateStepEntry(as(a), e); err != nil {
		t.Fatal(err)
	}
	return e
}

// stepSamples are the matrix's requests to step work: each caller acts on
// rows of their own, and reads what a partner shares with them.
func stepSamples(t *testing.T, ts *testServer) map[string]routeSample {
	// One partner per caller: a member has at most PartnersMax.
	peers := map[int64]*hearth.Account{}
	stepPeer := func(t *testing.T, ts *testServer, a *hearth.Account) *hearth.Account {
		if peers[a.ID] == nil {
			peers[a.ID] = stepPeer(t, ts, a)
		}
		return peers[a.ID]
	}
	row := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		return stepRow(t, ts, c.acct, "Matrix").ID
	}
	// ownShare is a share of the caller's with a partner.
	ownShare := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		e := stepRow(t, ts, c.acct, "Matrix")
		sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: e.ID, RecipientID: stepPeer(t, ts, c.acct).ID}
		if err := ts.store.ShareStepWork(as(c.acct), sh); err != nil {
			t.Fatal(err)
		}
		return sh.ID
	}
	// sharedWithCaller is a partner's row shared with the caller.
	sharedWithCaller := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		peer := stepPeer(t, ts, c.acct)
		e := stepRow(t, ts, peer, "Shared")
		sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: e.ID, RecipientID: c.acct.ID}
		if err := ts.store.ShareStepWork(as(peer), sh); err != nil {
			t.Fatal(err)
		}
		return sh.ID
	}
	chosen := func(c matrixCaller) {
		if c.acct != nil {
			if err := ts.store.ChooseProgram(as(c.acct), "aa"); err != nil {
				t.Fatal(err)
			}
		}
	}
	version := func(c matrixCaller, step string) string {
		if c.acct == nil {
			return "0"
		}
		list, err := ts.store.StepProgress(as(c.acct), "aa")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.Step == step {
				return strconv.Itoa(p.Version)
			}
		}
		return "0"
	}
	fixed := func(p string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { chosen(c); return p, form }
	}
	withID := func(id func(matrixCaller) int64, format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, id(c)), form }
	}
	rowForm := url.Values{"f.who": {"Matrix"}, "version": {"1"}}
	return map[string]routeSample{
		"POST /recovery/steps": fixed("/recovery/steps", url.Values{"program": {"aa"}}),
		"POST /recovery/steps/sharing": func(c matrixCaller) (string, url.Values) {
			if c.acct == nil {
				return "/recovery/steps/sharing", url.Values{"kind": {"entry"}, "entry": {"1"}, "to": {"1"}}
			}
			e := stepRow(t, ts, c.acct, "Matrix")
			return "/recovery/steps/sharing", url.Values{"kind": {"entry"}, "entry": {strconv.FormatInt(e.ID, 10)},
				"to": {strconv.FormatInt(stepPeer(t, ts, c.acct).ID, 10)}}
		},
		"POST /recovery/steps/sharing/{id}/revoke":     withID(ownShare, "/recovery/steps/sharing/%d/revoke", url.Values{}),
		"GET /recovery/steps/shared/{id}":              withID(sharedWithCaller, "/recovery/steps/shared/%d", nil),
		"POST /recovery/steps/shared/{id}":             withID(sharedWithCaller, "/recovery/steps/shared/%d", url.Values{"body": {"Thank you."}}),
		"GET /recovery/steps/entry/{id}":               withID(row, "/recovery/steps/entry/%d", nil),
		"POST /recovery/steps/entry/{id}":              withID(row, "/recovery/steps/entry/%d", rowForm),
		"POST /recovery/steps/entry/{id}/move":         withID(row, "/recovery/steps/entry/%d/move", url.Values{"to": {"up"}}),
		"POST /recovery/steps/entry/{id}/delete":       withID(row, "/recovery/steps/entry/%d/delete", url.Values{}),
		"GET /recovery/programs/{program}":             fixed("/recovery/programs/aa", nil),
		"GET /recovery/programs/{program}/step/{step}": fixed("/recovery/programs/aa/step/4", nil),
		"POST /recovery/programs/{program}/step/{step}": func(c matrixCaller) (string, url.Values) {
			chosen(c)
			return "/recovery/programs/aa/step/4", url.Values{"status": {"1"}, "note": {""}, "version": {version(c, "4")}}
		},
		"GET /recovery/programs/{program}/sheet/{sheet}":       fixed("/recovery/programs/aa/sheet/resentments", nil),
		"POST /recovery/programs/{program}/sheet/{sheet}":      fixed("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {"Matrix"}}),
		"GET /recovery/programs/{program}/sheet/{sheet}/print": fixed("/recovery/programs/aa/sheet/resentments/print", nil),

		"POST /api/v1/me/steps": fixed("/api/v1/me/steps", url.Values{"json": {`{"program": "aa"}`}}),
		"PUT /api/v1/me/steps/{program}/progress/{step}": func(c matrixCaller) (string, url.Values) {
			chosen(c)
			return "/api/v1/me/steps/aa/progress/4", url.Values{"json": {`{"status": "begun", "version": ` + version(c, "4") + `}`}}
		},
		"GET /api/v1/me/steps/{program}/sheets/{sheet}":  fixed("/api/v1/me/steps/aa/sheets/resentments", nil),
		"POST /api/v1/me/steps/{program}/sheets/{sheet}": fixed("/api/v1/me/steps/aa/sheets/resentments", url.Values{"json": {`{"fields": {"who": "Matrix"}}`}}),
		"GET /api/v1/me/step-entries/{id}":               withID(row, "/api/v1/me/step-entries/%d", nil),
		"PATCH /api/v1/me/step-entries/{id}":             withID(row, "/api/v1/me/step-entries/%d", url.Values{"json": {`{"fields": {"who": "Renamed"}, "version": 1}`}}),
		"DELETE /api/v1/me/step-entries/{id}":            withID(row, "/api/v1/me/step-entries/%d", nil),
		"POST /api/v1/me/step-shares": func(c matrixCaller) (string, url.Values) {
			if c.acct == nil {
				return "/api/v1/me/step-shares", url.Values{"json": {`{"kind": "entry", "entry_id": 1, "recipient": "nobody"}`}}
			}
			e := stepRow(t, ts, c.acct, "Matrix")
			peer := stepPeer(t, ts, c.acct)
			return "/api/v1/me/step-shares", url.Values{"json": {fmt.Sprintf(`{"kind": "entry", "entry_id": %d, "recipient": %q}`, e.ID, peer.Handle)}}
		},
		"DELETE /api/v1/me/step-shares/{id}":     withID(ownShare, "/api/v1/me/step-shares/%d", nil),
		"GET /api/v1/step-shares/{id}":           withID(sharedWithCaller, "/api/v1/step-shares/%d", nil),
		"POST /api/v1/step-shares/{id}/comments": withID(sharedWithCaller, "/api/v1/step-shares/%d/comments", url.Values{"json": {`{"body": "Thank you."}`}}),
	}
}
