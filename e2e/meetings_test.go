package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Groups and meetings on a phone (issue 3), on each database, with the
// demo community:
//
//   - River, a site admin, starts a Spanish-speaking group and gives it an
//     online meeting that starts in twenty minutes, every day; and imports
//     an intergroup's Meeting Guide file.
//   - A visitor, in Spanish, with JavaScript's clock in Chicago, types the
//     city into the finder, asks for Spanish, online, on now or within the
//     hour, finds that meeting, opens it, joins Hearth from it, comes back
//     to it and keeps it among their meetings, and gets a private calendar
//     address that a calendar program can read.
//   - Luz joins the group; River appoints her trusted servant; she edits
//     the meeting, and a bad link comes back marked, with what she typed.
//   - Then every page of groups and meetings, in English in the light and
//     in Spanish in the dark.
//
// The harness audits every page with axe-core, fails on any request to
// another host, and checks that each fits the phone.
func TestFindingAndKeepingAMeeting(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		b := hearthOnAPhone(t, db, "--demo")
		emulate(b, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Chicago"})

		// River starts a group and adds its meeting.
		b.visit("/")
		signIn(b, "river.0001", "warm-hearth-demo")
		b.press(`header a[href="/groups"]`)
		b.press(`a[href="/groups/new"]`)
		b.fill("/groups", field{"name", "Grupo Esperanza"}, field{"program", "aa"}, field{"time_zone", "America/Chicago"})
		b.check("#f-languages-" + checkIndex(b, "languages", "es"))
		b.uncheck("#f-languages-" + checkIndex(b, "languages", "en"))
		b.submit("/groups")
		group := b.path()
		if !strings.HasPrefix(group, "/groups/grupo-esperanza") {
			t.Fatalf("the new group is at %s", group)
		}
		b.press(`a[href="` + group + `/meetings/new"]`)
		start := time.Now().In(chicago(t)).Add(20 * time.Minute)
		b.fill(group+"/meetings",
			field{"name", "Esperanza en línea"},
			field{"conference_url", "https://meet.example.org/esperanza"},
			field{"conference_phone", "+1 312 555 0100,,4417#"},
			field{"city", "Chicago"}, field{"region", "IL"}, field{"country", "US"})
		b.setValue("#f-start", start.Format("15:04"))
		b.setValue("#f-end", start.Add(time.Hour).Format("15:04"))
		b.fill(group+"/meetings", field{"time_zone", "America/Chicago"})
		for d := range 7 {
			b.check(fmt.Sprintf("#f-day-%d", d))
		}
		b.check("#f-approximate")
		b.check("#f-type-" + checkIndex(b, "type", "S"))
		b.check("#f-type-" + checkIndex(b, "type", "O"))
		b.submit(group + "/meetings")
		meeting := b.path()
		if !strings.HasPrefix(meeting, "/meetings/") {
			t.Fatalf("after adding the meeting, on %s", meeting)
		}
		if got := b.text("h1"); got != "Esperanza en línea" {
			t.Errorf("the meeting's page is titled %q", got)
		}

		// River imports an intergroup's meeting list.
		b.visit("/admin/import")
		feed, err := filepath.Abs("../testdata/meeting-guide.json")
		if err != nil {
			t.Fatal(err)
		}
		b.fill("/admin/import", field{"source", "great-lakes"}, field{"time_zone", "America/Chicago"})
		if err := b.do(chromedp.SetUploadFiles(`#f-feed`, []string{feed})); err != nil {
			t.Fatal(err)
		}
		b.submit("/admin/import")
		if created := b.text("#count-created"); created == "0" {
			t.Errorf("the import created no meetings (report: %s)", b.text("#report-counts"))
		}
		b.submit("/signout")

		// A visitor, in Spanish, finds the meeting.
		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		b.press(`header a[href="/meetings"]`)
		if b.attr(`link[rel="alternate"][type="application/json"]`, "title") != "Meetings Feed" {
			t.Error("the finder does not advertise the Meeting Guide feed")
		}
		// Near midnight in Chicago the meeting 20 minutes away is on the
		// next day there: ask for that day.
		day := "today"
		if start.Day() != time.Now().In(chicago(t)).Day() {
			day = strconv.Itoa(int(start.Weekday()))
		}
		b.fill("/meetings", field{"place", "Chicago"}, field{"lang", "es"}, field{"attendance", "online"}, field{"day", day})
		b.check("#f-soon")
		b.submit("/meetings")
		link := `a[href^="` + meeting + `"]`
		if !b.has("#results-list " + link) {
			t.Fatalf("the finder does not find the meeting: %q", b.texts("#results-list h3"))
		}
		if status := b.text(`#results-list article:has(` + link + `) .status`); !strings.HasPrefix(status, "Empieza en ") {
			t.Errorf("the result says %q, want that it starts soon", status)
		}
		if !strings.Contains(b.text("main"), "GeoNames") {
			t.Error("results found through the gazetteer do not credit it")
		}
		b.press("#results-list " + link)
		if got := b.attr(`#join-online`, "href"); got != "https://meet.example.org/esperanza" {
			t.Errorf("join online: %q", got)
		}
		if got := b.attr(`#join-phone`, "href"); got != "tel:+13125550100,,4417%23" {
			t.Errorf("join by phone: %q", got)
		}
		if number, then := b.text("#join-phone"), b.text("#join-phone-then"); strings.ContainsAny(number, ",#") || then != "Cuando contesten, marca 4417#" {
			t.Errorf("join by phone shows %q, then %q: want the number alone, then what to enter", number, then)
		}
		if got := b.text("#next-time"); !strings.HasPrefix(got, "Hoy, ") && !strings.HasPrefix(got, "Mañana, ") {
			t.Errorf("next time %q, want today's (or, near midnight, tomorrow's)", got)
		}

		// They join Hearth from the meeting, and come back to keep it.
		b.press(`a[href^="/signup?next="]`)
		b.submit("/signup", field{"pseudonym", "Paloma"}, field{"password", "luz de la mañana"})
		b.submit("/welcome")
		b.wantPath(meeting)
		b.submit(meeting + "/follow")
		b.mustFind(`form[action="` + meeting + `/unfollow"]`)
		b.press(`header a[href="/"]`)
		if got := b.texts("#dashboard-meetings h3"); len(got) != 1 || got[0] != "Esperanza en línea" {
			t.Errorf("the dashboard shows %q, want the meeting kept", got)
		}
		b.visit("/my-meetings")
		b.submit("/my-meetings/calendar")
		ics := fetch(t, b.text("#calendar-url"))
		for _, want := range []string{"SUMMARY:Esperanza en línea", "TZID:America/Chicago", "RRULE:FREQ="} {
			if !strings.Contains(ics, want) {
				t.Errorf("the private calendar lacks %q", want)
			}
		}
		b.submit("/signout")

		// Luz joins the group; River appoints her; she edits the meeting.
		signIn(b, "luz.0002", "warm-hearth-demo")
		b.visit(group)
		b.submit(group + "/join")
		b.submit("/signout")
		speaking(b, "en")
		b.press(`form[action="/language"] button[name="lang"][value="en"]`)
		signIn(b, "river.0001", "warm-hearth-demo")
		b.visit(group + "/members")
		luz := `#member-list li:has(select) form`
		b.mustFind(luz)
		action := b.attr(luz, "action")
		b.fill(action, field{"role", "servant"})
		b.submit(action)
		b.submit("/signout")

		speaking(b, "es")
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)
		signIn(b, "luz.0002", "warm-hearth-demo")
		b.visit(meeting)
		b.press(`a[href="` + meeting + `/edit"]`)
		b.submit(meeting+"/edit", field{"name", "Esperanza de medianoche"}, field{"conference_url", "ftp://meet.example.org/x"})
		if !b.has(`#f-conference_url[aria-invalid="true"]`) || b.attr("#f-conference_url", "value") != "ftp://meet.example.org/x" ||
			b.attr("#f-name", "value") != "Esperanza de medianoche" {
			t.Error("a bad link does not come back marked, with what was typed")
		}
		b.submit(meeting+"/edit", field{"conference_url", "https://meet.example.org/medianoche"})
		b.wantPath(meeting)
		if got := b.text("h1"); got != "Esperanza de medianoche" {
			t.Errorf("after editing, the meeting is %q", got)
		}
		b.submit("/signout")

		// Every page of groups and meetings, in both languages.
		speaking(b, "en")
		signIn(b, "river.0001", "warm-hearth-demo")
		pages := []string{"/", "/meetings", "/meetings?place=Springfield&radius=50&unit=km&sort=distance&program=aa",
			"/meetings?place=Nowhereville", meeting, meeting + "/edit", meeting + "/delete", "/groups", "/groups?lang=es", group,
			group + "/members", group + "/edit", group + "/meetings/new", "/groups/new", "/my-meetings", "/admin/import"}
		for _, lang := range []string{"en", "es"} {
			if lang == "es" {
				scheme(b, "dark")
			}
			speaking(b, lang)
			b.press(`form[action="/language"] button[name="lang"][value="` + lang + `"]`)
			for _, p := range pages {
				resp := b.openURL(p)
				if strings.Contains(p, "Nowhereville") {
					if resp.Status != 422 {
						t.Errorf("an unknown place answers %d, want 422", resp.Status)
					}
				} else if resp.Status != 200 {
					t.Errorf("%s answers %d", p, resp.Status)
				}
				b.landed("GET "+p, resp)
			}
		}

		// A meeting that has closed for good is deleted from its edit page.
		b.visit(meeting + "/edit")
		b.press(`a[href="` + meeting + `/delete"]`)
		b.wantPath(meeting + "/delete")
		b.submit(meeting + "/delete")
		b.wantPath(group)
		if resp := b.openURL(meeting); resp.Status != 404 {
			t.Errorf("the deleted meeting's page answers %d, want 404", resp.Status)
		}
	})
}

