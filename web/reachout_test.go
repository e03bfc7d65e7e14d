package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
)

// inSpanish makes m's language Spanish (from Mexico).
func inSpanish(t *testing.T, m *testMember) {
	t.Helper()
	m.post("/settings", url.Values{"display_name": {m.acct.DisplayName}, "pronouns": {""}, "language": {"es"},
		"time_zone": {"America/Mexico_City"}, "country": {"MX"}, "email": {""}}).wantRedirect(t, "/settings")
	m.get("/settings").wantStatus(t, http.StatusOK) // its notice, shown
}

// wantReachOut follows a write answered with the help page: it asks how
// m is, in lang, with the notice key, and offers a number to call. It
// returns the page.
func wantReachOut(t *testing.T, m *testMember, r *response, lang, key string) string {
	t.Helper()
	r.wantRedirect(t, "/help")
	body := m.get("/help").wantStatus(t, http.StatusOK).body
	if !strings.Contains(body, `data-notice="`+key+`"`) || !strings.Contains(body, escaped(i18n.For(lang).T(key))) {
		t.Errorf("the help page does not show %s in %s:\n%s", key, lang, clip(body[strings.Index(body, "<main"):]))
	}
	if !strings.Contains(body, `href="tel:`) {
		t.Error("the help page offers no number to call")
	}
	return body
}

// TestReachOutOnShares: words of wanting to die in a share or a reply, in
// English or Spanish, are posted as written, and their author is shown
// the crisis lines and asked how they are, in words true to where the
// share now is: posted in the group, or held for a trusted servant (as the
// usual notice says). No one else is shown anything of it.
func TestReachOutOnShares(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, owner, ana, ben, _ := eveningLight(t, ts)
		inSpanish(t, ben)

		// A share, in English: posted as written.
		const words = "Some days I just want to die."
		r := ana.post("/groups/evening-light/shares", url.Values{"kind": {"share"}, "title": {"Hard week"}, "body": {words}})
		wantReachOut(t, ana, r, "en", "notice.reach_out_posted")
		sh := latestShare(t, ts, ana, g)
		if sh.Body != words || sh.Status != hearth.ShareVisible || !sh.Own {
			t.Fatalf("the share was not posted as written: %+v", sh)
		}
		base := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID)
		page := ben.get("/groups/evening-light").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, words) || strings.Contains(page, "notice.reach_out") || strings.Contains(page, es("notice.reach_out_posted")) {
			t.Error("the group does not see the share, or sees something of what its author was shown")
		}

		// A reply, in Spanish.
		r = ben.post(base+"/replies", url.Values{"body": {"Ya no puedo más."}})
		wantReachOut(t, ben, r, "es", "notice.reach_out_posted")
		replies, err := ts.store.ShareReplies(as(ana.acct), sh.ID)
		if err != nil || len(replies) != 1 || replies[0].Body != "Ya no puedo más." {
			t.Fatalf("the reply was not posted as written: %v %v", replies, err)
		}

		// A group that holds new members' first shares: held, and said so.
		if err := ts.store.SetPremoderation(as(owner.acct), g.ID, true); err != nil {
			t.Fatal(err)
		}
		cam, dani := ts.signUp(t, "Cam Cedar"), ts.signUp(t, "Dani Damson")
		ts.setRole(t, g, cam.acct, hearth.GroupMember)
		ts.setRole(t, g, dani.acct, hearth.GroupMember)
		inSpanish(t, dani)
		r = cam.post("/groups/evening-light/shares", url.Values{"kind": {"share"}, "body": {"I don't want to live anymore."}})
		if body := wantReachOut(t, cam, r, "en", "notice.reach_out_pending"); !strings.Contains(body, en("notice.share_pending")) {
			t.Error("the help page does not say the share waits for a trusted servant")
		}
		if held := latestShare(t, ts, cam, g); held.Status != hearth.SharePending || held.Body != "I don't want to live anymore." {
			t.Errorf("the held share: %+v", held)
		}
		r = dani.post(base+"/replies", url.Values{"body": {"No quiero vivir así."}})
		if body := wantReachOut(t, dani, r, "es", "notice.reach_out_pending"); !strings.Contains(body, es("notice.share_pending")) {
			t.Error("the Spanish help page does not say the reply waits for a trusted servant")
		}
		if replies, _ := ts.store.ShareReplies(as(dani.acct), sh.ID); len(replies) != 2 || replies[1].Status != hearth.SharePending {
			t.Errorf("the held reply: %v", replies)
		}
		// An everyday reply held the same way is not said to be posted.
		r = cam.post(base+"/replies", url.Values{"body": {"Thank you for this."}})
		if loc := r.header.Get("Location"); !strings.HasPrefix(loc, base) {
			t.Fatalf("an everyday held reply went to %q", loc)
		}
		if body := cam.get(base).wantStatus(t, http.StatusOK).body; !strings.Contains(body, en("notice.reply_pending")) ||
			strings.Contains(body, en("notice.reply_posted")) {
			t.Error("a reply held for a trusted servant is said to be posted")
		}
	})
}

