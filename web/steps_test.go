package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hearth"
)

// TestStepWork: a member chooses a program, marks a step, writes rows in
// a worksheet (bad input comes back with what was typed), meets a stale
// form with both versions shown, prints the worksheet, shares one row
// with a partner who reads it and comments, and revokes it.
func TestStepWork(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, partner := ts.signUp(t, "Robin"), ts.signUp(t, "Kestrel")
		ctx := context.Background()
		p, err := ts.store.InvitePartner(as(m.acct), partner.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.AnswerInvitation(as(partner.acct), p.ID, true); err != nil {
			t.Fatal(err)
		}
		_ = ctx

		if body := m.get("/recovery").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `href="/recovery/steps"`) {
			t.Error("the recovery page does not lead to step work")
		}
		if body := m.get("/recovery/steps").wantStatus(t, http.StatusOK).body; !strings.Contains(body, en("steps.empty")) {
			t.Error("no program chosen: the page does not say so")
		}
		// A program not chosen: its pages send the member to choose it,
		// and a row for it is refused.
		m.get("/recovery/programs/aa/sheet/resentments").wantRedirect(t, "/recovery/steps?choose=aa")
		m.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {"Boss"}}).wantStatus(t, http.StatusUnprocessableEntity)
		m.post("/recovery/steps", url.Values{"program": {"nope"}}).wantStatus(t, http.StatusUnprocessableEntity)
		m.post("/recovery/steps", url.Values{"program": {"aa"}}).wantRedirect(t, "/recovery/programs/aa")
		m.get("/recovery/programs/no-such").wantStatus(t, http.StatusNotFound)
		m.get("/recovery/programs/aa/sheet/urge_log").wantStatus(t, http.StatusNotFound) // not an AA worksheet

		// Where I am with step 4, then a stale second tab.
		m.post("/recovery/programs/aa/step/4", url.Values{"status": {"1"}, "note": {"Started"}, "version": {"0"}}).
			wantRedirect(t, "/recovery/programs/aa/step/4")
		r := m.post("/recovery/programs/aa/step/4", url.Values{"status": {"3"}, "note": {"From the other tab"}, "version": {"0"}}).
			wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, `id="saved-version"`) || !strings.Contains(r.body, "Started") || !strings.Contains(r.body, "From the other tab") {
			t.Error("a stale step form does not show both versions")
		}

		// Rows: bad input keeps what was typed.
		long := strings.Repeat("a", 200<<10)
		r = m.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {"My boss"}, "f.cause": {long}, "f.affects": {"pride", "security"}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.steps.long_long")) || textareaValue(r.body, "f-cause") != long {
			t.Error("a 200 KB cause is not explained, or not kept")
		}
		if v, _ := inputValue(r.body, "f.who"); v != "My boss" || !strings.Contains(r.body, `value="pride" checked`) {
			t.Errorf("the row typed came back as who=%q", v)
		}
		m.post("/recovery/programs/aa/sheet/resentments", url.Values{}).wantStatus(t, http.StatusUnprocessableEntity)
		for _, who := range []string{"My boss", "My sister", "The bank"} {
			m.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {who}, "f.cause": {"Because"}, "f.affects": {"pride", "security"}, "f.part": {"I was afraid"}}).
				wantRedirect(t, "/recovery/programs/aa/sheet/resentments")
		}
		rows, err := ts.store.StepEntries(as(m.acct), "aa", "resentments", hearth.StepEntryFilter{})
		if err != nil || len(rows) != 3 {
			t.Fatalf("rows %v, %v", rows, err)
		}
		page := m.get("/recovery/programs/aa/sheet/resentments").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "<th scope=\"col\">I&#39;m resentful at</th>") || !strings.Contains(page, "Pride, Security") && !strings.Contains(page, "Security, Pride") {
			t.Error("the worksheet does not read like the paper columns")
		}
		m.post(stepEntryPath(rows[2].ID)+"/move", url.Values{"to": {"up"}}).wantStatus(t, http.StatusSeeOther)
		if got, _ := ts.store.StepEntries(as(m.acct), "aa", "resentments", hearth.StepEntryFilter{}); got[1].ID != rows[2].ID {
			t.Error("moving a row up did not move it")
		}
		print := m.get("/recovery/programs/aa/sheet/resentments/print").wantStatus(t, http.StatusOK).body
		if !strings.Contains(print, `id="paper"`) || !strings.Contains(print, "The bank") {
			t.Error("the print page does not hold the rows")
		}

		// An entry edited in two tabs: the second save shows both.
		id := rows[0].ID
		m.post(stepEntryPath(id), url.Values{"f.who": {"My boss"}, "f.part": {"First tab"}, "version": {"1"}}).wantStatus(t, http.StatusSeeOther)
		r = m.post(stepEntryPath(id), url.Values{"f.who": {"My boss"}, "f.part": {"Second tab"}, "version": {"1"}}).wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, "First tab") || !strings.Contains(r.body, "Second tab") || !strings.Contains(r.body, `name="version" value="2"`) {
			t.Error("the conflict page does not show both versions, with the saved version to save over")
		}

		// A nightly review, linked to the day's check-in.
		m.post("/recovery/programs/aa/sheet/nightly", url.Values{"f.went_well": {"Called my sponsor"}, "f.kind": {"Mostly"}}).
			wantRedirect(t, "/recovery/programs/aa/sheet/nightly")
		if body := m.get("/recovery/programs/aa/sheet/nightly").body; !strings.Contains(body, "Called my sponsor") || !strings.Contains(body, `href="/check-in"`) {
			t.Error("the nightly review is not listed with a link to the day's check-in")
		}

		// Share one row; the partner reads that row and nothing else.
		other := ts.signUp(t, "Finch")
		m.post("/recovery/steps/sharing", url.Values{"kind": {"entry"}, "entry": {strconv.FormatInt(rows[1].ID, 10)},
			"to": {strconv.FormatInt(other.acct.ID, 10)}}).wantRedirect(t, stepEntryPath(rows[1].ID))
		m.post("/recovery/steps/sharing", url.Values{"kind": {"entry"}, "entry": {strconv.FormatInt(rows[1].ID, 10)},
			"to": {strconv.FormatInt(partner.acct.ID, 10)}}).wantRedirect(t, "/recovery/steps/sharing")
		shares, _ := ts.store.StepShares(as(m.acct))
		if len(shares) != 1 {
			t.Fatalf("shares %v", shares)
		}
		shared := "/recovery/steps/shared/" + strconv.FormatInt(shares[0].ID, 10)
		body := partner.get(shared).wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, "My sister") || strings.Contains(body, "The bank") || strings.Contains(body, "My boss") {
			t.Error("the partner does not read exactly the row shared")
		}
		partner.get(stepEntryPath(rows[0].ID)).wantStatus(t, http.StatusNotFound)
		partner.get(stepEntryPath(rows[1].ID)).wantStatus(t, http.StatusNotFound)
		other.get(shared).wantStatus(t, http.StatusNotFound)
		partner.post(shared, url.Values{"body": {"Thank you for trusting me with this."}}).wantStatus(t, http.StatusSeeOther)
		if body := m.get(shared).body; !strings.Contains(body, "Thank you for trusting me with this.") {
			t.Error("the owner does not see the partner's comment")
		}
		if body := m.get("/recovery/steps/sharing").body; !strings.Contains(body, "Kestrel") || !strings.Contains(body, `id="views"`) {
			t.Error("the sharing page does not say with whom and who looked")
		}
		m.post("/recovery/steps/sharing/"+strconv.FormatInt(shares[0].ID, 10)+"/revoke", nil).wantRedirect(t, "/recovery/steps/sharing")
		partner.get(shared).wantStatus(t, http.StatusNotFound)

		// The export holds the step work.
		var x hearth.Export
		if err := json.Unmarshal([]byte(m.get("/settings/export.json").wantStatus(t, http.StatusOK).body), &x); err != nil {
			t.Fatal(err)
		}
		if len(x.StepWork.Entries) != 4 || len(x.StepWork.Progress) != 1 {
			t.Errorf("the export's step work: %+v", x.StepWork)
		}
	})
}

