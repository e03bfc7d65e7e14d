package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/sqlstore/storetest"
	"hearth/sqlstore/storetest/testdb"
)

// forEachHarness is forEachDB with the store's harness, whose Dump is
// what a thief would carry off.
func forEachHarness(t *testing.T, test func(t *testing.T, open func(t *testing.T, now func() time.Time) storetest.Harness)) {
	t.Helper()
	for _, db := range []struct {
		name string
		open func(t *testing.T, now func() time.Time) storetest.Harness
	}{
		{"sqlite", func(t *testing.T, now func() time.Time) storetest.Harness { return testdb.SQLite(t, now) }},
		{"postgres", func(t *testing.T, now func() time.Time) storetest.Harness { return testdb.Postgres(t, now) }},
	} {
		t.Run(db.name, func(t *testing.T) { test(t, db.open) })
	}
}

// TestDraftOfEveryForm: a journal entry (new and edited), a step's note,
// a worksheet row (new and edited), the daily check-in and a private
// message, posted after the member's session ended, come back as the
// sign-in page carrying the fields; signing in gives back that form, on
// its own page, with what was typed in it and a word that it was kept.
// Nothing is saved on the way, and the text is in no log line (at debug
// level) and nowhere in the database.
func TestDraftOfEveryForm(t *testing.T) {
	forEachHarness(t, func(t *testing.T, open func(t *testing.T, now func() time.Time) storetest.Harness) {
		var logs strings.Builder
		var mu sync.Mutex
		log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
		clock := newTestClock()
		h := open(t, clock.Now)
		ts := mustOpenServer(t, h.Store, withClock(clock), withLog(log),
			withConfig(Config{SessionIdle: 2 * time.Hour, SessionMax: 24 * time.Hour}))
		ana, ben := ts.signUp(t, "Ana"), ts.signUp(t, "Ben")
		ts.partners(t, ana.acct, ben.acct)
		conv, err := ts.store.StartConversation(as(ana.acct), ben.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		ana.post("/recovery/steps", url.Values{"program": {"aa"}}).wantStatus(t, http.StatusSeeOther)
		today := hearth.DateOf(clock.Now())
		entry := &hearth.JournalEntry{On: today, Title: "Morning", Body: "Slept well."}
		if err := ts.store.CreateEntry(as(ana.acct), entry, today); err != nil {
			t.Fatal(err)
		}
		ana.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {"My landlord"}}).wantStatus(t, http.StatusSeeOther)
		rows, err := ts.store.StepEntries(as(ana.acct), "aa", "resentments", hearth.StepEntryFilter{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v %v", rows, err)
		}
		row := rows[0]

		secrets := map[string]string{}
		secret := func(what string) string {
			v := canary(what) + ` <grateful> & "still here" — gracias`
			secrets[what] = v
			return v
		}
		checked := func(name, value string) string {
			return `name="` + name + `" value="` + value + `"[^>]*checked`
		}
		for _, tc := range []struct {
			name, action, back string
			form               url.Values
			// want are on the page given back: plain strings, or, as
			// "re:…", patterns.
			want []string
		}{
			{"journal", "/recovery/journal", "/recovery/journal",
				url.Values{"on": {today.String()}, "title": {"Ninety days"}, "body": {secret("journal")}},
				[]string{en("journal_form.new_heading"), `value="Ninety days"`, escaped(secrets["journal"]) + "</textarea>"}},
			{"journal edit", fmt.Sprintf("/recovery/journal/%d/edit", entry.ID), entryPath(entry.ID),
				url.Values{"on": {today.String()}, "title": {"Morning"}, "body": {secret("journal_edit")}},
				[]string{en("journal_form.edit_heading"), escaped(secrets["journal_edit"]) + "</textarea>"}},
			{"step note", "/recovery/programs/aa/step/4", "/recovery/programs/aa/step/4",
				url.Values{"status": {"1"}, "note": {secret("note")}, "version": {"0"}},
				[]string{escaped(secrets["note"]) + "</textarea>", `<option value="1" selected`}},
			{"worksheet row", "/recovery/programs/aa/sheet/resentments", "/recovery/programs/aa/sheet/resentments",
				url.Values{"f.who": {"My sister"}, "f.cause": {secret("row")}, "f.affects": {"pride", "security"}, "f.part": {"I kept score."}},
				[]string{`value="My sister"`, escaped(secrets["row"]) + "</textarea>", "re:" + checked("f.affects", "pride"),
					"re:" + checked("f.affects", "security"), "I kept score.</textarea>"}},
			{"worksheet row edit", stepEntryPath(row.ID), stepEntryPath(row.ID),
				url.Values{"f.who": {"My landlord"}, "f.cause": {secret("row_edit")}, "version": {fmt.Sprint(row.Version)}},
				[]string{`value="My landlord"`, escaped(secrets["row_edit"]) + "</textarea>"}},
			{"check-in", "/check-in", "/check-in",
				url.Values{"on": {today.String()}, "mood": {"2"}, "halt": {"lonely", "tired"}, "gratitude": {"My sponsor"},
					"note": {secret("checkin")}},
				[]string{escaped(secrets["checkin"]) + "</textarea>", `value="My sponsor"`, "re:" + checked("mood", "2"),
					"re:" + checked("halt", "lonely"), "re:" + checked("halt", "tired")}},
			{"message", conversationPath(conv.ID), conversationPath(conv.ID),
				url.Values{"body": {secret("message")}},
				[]string{"Ben", escaped(secrets["message"]) + "</textarea>"}},
		} {
			t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
				// Ana's session ends while she writes (idle too long).
				ts.clock.Advance(2*time.Hour + time.Minute)
				r := ana.post(tc.action, tc.form).wantStatus(t, http.StatusUnauthorized)
				carried := url.Values{"handle": {ana.handle}, "password": {ana.password}, "next": {tc.back}, "draft.action": {tc.action}}
				wants := []string{en("signin.draft_kept"), `name="draft.action" value="` + tc.action + `"`, `name="next" value="` + tc.back + `"`}
				for name, vs := range tc.form {
					for _, v := range vs {
						carried.Add("draft."+name, v)
						wants = append(wants, `name="draft.`+name+`" value="`+escaped(v)+`"`)
					}
				}
				for _, want := range wants {
					if !strings.Contains(r.body, want) {
						t.Errorf("the sign-in page lacks %s:\n%s", want, clip(r.body))
					}
				}
				if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
					t.Errorf("the sign-in page with a draft: Cache-Control %q", cc)
				}
				r = ana.post("/signin", carried).wantStatus(t, http.StatusOK)
				for _, want := range append([]string{en("notice.draft_back"), `action="` + tc.action + `"`, `data-draft=`}, tc.want...) {
					if p, ok := strings.CutPrefix(want, "re:"); ok {
						if !regexp.MustCompile(p).MatchString(r.body) {
							t.Errorf("the form given back does not match %s:\n%s", p, r.body)
						}
					} else if !strings.Contains(r.body, want) {
						t.Errorf("the form given back lacks %s:\n%s", want, r.body)
					}
				}
				if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
					t.Errorf("the form given back: Cache-Control %q", cc)
				}
				if !ana.signedIn() {
					t.Fatal("Ana is not signed in after the form given back")
				}
			})
		}

		// Nothing was saved on the way.
		if list, _, _ := ts.store.Entries(as(ana.acct), hearth.JournalPage{Limit: 10}); len(list) != 1 || list[0].Body != "Slept well." {
			t.Errorf("the journal after the drafts: %d entries", len(list))
		}
		if rows, _ := ts.store.StepEntries(as(ana.acct), "aa", "resentments", hearth.StepEntryFilter{}); len(rows) != 1 || rows[0].Fields["cause"] != "" {
			t.Errorf("the worksheet after the drafts: %v", rows)
		}
		if _, err := ts.store.CheckInOn(as(ana.acct), today); hearth.ErrorCode(err) != hearth.ENOTFOUND {
			t.Errorf("a check-in was saved on the way: %v", err)
		}
		if msgs, _ := ts.store.Messages(as(ana.acct), conv.ID, 0, 10); len(msgs) != 0 {
			t.Errorf("%d messages sent on the way", len(msgs))
		}
		mu.Lock()
		logged := logs.String()
		mu.Unlock()
		dump := string(h.Dump())
		for what, v := range secrets {
			c := v[:strings.IndexByte(v, ' ')]
			if strings.Contains(logged, c) {
				t.Errorf("the %s draft is in a log line", what)
			}
			if strings.Contains(dump, c) {
				t.Errorf("the %s draft is in the database", what)
			}
		}
	})
}