// latestShare is the newest share in g that m may see.
func latestShare(t *testing.T, ts *testServer, m *testMember, g *hearth.Group) *hearth.Share {
	t.Helper()
	list, err := ts.store.GroupShares(as(m.acct), g.ID, hearth.ShareFilter{})
	if err != nil || len(list) == 0 {
		t.Fatalf("the group's shares: %v %v", list, err)
	}
	return list[0]
}

// TestReachOutOnEdits: words of wanting to die written into a share or a
// reply when it is changed, in English or Spanish, are saved as written,
// and the member is shown the crisis lines and asked how they are, as on
// posting; a share hidden by a trusted servant is said to be saved, not
// posted; everyday words in an edit go on as usual.
func TestReachOutOnEdits(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, owner, ana, ben, _ := eveningLight(t, ts)
		inSpanish(t, ben)
		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "Ninety days today."}
		if err := ts.store.CreateShare(as(ana.acct), sh); err != nil {
			t.Fatal(err)
		}
		reply := &hearth.Share{ParentID: sh.ID, Body: "So glad you are here."}
		if err := ts.store.CreateShare(as(ben.acct), reply); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID)
		replyBase := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, reply.ID)
		stored := func(id int64) string {
			t.Helper()
			got, err := ts.store.FindShare(as(owner.acct), id)
			if err != nil {
				t.Fatal(err)
			}
			return got.Body
		}

		// A share, in English.
		const words = "Ninety days, and I keep thinking about ending my life."
		r := ana.post(base+"/edit", url.Values{"kind": {"share"}, "body": {words}})
		wantReachOut(t, ana, r, "en", "notice.reach_out_posted")
		if got := stored(sh.ID); got != words {
			t.Errorf("the edit was not saved as written: %q", got)
		}
		// A reply, in Spanish.
		r = ben.post(replyBase+"/edit", url.Values{"body": {"A veces quiero morirme."}})
		wantReachOut(t, ben, r, "es", "notice.reach_out_posted")
		if got := stored(reply.ID); got != "A veces quiero morirme." {
			t.Errorf("the reply's edit was not saved as written: %q", got)
		}
		if page := owner.get(base).wantStatus(t, http.StatusOK).body; !strings.Contains(page, "A veces quiero morirme.") || strings.Contains(page, "notice.reach_out") {
			t.Error("the group does not see the changed reply, or sees something of what its author was shown")
		}
		// Everyday words go on as usual.
		ana.post(base+"/edit", url.Values{"kind": {"share"}, "body": {"I killed it at the noon meeting."}}).wantRedirect(t, base)
		if page := ana.get(base).body; !strings.Contains(page, `data-notice="notice.share_saved"`) {
			t.Error("an everyday edit is not answered as saved")
		}

		// Hidden by a trusted servant, then changed: saved, not posted.
		owner.post(base+"/moderate", url.Values{"action": {"hide"}, "reason": {"spam"}}).wantStatus(t, http.StatusSeeOther)
		r = ana.post(base+"/edit", url.Values{"kind": {"share"}, "body": {"I want to die."}})
		wantReachOut(t, ana, r, "en", "notice.reach_out_saved")
		if got := stored(sh.ID); got != "I want to die." {
			t.Errorf("the hidden share's edit was not saved as written: %q", got)
		}
	})
}