// TestStepWorkAuthorization: every worksheet action as the owner, their
// sponsor with a share, after the share is revoked, a partner
// without a share, another member, a trusted servant of the owner's
// group, a site admin, and a visitor. Only the owner reaches the
// worksheet; only the sponsor the item shared with them, while it is.
func TestStepWorkAuthorization(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ctx := context.Background()
		owner := ts.signUp(t, "Owner")
		sponsor, unshared := ts.signUp(t, "Sponsor"), ts.signUp(t, "Unshared")
		other, servant, admin := ts.signUp(t, "Other"), ts.signUp(t, "Servant"), ts.signUp(t, "Admin")
		if err := ts.store.SetRole(ctx, admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "owners-group"})
		if err := ts.store.AddGroupMember(ctx, g.ID, servant.acct.ID, hearth.GroupServant); err != nil {
			t.Fatal(err)
		}
		ts.sponsors(t, sponsor, owner)
		inv, err := ts.store.InvitePartner(as(owner.acct), unshared.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.AnswerInvitation(as(unshared.acct), inv.ID, true); err != nil {
			t.Fatal(err)
		}
		row := stepRow(t, ts, owner.acct, "Secret resentment")
		sh := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: row.ID, RecipientID: sponsor.acct.ID}
		if err := ts.store.ShareStepWork(as(owner.acct), sh); err != nil {
			t.Fatal(err)
		}
		entry := stepEntryPath(row.ID)
		shared := "/recovery/steps/shared/" + strconv.FormatInt(sh.ID, 10)
		apiEntry := "/api/v1/me/step-entries/" + strconv.FormatInt(row.ID, 10)
		apiShared := "/api/v1/step-shares/" + strconv.FormatInt(sh.ID, 10)

		type action struct {
			name   string
			method string
			path   string
			form   url.Values
			api    bool
		}
		actions := []action{
			{"read the row", "GET", entry, nil, false},
			{"edit the row", "POST", entry, url.Values{"f.who": {"Changed"}, "version": {"1"}}, false},
			{"move the row", "POST", entry + "/move", url.Values{"to": {"up"}}, false},
			{"read the row (API)", "GET", apiEntry, nil, true},
			{"edit the row (API)", "PATCH", apiEntry, url.Values{"json": {`{"fields": {"who": "Changed"}, "version": 2}`}}, true},
			{"read the shared row", "GET", shared, nil, false},
			{"comment", "POST", shared, url.Values{"body": {"A comment"}}, false},
			{"read the shared row (API)", "GET", apiShared, nil, true},
			{"revoke", "POST", "/recovery/steps/sharing/" + strconv.FormatInt(sh.ID, 10) + "/revoke", url.Values{}, false},
			{"delete the row", "POST", entry + "/delete", url.Values{}, false},
		}
		call := func(c *testClient, a action) *response {
			switch {
			case a.method == "GET":
				return c.get(a.path)
			case a.api:
				return c.do(a.method, a.path, strings.NewReader(a.form.Get("json")), http.Header{"Content-Type": {"application/json"}})
			default:
				return c.post(a.path, a.form)
			}
		}
		bearer := func(m *testMember) *testClient {
			token, _ := ts.mintToken(t, m.acct.ID)
			return ts.bearer(t, token)
		}
		denied := func(who string, m *testMember) {
			for _, a := range actions {
				c := m.testClient
				if a.api {
					c = bearer(m)
				}
				r := call(c, a)
				if r.status != http.StatusNotFound {
					t.Errorf("%s: %s answered %d, want 404", who, a.name, r.status)
				}
				if strings.Contains(r.body, "Secret resentment") {
					t.Errorf("%s: %s shows the row", who, a.name)
				}
			}
		}
		for who, m := range map[string]*testMember{"partner without a share": unshared, "another member": other,
			"trusted servant": servant, "site admin": admin} {
			denied(who, m)
		}
		// Visitors are sent to sign in.
		for _, a := range actions {
			r := call(ts.client(t), a)
			if r.status != http.StatusUnauthorized && r.status != http.StatusSeeOther {
				t.Errorf("visitor: %s answered %d", a.name, r.status)
			}
		}
		// The sponsor the row is shared with reads it and comments, but
		// reaches nothing else (not the row itself, nor the worksheet).
		for _, a := range actions {
			c := sponsor.testClient
			if a.api {
				c = bearer(sponsor)
			}
			r := call(c, a)
			want := http.StatusNotFound
			switch a.name {
			case "read the shared row", "read the shared row (API)":
				want = http.StatusOK
			case "comment":
				want = http.StatusSeeOther
			}
			if r.status != want {
				t.Errorf("sponsor with the share: %s answered %d, want %d", a.name, r.status, want)
			}
		}
		// The owner does everything, revoking last but one; then the
		// sponsor is shut out.
		for _, a := range actions {
			c := owner.testClient
			if a.api {
				c = bearer(owner)
			}
			r := call(c, a)
			if r.status != http.StatusOK && r.status != http.StatusSeeOther {
				t.Errorf("owner: %s answered %d", a.name, r.status)
			}
			if a.name == "revoke" {
				denied("sponsor after the revoke", sponsor)
			}
		}
	})
}

