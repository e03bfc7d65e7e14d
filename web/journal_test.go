package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestJournal: a member writes entries, reads one with its line breaks
// kept, finds them by searching (accents and case aside, every word),
// pages through them, edits and deletes one; bad input comes back with
// the message and every word typed; another member gets "not found" and
// finds nothing of theirs; a visitor is sent to sign in.
func TestJournal(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, other := ts.signUp(t, "Wren"), ts.signUp(t, "Heron")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		en := i18n.For("en")

		if body := m.get("/recovery").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `href="/recovery/journal"`) {
			t.Error("the recovery page does not lead to the journal")
		}
		if body := m.get("/recovery/journal").wantStatus(t, http.StatusOK).body; !strings.Contains(body, escaped(en.T("journal.empty"))) {
			t.Error("an empty journal does not invite the member to write")
		}
		m.get("/recovery/journal/new").wantStatus(t, http.StatusOK)

		// Bad input comes back marked, with every word typed.
		typed := "Line one & <two>\n\nA \"second\" paragraph."
		for name, tc := range map[string]struct {
			form  url.Values
			field string
			key   string
		}{
			"Future":   {url.Values{"on": {today.AddDays(1).String()}, "title": {"Tomorrow's"}, "body": {typed}}, "on", "error.journal.date_future"},
			"NoDate":   {url.Values{"on": {"someday"}, "title": {"Tomorrow's"}, "body": {typed}}, "on", "error.journal.date_required"},
			"NoBody":   {url.Values{"on": {today.String()}, "title": {"Tomorrow's"}, "body": {"  \n "}}, "body", "error.journal.body_required"},
			"LongBody": {url.Values{"on": {today.String()}, "title": {"Tomorrow's"}, "body": {typed + strings.Repeat("é", hearth.JournalBodyMax)}}, "body", "error.journal.body_long"},
		} {
			t.Run(name, func(t *testing.T) {
				r := m.post("/recovery/journal", tc.form).wantStatus(t, http.StatusUnprocessableEntity)
				if !strings.Contains(r.body, escaped(en.T(tc.key))) {
					t.Errorf("the problem is not explained: want %q", en.T(tc.key))
				}
				if !strings.Contains(r.body, `id="f-`+tc.field+`"`) || !strings.Contains(r.body, `aria-invalid="true"`) {
					t.Error("the field is not marked")
				}
				if v, _ := inputValue(r.body, "title"); v != "Tomorrow's" {
					t.Errorf("the title typed came back as %q", v)
				}
				if got := textareaValue(r.body, "f-body"); got != tc.form.Get("body") {
					t.Errorf("the body typed came back as %q", clip(got))
				}
			})
		}
		if list, _, _ := ts.store.Entries(as(m.acct), hearth.JournalPage{}); len(list) != 0 {
			t.Fatalf("a refused entry was stored")
		}

		// An entry, read back with its breaks.
		r := m.post("/recovery/journal", url.Values{"on": {today.AddDays(-1).String()}, "title": {"Mañana difícil"}, "body": {typed}})
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/recovery/journal/") {
			t.Fatalf("writing an entry: %d to %q\n%s", r.status, loc, clip(r.body))
		}
		page := m.get(loc).wantStatus(t, http.StatusOK).body
		if got, _ := elementHTML(page, "entry-body"); !strings.Contains(got, "<p>Line one &amp; &lt;two&gt;</p>") ||
			!strings.Contains(got, "<p>A &#34;second&#34; paragraph.</p>") {
			t.Errorf("the entry reads\n%s", got)
		}
		if elementText(page, "entry-title") != "Mañana difícil" {
			t.Errorf("the entry's heading is %q", elementText(page, "entry-title"))
		}
		if strings.Contains(page, "<title>Mañana") {
			t.Error("the entry's title is in the page's title, where a phone's history keeps it")
		}
		m.post("/recovery/journal", url.Values{"on": {today.String()}, "title": {""}, "body": {"Walked with my sister. LLAMÉ a Sam."}}).
			wantStatus(t, http.StatusSeeOther)
		// Another member's entry with the same words.
		other.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"Heron's own: mañana, sister, Sam."}}).
			wantStatus(t, http.StatusSeeOther)

		// Search: the member's own entries only.
		for _, tc := range []struct {
			q    string
			want int
		}{
			{"manana", 1}, {"DIFICIL two", 1}, {"llame sam", 1}, {"sister", 1}, {"sam sister", 1}, {"heron", 0}, {"sam two", 0},
		} {
			body := m.get("/recovery/journal?q="+url.QueryEscape(tc.q)).wantStatus(t, http.StatusOK).body
			if got := len(listItems(body, "entries")); got != tc.want {
				t.Errorf("searching %q finds %d entries, want %d", tc.q, got, tc.want)
			}
			if strings.Contains(body, "Heron&#39;s own") {
				t.Errorf("searching %q shows another member's entry", tc.q)
			}
			if tc.want == 0 && !strings.Contains(body, escaped(en.T("journal.none_found"))) {
				t.Errorf("searching %q finds nothing and does not say so", tc.q)
			}
			if v, _ := inputValue(body, "q"); v != tc.q {
				t.Errorf("the search box holds %q, want %q", v, tc.q)
			}
		}
		if body := other.get("/recovery/journal?q=sister").body; len(listItems(body, "entries")) != 1 || strings.Contains(body, "Walked with my sister") {
			t.Error("another member's search reaches past their own journal")
		}
		r = m.get("/recovery/journal?q="+url.QueryEscape("¿?")).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, escaped(en.T("error.journal.query_empty"))) {
			t.Error("a search with no words is not explained")
		}

		// Another member, and a visitor, reach none of it.
		other.get(loc).wantStatus(t, http.StatusNotFound)
		other.get(loc+"/edit").wantStatus(t, http.StatusNotFound)
		other.get(loc+"/delete").wantStatus(t, http.StatusNotFound)
		other.post(loc+"/edit", url.Values{"on": {today.String()}, "body": {"taken"}}).wantStatus(t, http.StatusNotFound)
		other.post(loc+"/delete", nil).wantStatus(t, http.StatusNotFound)
		m.get("/recovery/journal/abc").wantStatus(t, http.StatusNotFound)
		visitor := ts.client(t)
		visitor.get(loc).wantRedirect(t, "/signin?next="+url.QueryEscape(loc))
		visitor.get("/recovery/journal?q=sister").wantRedirect(t, "/signin?next="+url.QueryEscape("/recovery/journal?q=sister"))
		visitor.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"x"}}).wantStatus(t, http.StatusUnauthorized)

		// Edit: a bad edit keeps what was typed and changes nothing.
		edit := m.get(loc+"/edit").wantStatus(t, http.StatusOK).body
		if got := textareaValue(edit, "f-body"); got != typed {
			t.Errorf("the edit form holds %q", got)
		}
		r = m.post(loc+"/edit", url.Values{"on": {today.AddDays(2).String()}, "title": {"Changed"}, "body": {"Changed words"}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		if got := textareaValue(r.body, "f-body"); got != "Changed words" {
			t.Errorf("a refused edit came back with %q", got)
		}
		id := entryID(t, loc)
		if j, _ := ts.store.Entry(as(m.acct), id); j.Body != typed {
			t.Errorf("a refused edit changed the entry")
		}
		m.post(loc+"/edit", url.Values{"on": {today.String()}, "title": {""}, "body": {"Changed words"}}).wantRedirect(t, loc)
		if j, _ := ts.store.Entry(as(m.acct), id); j.Body != "Changed words" || j.Title != "" || j.On != today {
			t.Errorf("after the edit: %+v", j)
		}

		m.get(loc+"/delete").wantStatus(t, http.StatusOK)
		m.post(loc+"/delete", nil).wantRedirect(t, "/recovery/journal")
		m.get(loc).wantStatus(t, http.StatusNotFound)
	})
}