// TestReachOutInTheAPI: a share, a reply, an edit, a message and a
// check-in written through the API with words of wanting to die, in
// English or Spanish, are written as usual, and the answer carries
// support in the member's language (a link to /help and words asking how
// they are); nobody else reading them is given it, and everyday words
// get none.
func TestReachOutInTheAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, _, ana, ben, _ := eveningLight(t, ts)
		inSpanish(t, ben)
		ts.partners(t, ana.acct, ben.acct)
		api := func(m *testMember) *testClient {
			token, _ := ts.mintToken(t, m.acct.ID)
			return ts.bearer(t, token)
		}
		a, b := api(ana), api(ben)
		js := func(c *testClient, method, path string, body any) *response {
			t.Helper()
			data, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			return c.do(method, path, strings.NewReader(string(data)), http.Header{"Content-Type": {"application/json"}})
		}
		// support reads the answer's support: nil when it has none.
		support := func(r *response) *APISupport {
			t.Helper()
			var out struct {
				Support *APISupport `json:"support"`
			}
			decode(t, r, &out)
			if (out.Support == nil) == strings.Contains(r.body, `"support"`) {
				t.Errorf("%s: support field unread: %s", r.req, clip(r.body))
			}
			return out.Support
		}
		wantSupport := func(r *response, lang string) {
			t.Helper()
			p := i18n.For(lang)
			want := APISupport{HelpURL: "/help", HelpLabel: p.T("layout.need_help"), Message: p.T("help.api_support")}
			if got := support(r); got == nil || *got != want {
				t.Errorf("%s: support %+v, want %+v", r.req, got, want)
			}
		}
		wantNone := func(r *response) {
			t.Helper()
			if got := support(r); got != nil {
				t.Errorf("%s: everyday words given support %+v", r.req, got)
			}
		}

		// A share, in English; the group reads it without support.
		r := js(a, "POST", "/api/v1/groups/"+g.Slug+"/shares", map[string]string{"title": "Hard week", "body": "I keep thinking about killing myself."}).
			wantStatus(t, http.StatusCreated)
		wantSupport(r, "en")
		var sh APIShare
		decode(t, r, &sh)
		if sh.Body != "I keep thinking about killing myself." || sh.Status != hearth.ShareVisible {
			t.Errorf("the share as written: %+v", sh)
		}
		path := fmt.Sprintf("/api/v1/shares/%d", sh.ID)
		got := b.get(path).wantStatus(t, http.StatusOK)
		wantNone(got)
		decode(t, got, &sh)
		if sh.Body != "I keep thinking about killing myself." {
			t.Errorf("Ben reads %+v", sh)
		}
		wantNone(a.get(path).wantStatus(t, http.StatusOK))
		wantNone(js(a, "POST", "/api/v1/groups/"+g.Slug+"/shares", map[string]string{"body": "I killed it at the noon meeting."}).wantStatus(t, http.StatusCreated))

		// A reply, in Spanish.
		r = js(b, "POST", path+"/replies", map[string]string{"body": "Ya no aguanto más."}).wantStatus(t, http.StatusCreated)
		wantSupport(r, "es")
		var reply APIShare
		decode(t, r, &reply)
		replies, err := ts.store.ShareReplies(as(ana.acct), sh.ID)
		if err != nil || len(replies) != 1 || replies[0].Body != "Ya no aguanto más." || replies[0].ID != reply.ID {
			t.Errorf("the reply was not posted as written: %v %v", replies, err)
		}
		wantNone(js(b, "POST", path+"/replies", map[string]string{"body": "Aquí estamos contigo."}).wantStatus(t, http.StatusCreated))

		// Edits: a share in English, a reply in Spanish, everyday words.
		wantSupport(js(a, "PATCH", path, map[string]string{"body": "Some days I want to end it all."}).wantStatus(t, http.StatusOK), "en")
		wantSupport(js(b, "PATCH", fmt.Sprintf("/api/v1/shares/%d", reply.ID), map[string]string{"body": "Quiero morir."}).wantStatus(t, http.StatusOK), "es")
		if s, err := ts.store.FindShare(as(ana.acct), reply.ID); err != nil || s.Body != "Quiero morir." {
			t.Errorf("the reply's edit was not saved: %+v %v", s, err)
		}
		wantNone(js(a, "PATCH", path, map[string]string{"body": "A better day."}).wantStatus(t, http.StatusOK))

		// Messages.
		var conv APIConversation
		decode(t, js(a, "POST", "/api/v1/me/conversations", map[string]string{"with": ben.handle}).wantStatus(t, http.StatusCreated), &conv)
		msgs := fmt.Sprintf("/api/v1/me/conversations/%d", conv.ID)
		wantSupport(js(a, "POST", msgs+"/messages", map[string]string{"body": "I feel like I'd be better off dead."}).wantStatus(t, http.StatusCreated), "en")
		wantSupport(js(b, "POST", msgs+"/messages", map[string]string{"body": "A veces pienso en quitarme la vida."}).wantStatus(t, http.StatusCreated), "es")
		ts.clock.Advance(1e9) // sent again within half a second is refused
		wantNone(js(a, "POST", msgs+"/messages", map[string]string{"body": "See you tonight?"}).wantStatus(t, http.StatusCreated))
		var read APIConversation
		r = b.get(msgs).wantStatus(t, http.StatusOK)
		decode(t, r, &read)
		if len(read.Messages) != 3 || read.Messages[0].Body != "I feel like I'd be better off dead." || strings.Contains(r.body, `"support"`) {
			t.Errorf("Ben reads %s", clip(r.body))
		}

		// Check-ins, made and replaced.
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(ana.acct.TimeZone))
		day := "/api/v1/me/check-ins/" + today.String()
		wantSupport(js(a, "PUT", day, map[string]any{"mood": 1, "note": "I just want to die."}).wantStatus(t, http.StatusCreated), "en")
		if c, err := ts.store.CheckInOn(as(ana.acct), today); err != nil || c.Note != "I just want to die." {
			t.Errorf("the check-in was not saved as written: %+v %v", c, err)
		}
		wantNone(js(a, "PUT", day, map[string]any{"mood": 3, "note": "Calmer now."}).wantStatus(t, http.StatusOK))
		wantNone(a.get(day).wantStatus(t, http.StatusOK))
		bday := "/api/v1/me/check-ins/" + hearth.Today(ts.clock.Now(), hearth.LoadZone("America/Mexico_City")).String()
		wantSupport(js(b, "PUT", bday, map[string]any{"mood": 2, "gratitude": "Mi hermana", "note": "Hoy pensé en hacerme daño."}).wantStatus(t, http.StatusCreated), "es")
		wantNone(js(b, "PUT", bday, map[string]any{"mood": 4, "note": "Un buen día."}).wantStatus(t, http.StatusOK))

		// The journal, written and changed.
		r = js(a, "POST", "/api/v1/me/journal", map[string]string{"title": "Tonight", "body": "I don't want to be alive."}).wantStatus(t, http.StatusCreated)
		wantSupport(r, "en")
		var entry APIEntry
		decode(t, r, &entry)
		entryPath := fmt.Sprintf("/api/v1/me/journal/%d", entry.ID)
		wantNone(a.get(entryPath).wantStatus(t, http.StatusOK))
		wantNone(js(a, "PATCH", entryPath, map[string]string{"body": "A quiet evening."}).wantStatus(t, http.StatusOK))
		wantSupport(js(b, "POST", "/api/v1/me/journal", map[string]string{"body": "Quiero desaparecer para siempre, quiero morir."}).wantStatus(t, http.StatusCreated), "es")

		// A setback's note.
		k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Days", Start: today.AddDays(-40), Schedule: "aa", Visibility: hearth.VisibleToMe}
		if err := ts.store.CreateClock(as(ana.acct), k, today); err != nil {
			t.Fatal(err)
		}
		r = js(a, "POST", fmt.Sprintf("/api/v1/me/clocks/%d/setbacks", k.ID), map[string]any{"on": today.String(), "note": "I want to kill myself."}).
			wantStatus(t, http.StatusCreated)
		wantSupport(r, "en")
		var sb APISetback
		decode(t, r, &sb)
		if sb.Note != "I want to kill myself." {
			t.Errorf("the setback was not saved as written: %+v", sb)
		}
	})
}

