package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

func (e *env) mustStrategy(a *hearth.Account, lang, title, body string, tags ...string) *hearth.Strategy {
	e.t.Helper()
	st := &hearth.Strategy{Language: lang, Title: title, Body: body, Tags: tags}
	ok(e.t, e.Store.CreateStrategy(e.as(a), st))
	return st
}

func strategyIDs(list []*hearth.Strategy) []int64 {
	ids := []int64{}
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	return ids
}

// librarySample is a small library in both languages, about cravings,
// nights and other things, for the search tests.
type librarySample struct {
	cravingNightEN, cravingEN, nightEN, griefEN *hearth.Strategy
	cravingNightES, cravingES, sleepES          *hearth.Strategy
}

func (e *env) library(a *hearth.Account) librarySample {
	// Others first, as a library has: ranking weighs how rare a word is.
	for i, topic := range []string{"work", "family", "pain", "boredom", "holidays", "relationships", "stress", "anxiety"} {
		e.mustStrategy(a, []string{"en", "es"}[i%2], "About "+topic, "Something that helps with "+topic+", one small step.", topic)
	}
	return librarySample{
		cravingNightEN: e.mustStrategy(a, "en", "Ride out a late-night urge", "When a craving comes after dark, set a timer for twenty minutes and make tea. Urges rise and fall like waves.", "craving", "night"),
		cravingEN:      e.mustStrategy(a, "en", "Play the tape forward", "Before acting on a craving, picture the whole evening through to tomorrow morning.", "craving"),
		nightEN:        e.mustStrategy(a, "en", "A calm evening routine", "Dim the lights, put the phone away, read something gentle.", "night", "insomnia"),
		griefEN:        e.mustStrategy(a, "en", "Write a letter you will not send", "Grief needs somewhere to go. Put it on paper.", "grief"),
		cravingNightES: e.mustStrategy(a, "es", "Cuando llega el antojo de noche", "Si el antojo aparece de madrugada, llama a alguien de tu grupo o sal a caminar al balcón.", "craving", "night"),
		cravingES:      e.mustStrategy(a, "es", "Esperar veinte minutos", "Los antojos suben y bajan como olas. Pon un reloj y espera.", "craving"),
		sleepES:        e.mustStrategy(a, "es", "Respirar para dormir", "Cuatro segundos para inhalar, siete de pausa, ocho para soltar el aire.", "insomnia"),
	}
}

// reader is the context of a member who reads the library: a new
// account, with no strategies or marks of its own.
func (e *env) reader() context.Context { return e.as(e.mustAccount()) }