// TestStepWorkLeavesNoTrace: what a member writes in a worksheet, in a
// progress note, and a partner's comment on it, through the pages and
// the API, appears in no log line (at debug level), no metric, no
// notification, and no page of the site admin's.
func TestStepWorkLeavesNoTrace(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		var logs strings.Builder
		var mu sync.Mutex
		log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
		ts := serve(t, open, withLog(log))
		store := ts.store

		m, partner, admin := ts.signUp(t, "Plover"), ts.signUp(t, "Curlew"), ts.signUp(t, "Godwit")
		if err := store.SetRole(context.Background(), admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		inv, err := store.InvitePartner(as(m.acct), partner.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.AnswerInvitation(as(partner.acct), inv.ID, true); err != nil {
			t.Fatal(err)
		}
		secrets := map[string]string{"row": canary("row"), "api": canary("api"), "note": canary("note"), "comment": canary("comment"), "bad": canary("bad")}
		m.post("/recovery/steps", url.Values{"program": {"aa"}}).wantStatus(t, http.StatusSeeOther)
		m.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {secrets["row"]}}).wantStatus(t, http.StatusSeeOther)
		m.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {secrets["bad"]}, "f.nope": {"x"}}).wantStatus(t, http.StatusUnprocessableEntity)
		m.post("/recovery/programs/aa/step/4", url.Values{"status": {"1"}, "note": {secrets["note"]}, "version": {"0"}}).wantStatus(t, http.StatusSeeOther)
		token, _ := ts.mintToken(t, m.acct.ID)
		api := ts.bearer(t, token)
		api.do("POST", "/api/v1/me/steps/aa/sheets/fears", strings.NewReader(`{"fields": {"fear": "`+secrets["api"]+`"}}`),
			http.Header{"Content-Type": {"application/json"}}).wantStatus(t, http.StatusCreated)
		rows, err := store.StepEntries(as(m.acct), "aa", "resentments", hearth.StepEntryFilter{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v %v", rows, err)
		}
		m.post("/recovery/steps/sharing", url.Values{"kind": {"entry"}, "entry": {strconv.FormatInt(rows[0].ID, 10)},
			"to": {strconv.FormatInt(partner.acct.ID, 10)}}).wantStatus(t, http.StatusSeeOther)
		shares, _ := store.StepShares(as(m.acct))
		shared := "/recovery/steps/shared/" + strconv.FormatInt(shares[0].ID, 10)
		if body := partner.get(shared).wantStatus(t, http.StatusOK).body; !strings.Contains(body, secrets["row"]) {
			t.Fatal("the partner does not see the row shared")
		}
		partner.post(shared, url.Values{"body": {secrets["comment"]}}).wantStatus(t, http.StatusSeeOther)

		var seen strings.Builder
		mu.Lock()
		seen.WriteString(logs.String())
		mu.Unlock()
		seen.WriteString(ts.bareClient(t).get("/metrics").body)
		for _, a := range []*testMember{m, partner, admin} {
			list, err := store.Notifications(as(a.acct), 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range list {
				seen.WriteString(fmt.Sprintf("%+v\n", *n))
			}
		}
		for _, p := range []string{"/", "/admin/import", "/settings", "/recovery/steps", "/recovery/steps/sharing"} {
			seen.WriteString(admin.get(p).body)
		}
		if !strings.Contains(seen.String(), "work_sheet") {
			t.Error("the metrics do not count the worksheet pages; is this the output?")
		}
		for name, v := range secrets {
			if strings.Contains(seen.String(), v) {
				t.Errorf("the %s written shows in a log line, a metric, a notification or an admin's page", name)
			}
		}
	})
}