// TestHelpOffersYourPeople: a member's help page offers, right after the
// crisis lines, the one tap that tells the people they chose, in their
// language; a visitor, who has no such people here, is not offered it.
func TestHelpOffersYourPeople(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		body := ts.client(t).get("/help").wantStatus(t, http.StatusOK).body
		if strings.Contains(body, `id="your-people-card"`) || strings.Contains(body, `action="/support"`) {
			t.Error("a visitor's help page offers to tell their people")
		}
		m := ts.signUp(t, "Alder")
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				inSpanish(t, m)
			}
			body = m.get("/help").wantStatus(t, http.StatusOK).body
			card := ""
			if i := strings.Index(body, `id="your-people-card"`); i >= 0 {
				card, _, _ = strings.Cut(body[i:], `</section>`)
			}
			p := i18n.For(lang)
			if !strings.Contains(card, `<form action="/support" method="post">`) || !strings.Contains(card, escaped(p.T("layout.support_now"))) ||
				!strings.Contains(card, escaped(p.T("help.people.heading"))) {
				t.Errorf("%s: the member's help page does not offer the one tap to their people:\n%s", lang, clip(card))
			}
			if strings.Index(body, `id="your-people-card"`) < strings.Index(body, `id="crisis-lines"`) {
				t.Errorf("%s: the member's people come before the crisis lines", lang)
			}
		}
	})
}

