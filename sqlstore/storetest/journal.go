package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

func (e *env) mustEntry(a *hearth.Account, on hearth.Date, title, body string) *hearth.JournalEntry {
	e.t.Helper()
	j := &hearth.JournalEntry{On: on, Title: title, Body: body}
	ok(e.t, e.Store.CreateEntry(e.as(a), j, today))
	return j
}

// journalField is a private field of a journal entry, for the canary scan.
func journalField(name string, field func(*hearth.JournalEntry) *string) privateField {
	return privateField{
		name: name,
		after: func(e *env, a *hearth.Account, v string) {
			j := &hearth.JournalEntry{On: today, Title: "A title", Body: "A body"}
			*field(j) = v
			ok(e.t, e.Store.CreateEntry(e.as(a), j, today))
		},
		update: func(e *env, a *hearth.Account, v string) {
			list, _, err := e.Store.Entries(e.as(a), hearth.JournalPage{})
			ok(e.t, err)
			j := *list[0]
			*field(&j) = v
			_, err = e.Store.UpdateEntry(e.as(a), j.ID, hearth.JournalUpdate{Title: &j.Title, Body: &j.Body}, today)
			ok(e.t, err)
		},
		read: func(e *env, a *hearth.Account) string {
			list, _, err := e.Store.Entries(e.as(a), hearth.JournalPage{})
			ok(e.t, err)
			return *field(list[0])
		},
	}
}

func entryIDs(list []*hearth.JournalEntry) []int64 {
	ids := []int64{}
	for _, j := range list {
		ids = append(ids, j.ID)
	}
	return ids
}

func sameIDs(got []*hearth.JournalEntry, want ...*hearth.JournalEntry) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			return false
		}
	}
	return true
}