// TestDraftForAnotherPlace: a draft aimed at a form the member signing in
// may not use (another member's conversation, journal entry or worksheet
// row, a worksheet no program has) is not shown: the sign-in goes on as
// any other, and the page says nothing of the conversation or entry. A
// draft carries only its own form's fields.
func TestDraftForAnotherPlace(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben, cam := ts.signUp(t, "Ana"), ts.signUp(t, "Ben"), ts.signUp(t, "Cam")
		ts.partners(t, ben.acct, cam.acct)
		conv, err := ts.store.StartConversation(as(ben.acct), cam.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.store.SendMessage(as(ben.acct), conv.ID, "Between Ben and Cam"); err != nil {
			t.Fatal(err)
		}
		today := hearth.DateOf(ts.clock.Now())
		entry := &hearth.JournalEntry{On: today, Title: "Cam's own", Body: "Cam's words."}
		if err := ts.store.CreateEntry(as(cam.acct), entry, today); err != nil {
			t.Fatal(err)
		}
		cam.post("/recovery/steps", url.Values{"program": {"aa"}}).wantStatus(t, http.StatusSeeOther)
		cam.post("/recovery/programs/aa/sheet/resentments", url.Values{"f.who": {"Cam's landlord"}}).wantStatus(t, http.StatusSeeOther)
		rows, err := ts.store.StepEntries(as(cam.acct), "aa", "resentments", hearth.StepEntryFilter{})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v %v", rows, err)
		}
		for _, tc := range []struct{ action, field string }{
			{conversationPath(conv.ID), "body"},
			{conversationPath(conv.ID + 1000), "body"},
			{fmt.Sprintf("/recovery/journal/%d/edit", entry.ID), "body"},
			{stepEntryPath(rows[0].ID), "f.cause"},
			{"/recovery/programs/aa/sheet/nosuchsheet", "f.cause"},
			{"/recovery/programs/aa/sheet/resentments?x=1", "f.cause"},
			{"/recovery/journal/../../messages/1", "body"},
			{"//elsewhere.example/recovery/journal", "body"},
		} {
			c := ts.client(t)
			r := c.post("/signin", url.Values{"handle": {ana.handle}, "password": {ana.password}, "next": {"/recovery"},
				"draft.action": {tc.action}, "draft." + tc.field: {"Ana's words"}})
			r.wantRedirect(t, "/recovery")
			for _, leak := range []string{"Ben", "Cam", "Between Ben and Cam", "Cam's words", "landlord", "Ana's words"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("%s: the sign-in answers with %q:\n%s", tc.action, leak, clip(r.body))
				}
			}
			if !c.signedIn() {
				t.Errorf("%s: Ana is not signed in", tc.action)
			}
		}

		// Only the form's own fields: a journal draft does not carry a
		// field its form has not.
		ts.clock.Advance(ts.cfg.SessionIdle + time.Minute)
		r := cam.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"Kept."}, "id": {"7"}, "next": {"//elsewhere.example"}}).
			wantStatus(t, http.StatusUnauthorized)
		if !strings.Contains(r.body, `name="draft.body" value="Kept."`) || strings.Contains(r.body, `name="draft.id"`) ||
			strings.Contains(r.body, "elsewhere") {
			t.Errorf("the journal draft carries what its form has not:\n%s", clip(r.body))
		}
		// A draft that says nothing is no draft.
		r = cam.post("/check-in", url.Values{"mood": {"3"}}).wantStatus(t, http.StatusUnauthorized)
		if strings.Contains(r.body, "draft.") {
			t.Errorf("a check-in with no words carries a draft:\n%s", clip(r.body))
		}
	})
}