// speaking sets the checks of every page from now on: the harness's own,
// and in Spanish that no English shows.
func speaking(b *browser, lang string) {
	b.checks = []func(*browser){everyPage}
	if lang == "es" {
		b.onEveryPage(speaksSpanish)
	}
}

// emulate sends one Emulation command to the tab.
func emulate[P any](b *browser, cmd cdp.Command[P, cdp.Empty], params P) {
	b.t.Helper()
	if err := b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cmd, params)
		return err
	})); err != nil {
		b.t.Fatal(err)
	}
}

// scheme switches the tab to a light or dark colour scheme.
func scheme(b *browser, s string) {
	emulate(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}}})
}

// openURL loads a path with its query, which visit would escape.
func (b *browser) openURL(pathAndQuery string) *network.Response {
	b.t.Helper()
	resp, err := step(b, chromedp.NavigateResponse(b.base.Scheme+"://"+b.base.Host+pathAndQuery))
	if err != nil {
		b.t.Fatalf("opening %s: %v", pathAndQuery, err)
	}
	return resp
}

// check ticks a checkbox, uncheck clears one.
func (b *browser) check(sel string)   { b.t.Helper(); b.setChecked(sel, true) }
func (b *browser) uncheck(sel string) { b.t.Helper(); b.setChecked(sel, false) }

