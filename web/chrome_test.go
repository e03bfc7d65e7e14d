package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/sqlstore/storetest/testdb"
)

// TestChrome holds every page served with its layout from a chrome (the
// layout executed once per variant, see chrome.go) byte for byte against
// the same page executed whole: for visitors and members, in each
// language, on every nav item, with titles and paths that need escaping.
func TestChrome(t *testing.T) {
	clock := newTestClock()
	store := testdb.SQLite(t, clock.Now).Store
	fast := mustOpenServer(t, store, withClock(clock))
	whole := mustOpenServer(t, store, withClock(clock))
	whole.srv.pages.whole = true

	member := fast.signUp(t, `Rio "<b>&`)
	admin := fast.signUp(t, "Sky")
	if err := store.SetRole(context.Background(), admin.handle, hearth.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	g := fast.makeGroup(t, admin.acct, hearth.Group{Slug: "chrome", Name: `Serenity & "Hope" <Group>`})
	m := fast.makeMeeting(t, admin.acct, hearth.Meeting{GroupID: g.ID, Slug: "chrome-meeting", Name: `Nooners <i>&amp;</i>`})
	fast.setRole(t, g, member.acct, hearth.GroupMember)
	if err := store.FollowMeeting(as(member.acct), m.ID); err != nil {
		t.Fatal(err)
	}

	today := hearth.Today(clock.Now(), time.UTC)
	k := &hearth.Clock{Kind: hearth.ClockBehaviour, Name: `Gambling <"&">`, Start: today.AddDays(-120), Schedule: "na", Visibility: hearth.VisibleToMe}
	if err := store.CreateClock(as(member.acct), k, today); err != nil {
		t.Fatal(err)
	}
	if err := store.RecordSetback(as(member.acct), k.ID, &hearth.Setback{On: today.AddDays(-30)}, today); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		c := &hearth.CheckIn{On: today.AddDays(-i * 3), Mood: 1 + i%5, Craving: i % 11, HALT: hearth.HALT(i % 16), SleepTenths: -1}
		if err := store.SaveCheckIn(as(member.acct), c, c.On); err != nil {
			t.Fatal(err)
		}
	}

	sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Title: `Day <"&">`, Body: "A *share* <b>x</b>", Warning: "grief"}
	if err := store.CreateShare(as(member.acct), sh); err != nil {
		t.Fatal(err)
	}
	// Edited once: its history has a version before.
	if err := store.EditShare(as(member.acct), &hearth.Share{ID: sh.ID, Kind: hearth.ShareShare, Title: `Day two <"&">`, Body: "A *share* edited <b>x</b>"}); err != nil {
		t.Fatal(err)
	}
	sharePath := "/groups/" + g.Slug + "/shares/" + strconv.FormatInt(sh.ID, 10)

	pa, err := store.InvitePartner(as(member.acct), admin.handle)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AnswerInvitation(as(admin.acct), pa.ID, true); err != nil {
		t.Fatal(err)
	}
	conv, err := store.StartConversation(as(member.acct), admin.acct.ID)
	if err != nil {
		t.Fatal(err)
	}
	hola, err := store.SendMessage(as(admin.acct), conv.ID, `Hola <"&"> amigo`)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	reportedMsg, err := store.SendMessage(as(admin.acct), conv.ID, `Reported <"&"> words`)
	if err != nil {
		t.Fatal(err)
	}
	msgReport, err := store.ReportMessage(as(member.acct), reportedMsg.ID, "identity", `Note <"&">`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.OpenMessageReport(as(admin.acct), msgReport.ID); err != nil {
		t.Fatal(err)
	}
	if err := store.SetReachOutPlan(as(admin.acct), &hearth.ReachOutPlan{Partners: true, Words: `Llámame <"&">`}); err != nil {
		t.Fatal(err)
	}
	reached, err := store.ReachOut(as(admin.acct))
	if err != nil {
		t.Fatal(err)
	}
	mine, err := store.ReachOut(as(member.acct))
	if err != nil {
		t.Fatal(err)
	}
	j := &hearth.JournalEntry{On: today.AddDays(-1), Title: `Día <"&">`, Body: "Line one\nline <two>\n\nA día to remember."}
	if err := store.CreateEntry(as(member.acct), j, today); err != nil {
		t.Fatal(err)
	}
	// Step work, a row shared with the partner.
	row := stepRow(t, &testServer{store: store}, member.acct, `My boss <"&">`)
	nightly := &hearth.StepEntry{Program: "aa", Worksheet: "nightly", On: today, Fields: map[string]string{"went_well": "A walk <&>"}}
	if err := store.CreateStepEntry(as(member.acct), nightly); err != nil {
		t.Fatal(err)
	}
	shared := &hearth.StepShare{Kind: hearth.ShareEntry, EntryID: row.ID, RecipientID: admin.acct.ID}
	if err := store.ShareStepWork(as(member.acct), shared); err != nil {
		t.Fatal(err)
	}

	// The member has unread notifications (the header's badge), in the
	// group whose name needs escaping.
	for i := range 3 {
		if err := store.Notify(context.Background(), hearth.Notification{AccountID: member.acct.ID, Kind: hearth.NotificationKinds[i],
			Group: g.ID, Subject: int64(i + 1)}, admin.acct.ID); err != nil {
			t.Fatal(err)
		}
	}

	st := &hearth.Strategy{Language: "es", Title: `Antojo <"&"> de noche`, Body: "Línea uno\n<b>dos</b>\n\nOtra.", Tags: []string{"craving", "night"}}
	if err := store.CreateStrategy(as(member.acct), st); err != nil {
		t.Fatal(err)
	}

	// The admin offers to sponsor; the member asked and was accepted.
	ak := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: `Alcohol <"&">`, Start: today.AddMonths(-40), Schedule: "aa", Visibility: hearth.VisibleToMe}
	if err := store.CreateClock(as(admin.acct), ak, today); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveSponsorProfile(as(admin.acct), &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: ak.ID,
		Languages: []string{"en", "es"}, TimeZone: "UTC", Ways: []string{hearth.WayCalls}, Capacity: 2, About: `One day <"&"> at a time`}, today); err != nil {
		t.Fatal(err)
	}
	sp, err := store.RequestSponsor(as(member.acct), admin.acct.ID, "aa", `Hello <"&">`)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.AnswerSponsorRequest(as(admin.acct), sp.ID, true, ""); err != nil {
		t.Fatal(err)
	}

	// browsers returns the same browser on both servers.
	session := func(a *hearth.Account) [2]*testClient {
		token, hash, err := credential.NewToken("")
		if err != nil {
			t.Fatal(err)
		}
		now := clock.Now()
		s := &hearth.Session{AccountID: a.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(fast.cfg.SessionMax)}
		if err := store.CreateSession(context.Background(), s, hash); err != nil {
			t.Fatal(err)
		}
		return [2]*testClient{fast.withCookie(t, fast.srv.cookieName(), token), whole.withCookie(t, whole.srv.cookieName(), token)}
	}
	visitor := func(lang string) [2]*testClient {
		b := [2]*testClient{fast.client(t), whole.client(t)}
		for _, c := range b {
			c.header.Set("Accept-Language", lang)
		}
		return b
	}
	paths := []string{
		"/", "/help", "/help?country=MX", "/guidelines", "/offline", "/signup", "/signin", "/recover",
		"/settings", "/settings/password", "/settings/recovery-codes", "/settings/sessions",
		"/settings/tokens", "/settings/export", "/settings/delete",
		"/meetings", "/meetings?q=serenity&day=today", "/meetings/" + m.Slug, "/meetings/" + m.Slug + "/edit",
		"/my-meetings", "/groups", "/groups/new", "/groups/" + g.Slug, "/groups/" + g.Slug + "/edit",
		"/groups/" + g.Slug + "/members", "/groups/" + g.Slug + "/meetings/new", "/admin/import",
		`/no/such/"page"<&>`, "/meetings/no-such-meeting",
		"/recovery", "/recovery/clocks/new", clockPath(k.ID), clockPath(k.ID) + "?welcome", clockPath(k.ID) + "/edit",
		clockPath(k.ID) + "/setback", clockPath(k.ID) + "/delete", "/check-in", "/check-in?day=yesterday",
		"/recovery/partners", partnerPath(pa.ID), partnerPath(pa.ID) + "/end",
		"/recovery/trends", "/recovery/trends?period=1y",
		"/recovery/journal", "/recovery/journal?q=" + url.QueryEscape(`día "<&>"`), "/recovery/journal?q=%C2%BF%3F",
		"/recovery/journal/new", entryPath(j.ID), entryPath(j.ID) + "/edit", entryPath(j.ID) + "/delete",
		"/messages", conversationPath(conv.ID), conversationPath(conv.ID) + "/erase", conversationPath(conv.ID) + "?help",
		fmt.Sprintf("%s/report/%d", conversationPath(conv.ID), hola.ID), messageReportPath(msgReport.ID),
		"/support", fmt.Sprintf("/support/sent/%d", mine.ID), fmt.Sprintf("/support/received/%d", reached.ID),
		"/notifications", "/notifications?before=2", "/settings/notifications", "/settings/quiet",
		sharePath, sharePath + "/edit", sharePath + "/history", sharePath + "/report", fmt.Sprintf("/groups/%s/members/%d/report", g.Slug, admin.acct.ID), "/groups/" + g.Slug + "/moderation", "/admin/reports",
		"/recovery/steps", "/recovery/steps/sharing", "/recovery/programs/aa", "/recovery/programs/aa/step/4",
		"/recovery/programs/aa/sheet/resentments", "/recovery/programs/aa/sheet/resentments/print",
		"/recovery/programs/aa/sheet/nightly", stepEntryPath(row.ID), stepEntryPath(nightly.ID),
		"/recovery/steps/shared/" + strconv.FormatInt(shared.ID, 10),
		"/wisdom", "/wisdom?q=" + url.QueryEscape(`¿antojos "<&>"?`) + "&tag=night", "/wisdom?sort=newest", "/wisdom/new",
		"/wisdom/new?title=" + url.QueryEscape(`<i>x</i>`) + "&tags=craving&share=7", strategyPath(st.ID),
		strategyPath(st.ID) + "/edit", strategyPath(st.ID) + "/delete", strategyPath(st.ID) + "/report", "/?situation=craving", "/?words=noche#helps",
		"/recovery/sponsors", "/recovery/sponsors?program=aa&language=es&window=3&welcomes=lgbtq", "/recovery/sponsors/offer",
		fmt.Sprintf("/recovery/sponsors/%d/ask?program=aa", admin.acct.ID), "/recovery/sponsorships",
		sponsorshipPath(sp.ID), sponsorshipPath(sp.ID) + "/end",
	}
	compared := 0
	for _, lang := range []string{"en", "es"} {
		for _, a := range []*hearth.Account{member.acct, admin.acct} {
			if _, err := store.UpdateAccount(context.Background(), a.ID, hearth.AccountUpdate{Language: &lang}); err != nil {
				t.Fatal(err)
			}
		}
		for who, b := range map[string][2]*testClient{
			"visitor": visitor(lang),
			"member":  session(member.acct),
			"admin":   session(admin.acct),
		} {
			for _, path := range paths {
				got, want := b[0].get(path), b[1].get(path)
				if got.status != want.status {
					t.Errorf("%s %s GET %s: status %d, whole %d", lang, who, path, got.status, want.status)
					continue
				}
				if !strings.HasPrefix(want.header.Get("Content-Type"), "text/html") {
					continue
				}
				// Absolute links name each server's own address.
				gotBody := strings.ReplaceAll(got.body, fast.URL, "http://hearth.test")
				wantBody := strings.ReplaceAll(want.body, whole.URL, "http://hearth.test")
				if gotBody != wantBody {
					t.Errorf("%s %s GET %s: the page differs from the page executed whole\n%s", lang, who, path, firstDifference(gotBody, wantBody))
				}
				if want.status == http.StatusOK {
					compared++
				}
			}
		}
	}
	// A one-time notice, on pages with and without a feed.
	b := session(member.acct)
	for _, path := range []string{"/", "/meetings", "/groups/" + g.Slug, "/settings"} {
		var bodies [2]string
		for i, c := range b {
			u, _ := url.Parse(c.ts.URL)
			c.jar.SetCookies(u, []*http.Cookie{{Name: "notice", Value: "notice.profile_saved", Path: "/"}})
			bodies[i] = strings.ReplaceAll(c.get(path).wantStatus(t, http.StatusOK).body, c.ts.URL, "http://hearth.test")
		}
		if !strings.Contains(bodies[1], `class="notice"`) {
			t.Errorf("GET %s with a notice: the whole page shows none", path)
		}
		if bodies[0] != bodies[1] {
			t.Errorf("GET %s with a notice: the page differs from the page executed whole\n%s", path, firstDifference(bodies[0], bodies[1]))
		}
	}
	if compared < 40 {
		t.Errorf("only %d pages compared", compared)
	}
}

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + a[from:min(len(a), i+80)] + "\nwant: …" + b[from:min(len(b), i+80)]
}