// TestJournalPages: the list and the search are paged, newest first.
func TestJournalPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Finch")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		const n = journalPageSize + 5
		for i := range n {
			j := &hearth.JournalEntry{On: today.AddDays(-i), Title: fmt.Sprintf("Day %d", i), Body: "Went to a meeting."}
			if err := ts.store.CreateEntry(as(m.acct), j, today); err != nil {
				t.Fatal(err)
			}
		}
		for _, base := range []string{"/recovery/journal", "/recovery/journal?q=meeting"} {
			first := m.get(base).wantStatus(t, http.StatusOK).body
			items := listItems(first, "entries")
			if len(items) != journalPageSize || !strings.HasPrefix(items[0], "Day 0") {
				t.Fatalf("%s: first page %d entries, starting %q", base, len(items), items[0])
			}
			next := regexpHref(first, "next")
			if next == "" {
				t.Fatalf("%s: no link to the next page", base)
			}
			second := m.get(next).wantStatus(t, http.StatusOK).body
			items = listItems(second, "entries")
			if len(items) != n-journalPageSize || !strings.HasPrefix(items[0], fmt.Sprintf("Day %d", journalPageSize)) {
				t.Errorf("%s: second page %v", base, items)
			}
			if regexpHref(second, "next") != "" || regexpHref(second, "prev") == "" {
				t.Errorf("%s: the last page's links are wrong", base)
			}
		}
	})
}

// TestExportHasTheJournal: the export holds the member's journal, opened,
// and nobody else's.
func TestExportHasTheJournal(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m, other := ts.signUp(t, "Plover"), ts.signUp(t, "Curlew")
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(m.acct.TimeZone))
		m.post("/recovery/journal", url.Values{"on": {today.String()}, "title": {"Mine"}, "body": {"My own words."}}).wantStatus(t, http.StatusSeeOther)
		other.post("/recovery/journal", url.Values{"on": {today.String()}, "body": {"Curlew's words."}}).wantStatus(t, http.StatusSeeOther)
		var e hearth.Export
		if err := json.Unmarshal([]byte(m.get("/settings/export.json").wantStatus(t, http.StatusOK).body), &e); err != nil {
			t.Fatal(err)
		}
		if len(e.Journal) != 1 || e.Journal[0].Title != "Mine" || e.Journal[0].Body != "My own words." || e.Journal[0].On != today.String() {
			t.Errorf("the export's journal is %+v", e.Journal)
		}
		page := m.get("/settings/export").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "My own words.") || strings.Contains(page, "Curlew&#39;s words.") {
			t.Error("the readable export does not show the member's journal, or shows another's")
		}
	})
}

// textareaValue is what the text area with this id holds.
func textareaValue(body, id string) string {
	in, _ := elementHTML(body, id)
	return html.UnescapeString(in)
}

// regexpHref is the href of the link with this rel.
func regexpHref(body, rel string) string {
	i := strings.Index(body, `rel="`+rel+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], `href="`)
	if start < 0 {
		return ""
	}
	href := body[start+len(`href="`):]
	return html.UnescapeString(href[:strings.IndexByte(href, '"')])
}

func entryID(t *testing.T, loc string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(loc, "/recovery/journal/"), "%d", &id); err != nil || id == 0 {
		t.Fatalf("no entry id in %q", loc)
	}
	return id
}