func (s suite) strategies(t *testing.T) {
	t.Run("Create", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		st := e.mustStrategy(a, "en", "  Call someone  ", "Pick up the phone.\nSay hello.\n\n", "lonely", "craving", "lonely")
		if st.ID == 0 || st.AuthorID != a.ID || st.Title != "Call someone" || st.Body != "Pick up the phone.\nSay hello." ||
			!slices.Equal(st.Tags, []string{"craving", "lonely"}) || !st.Mine || !st.CreatedAt.Equal(stored(start)) {
			t.Fatalf("created %+v", st)
		}
		got, err := e.Store.Strategy(e.as(a), st.ID)
		ok(t, err)
		if got.Title != st.Title || got.Body != st.Body || !slices.Equal(got.Tags, st.Tags) || !got.Mine || got.Helped != 0 || got.Language != "en" {
			t.Errorf("read back %+v", got)
		}
		// Every member reads it, and nobody else sees it as theirs; a
		// visitor reads nothing of the library (TRUST.md: what members
		// write is for members).
		got, err = e.Store.Strategy(e.reader(), st.ID)
		ok(t, err)
		if got.Mine {
			t.Error("another member sees the strategy as theirs")
		}
		_, err = e.Store.Strategy(e.as(nil), st.ID)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, _, err = e.Store.Strategies(e.as(nil), hearth.StrategyFilter{})
		wantCode(t, err, hearth.EUNAUTHORIZED)
		_, _, err = e.Store.Strategies(e.as(nil), hearth.StrategyFilter{Query: "phone"})
		wantCode(t, err, hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.CreateStrategy(e.as(nil), &hearth.Strategy{Language: "en", Title: "x", Body: "y", Tags: []string{"craving"}}), hearth.EUNAUTHORIZED)
		_, err = e.Store.Strategy(e.reader(), st.ID+1000)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("BadInput", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		valid := func() hearth.Strategy {
			return hearth.Strategy{Language: "en", Title: "A walk", Body: "Walk around the block.", Tags: []string{"craving"}}
		}
		for _, tc := range []struct {
			name   string
			change func(*hearth.Strategy)
			field  string
			key    string
			mended string // what the field holds after, when mended
		}{
			{"no title", func(s *hearth.Strategy) { s.Title = "  " }, "title", "error.strategy.title_required", ""},
			{"long title", func(s *hearth.Strategy) { s.Title = strings.Repeat("a", hearth.StrategyTitleMax+1) }, "title", "error.strategy.title_long", ""},
			{"oversized body", func(s *hearth.Strategy) { s.Body = strings.Repeat("word ", hearth.StrategyBodyMax) }, "body", "error.strategy.body_long", ""},
			{"no tags", func(s *hearth.Strategy) { s.Tags = nil }, "tags", "error.strategy.tags_required", ""},
			{"unknown tag", func(s *hearth.Strategy) { s.Tags = []string{"craving", "weather"} }, "tags", "error.strategy.tag", ""},
			{"unknown program", func(s *hearth.Strategy) { s.Program = "xyz" }, "program", "error.strategy.program", ""},
			{"unknown language", func(s *hearth.Strategy) { s.Language = "fr" }, "language", "error.strategy.language", ""},
			{"script", func(s *hearth.Strategy) { s.Body = "Try this <script>alert(1)</script>" }, "body", "error.strategy.markup", ""},
			{"iframe", func(s *hearth.Strategy) { s.Title = `<IFRAME src="x">` }, "title", "error.strategy.markup", ""},
			{"style", func(s *hearth.Strategy) { s.Body = "<style>body{display:none}</style>" }, "body", "error.strategy.markup", ""},
			{"homoglyph", func(s *hearth.Strategy) { s.Title = "Fr\u0435\u0435 pills" }, "title", "error.strategy.mixed_script", ""},
			{"zero-width", func(s *hearth.Strategy) { s.Body = "Call\u200b a\u200d friend\ufeff" }, "body", "error.strategy.invisible", "Call a friend"},
			{"invalid UTF-8", func(s *hearth.Strategy) { s.Body = "Call \xff a friend" }, "body", "error.strategy.encoding", "Call \uFFFD a friend"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				st := valid()
				tc.change(&st)
				err := e.Store.CreateStrategy(e.as(a), &st)
				wantCode(t, err, hearth.EINVALID)
				if got := hearth.ErrorFields(err)[tc.field]; got != tc.key {
					t.Errorf("field %s: %q, want %q (%v)", tc.field, got, tc.key, err)
				}
				if tc.mended != "" {
					check := valid()
					tc.change(&check)
					_ = check.Validate()
					if check.Body != tc.mended {
						t.Errorf("mended to %q, want %q", check.Body, tc.mended)
					}
					// Saved again as mended, it is accepted.
					ok(t, e.Store.CreateStrategy(e.as(a), &check))
				}
			})
		}
		// Nothing of the refused ones was saved.
		list, _, err := e.Store.Strategies(e.as(a), hearth.StrategyFilter{Mine: true, Limit: 50})
		ok(t, err)
		if len(list) != 2 {
			t.Errorf("%d strategies saved, want the 2 mended ones", len(list))
		}
		// Spanish words with accents and ñ are not mixed scripts.
		ok(t, e.Store.CreateStrategy(e.as(a), &hearth.Strategy{Language: "es", Title: "Mañana será otro día", Body: "Pequeños pasos, señora; ¿por qué no?", Tags: []string{"stress"}}))
	})

	t.Run("EditDelete", func(t *testing.T) {
		e := s.env(t)
		author, other, admin := e.mustAccount(), e.mustAccount(), e.mustAccount()
		ok(t, e.Store.SetRole(e.ctx, admin.Handle, hearth.RoleAdmin))
		admin.Role = hearth.RoleAdmin
		st := e.mustStrategy(author, "en", "Breathe", "Four counts in, four out.", "anxiety")
		e.clock.Advance(time.Hour)
		title, tags := "Box breathing", []string{"stress", "anxiety"}
		got, err := e.Store.UpdateStrategy(e.as(author), st.ID, hearth.StrategyUpdate{Title: &title, Tags: &tags})
		ok(t, err)
		if got.Title != title || !slices.Equal(got.Tags, []string{"stress", "anxiety"}) || got.Body != st.Body || !got.UpdatedAt.Equal(stored(start.Add(time.Hour))) {
			t.Errorf("updated %+v", got)
		}
		// The new tags are what the filter sees.
		list, _, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Tag: "stress"})
		ok(t, err)
		if !slices.Equal(strategyIDs(list), []int64{st.ID}) {
			t.Errorf("tagged stress: %v", strategyIDs(list))
		}
		// Nobody else edits or deletes it, admins included.
		for _, who := range []*hearth.Account{other, admin} {
			_, err = e.Store.UpdateStrategy(e.as(who), st.ID, hearth.StrategyUpdate{Title: &title})
			wantCode(t, err, hearth.EFORBIDDEN)
			wantCode(t, e.Store.DeleteStrategy(e.as(who), st.ID), hearth.EFORBIDDEN)
		}
		_, err = e.Store.UpdateStrategy(e.as(nil), st.ID, hearth.StrategyUpdate{Title: &title})
		wantCode(t, err, hearth.EUNAUTHORIZED)
		bad := ""
		_, err = e.Store.UpdateStrategy(e.as(author), st.ID, hearth.StrategyUpdate{Body: &bad})
		wantCode(t, err, hearth.EINVALID)
		ok(t, e.Store.DeleteStrategy(e.as(author), st.ID))
		_, err = e.Store.Strategy(e.reader(), st.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteStrategy(e.as(author), st.ID), hearth.ENOTFOUND)
	})

	t.Run("Helped", func(t *testing.T) {
		e := s.env(t)
		author, a, b := e.mustAccount(), e.mustAccount(), e.mustAccount()
		st := e.mustStrategy(author, "en", "Eat something", "HALT: hungry first.", "hungry")
		ok(t, e.Store.MarkHelped(e.as(a), st.ID, true))
		ok(t, e.Store.MarkHelped(e.as(a), st.ID, true)) // once each
		ok(t, e.Store.MarkHelped(e.as(b), st.ID, true))
		got, err := e.Store.Strategy(e.as(a), st.ID)
		ok(t, err)
		if got.Helped != 2 || !got.HelpedMe {
			t.Errorf("after two members: helped %d, mine %v", got.Helped, got.HelpedMe)
		}
		ok(t, e.Store.MarkHelped(e.as(a), st.ID, false))
		ok(t, e.Store.MarkHelped(e.as(a), st.ID, false))
		got, _ = e.Store.Strategy(e.as(a), st.ID)
		if got.Helped != 1 || got.HelpedMe {
			t.Errorf("after undo: helped %d, mine %v", got.Helped, got.HelpedMe)
		}
		wantCode(t, e.Store.MarkHelped(e.as(author), st.ID, true), hearth.EFORBIDDEN)
		wantCode(t, e.Store.MarkHelped(e.as(nil), st.ID, true), hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.MarkHelped(e.as(a), st.ID+99, true), hearth.ENOTFOUND)
		// An erased member's mark goes with them, and the count with it.
		ok(t, e.Store.DeleteAccount(e.ctx, b.ID))
		got, _ = e.Store.Strategy(e.reader(), st.ID)
		if got.Helped != 0 {
			t.Errorf("after the member was erased: helped %d", got.Helped)
		}
	})

	t.Run("Search", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		lib := e.library(a)
		search := func(q, lang string) []int64 {
			t.Helper()
			list, _, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Query: q, Language: lang, Sort: hearth.SortRelevance, Limit: 50})
			ok(t, err)
			return strategyIDs(list)
		}
		en := search("What helps with cravings at night?", "en")
		if len(en) < 3 || en[0] != lib.cravingNightEN.ID {
			t.Errorf("English question: %v, want %d first", en, lib.cravingNightEN.ID)
		}
		for _, want := range []*hearth.Strategy{lib.cravingEN, lib.nightEN, lib.cravingNightES, lib.cravingES} {
			if !slices.Contains(en, want.ID) {
				t.Errorf("English question misses %q: %v", want.Title, en)
			}
		}
		if slices.Contains(en, lib.griefEN.ID) {
			t.Errorf("English question finds the grief strategy: %v", en)
		}
		// The member's language first: English strategies before Spanish.
		if i, j := slices.Index(en, lib.nightEN.ID), slices.Index(en, lib.cravingNightES.ID); i > j {
			t.Errorf("English member: a Spanish strategy before an English one: %v", en)
		}
		es := search("¿Qué ayuda con los antojos de noche?", "es")
		if len(es) < 3 || es[0] != lib.cravingNightES.ID {
			t.Errorf("Spanish question: %v, want %d first", es, lib.cravingNightES.ID)
		}
		for _, want := range []*hearth.Strategy{lib.cravingES, lib.cravingNightEN, lib.cravingEN} {
			if !slices.Contains(es, want.ID) {
				t.Errorf("Spanish question misses %q: %v", want.Title, es)
			}
		}
		// Accents do not matter; a word's other forms are found.
		if got := search("SUEÑO dormir", "es"); !slices.Contains(got, lib.sleepES.ID) {
			t.Errorf("sueño: %v", got)
		}
		if got := search("craving", ""); !slices.Contains(got, lib.cravingEN.ID) || !slices.Contains(got, lib.cravingES.ID) {
			t.Errorf("craving: %v", got)
		}
		if got := search("balcon", ""); !slices.Equal(got, []int64{lib.cravingNightES.ID}) {
			t.Errorf("balcon finds %v", got)
		}
		// Only stop words: nothing.
		if got := search("what is the", "en"); len(got) != 0 {
			t.Errorf("stop words find %v", got)
		}
		// Within a situation.
		list, _, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Query: "olas", Tag: "craving"})
		ok(t, err)
		if !slices.Equal(strategyIDs(list), []int64{lib.cravingES.ID}) {
			t.Errorf("olas within craving: %v", strategyIDs(list))
		}
		_, _, err = e.Store.Strategies(e.reader(), hearth.StrategyFilter{Query: strings.Repeat("a", hearth.StrategyQueryMax+1)})
		wantCode(t, err, hearth.EINVALID)
		_, _, err = e.Store.Strategies(e.reader(), hearth.StrategyFilter{Tag: "weather"})
		wantCode(t, err, hearth.EINVALID)
		// Editing a strategy re-indexes it.
		body := "Walk to the kiosk and back."
		_, err = e.Store.UpdateStrategy(e.as(a), lib.griefEN.ID, hearth.StrategyUpdate{Body: &body})
		ok(t, err)
		if got := search("kiosk", ""); !slices.Equal(got, []int64{lib.griefEN.ID}) {
			t.Errorf("after the edit, kiosk finds %v", got)
		}
		if got := search("paper", ""); len(got) != 0 {
			t.Errorf("after the edit, paper still finds %v", got)
		}
	})

	t.Run("Order", func(t *testing.T) {
		e := s.env(t)
		a, b, c := e.mustAccount(), e.mustAccount(), e.mustAccount()
		lib := e.library(a)
		for _, m := range []struct {
			who *hearth.Account
			st  *hearth.Strategy
		}{{b, lib.cravingEN}, {c, lib.cravingEN}, {b, lib.cravingES}, {b, lib.cravingNightES}, {c, lib.cravingNightES}} {
			ok(t, e.Store.MarkHelped(e.as(m.who), m.st.ID, true))
		}
		list, _, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Tag: "craving", Language: "en"})
		ok(t, err)
		want := []int64{lib.cravingEN.ID, lib.cravingNightEN.ID, lib.cravingNightES.ID, lib.cravingES.ID}
		if !slices.Equal(strategyIDs(list), want) {
			t.Errorf("most helpful for an English member: %v, want %v", strategyIDs(list), want)
		}
		list, _, _ = e.Store.Strategies(e.reader(), hearth.StrategyFilter{Tag: "craving", Language: "es"})
		want = []int64{lib.cravingNightES.ID, lib.cravingES.ID, lib.cravingEN.ID, lib.cravingNightEN.ID}
		if !slices.Equal(strategyIDs(list), want) {
			t.Errorf("most helpful for a Spanish member: %v, want %v", strategyIDs(list), want)
		}
		list, _, _ = e.Store.Strategies(e.reader(), hearth.StrategyFilter{Sort: hearth.SortNewest})
		if len(list) != 15 || list[0].ID != lib.sleepES.ID {
			t.Errorf("newest: %v", strategyIDs(list))
		}
		// Pages.
		first, more, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Limit: 8})
		ok(t, err)
		rest, more2, err := e.Store.Strategies(e.reader(), hearth.StrategyFilter{Limit: 8, Offset: 8})
		ok(t, err)
		if len(first) != 8 || !more || len(rest) != 7 || more2 {
			t.Errorf("pages of 4: %d %v, %d %v", len(first), more, len(rest), more2)
		}
		// Program: the program's and the neutral ones.
		aa := &hearth.Strategy{Language: "en", Title: "Ninety in ninety", Body: "Ninety meetings in ninety days.", Tags: []string{"early_recovery"}, Program: "aa"}
		na := &hearth.Strategy{Language: "en", Title: "Just for today", Body: "One day at a time.", Tags: []string{"early_recovery"}, Program: "na"}
		ok(t, e.Store.CreateStrategy(e.as(a), aa))
		ok(t, e.Store.CreateStrategy(e.as(a), na))
		list, _, _ = e.Store.Strategies(e.reader(), hearth.StrategyFilter{Program: "aa", Limit: 50})
		if ids := strategyIDs(list); !slices.Contains(ids, aa.ID) || slices.Contains(ids, na.ID) || len(ids) != 16 {
			t.Errorf("AA and neutral: %v", ids)
		}
	})

	t.Run("Moderation", func(t *testing.T) {
		e := s.env(t)
		author, member, admin := e.mustAccount(), e.mustAccount(), e.mustAccount()
		ok(t, e.Store.SetRole(e.ctx, admin.Handle, hearth.RoleAdmin))
		st := e.mustStrategy(author, "en", "Buy my course", "A link to a shop.", "stress")
		wantCode(t, e.Store.ModerateStrategy(e.as(member), st.ID, hearth.ModerateHide, "spam"), hearth.EFORBIDDEN)
		wantCode(t, e.Store.ModerateStrategy(e.as(author), st.ID, hearth.ModerateHide, "spam"), hearth.EFORBIDDEN)
		wantCode(t, e.Store.ModerateStrategy(e.as(nil), st.ID, hearth.ModerateHide, "spam"), hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.ModerateStrategy(e.as(admin), st.ID, hearth.ModerateHide, "  "), hearth.EINVALID)
		wantCode(t, e.Store.ModerateStrategy(e.as(admin), st.ID, "burn", "spam"), hearth.EINVALID)
		ok(t, e.Store.ModerateStrategy(e.as(admin), st.ID, hearth.ModerateHide, "Advertising"))
		// Hidden: gone from the library and to members; the author and
		// admins still see it, with the reason.
		list, _, _ := e.Store.Strategies(e.reader(), hearth.StrategyFilter{})
		if len(list) != 0 {
			t.Errorf("the library lists a hidden strategy")
		}
		_, err := e.Store.Strategy(e.as(member), st.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.MarkHelped(e.as(member), st.ID, true), hearth.ENOTFOUND)
		for _, who := range []*hearth.Account{author, admin} {
			got, err := e.Store.Strategy(e.as(who), st.ID)
			ok(t, err)
			if !got.Hidden || got.HiddenReason != "Advertising" {
				t.Errorf("hidden strategy as seen by its author or an admin: %+v", got)
			}
		}
		mine, _, _ := e.Store.Strategies(e.as(author), hearth.StrategyFilter{Mine: true})
		if len(mine) != 1 || !mine[0].Hidden {
			t.Errorf("the author's own list: %v", strategyIDs(mine))
		}
		ok(t, e.Store.ModerateStrategy(e.as(admin), st.ID, hearth.ModerateRestore, "Looked again: fine"))
		if _, err := e.Store.Strategy(e.as(member), st.ID); err != nil {
			t.Errorf("restored: %v", err)
		}
		ok(t, e.Store.ModerateStrategy(e.as(admin), st.ID, hearth.ModerateRemove, "Spam after all"))
		_, err = e.Store.Strategy(e.as(admin), st.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		audits, err := e.Store.StrategyAudits(e.as(admin), st.ID)
		ok(t, err)
		if len(audits) != 3 || audits[0].Action != hearth.ModerateRemove || audits[2].Action != hearth.ModerateHide ||
			audits[2].Reason != "Advertising" || audits[0].AdminID != admin.ID {
			t.Errorf("audits %+v", audits)
		}
		_, err = e.Store.StrategyAudits(e.as(member), st.ID)
		wantCode(t, err, hearth.EFORBIDDEN)
	})

	t.Run("Export", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		mine := e.mustStrategy(a, "en", "Mine", "What I wrote.", "work")
		theirs := e.mustStrategy(b, "es", "Suya", "Lo que escribió.", "work")
		ok(t, e.Store.MarkHelped(e.as(a), theirs.ID, true))
		var x hearth.Export
		ok(t, e.Store.ExportStrategies(e.as(a), &x))
		if len(x.Strategies) != 1 || x.Strategies[0].ID != mine.ID || x.Strategies[0].Body != "What I wrote." ||
			!slices.Equal(x.HelpedStrategies, []int64{theirs.ID}) {
			t.Errorf("export %+v", x)
		}
		var none hearth.Export
		ok(t, e.Store.ExportStrategies(e.as(e.mustAccount()), &none))
		if none.Strategies == nil || none.HelpedStrategies == nil || len(none.Strategies)+len(none.HelpedStrategies) != 0 {
			t.Errorf("an empty export %+v", none)
		}
	})

	t.Run("FromShare", func(t *testing.T) {
		// A member saves a share of their own into the library, once;
		// not another's.
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(a.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, b.ID, hearth.GroupMember))
		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "Llamar a mi madrina."}
		ok(t, e.Store.CreateShare(e.as(a), sh))
		st := &hearth.Strategy{Language: "es", Title: "Lo que me sirvió", Body: "Llamar a mi madrina.", Tags: []string{"craving"}}
		ok(t, e.Store.SaveShareAsStrategy(e.as(a), sh.ID, st))
		if st.ShareID != sh.ID || st.AuthorID != a.ID {
			t.Errorf("saved %+v", st)
		}
		again := &hearth.Strategy{Language: "es", Title: "Otra vez", Body: "Lo mismo.", Tags: []string{"craving"}}
		wantCode(t, e.Store.SaveShareAsStrategy(e.as(a), sh.ID, again), hearth.ECONFLICT)
		wantCode(t, e.Store.SaveShareAsStrategy(e.as(b), sh.ID, again), hearth.EFORBIDDEN)
		wantCode(t, e.Store.SaveShareAsStrategy(e.as(nil), sh.ID, again), hearth.EUNAUTHORIZED)
	})
}