// lockedWriter serializes writes from the server's goroutines.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestStepWorkAPI: the same work through the API: programs offered, a
// program chosen, progress with its version, an entry created, read and
// replaced, a stale replace (409, nothing written), 200 KB of text (422,
// the field named), a share to someone who is not a partner (422), and a
// partner reading what is shared.
func TestStepWorkAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, partner, other := ts.signUp(t, "Avocet"), ts.signUp(t, "Dunlin"), ts.signUp(t, "Knot")
		inv, err := ts.store.InvitePartner(as(m.acct), partner.handle)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.AnswerInvitation(as(partner.acct), inv.ID, true); err != nil {
			t.Fatal(err)
		}
		tok, _ := ts.mintToken(t, m.acct.ID)
		c := ts.bearer(t, tok)
		send := func(c *testClient, method, path, body string) *response {
			return c.do(method, path, strings.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		}
		var programs struct {
			Programs []APIProgram `json:"programs"`
		}
		if err := json.Unmarshal([]byte(ts.bareClient(t).get("/api/v1/programs").wantStatus(t, http.StatusOK).body), &programs); err != nil || len(programs.Programs) != 5 {
			t.Fatalf("programs offered: %d, %v", len(programs.Programs), err)
		}
		send(c, "POST", "/api/v1/me/steps/aa/sheets/fears", `{"fields": {"fear": "x"}}`).wantStatus(t, http.StatusUnprocessableEntity)
		send(c, "POST", "/api/v1/me/steps", `{"program": "nope"}`).wantStatus(t, http.StatusUnprocessableEntity)
		send(c, "POST", "/api/v1/me/steps", `{"program": "aa"}`).wantStatus(t, http.StatusNoContent)
		send(c, "PUT", "/api/v1/me/steps/aa/progress/1", `{"status": "done", "version": 0}`).wantStatus(t, http.StatusOK)
		send(c, "PUT", "/api/v1/me/steps/aa/progress/1", `{"status": "begun", "version": 0}`).wantStatus(t, http.StatusConflict)
		var mine struct {
			Programs []APIProgram `json:"programs"`
		}
		json.Unmarshal([]byte(c.get("/api/v1/me/steps").wantStatus(t, http.StatusOK).body), &mine)
		if len(mine.Programs) != 1 || mine.Programs[0].Steps[0].Status != "done" || mine.Programs[0].Steps[0].Version != 1 {
			t.Errorf("my steps: %+v", mine)
		}

		r := send(c, "POST", "/api/v1/me/steps/aa/sheets/fears", `{"fields": {"fear": "Being alone", "why": "`+strings.Repeat("a", 200<<10)+`"}}`).
			wantStatus(t, http.StatusUnprocessableEntity)
		if p := wantProblem(t, r); len(p.Errors) != 1 || p.Errors[0].Field != "fields.why" {
			t.Errorf("200 KB of text: %+v", p)
		}
		var e APIStepEntry
		json.Unmarshal([]byte(send(c, "POST", "/api/v1/me/steps/aa/sheets/fears", `{"fields": {"fear": "Being alone"}}`).wantStatus(t, http.StatusCreated).body), &e)
		path := "/api/v1/me/step-entries/" + strconv.FormatInt(e.ID, 10)
		send(c, "PATCH", path, `{"fields": {"fear": "Being alone", "why": "Habit"}, "version": 1}`).wantStatus(t, http.StatusOK)
		send(c, "PATCH", path, `{"fields": {"fear": "Other tab"}, "version": 1}`).wantStatus(t, http.StatusConflict)
		json.Unmarshal([]byte(c.get(path).wantStatus(t, http.StatusOK).body), &e)
		if e.Fields["why"] != "Habit" || e.Version != 2 {
			t.Errorf("after the stale replace: %+v", e)
		}

		send(c, "POST", "/api/v1/me/step-shares", `{"kind": "entry", "entry_id": `+strconv.FormatInt(e.ID, 10)+`, "recipient": "`+other.handle+`"}`).
			wantStatus(t, http.StatusUnprocessableEntity)
		var sh APIStepShare
		json.Unmarshal([]byte(send(c, "POST", "/api/v1/me/step-shares", `{"kind": "worksheet", "program": "aa", "worksheet": "fears", "recipient": "`+partner.handle+`"}`).
			wantStatus(t, http.StatusCreated).body), &sh)
		ptok, _ := ts.mintToken(t, partner.acct.ID)
		pc := ts.bearer(t, ptok)
		shared := "/api/v1/step-shares/" + strconv.FormatInt(sh.ID, 10)
		if body := pc.get(shared).wantStatus(t, http.StatusOK).body; !strings.Contains(body, "Habit") {
			t.Error("the partner does not read the worksheet shared")
		}
		send(pc, "POST", shared+"/comments", `{"body": "Thank you."}`).wantStatus(t, http.StatusCreated)
		otok, _ := ts.mintToken(t, other.acct.ID)
		ts.bearer(t, otok).get(shared).wantStatus(t, http.StatusNotFound)
		send(c, "DELETE", "/api/v1/me/step-shares/"+strconv.FormatInt(sh.ID, 10), "").wantStatus(t, http.StatusNoContent)
		pc.get(shared).wantStatus(t, http.StatusNotFound)
	})
}
