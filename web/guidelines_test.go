package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// section is the HTML of the element that opens at the first `open` in
// body up to the first `close` after it, or "" if there is none.
func section(body, open, close string) string {
	i := strings.Index(body, open)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], close)
	if j < 0 {
		return ""
	}
	return body[i : i+j+len(close)]
}

// TestGuidelines: the community guidelines answer a visitor and a member
// in each language, with every section (what is said here stays here
// among them, naming the report reason that exists for it) and the way to
// help now; members are also shown where to mute words.
func TestGuidelines(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		for _, lang := range i18n.Langs {
			p := i18n.For(lang)
			say := func(key string, args ...any) string { return escaped(p.T(key, args...)) }
			visitor := ts.client(t)
			visitor.post("/language", url.Values{"lang": {lang}, "return": {"/"}}).wantRedirect(t, "/")
			m := ts.signUp(t, "Willow "+lang)
			m.post("/language", url.Values{"lang": {lang}, "return": {"/"}}).wantRedirect(t, "/")
			for who, c := range map[string]*testClient{"visitor": visitor, "member": m.testClient} {
				t.Run(lang+"/"+who, func(t *testing.T) {
					r := c.get("/guidelines").wantStatus(t, http.StatusOK)
					if got := htmlLang(r.body); got != lang {
						t.Errorf("html lang %q, want %q", got, lang)
					}
					if !strings.Contains(r.body, "<title>"+say("guidelines.title")+" · ") {
						t.Errorf("no title %q:\n%s", say("guidelines.title"), clip(r.body))
					}
					for _, id := range []string{"welcome", "anonymity", "experience", "safety", "notes", "conduct", "servants", "report", "help-now"} {
						if !strings.Contains(r.body, `<h2 id="`+id+`">`) || !strings.Contains(r.body, `aria-labelledby="`+id+`"`) {
							t.Errorf("no section %q", id)
						}
					}
					anonymity := section(r.body, `aria-labelledby="anonymity"`, "</section>")
					for _, want := range []string{
						say("guidelines.anonymity.heading"), say("guidelines.anonymity.who"), say("guidelines.anonymity.everywhere"),
						say("guidelines.anonymity.report", "reason", p.T("report.reason.identity")), `<a href="#report">`,
					} {
						if !strings.Contains(anonymity, want) {
							t.Errorf("the anonymity section lacks %q:\n%s", want, anonymity)
						}
					}
					for _, key := range []string{"guidelines.safety.methods", "guidelines.safety.substances", "guidelines.servants.logged", "guidelines.report.private"} {
						if !strings.Contains(r.body, say(key)) {
							t.Errorf("the page lacks %s: %q", key, say(key))
						}
					}
					if help := section(r.body, `aria-labelledby="help-now"`, "</section>"); !strings.Contains(help, `href="/help"`) {
						t.Errorf("the help section does not link to /help:\n%s", help)
					}
					if foot := section(r.body, `<footer`, "</footer>"); !strings.Contains(foot, `href="/guidelines" aria-current="page"`) {
						t.Errorf("the footer's link is not marked as the page:\n%s", foot)
					}
					quiet := strings.Contains(r.body, `href="/settings/quiet"`)
					if quiet != (who == "member") {
						t.Errorf("%s: link to muted words shown %v", who, quiet)
					}
					if strings.Contains(r.body, "Willow") {
						t.Error("the page names the member")
					}
				})
			}
		}
	})
}

// TestGuidelinesLinked: the footer of every page, the sign-up page, the
// share form and each report form link to the community guidelines.
func TestGuidelinesLinked(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		const link = `<a href="/guidelines">`
		visitor := ts.client(t)
		for _, path := range []string{"/", "/help", "/meetings", "/signin", "/no-such-page"} {
			if foot := section(visitor.get(path).body, "<footer", "</footer>"); !strings.Contains(foot, link) {
				t.Errorf("%s: the footer does not link to the guidelines:\n%s", path, foot)
			}
		}
		signup := visitor.get("/signup").wantStatus(t, http.StatusOK).body
		if want := link + en("guidelines.signup_link") + "</a>"; !strings.Contains(section(signup, "<main", "</main>"), want) {
			t.Errorf("the sign-up page lacks %q:\n%s", want, clip(signup))
		}

		owner, ana, ben := ts.signUp(t, "Owner Oak"), ts.signUp(t, "Ana Ash"), ts.signUp(t, "Ben Beech")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "still-water", Name: "Still Water"})
		ts.setRole(t, g, ana.acct, hearth.GroupMember)
		ts.setRole(t, g, ben.acct, hearth.GroupMember)
		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Body: "One day at a time, today."}
		if err := ts.store.CreateShare(as(ana.acct), sh); err != nil {
			t.Fatal(err)
		}
		sharePath := fmt.Sprintf("/groups/%s/shares/%d", g.Slug, sh.ID)
		st := &hearth.Strategy{Language: "en", Title: "A walk", Body: "I walk around the block.", Tags: []string{"craving"}}
		if err := ts.store.CreateStrategy(as(ana.acct), st); err != nil {
			t.Fatal(err)
		}
		conv, err := ts.store.StartConversation(as(ana.acct), ben.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := ts.store.SendMessage(as(ana.acct), conv.ID, "Hello Ben")
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name, page, action string
		}{
			{"share form", "/groups/" + g.Slug, "/groups/" + g.Slug + "/shares"},
			{"reply form", sharePath, sharePath + "/replies"},
			{"share report", sharePath + "/report", sharePath + "/report"},
			{"member report", memberReportPath(g.Slug, ana.acct.ID, sharePath), "/groups/" + g.Slug + "/members/" + strconv.FormatInt(ana.acct.ID, 10) + "/report"},
			{"strategy report", strategyPath(st.ID) + "/report", strategyPath(st.ID) + "/report"},
			{"message report", fmt.Sprintf("%s/report/%d", conversationPath(conv.ID), msg.ID), fmt.Sprintf("%s/report/%d", conversationPath(conv.ID), msg.ID)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				body := ben.get(tt.page).wantStatus(t, http.StatusOK).body
				form := section(body, `action="`+tt.action+`"`, "</form>")
				if form == "" {
					t.Fatalf("%s has no form to %s:\n%s", tt.page, tt.action, clip(body))
				}
				if want := link + en("guidelines.link") + "</a>"; !strings.Contains(form, want) {
					t.Errorf("the form to %s lacks %q near its button:\n%s", tt.action, want, form)
				}
			})
		}
	})
}