// TestProfileCardForNewcomers: "Make Hearth yours" greets a member who has
// not yet saved their settings, and leaves once they have.
func TestProfileCardForNewcomers(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Juniper")
		if body := m.get("/").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `id="profile-card"`) {
			t.Error("a new member's dashboard does not offer to set up their profile")
		}
		ts.clock.Advance(time.Minute)
		m.post("/settings", url.Values{"display_name": {"Juniper"}, "pronouns": {""}, "language": {"en"},
			"time_zone": {m.acct.TimeZone}, "country": {"US"}, "email": {""}}).wantRedirect(t, "/settings")
		if body := m.get("/").wantStatus(t, http.StatusOK).body; strings.Contains(body, `id="profile-card"`) {
			t.Error("the dashboard still asks a member who saved their settings to set up their profile")
		}
	})
}

// TestSettingsSectionsInSight: the first page of the settings shows every
// section wrapped over lines, so that "Delete account" and "Your data"
// are not out of sight at the end of a strip on a phone; the other
// settings pages keep the strip, which scrolls.
func TestSettingsSectionsInSight(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Rowan")
		body := m.get("/settings").wantStatus(t, http.StatusOK).body
		if !strings.Contains(body, `<ul id="settings-sections">`) || !strings.Contains(body, `href="/settings/delete"`) ||
			!strings.Contains(body, `href="/settings/export"`) {
			t.Error("the first settings page does not show every section wrapped")
		}
		if body := m.get("/settings/password").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `<ul class="strip" id="settings-sections">`) {
			t.Error("a settings page other than the first does not keep its sections to a strip")
		}
	})
}

// TestExportEarlierVersions: the member's readable export shows what an
// edited share said before each edit, in their language; nobody else's
// export holds those words.
func TestExportEarlierVersions(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		g, _, ana, ben, _ := eveningLight(t, ts)
		ana.post("/groups/"+g.Slug+"/shares", url.Values{"kind": {"share"}, "body": {"The first words I wrote."}}).wantStatus(t, http.StatusSeeOther)
		sh := latestShare(t, ts, ana, g)
		ts.clock.Advance(time.Hour)
		ana.post(fmt.Sprintf("/groups/%s/shares/%d/edit", g.Slug, sh.ID), url.Values{"kind": {"share"}, "body": {"The words it has now."}})
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				inSpanish(t, ana)
			}
			body := ana.get("/settings/export").wantStatus(t, http.StatusOK).body
			list, _ := elementHTML(body, "x-share-list")
			before := i18n.For(lang).T("export.earlier", "when", "")[:10] // "Before you", "Antes de t"
			if !strings.Contains(list, "The words it has now.") || !strings.Contains(list, "The first words I wrote.") ||
				!strings.Contains(list, before) {
				t.Errorf("%s: the export does not show the share's earlier words:\n%s", lang, clip(list))
			}
		}
		if body := ben.get("/settings/export").wantStatus(t, http.StatusOK).body; strings.Contains(body, "The first words I wrote.") {
			t.Error("another member's export holds the author's earlier words")
		}
	})
}