func (b *browser) setChecked(sel string, on bool) {
	b.t.Helper()
	b.mustFind(sel)
	if evaluate[bool](b, fmt.Sprintf("document.querySelector(%s).checked", jsString(sel))) == on {
		return
	}
	if err := b.do(chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("on %s: clicking %s: %v", b.path(), sel, err)
	}
}

// setValue sets an input the way a picker does (a time input's "19:30").
func (b *browser) setValue(sel, value string) {
	b.t.Helper()
	b.mustFind(sel)
	if err := b.do(chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		b.t.Fatalf("on %s: setting %s: %v", b.path(), sel, err)
	}
}

// checkIndex finds the position of a checkbox by its name and value, as
// its id ends.
func checkIndex(b *browser, name, value string) string {
	b.t.Helper()
	id := evaluate[string](b, fmt.Sprintf(`(document.querySelector('input[type=checkbox][name=%s][value=%s]') || {id: ''}).id`,
		jsString(name), jsString(value)))
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		b.t.Fatalf("on %s: no checkbox %s=%s", b.path(), name, value)
	}
	return id[i+1:]
}

func chicago(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// fetch reads an address as a calendar program would: no cookie, no
// browser.
func fetch(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("fetching %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("fetching the calendar: %s", res.Status)
	}
	return string(b)
}
