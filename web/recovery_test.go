package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
)

// TestClocks: a member starts a count through the form, sees it with its
// next milestone, records a setback and is met with warmth and their
// history, undoes it, edits and deletes the count; bad input comes back
// with the message and what was typed; another member cannot reach it.
func TestClocks(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, other := ts.signUp(t, "Wren"), ts.signUp(t, "Heron")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		en := i18n.For("en")

		if body := m.get("/recovery").wantStatus(t, http.StatusOK).body; !strings.Contains(body, escaped(en.T("recovery.clocks_empty"))) {
			t.Error("a member with no count is not invited to start one")
		}
		m.get("/recovery/clocks/new").wantStatus(t, http.StatusOK)

		// A start in the future comes back, marked, with what was typed.
		bad := url.Values{"name": {"Wine & “bubbles”"}, "kind": {"alcohol"}, "start": {today.AddDays(1).String()},
			"schedule": {"aa"}, "visibility": {"me"}, "money_per_day": {"12,50"}}
		r := m.post("/recovery/clocks", bad).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, escaped(en.T("error.clock.start_future"))) {
			t.Error("a start in the future is not explained")
		}
		if v, _ := inputValue(r.body, "name"); v != "Wine & “bubbles”" {
			t.Errorf("the name typed came back as %q", v)
		}
		if v, _ := inputValue(r.body, "money_per_day"); v != "12,50" {
			t.Errorf("the amount typed came back as %q", v)
		}
		if list, _ := ts.store.Clocks(as(m.acct)); len(list) != 0 {
			t.Fatalf("a refused count was stored")
		}

		good := url.Values{"name": {"Wine"}, "kind": {"alcohol"}, "start": {today.AddDays(-88).String()},
			"schedule": {"aa"}, "visibility": {"me"}, "money_per_day": {"12,50"}}
		r = m.post("/recovery/clocks", good)
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/recovery/clocks/") {
			t.Fatalf("creating a count: %d to %q\n%s", r.status, loc, clip(r.body))
		}
		page := m.get(loc).wantStatus(t, http.StatusOK).body
		for _, want := range []string{"Wine", en.N("clock.days", 88), en.N("clock.next_in", 2, "milestone", en.N("milestone.days", 90)),
			en.T("clock.money_saved", "amount", "1,100")} {
			if !strings.Contains(page, escaped(want)) {
				t.Errorf("the count's page does not say %q", want)
			}
		}
		other.get(loc).wantStatus(t, http.StatusNotFound)
		other.post(loc+"/setback", url.Values{"on": {today.String()}}).wantStatus(t, http.StatusNotFound)
		other.post(loc+"/delete", nil).wantStatus(t, http.StatusNotFound)

		// A setback: warm words, the count starts again, history kept.
		m.get(loc+"/setback").wantStatus(t, http.StatusOK)
		m.post(loc+"/setback", url.Values{"on": {today.AddDays(-3).String()}, "note": {"a hard week"}, "plan": {"call Sam first"}}).
			wantRedirect(t, loc+"?welcome")
		page = m.get(loc+"?welcome").wantStatus(t, http.StatusOK).body
		for _, want := range []string{en.T("setback.welcome"), en.N("clock.days", 3), en.T("clock.total"), en.N("clock.days", 88),
			en.T("clock.undo")} {
			if !strings.Contains(page, escaped(want)) {
				t.Errorf("after a setback the page does not say %q", want)
			}
		}
		c, setbacks, err := ts.store.Clock(as(m.acct), clockID(t, loc))
		if err != nil || len(setbacks) != 1 || setbacks[0].Note != "a hard week" || c.Start != today.AddDays(-3) {
			t.Fatalf("after the setback: %+v %+v %v", c, setbacks, err)
		}
		// A setback before the stretch began is refused, typed input kept.
		r = m.post(loc+"/setback", url.Values{"on": {today.AddDays(-10).String()}, "note": {"kept note"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, escaped(en.T("error.setback.date_before_start"))) || !strings.Contains(r.body, "kept note") {
			t.Error("a setback before the stretch is not explained, or the note typed was lost")
		}
		undo := loc + "/setbacks/" + itoa(setbacks[0].ID) + "/undo"
		ts.clock.Advance(hearth.SetbackUndoWindow + time.Minute)
		m.post(undo, nil).wantStatus(t, http.StatusConflict)
		ts.clock.Advance(-hearth.SetbackUndoWindow)
		m.post(undo, nil).wantRedirect(t, loc)
		if c, _, _ := ts.store.Clock(as(m.acct), clockID(t, loc)); c.Start != today.AddDays(-88) {
			t.Errorf("after undoing, the count starts on %s", c.Start)
		}

		m.post(loc+"/edit", url.Values{"name": {"Wine and beer"}, "kind": {"alcohol"}, "start": {today.AddDays(-88).String()},
			"schedule": {"na"}, "visibility": {"supporters"}}).wantRedirect(t, loc)
		if c, _, _ := ts.store.Clock(as(m.acct), clockID(t, loc)); c.Name != "Wine and beer" || c.Schedule != "na" || c.MoneyPerDay != 0 {
			t.Errorf("after editing: %+v", c)
		}
		m.get(loc+"/delete").wantStatus(t, http.StatusOK)
		m.post(loc+"/delete", nil).wantRedirect(t, "/recovery")
		m.get(loc).wantStatus(t, http.StatusNotFound)
	})
}

