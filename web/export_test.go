package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestExportHasEverything: a member with one of each thing they can give
// Hearth (a partnership, a shared step item, a comment on someone's
// shared step work, a reach-out plan, a sponsorship each way, a sponsor
// profile, muted words, a "this helped me" mark, a full check-in) finds
// each in the JSON and, in readable words, on the page, in English and in
// Spanish; the others' private words are in neither.
func TestExportHasEverything(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ana, ben, cleo, dan := ts.signUp(t, "Ana"), ts.signUp(t, "Ben"), ts.signUp(t, "Cleo"), ts.signUp(t, "Dan")
		words := map[string]string{}
		for _, k := range []string{"entry", "comment", "plan", "ask", "muted", "gratitude", "commitment", "note", "about", "thanks",
			"report", "ben-entry", "ben-comment", "ben-share"} {
			words[k] = canary(k)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(ana.acct.TimeZone))

		// A partnership, and step work each shares with the other: Ana
		// comments on Ben's, Ben on Ana's.
		ts.partners(t, ana.acct, ben.acct)
		parts, err := ts.store.Partnerships(as(ana.acct))
		must(err)
		must(ts.store.SetSharing(as(ana.acct), parts[0].ID, hearth.Sharing{Mood: true}))
		for _, m := range []*testMember{ana, ben} {
			must(ts.store.ChooseProgram(as(m.acct), "aa"))
		}
		mine := &hearth.StepEntry{Program: "aa", Worksheet: "fears", Fields: map[string]string{"fear": words["entry"]}}
		must(ts.store.CreateStepEntry(as(ana.acct), mine))
		theirs := &hearth.StepEntry{Program: "aa", Worksheet: "fears", Fields: map[string]string{"fear": words["ben-entry"]}}
		must(ts.store.CreateStepEntry(as(ben.acct), theirs))
		shMine := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: mine.ID, RecipientID: ben.acct.ID}
		must(ts.store.ShareStepWork(as(ana.acct), shMine))
		shTheirs := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: theirs.ID, RecipientID: ana.acct.ID}
		must(ts.store.ShareStepWork(as(ben.acct), shTheirs))
		_, err = ts.store.CommentOnStepWork(as(ana.acct), shTheirs.ID, words["comment"])
		must(err)
		_, err = ts.store.CommentOnStepWork(as(ben.acct), shMine.ID, words["ben-comment"])
		must(err)

		// Her plan for "I need support now".
		g := ts.makeGroup(t, ana.acct, hearth.Group{Slug: "export-all", Name: "Export All Circle"})
		must(ts.store.SetReachOutPlan(as(ana.acct), &hearth.ReachOutPlan{Sponsor: true, Groups: []int64{g.ID}, Words: words["plan"]}))

		// She guides Dan (whose request's words are his), and asks Cleo to
		// guide her.
		ts.sponsors(t, ana, dan)
		k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Cleo's years", Start: today.AddMonths(-40), Schedule: "aa", Visibility: hearth.VisibleToMe}
		must(ts.store.CreateClock(as(cleo.acct), k, today))
		must(ts.store.SaveSponsorProfile(as(cleo.acct), &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: k.ID,
			Languages: []string{"en"}, TimeZone: "UTC", Ways: []string{hearth.WayCalls}, Capacity: 3}, today))
		_, err = ts.store.RequestSponsor(as(ana.acct), cleo.acct.ID, "aa", words["ask"])
		must(err)
		profile, err := ts.store.SponsorProfile(as(ana.acct))
		must(err)
		profile.Languages, profile.Ways, profile.Welcomes, profile.Substances, profile.Gender, profile.About =
			[]string{"en", "es"}, []string{hearth.WayCalls, hearth.WayOnline}, []string{hearth.WelcomesSecular}, []string{"alcohol"}, "woman", words["about"]
		must(ts.store.SaveSponsorProfile(as(ana.acct), profile, today))

		// Muted words, a mark on Ben's strategy, a full check-in.
		must(ts.store.SetMutedWords(as(ana.acct), []string{words["muted"]}))
		st := &hearth.Strategy{Language: "en", Title: "Cold water on the face", Body: "It helps me.", Tags: []string{"stress"}}
		must(ts.store.CreateStrategy(as(ben.acct), st))
		must(ts.store.MarkHelped(as(ana.acct), st.ID, true))
		ana.post("/check-in", url.Values{"on": {today.String()}, "mood": {"4"}, "craving": {"3"}, "halt": {"hungry", "tired"},
			"sleep": {"7.5"}, "gratitude": {words["gratitude"]}, "commitment": {words["commitment"]}, "note": {words["note"]},
			"review": {"hard"}}).wantRedirect(t, "/recovery")

		// A reaction to Ben's share, a report of it, a block, her choices.
		ts.setRole(t, g, ben.acct, hearth.GroupMember)
		share := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareGratitude, Title: "Ben's", Body: words["ben-share"]}
		must(ts.store.CreateShare(as(ben.acct), share))
		must(ts.store.React(as(ana.acct), share.ID, "heard", true))
		must(ts.store.FileReport(as(ana.acct), &hearth.Report{TargetKind: hearth.ReportShare, TargetID: share.ID, GroupID: g.ID,
			Reason: "spam", Note: words["report"]}))
		eve := ts.signUp(t, "Eve")
		must(ts.store.Block(as(ana.acct), eve.acct.ID))
		must(ts.store.SetMessagePrefs(as(ana.acct), hearth.MessagePrefs{From: hearth.MessagesFromConnections, Receipts: true}))

		// The JSON.
		var e hearth.Export
		raw := ana.get("/settings/export.json").wantStatus(t, http.StatusOK)
		decode(t, raw, &e)
		if len(e.Partnerships) != 1 || e.Partnerships[0].Other != ben.acct.DisplayName || !e.Partnerships[0].Accepted ||
			!slices.Equal(e.Partnerships[0].IShare, []string{"mood"}) {
			t.Errorf("partnerships %+v", e.Partnerships)
		}
		sw := e.StepWork
		if len(sw.Shares) != 1 || sw.Shares[0].With != ben.acct.DisplayName || sw.Shares[0].Worksheet != "fears" ||
			len(sw.Comments) != 1 || sw.Comments[0].Body != words["comment"] || sw.Comments[0].Owner != ben.acct.DisplayName {
			t.Errorf("step shares %+v, comments %+v", sw.Shares, sw.Comments)
		}
		if p := e.ReachOutPlan; p.Partners || !p.Sponsor || !slices.Equal(p.Groups, []string{"Export All Circle"}) || p.Words != words["plan"] {
			t.Errorf("reach-out plan %+v", p)
		}
		var asked, guided bool
		for _, sp := range e.Sponsorships {
			switch {
			case sp.Role == "sponsee" && sp.Other == cleo.acct.DisplayName && sp.Message == words["ask"]:
				asked = true
			case sp.Role == "sponsor" && sp.Other == dan.acct.DisplayName && sp.Message == "":
				guided = true
			}
		}
		if !asked || !guided || len(e.Sponsorships) != 2 {
			t.Errorf("sponsorships %+v", e.Sponsorships)
		}
		if e.SponsorProfile == nil || e.SponsorProfile.About != words["about"] || !slices.Equal(e.SponsorProfile.Languages, []string{"en", "es"}) {
			t.Errorf("sponsor profile %+v", e.SponsorProfile)
		}
		if !slices.Equal(e.MutedWords, []string{words["muted"]}) || !slices.Equal(e.HelpedStrategies, []int64{st.ID}) {
			t.Errorf("muted words %q, helped %v", e.MutedWords, e.HelpedStrategies)
		}
		if len(e.Reactions) != 1 || e.Reactions[0].Kind != "heard" || e.Reactions[0].Group != g.Slug ||
			len(e.Reports) != 1 || e.Reports[0].Of != hearth.ReportShare || e.Reports[0].Note != words["report"] || e.Reports[0].Reason != "spam" {
			t.Errorf("reactions %+v, reports %+v", e.Reactions, e.Reports)
		}
		if !slices.Equal(e.Blocked, []string{eve.acct.DisplayName}) || e.Settings.MessagesFrom != hearth.MessagesFromConnections ||
			!e.Settings.ReadReceipts || len(e.Settings.Notifications) != len(hearth.NotificationKinds) {
			t.Errorf("blocked %q, settings %+v", e.Blocked, e.Settings)
		}
		if len(e.CheckIns) != 1 {
			t.Fatalf("check-ins %+v", e.CheckIns)
		}
		if c := e.CheckIns[0]; c.Mood != 4 || c.Craving == nil || *c.Craving != 3 || !slices.Equal(c.HALT, []string{"hungry", "tired"}) ||
			c.SleepHours == nil || *c.SleepHours != 7.5 || c.Gratitude != words["gratitude"] || c.Commitment != words["commitment"] ||
			c.Note != words["note"] || c.Review != "hard" {
			t.Errorf("check-in %+v", c)
		}
		// Never the others' private words.
		others := []string{words["ben-entry"], words["ben-comment"], words["ben-share"], "Could you guide me?"}
		for _, w := range others {
			if strings.Contains(raw.body, w) {
				t.Errorf("the JSON export holds another member's %q", w)
			}
		}

		// The page, in both languages.
		for _, lang := range []string{"en", "es"} {
			t.Run(lang, func(t *testing.T) {
				_, err := ts.store.UpdateAccount(as(ana.acct), ana.acct.ID, hearth.AccountUpdate{Language: &lang})
				must(err)
				p := i18n.For(lang)
				say := func(key string, args ...any) string { return escaped(p.T(key, args...)) }
				page := ana.get("/settings/export").wantStatus(t, http.StatusOK).body
				if htmlLang(page) != lang {
					t.Fatalf("the page is in %q", htmlLang(page))
				}
				want := map[string]string{
					"partner":          escaped(ben.acct.DisplayName),
					"partner sharing":  say("partner.share.mood"),
					"partners heading": say("export.partners"),
					"shared item": say("export.step_share.entry", "worksheet", "fears", "program", programName("aa", lang),
						"name", ben.acct.DisplayName),
					"comment":          words["comment"],
					"comment on":       say("export.step_comment.theirs", "name", ben.acct.DisplayName, "program", programName("aa", lang)),
					"plan heading":     say("export.support_plan"),
					"plan sponsor":     say("support.sponsor"),
					"plan group":       say("support.group", "name", "Export All Circle"),
					"plan words":       words["plan"],
					"sponsee":          say("export.sponsorship.sponsee", "name", cleo.acct.DisplayName, "program", programName("aa", lang)),
					"sponsor":          say("export.sponsorship.sponsor", "name", dan.acct.DisplayName, "program", programName("aa", lang)),
					"ask":              words["ask"],
					"status":           say("sponsorship.status.active"),
					"profile heading":  say("export.sponsor_profile"),
					"profile about":    words["about"],
					"profile language": escaped(languageName("es", lang)),
					"profile way":      say("sponsor.way.online"),
					"profile welcomes": say("sponsor.welcomes.secular"),
					"profile gender":   say("sponsor.gender.woman"),
					"muted":            words["muted"],
					"helped":           "Cold water on the face",
					"helped heading":   say("export.helped"),
					"mood":             say("checkin.mood.4"),
					"craving":          say("export.craving_of", "n", 3),
					"halt":             say("checkin.halt.hungry") + ", " + say("checkin.halt.tired"),
					"sleep":            say("export.sleep_hours", "n", strings.Replace("7.5", ".", p.T("format.decimal"), 1)),
					"review":           say("checkin.review.hard"),
					"reaction":         say("reaction.heard"),
					"report":           say("export.report.of.share"),
					"report reason":    say("report.reason.spam"),
					"report note":      words["report"],
					"blocked":          escaped(eve.acct.DisplayName),
					"messages from":    say("messages.from_connections"),
					"notifications":    say("notification_prefs.reply"),
					"gratitude":        words["gratitude"],
					"commitment":       words["commitment"],
					"note":             words["note"],
				}
				for what, s := range want {
					if !strings.Contains(page, s) {
						t.Errorf("the %s page lacks the %s: %q", lang, what, s)
					}
				}
				for _, w := range others {
					if strings.Contains(page, escaped(w)) {
						t.Errorf("the %s page holds another member's %q", lang, w)
					}
				}
				if strings.Contains(page, i18n.MissingPrefix) {
					t.Errorf("the %s page has a missing message: %s", lang, clip(page[strings.Index(page, i18n.MissingPrefix):]))
				}
				checkSections(t, page)
			})
		}
	})
}

// checkSections fails unless the page's tags balance and its sections are
// siblings: none opens inside another.
func checkSections(t *testing.T, page string) {
	t.Helper()
	void := map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
		"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
	page = regexp.MustCompile(`(?s)<!--.*?-->|<script.*?</script>|<style.*?</style>`).ReplaceAllString(page, "")
	var stack []string
	for _, m := range regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>`).FindAllStringSubmatch(page, -1) {
		closing, name := m[1] == "/", strings.ToLower(m[2])
		switch {
		case void[name] || m[3] == "/":
		case !closing:
			if name == "section" && slices.Contains(stack, "section") {
				t.Fatalf("a section opens inside another: %s", strings.Join(stack, " > "))
			}
			stack = append(stack, name)
		case len(stack) == 0 || stack[len(stack)-1] != name:
			t.Fatalf("</%s> closes %s", name, strings.Join(stack, " > "))
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Fatalf("left open: %s", fmt.Sprint(stack))
	}
}