func (s suite) journal(t *testing.T) {
	t.Run("Entries", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		j := e.mustEntry(a, today.AddDays(-2), "  A hard morning ", "I called Sam.\nIt helped.\n\n")
		if j.ID == 0 || j.AccountID != a.ID || j.Title != "A hard morning" || j.Body != "I called Sam.\nIt helped." ||
			!j.CreatedAt.Equal(stored(start)) || !j.UpdatedAt.Equal(stored(start)) {
			t.Fatalf("created %+v", j)
		}
		got, err := e.Store.Entry(e.as(a), j.ID)
		ok(t, err)
		if *got != *j {
			t.Errorf("read back\n%+v\nwant\n%+v", got, j)
		}
		// Latest first: by day, then the later written.
		untitled := e.mustEntry(a, today, "", "No title today.")
		older := e.mustEntry(a, today.AddDays(-30), "", "A month ago.")
		sameDay := e.mustEntry(a, today.AddDays(-2), "", "Later that day.")
		list, more, err := e.Store.Entries(e.as(a), hearth.JournalPage{})
		ok(t, err)
		if !sameIDs(list, untitled, sameDay, j, older) || more {
			t.Errorf("entries %v (more %v), want %v", entryIDs(list), more, entryIDs([]*hearth.JournalEntry{untitled, sameDay, j, older}))
		}
		list, more, err = e.Store.Entries(e.as(a), hearth.JournalPage{Limit: 2})
		ok(t, err)
		if !sameIDs(list, untitled, sameDay) || !more {
			t.Errorf("first page of 2: %v (more %v)", entryIDs(list), more)
		}
		list, more, err = e.Store.Entries(e.as(a), hearth.JournalPage{Offset: 2, Limit: 2})
		ok(t, err)
		if !sameIDs(list, j, older) || more {
			t.Errorf("second page of 2: %v (more %v)", entryIDs(list), more)
		}

		// Another member sees none of it and can change none of it.
		if list, _, err := e.Store.Entries(e.as(b), hearth.JournalPage{}); err != nil || len(list) != 0 {
			t.Errorf("another member lists %d entries, %v", len(list), err)
		}
		_, err = e.Store.Entry(e.as(b), j.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		body := "taken"
		_, err = e.Store.UpdateEntry(e.as(b), j.ID, hearth.JournalUpdate{Body: &body}, today)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteEntry(e.as(b), j.ID), hearth.ENOTFOUND)
		if found, _, _ := e.Store.SearchEntries(e.as(b), "Sam", hearth.JournalPage{}); len(found) != 0 {
			t.Errorf("another member's search finds %v", entryIDs(found))
		}
		// Nobody signed in: EUNAUTHORIZED.
		_, err = e.Store.Entry(e.ctx, j.ID)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, _, err = e.Store.Entries(e.ctx, hearth.JournalPage{})
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, _, err = e.Store.SearchEntries(e.ctx, "Sam", hearth.JournalPage{})
		wantCode(t, err, hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.CreateEntry(e.ctx, &hearth.JournalEntry{On: today, Body: "x"}, today), hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.DeleteEntry(e.ctx, j.ID), hearth.EUNAUTHORIZED)

		// An edit changes what it names and keeps the rest.
		e.clock.Advance(time.Hour)
		title, day := "A better evening", today.AddDays(-1)
		got, err = e.Store.UpdateEntry(e.as(a), j.ID, hearth.JournalUpdate{Title: &title, On: &day}, today)
		ok(t, err)
		if got.Title != title || got.On != day || got.Body != j.Body || !got.CreatedAt.Equal(j.CreatedAt) ||
			!got.UpdatedAt.Equal(stored(start.Add(time.Hour))) {
			t.Errorf("updated %+v", got)
		}
		if again, _ := e.Store.Entry(e.as(a), j.ID); *again != *got {
			t.Errorf("read back after the edit\n%+v\nwant\n%+v", again, got)
		}
		// A refused edit changes nothing.
		empty := "   "
		_, err = e.Store.UpdateEntry(e.as(a), j.ID, hearth.JournalUpdate{Title: &empty, Body: &empty}, today)
		wantCode(t, err, hearth.EINVALID)
		if again, _ := e.Store.Entry(e.as(a), j.ID); *again != *got {
			t.Errorf("a refused edit changed the entry to %+v", again)
		}

		ok(t, e.Store.DeleteEntry(e.as(a), j.ID))
		_, err = e.Store.Entry(e.as(a), j.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteEntry(e.as(a), j.ID), hearth.ENOTFOUND)
		_, err = e.Store.UpdateEntry(e.as(a), 987654, hearth.JournalUpdate{Title: &title}, today)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("BadEntries", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			entry hearth.JournalEntry
			field string
		}{
			{"NoBody", hearth.JournalEntry{On: today, Title: "Only a title"}, "body"},
			{"BlankBody", hearth.JournalEntry{On: today, Body: " \n\t "}, "body"},
			{"LongBody", hearth.JournalEntry{On: today, Body: strings.Repeat("ñ", hearth.JournalBodyMax+1)}, "body"},
			{"LongTitle", hearth.JournalEntry{On: today, Title: strings.Repeat("t", hearth.JournalTitleMax+1), Body: "b"}, "title"},
			{"NoDate", hearth.JournalEntry{Body: "b"}, "on"},
			{"Tomorrow", hearth.JournalEntry{On: today.AddDays(1), Body: "b"}, "on"},
			{"LongAgo", hearth.JournalEntry{On: hearth.Date{Year: 1850, Month: time.May, Day: 1}, Body: "b"}, "on"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := s.env(t)
				a := e.mustAccount()
				j := tc.entry
				err := e.Store.CreateEntry(e.as(a), &j, today)
				wantCode(t, err, hearth.EINVALID)
				if f := hearth.ErrorFields(err); f[tc.field] == "" {
					t.Errorf("problems %v, want one with %s", f, tc.field)
				}
				if j.ID != 0 {
					t.Errorf("a refused entry was given id %d", j.ID)
				}
				if list, _, _ := e.Store.Entries(e.as(a), hearth.JournalPage{}); len(list) != 0 {
					t.Errorf("a refused entry was stored")
				}
			})
		}
		t.Run("LongestBody", func(t *testing.T) {
			e := s.env(t)
			a := e.mustAccount()
			j := e.mustEntry(a, today, "", strings.Repeat("ñ", hearth.JournalBodyMax))
			if got, err := e.Store.Entry(e.as(a), j.ID); err != nil || got.Body != j.Body {
				t.Errorf("the longest body does not come back whole: %v", err)
			}
		})
	})

	t.Run("Search", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		called := e.mustEntry(a, today.AddDays(-3), "Mañana difícil", "Mi hermana LLAMÓ y hablamos de la reunión.")
		walk := e.mustEntry(a, today.AddDays(-2), "", "A long walk with my sister; the craving passed.")
		sponsor := e.mustEntry(a, today.AddDays(-1), "Sponsor", "Called my sponsor after the meeting.")
		theirs := e.mustEntry(b, today, "Mañana", "Mi hermana llamó también.")

		for _, tc := range []struct {
			query string
			want  []*hearth.JournalEntry
		}{
			{"hermana", []*hearth.JournalEntry{called}},
			{"llamo", []*hearth.JournalEntry{called}},           // accents and case off
			{"MAÑANA", []*hearth.JournalEntry{called}},          // in the title
			{"Reunion hermana", []*hearth.JournalEntry{called}}, // every word, any order
			{"hermana sponsor", nil},                            // not every word
			{"call", []*hearth.JournalEntry{sponsor}},           // the start of a word
			{"alled", nil}, // not the middle of one
			{"sister", []*hearth.JournalEntry{walk}},
			{"the", []*hearth.JournalEntry{sponsor, walk}}, // latest first
			{"craving-passed", []*hearth.JournalEntry{walk}},
			{"nothing written", nil},
		} {
			t.Run(tc.query, func(t *testing.T) {
				got, more, err := e.Store.SearchEntries(e.as(a), tc.query, hearth.JournalPage{})
				ok(t, err)
				if !sameIDs(got, tc.want...) || more {
					t.Errorf("found %v (more %v), want %v", entryIDs(got), more, entryIDs(tc.want))
				}
				for _, j := range got {
					if j.ID == theirs.ID || j.AccountID != a.ID {
						t.Errorf("the search found another member's entry")
					}
				}
			})
		}
		if found, _, err := e.Store.SearchEntries(e.as(b), "hermana", hearth.JournalPage{}); err != nil || !sameIDs(found, theirs) {
			t.Errorf("the other member's own search finds %v, %v", entryIDs(found), err)
		}
		for _, q := range []string{"", "  ", "¿?!", strings.Repeat("a", hearth.JournalQueryMax+1)} {
			_, _, err := e.Store.SearchEntries(e.as(a), q, hearth.JournalPage{})
			wantCode(t, err, hearth.EINVALID)
		}
	})

	t.Run("SearchPages", func(t *testing.T) {
		// More entries than a batch, every third a match, found in pages
		// that cross batches.
		e := s.env(t)
		a := e.mustAccount()
		var want []*hearth.JournalEntry
		const n = 450
		for i := range n {
			body := fmt.Sprintf("Day %d. Quiet.", i)
			if i%3 == 0 {
				body = fmt.Sprintf("Day %d. Went to a meeting.", i)
			}
			j := e.mustEntry(a, today.AddDays(-i/2), "", body) // two entries a day
			if i%3 == 0 {
				want = append(want, j)
			}
		}
		// Latest first: by day, then the later written.
		slices.SortFunc(want, func(x, y *hearth.JournalEntry) int {
			if c := y.On.Compare(x.On); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
		var got []*hearth.JournalEntry
		for page := 0; ; page++ {
			list, more, err := e.Store.SearchEntries(e.as(a), "meeting", hearth.JournalPage{Offset: page * 40, Limit: 40})
			ok(t, err)
			got = append(got, list...)
			if !more {
				break
			}
			if page > 10 {
				t.Fatal("the pages never end")
			}
		}
		if !sameIDs(got, want...) {
			t.Errorf("found %d entries in pages, want %d in order", len(got), len(want))
		}
		if list, more, err := e.Store.SearchEntries(e.as(a), "meeting", hearth.JournalPage{Offset: len(want)}); err != nil || len(list) != 0 || more {
			t.Errorf("past the last match: %d entries, more %v, %v", len(list), more, err)
		}
	})

	t.Run("Export", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		second := e.mustEntry(a, today, "", "Second.")
		first := e.mustEntry(a, today.AddDays(-5), "First", "First entry.")
		e.mustEntry(b, today, "Theirs", "Not in a's export.")
		var x hearth.Export
		ok(t, e.Store.ExportJournal(e.as(a), &x))
		want := []hearth.ExportJournalEntry{
			{On: first.On.String(), Title: "First", Body: "First entry.", CreatedAt: first.CreatedAt, UpdatedAt: first.UpdatedAt},
			{On: second.On.String(), Body: "Second.", CreatedAt: second.CreatedAt, UpdatedAt: second.UpdatedAt},
		}
		if len(x.Journal) != len(want) {
			t.Fatalf("exported %+v, want %+v", x.Journal, want)
		}
		for i := range want {
			if g, w := x.Journal[i], want[i]; g.On != w.On || g.Title != w.Title || g.Body != w.Body ||
				!g.CreatedAt.Equal(w.CreatedAt) || !g.UpdatedAt.Equal(w.UpdatedAt) {
				t.Errorf("entry %d exported as %+v, want %+v", i, g, w)
			}
		}
		var none hearth.Export
		ok(t, e.Store.ExportJournal(e.as(e.mustAccount()), &none))
		if none.Journal == nil || len(none.Journal) != 0 {
			t.Errorf("a member with no journal exports %#v, want an empty list", none.Journal)
		}
	})
}