// TestCheckIn: a member checks in, sees it saved, edits it; a second new
// check-in for the day (another tab) keeps what was typed, says so, and
// stores nothing until saved again; bad numbers are explained.
func TestCheckIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Linnet")
		en := i18n.For("en")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))

		if body := m.get("/recovery").body; !strings.Contains(body, escaped(en.T("recovery.checkin_invite"))) {
			t.Error("no gentle reminder to check in")
		}
		if body := m.get("/").body; !strings.Contains(body, escaped(en.T("dashboard.day.invite"))) {
			t.Error("the dashboard does not invite a check-in")
		}
		form := func(extra url.Values) url.Values {
			v := url.Values{"on": {today.String()}, "mood": {"4"}, "craving": {"2"}, "halt": {"tired", "lonely"}, "sleep": {"7,5"},
				"gratitude": {"my sister called"}, "commitment": {"go to the noon meeting"}, "note": {"steady"}, "review": {""}}
			for k, x := range extra {
				v[k] = x
			}
			return v
		}
		// Two tabs opened the empty form; the first saves.
		m.post("/check-in", form(nil)).wantRedirect(t, "/recovery")
		c, err := ts.store.CheckInOn(as(m.acct), today)
		if err != nil || c.Mood != 4 || c.SleepTenths != 75 || !c.HALT.Has(hearth.Tired|hearth.Lonely) || c.Gratitude != "my sister called" {
			t.Fatalf("stored %+v, %v", c, err)
		}
		if body := m.get("/recovery").body; !strings.Contains(body, escaped(en.T("recovery.checked_in"))) {
			t.Error("the recovery page does not say today's check-in is done")
		}
		if body := m.get("/").body; !strings.Contains(body, escaped(en.T("recovery.checked_in"))) || strings.Contains(body, escaped(en.T("dashboard.day.invite"))) {
			t.Error("the dashboard still invites a check-in already made")
		}
		// The second tab's new check-in is not stored, and comes back.
		r := m.post("/check-in", form(url.Values{"mood": {"2"}, "note": {"second tab"}})).wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, escaped(en.T("error.checkin.exists"))) || !strings.Contains(r.body, "second tab") {
			t.Error("a second check-in is not explained, or what was typed was lost")
		}
		if c, _ := ts.store.CheckInOn(as(m.acct), today); c.Mood != 4 {
			t.Errorf("the refused check-in changed the stored mood to %d", c.Mood)
		}
		if v, _ := inputValue(r.body, "id"); v != itoa(c.ID) {
			t.Errorf("the form that came back does not carry the stored check-in (id %q)", v)
		}
		// Saved again from that page, it replaces the first.
		m.post("/check-in", form(url.Values{"id": {itoa(c.ID)}, "mood": {"2"}, "review": {"hard"}})).wantRedirect(t, "/recovery")
		if c, _ := ts.store.CheckInOn(as(m.acct), today); c.Mood != 2 || c.Review != "hard" {
			t.Errorf("after the edit: %+v", c)
		}
		body := m.get("/check-in").wantStatus(t, http.StatusOK).body
		if v, _ := inputValue(body, "gratitude"); v != "my sister called" {
			t.Errorf("today's check-in page shows gratitude %q", v)
		}

		for name, bad := range map[string]url.Values{
			"Craving11": {"craving": {"11"}},
			"Sleep30":   {"sleep": {"30"}},
			"LongNote":  {"note": {strings.Repeat("n", hearth.RecoveryNoteMax+1)}},
		} {
			t.Run(name, func(t *testing.T) {
				v := form(bad)
				v.Set("on", today.AddDays(-1).String())
				r := m.post("/check-in", v).wantStatus(t, http.StatusUnprocessableEntity)
				if !strings.Contains(r.body, `aria-invalid="true"`) {
					t.Error("no field is marked")
				}
				if g, _ := inputValue(r.body, "gratitude"); g != "my sister called" {
					t.Errorf("what was typed was lost: gratitude %q", g)
				}
			})
		}
		if _, err := ts.store.CheckInOn(as(m.acct), today.AddDays(-1)); hearth.ErrorCode(err) != hearth.ENOTFOUND {
			t.Errorf("a refused check-in for yesterday was stored: %v", err)
		}
	})
}

func clockID(t *testing.T, loc string) int64 {
	t.Helper()
	var id int64
	for _, r := range strings.TrimPrefix(loc, "/recovery/clocks/") {
		if r < '0' || r > '9' {
			break
		}
		id = id*10 + int64(r-'0')
	}
	if id == 0 {
		t.Fatalf("no clock id in %q", loc)
	}
	return id
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestRecoveryIsTheMembersOwn: a site admin, and a member of the same
// group, reach none of a member's counts, check-ins, journal or partner
// pages, by page or by API: each is "not found".
func TestRecoveryIsTheMembersOwn(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, admin, peer, partner := ts.signUp(t, "Wren"), ts.signUp(t, "Sky"), ts.signUp(t, "Heron"), ts.signUp(t, "Finch")
		if err := ts.store.SetRole(t.Context(), admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		g := ts.makeGroup(t, m.acct, hearth.Group{Slug: "together", Name: "Together"})
		ts.setRole(t, g, peer.acct, hearth.GroupMember)
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		m.post("/recovery/clocks", url.Values{"name": {"Wine"}, "kind": {"alcohol"}, "start": {today.AddDays(-40).String()},
			"schedule": {"aa"}, "visibility": {"groups"}})
		m.post("/check-in", url.Values{"on": {today.String()}, "mood": {"3"}, "note": {"private words"}})
		m.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"private journal"}})
		m.post("/recovery/partners", url.Values{"handle": {partner.handle}})
		clocks, _ := ts.store.Clocks(as(m.acct))
		entries, _, _ := ts.store.Entries(as(m.acct), hearth.JournalPage{})
		partners, _ := ts.store.Partnerships(as(m.acct))
		if len(clocks) != 1 || len(entries) != 1 || len(partners) != 1 {
			t.Fatalf("setting up: %d counts, %d entries, %d partnerships", len(clocks), len(entries), len(partners))
		}
		pages := []string{clockPath(clocks[0].ID), clockPath(clocks[0].ID) + "/edit", entryPath(entries[0].ID),
			partnerPath(partners[0].ID)}
		apis := []string{"/api/v1/me/clocks/" + itoa(clocks[0].ID), "/api/v1/me/journal/" + itoa(entries[0].ID),
			"/api/v1/me/partners/" + itoa(partners[0].ID)}
		for who, c := range map[string]*testMember{"admin": admin, "group member": peer} {
			for _, p := range pages {
				if r := c.get(p); r.status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", who, p, r.status)
				}
			}
			token, _ := ts.mintToken(t, c.acct.ID)
			api := ts.bearer(t, token)
			for _, p := range apis {
				if r := api.get(p); r.status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", who, p, r.status)
				}
			}
			if r := api.get("/api/v1/me/check-ins/" + today.String()); r.status != http.StatusNotFound {
				t.Errorf("%s sees a check-in for today: %d", who, r.status)
			}
			if body := c.get("/recovery").body; strings.Contains(body, "Wine") || strings.Contains(body, "private words") || strings.Contains(body, "private journal") {
				t.Errorf("%s's own recovery page shows the member's things", who)
			}
		}
	})
}
