package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/geo"
	"hearth/i18n"
)

// soonMeeting is a meeting held every day that starts 25 minutes after
// now, in zone.
func soonMeeting(slug string, groupID int64, now time.Time, zone string) hearth.Meeting {
	start := now.In(hearth.LoadZone(zone)).Add(25 * time.Minute)
	return hearth.Meeting{
		GroupID: groupID, Slug: slug, Name: "Esperanza " + slug,
		Days:  []time.Weekday{0, 1, 2, 3, 4, 5, 6},
		Start: start.Format("15:04"), End: start.Add(time.Hour).Format("15:04"), TimeZone: zone,
		City: "Chicago", Region: "IL", Country: "US", Approximate: true,
		Point:         &hearth.LatLon{Lat: 41.85, Lon: -87.65},
		ConferenceURL: "https://meet.example.org/" + slug, ConferencePhone: "+1 312 555 0100,,4321#",
		Types: []string{"O", "S", "D"},
	}
}

// TestOnlyServantsEditMeetings: a group's trusted servants and owners add
// and edit its meetings; its members, other members and visitors cannot,
// and their attempts change nothing.
func TestOnlyServantsEditMeetings(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, servant, member, outsider := ts.signUp(t, "Alder"), ts.signUp(t, "Birch"), ts.signUp(t, "Cedar"), ts.signUp(t, "Damson")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "lamplight", Name: "Lamplight"})
		ts.setRole(t, g, servant.acct, hearth.GroupServant)
		ts.setRole(t, g, member.acct, hearth.GroupMember)
		m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "lamplight-tuesday", Name: "Tuesday Lamplight"})

		edit := "/meetings/lamplight-tuesday/edit"
		form := meetingForm("Changed by someone")
		for who, c := range map[string]*testClient{"member": member.testClient, "non-member": outsider.testClient} {
			t.Run(who, func(t *testing.T) {
				c.get(edit).wantStatus(t, http.StatusForbidden)
				c.post(edit, form).wantStatus(t, http.StatusForbidden)
				c.get("/groups/lamplight/meetings/new").wantStatus(t, http.StatusForbidden)
				c.post("/groups/lamplight/meetings", form).wantStatus(t, http.StatusForbidden)
				if body := c.get("/meetings/lamplight-tuesday").wantStatus(t, http.StatusOK).body; strings.Contains(body, `href="`+edit+`"`) {
					t.Error("the meeting's page offers to edit it")
				}
			})
		}
		visitor := ts.client(t)
		visitor.get(edit).wantRedirect(t, "/signin?next="+url.QueryEscape(edit))
		visitor.post(edit, form).wantStatus(t, http.StatusUnauthorized)
		if got, _ := ts.store.FindMeetingBySlug(context.Background(), m.Slug); got.Name != "Tuesday Lamplight" {
			t.Fatalf("a refused edit changed the meeting's name to %q", got.Name)
		}
		if list, _ := ts.store.GroupMeetings(as(owner.acct), g.ID); len(list) != 1 {
			t.Fatalf("refused creations made meetings: %d", len(list))
		}

		// A trusted servant edits it, and adds another.
		if body := servant.get("/meetings/lamplight-tuesday").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `href="`+edit+`"`) {
			t.Error("the meeting's page does not offer its trusted servant to edit it")
		}
		servant.get(edit).wantStatus(t, http.StatusOK)
		servant.post(edit, meetingForm("Tuesday Lamplight")).wantRedirect(t, "/meetings/lamplight-tuesday")
		got, err := ts.store.FindMeetingBySlug(context.Background(), m.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if got.Start != "19:30" || got.TimeZone != "America/Chicago" || got.ConferencePhone != "+1 312 555 0100,,12345#" ||
			len(got.Days) != 2 || got.Days[0] != time.Tuesday || got.Days[1] != time.Thursday || got.Attendance() != hearth.Hybrid {
			t.Errorf("after the servant's edit: %+v", got)
		}
		if got.Point == nil || geo.Distance(geo.LatLon{Lat: got.Point.Lat, Lon: got.Point.Lon}, geo.LatLon{Lat: 41.85, Lon: -87.65}) > 20000 {
			t.Errorf("a meeting in Chicago without coordinates is placed at %v, want the city's centre", got.Point)
		}
		servant.post("/groups/lamplight/meetings", meetingForm("Thursday Hope")).wantRedirect(t, "/meetings/thursday-hope")
		owner.post("/groups/lamplight/meetings", meetingForm("Thursday Hope")).wantRedirect(t, "/meetings/lamplight-thursday-hope")
	})
}

// TestDeleteMeeting: a trusted servant deletes a meeting after a page
// that says what deleting means and offers a pause instead; members and
// visitors cannot, and the meeting leaves its followers' lists.
func TestDeleteMeeting(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, servant, member := ts.signUp(t, "Alder"), ts.signUp(t, "Birch"), ts.signUp(t, "Cedar")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "lamplight", Name: "Lamplight"})
		ts.setRole(t, g, servant.acct, hearth.GroupServant)
		ts.setRole(t, g, member.acct, hearth.GroupMember)
		m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "lamplight-tuesday", Name: "Tuesday Lamplight"})
		member.post("/meetings/lamplight-tuesday/follow", nil)
		if list, _ := ts.store.MyMeetings(as(member.acct), ts.clock.Now()); len(list) != 1 {
			t.Fatalf("the member follows %d meetings, want 1", len(list))
		}

		del := "/meetings/lamplight-tuesday/delete"
		member.get(del).wantStatus(t, http.StatusForbidden)
		member.post(del, nil).wantStatus(t, http.StatusForbidden)
		ts.client(t).post(del, nil).wantStatus(t, http.StatusUnauthorized)
		if _, err := ts.store.FindMeetingBySlug(context.Background(), m.Slug); err != nil {
			t.Fatalf("a refused deletion removed the meeting: %v", err)
		}

		if body := servant.get("/meetings/lamplight-tuesday/edit").wantStatus(t, http.StatusOK).body; !strings.Contains(body, `href="`+del+`"`) {
			t.Error("the edit page does not offer to delete the meeting")
		}
		page := servant.get(del).wantStatus(t, http.StatusOK).body
		for _, want := range []string{"Tuesday Lamplight", `action="` + del + `"`, `href="/meetings/lamplight-tuesday/edit"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the confirmation page lacks %s", want)
			}
		}
		servant.post(del, nil).wantRedirect(t, "/groups/lamplight")
		if body := servant.get("/groups/lamplight").body; !strings.Contains(body, i18n.For("en").T("notice.meeting_deleted")) || strings.Contains(body, "Tuesday Lamplight") {
			t.Error("the group's page, after the deletion, does not say so or still lists the meeting")
		}
		servant.get("/meetings/lamplight-tuesday").wantStatus(t, http.StatusNotFound)
		if list, _ := ts.store.MyMeetings(as(member.acct), ts.clock.Now()); len(list) != 0 {
			t.Errorf("the member still follows %d meetings", len(list))
		}
	})
}

// TestMeetingFormKeepsBadInput: an impossible time, an unknown zone, a
// conference link that is not http(s) and a phone number with letters
// each come back marked, with a message in the member's language, and
// everything typed is kept; nothing is saved.
func TestMeetingFormKeepsBadInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner := ts.signUp(t, "Elder")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "harbour"})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "harbour-night", Name: "Harbour Night"})

		bad := meetingForm("Harbour Night, renamed")
		bad.Set("start", "25:99")
		bad.Set("time_zone", "Mars/Olympus_Mons")
		bad.Set("conference_url", "javascript:alert(1)")
		bad.Set("conference_phone", "call Ana at home")
		bad.Set("lat", "north")
		bad.Set("lon", "-87.6")
		bad.Set("notes", "Keep <me> & this")
		fields := map[string]string{
			"start": "error.time.invalid", "time_zone": "error.time_zone.invalid", "conference_url": "error.conference_url.invalid",
			"conference_phone": "error.conference_phone.invalid", "lat": "error.point.invalid",
		}
		for _, lang := range i18n.Langs {
			t.Run(lang, func(t *testing.T) {
				owner.post("/language", url.Values{"lang": {lang}, "return": {"/"}}).wantRedirect(t, "/")
				for path, status := range map[string]int{"/meetings/harbour-night/edit": 422, "/groups/harbour/meetings": 422} {
					r := owner.post(path, bad).wantStatus(t, status)
					checkSpoken(t, r, lang)
					for f, key := range fields {
						tag := inputTag(r.body, f)
						if f == "time_zone" {
							tag = regexp.MustCompile(`<select[^>]*\sname="time_zone"[^>]*>`).FindString(r.body)
						}
						if !strings.Contains(tag, `aria-invalid="true"`) {
							t.Errorf("%s: %s is not marked", path, f)
						}
						if want := i18n.For(lang).T(key); !strings.Contains(html.UnescapeString(r.body), want) {
							t.Errorf("%s: no message %q for %s", path, want, f)
						}
					}
					for f, want := range map[string]string{"name": "Harbour Night, renamed", "start": "25:99",
						"conference_url": "javascript:alert(1)", "conference_phone": "call Ana at home", "lat": "north", "city": "Chicago"} {
						if got, _ := inputValue(r.body, f); got != want {
							t.Errorf("%s: %s is %q, want what was typed, %q", path, f, got, want)
						}
					}
					if !strings.Contains(r.body, "Keep &lt;me&gt; &amp; this</textarea>") {
						t.Errorf("%s: the notes typed are lost", path)
					}
					if !strings.Contains(r.body, `<option value="Mars/Olympus_Mons" selected>`) {
						t.Errorf("%s: the zone sent is not kept", path)
					}
				}
			})
		}
		got, _ := ts.store.FindMeetingBySlug(context.Background(), "harbour-night")
		if got.Name != "Harbour Night" {
			t.Errorf("a refused form saved the name %q", got.Name)
		}
		if list, _ := ts.store.GroupMeetings(as(owner.acct), g.ID); len(list) != 1 {
			t.Errorf("a refused form made a meeting: %d meetings", len(list))
		}
	})
}

// TestMeetingPage: the next time in the viewer's zone and in the
// meeting's, "starts in 25 minutes" and then "in progress", how to join
// (the video link, the phone as tel:), the types in the viewer's
// language.
func TestMeetingPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner := ts.signUp(t, "Fennel")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "renacer", Languages: []string{"es"}})
		ts.makeMeeting(t, owner.acct, soonMeeting("renacer-noche", g.ID, ts.clock.Now(), "America/Chicago"))

		for _, tc := range []struct {
			lang, zone  string
			status      string
			types, open string
		}{
			{"en", "America/New_York", "Starts in 25 minutes", "Discussion", "Open to all"},
			{"es", "Europe/Madrid", "Empieza en 25 minutos", "Discusión", "Abierta a todos"},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				c := ts.client(t)
				c.post("/language", url.Values{"lang": {tc.lang}, "return": {"/"}}).wantRedirect(t, "/")
				r := c.get("/meetings/renacer-noche?tz="+url.QueryEscape(tc.zone)).wantStatus(t, http.StatusOK)
				checkSpoken(t, r, tc.lang)
				for _, want := range []string{tc.status, tc.types, tc.open, `href="https://meet.example.org/renacer-noche"`,
					`href="tel:+13125550100,,4321%23"`} {
					if !strings.Contains(html.UnescapeString(r.body), want) {
						t.Errorf("the page lacks %q", want)
					}
				}
				p := i18n.For(tc.lang)
				start := ts.clock.Now().Add(25 * time.Minute)
				if got, want := elementText(r.body, "next-time"), capitalize(dayAndTime(p, start.In(hearth.LoadZone(tc.zone)), ts.clock.Now().In(hearth.LoadZone(tc.zone)))); got != want {
					t.Errorf("next time in the viewer's zone %q, want %q", got, want)
				}
				if got := elementText(r.body, "local-time"); !strings.Contains(got, "Chicago") || !strings.Contains(got, p.Clock(start.In(hearth.LoadZone("America/Chicago")))) {
					t.Errorf("next time in the meeting's zone %q, want Chicago's clock", got)
				}
			})
		}
		ts.clock.Advance(40 * time.Minute)
		r := ts.client(t).get("/meetings/renacer-noche").wantStatus(t, http.StatusOK)
		if !strings.Contains(r.body, "In progress") {
			t.Error("15 minutes after its start, the meeting is not in progress")
		}
		ts.client(t).get("/meetings/no-such-meeting").wantStatus(t, http.StatusNotFound)
	})
}

// TestUnlistedGroupsMeetings: an unlisted group's meetings are for its
// members: others do not find them, open them or get their calendar.
func TestUnlistedGroupsMeetings(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, outsider := ts.signUp(t, "Ginkgo"), ts.signUp(t, "Hazel")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "hidden-room", Visibility: hearth.GroupUnlisted})
		ts.makeMeeting(t, owner.acct, soonMeeting("hidden-room-night", g.ID, ts.clock.Now(), "America/Chicago"))

		for who, c := range map[string]*testClient{"visitor": ts.client(t), "non-member": outsider.testClient} {
			c.get("/meetings/hidden-room-night").wantStatus(t, http.StatusNotFound)
			c.get("/meetings/hidden-room-night/calendar.ics").wantStatus(t, http.StatusNotFound)
			if body := c.get("/meetings?place=Chicago").wantStatus(t, http.StatusOK).body; strings.Contains(body, "hidden-room-night") {
				t.Errorf("the finder shows a %s an unlisted group's meeting", who)
			}
			page := c.get("/groups/hidden-room").wantStatus(t, http.StatusOK).body
			if strings.Contains(page, "hidden-room-night") {
				t.Errorf("the unlisted group's page shows a %s its meetings", who)
			}
		}
		owner.get("/meetings/hidden-room-night").wantStatus(t, http.StatusOK)
	})
}

// TestFinder: a visitor finds tonight's Spanish-speaking online meeting
// near a city, without JavaScript; the page advertises the feed and
// credits the gazetteer; a place that cannot be found says so; a name
// many places share offers the others; the API twin answers the same.
func TestFinder(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		// "Today" and "soon" meet at midnight in Chicago: the meeting 25
		// minutes away must be on the same day there.
		if chicago, err := time.LoadLocation("America/Chicago"); err != nil {
			t.Fatal(err)
		} else if ts.clock.Now().In(chicago).Hour() >= 22 {
			ts.clock.Advance(4 * time.Hour)
		}
		owner := ts.signUp(t, "Hyssop")
		es := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "renacer", Languages: []string{"es"}, TimeZone: "America/Chicago"})
		en := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "lakeside", TimeZone: "America/Chicago"})
		ts.makeMeeting(t, owner.acct, soonMeeting("renacer-noche", es.ID, ts.clock.Now(), "America/Chicago"))
		english := soonMeeting("lakeside-night", en.ID, ts.clock.Now(), "America/Chicago")
		english.Types = []string{"O", "EN"}
		ts.makeMeeting(t, owner.acct, english)
		far := soonMeeting("madrid-noche", es.ID, ts.clock.Now(), "Europe/Madrid")
		far.City, far.Region, far.Country, far.Point = "Madrid", "", "ES", &hearth.LatLon{Lat: 40.42, Lon: -3.70}
		far.Approximate, far.ConferenceURL, far.Address = false, "", "Calle Mayor 1"
		ts.makeMeeting(t, owner.acct, far)

		visitor := ts.client(t)
		q := url.Values{"place": {"Chicago"}, "day": {"today"}, "lang": {"es"}, "attendance": {"online"}, "soon": {"1"}}
		r := visitor.get("/meetings?"+q.Encode()).wantStatus(t, http.StatusOK)
		if got := meetingItems(r.body, "results-list"); len(got) != 1 || !strings.Contains(got[0], "Esperanza renacer-noche") || !strings.Contains(got[0], "Starts in 25 minutes") {
			t.Errorf("results %q, want the Spanish meeting starting in 25 minutes", got)
		}
		for _, want := range []string{`<link rel="alternate" type="application/json" title="Meetings Feed" href="` + ts.URL + `/meetings.json">`,
			escaped(i18n.For("en").T("geo.attribution")), "Chicago, Illinois, United States"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the finder lacks %q", want)
			}
		}
		if i18n.For("en").T("geo.attribution") != geo.Attribution {
			t.Errorf("the English credit %q is not geo.Attribution %q", i18n.For("en").T("geo.attribution"), geo.Attribution)
		}
		// Every meeting, soonest first; then nearest first, near Madrid.
		r = visitor.get("/meetings").wantStatus(t, http.StatusOK)
		if n := len(meetingItems(r.body, "results-list")); n != 3 {
			t.Errorf("the finder with no criteria shows %d meetings, want 3", n)
		}
		r = visitor.get("/meetings?place=Madrid,+Spain&radius=50&unit=km&sort=distance").wantStatus(t, http.StatusOK)
		if got := meetingItems(r.body, "results-list"); len(got) != 1 || !strings.Contains(got[0], "madrid-noche") {
			t.Errorf("near Madrid: %q", got)
		}
		// Nothing near Madrid in English: the ways on are online meetings
		// in English from anywhere, which finds Chicago's, and the same
		// search further away.
		r = visitor.get("/meetings?place=Madrid,+Spain&radius=10&unit=km&lang=en&sort=distance").wantStatus(t, http.StatusOK)
		if n := len(meetingItems(r.body, "results-list")); n != 0 {
			t.Fatalf("near Madrid in English: %d meetings, want none", n)
		}
		ways, _ := elementHTML(r.body, "wider-searches")
		links := hrefs(ways)
		if len(links) != 3 || links[2] != "/meetings" {
			t.Fatalf("an empty search offers %q", links)
		}
		online, wider := links[0], links[1]
		if u, err := url.Parse(online); err != nil || u.Query().Get("attendance") != "online" || u.Query().Get("lang") != "en" ||
			u.Query().Has("place") || u.Query().Has("radius") || u.Query().Has("sort") {
			t.Errorf("the online search is %q", online)
		} else if got := meetingItems(visitor.get(online).wantStatus(t, http.StatusOK).body, "results-list"); len(got) != 1 || !strings.Contains(got[0], "lakeside-night") {
			t.Errorf("online meetings in English: %q", got)
		}
		if u, err := url.Parse(wider); err != nil || u.Query().Get("radius") != "100" || u.Query().Get("place") != "Madrid, Spain" || u.Query().Get("lang") != "en" {
			t.Errorf("the wider search is %q", wider)
		}
		// Coordinates typed in the place box work too.
		r = visitor.get("/meetings?place="+url.QueryEscape("41.88, -87.63")+"&radius=5&unit=km").wantStatus(t, http.StatusOK)
		if n := len(meetingItems(r.body, "results-list")); n != 2 {
			t.Errorf("near coordinates in Chicago: %d meetings, want 2", n)
		}

		// Springfield is many places: the others are offered.
		r = visitor.get("/meetings?place=Springfield").wantStatus(t, http.StatusOK)
		if !strings.Contains(r.body, "Springfield, Massachusetts") || !strings.Contains(r.body, "plabel=Springfield") {
			t.Error("an ambiguous place offers no other choices")
		}
		// A place nobody knows.
		for _, lang := range i18n.Langs {
			c := ts.client(t)
			c.post("/language", url.Values{"lang": {lang}, "return": {"/"}})
			r = c.get("/meetings?place=Xyzzyplugh").wantStatus(t, http.StatusUnprocessableEntity)
			checkSpoken(t, r, lang)
			if v, _ := inputValue(r.body, "place"); v != "Xyzzyplugh" || !strings.Contains(r.body, escaped(i18n.For(lang).T("error.finder.place_unknown"))) {
				t.Errorf("%s: an unknown place is not explained, or not kept (%q)", lang, v)
			}
		}
		visitor.get("/meetings?day=8&attendance=by+pigeon").wantStatus(t, http.StatusUnprocessableEntity)

		// The API twin.
		r = ts.bareClient(t).get("/api/v1/meetings?"+q.Encode()).wantStatus(t, http.StatusOK)
		var res APIMeetings
		if err := json.Unmarshal([]byte(r.body), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || len(res.Meetings) != 1 || res.Meetings[0].Slug != "renacer-noche" || res.Meetings[0].Next == nil ||
			res.Place == nil || res.Attribution != geo.Attribution || res.TimeZone != "America/Chicago" || res.Meetings[0].Group.Slug != "renacer" {
			t.Errorf("the API finds %+v", res)
		}
		r = ts.bareClient(t).get("/api/v1/meetings?place=Xyzzyplugh").wantStatus(t, http.StatusUnprocessableEntity)
		if p := wantProblem(t, r); len(p.Errors) != 1 || p.Errors[0].Field != "place" {
			t.Errorf("an unknown place: %+v", p)
		}
		r = ts.bareClient(t).get("/api/v1/meetings/renacer-noche").wantStatus(t, http.StatusOK)
		var one APIMeetingAt
		if err := json.Unmarshal([]byte(r.body), &one); err != nil || one.ConferenceURL == "" || one.Attendance != hearth.Online {
			t.Errorf("one meeting: %+v, %v", one, err)
		}
	})
}

// meetingItems is the text of each meeting in the list with this id.
func meetingItems(body, id string) []string {
	in, ok := elementHTML(body, id)
	if !ok {
		return nil
	}
	var out []string
	for _, part := range strings.Split(in, "<article")[1:] {
		text := html.UnescapeString(tagRE2.ReplaceAllString("<article"+part, " "))
		out = append(out, strings.Join(strings.Fields(text), " "))
	}
	return out
}

// TestMyMeetings: a member keeps a meeting; the dashboard and "my
// meetings" show it, next first, and a private calendar address serves
// it to a calendar program until the member turns the address off.
func TestMyMeetings(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner, m := ts.signUp(t, "Iris"), ts.signUp(t, "Juniper")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "willow"})
		ts.makeMeeting(t, owner.acct, soonMeeting("willow-soon", g.ID, ts.clock.Now(), "America/Chicago"))
		later := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "willow-later", Name: "Willow Later",
			Days: []time.Weekday{ts.clock.Now().In(hearth.LoadZone("America/New_York")).Add(48 * time.Hour).Weekday()}})

		dash := m.get("/").wantStatus(t, http.StatusOK).body
		if !strings.Contains(dash, en("dashboard.meetings.empty")) || !strings.Contains(dash, `href="/meetings"`) {
			t.Error("the dashboard has no encouraging empty state with a way to the finder")
		}
		for _, slug := range []string{later.Slug, "willow-soon"} {
			m.post("/meetings/"+slug+"/follow", nil).wantRedirect(t, "/meetings/"+slug)
		}
		m.post("/meetings/willow-soon/follow", nil).wantRedirect(t, "/meetings/willow-soon") // twice is fine
		page := m.get("/meetings/willow-soon").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, `<p class="notice" role="status" data-notice="notice.meeting_followed">`+en("notice.meeting_followed")) {
			t.Error("keeping a meeting says nothing")
		}
		if !strings.Contains(page, `action="/meetings/willow-soon/unfollow"`) {
			t.Error("a kept meeting's page does not offer to remove it")
		}
		for path, id := range map[string]string{"/": "dashboard-meetings", "/my-meetings": "my-meetings"} {
			got := meetingItems(m.get(path).wantStatus(t, http.StatusOK).body, id)
			if len(got) != 2 || !strings.Contains(got[0], "willow-soon") || !strings.Contains(got[1], "Willow Later") {
				t.Errorf("%s lists %q, want the soonest first", path, got)
			}
		}

		// The member's export holds the meetings they keep.
		var e hearth.Export
		if err := json.Unmarshal([]byte(m.get("/settings/export.json").wantStatus(t, http.StatusOK).body), &e); err != nil {
			t.Fatal(err)
		}
		if len(e.Meetings) != 2 || !strings.Contains(m.get("/settings/export").body, "Willow Later") {
			t.Errorf("the export holds meetings %+v, want the two kept, on the page too", e.Meetings)
		}

		// The private calendar.
		m.post("/my-meetings/calendar", nil).wantRedirect(t, "/my-meetings#calendar")
		mine := m.get("/my-meetings").wantStatus(t, http.StatusOK).body
		address := elementText(mine, "calendar-url")
		u, err := url.Parse(address)
		if err != nil || !strings.HasPrefix(u.Path, "/calendar/") || !strings.HasSuffix(u.Path, ".ics") {
			t.Fatalf("calendar address %q", address)
		}
		if !strings.Contains(mine, `href="webcal://`+u.Host+u.Path+`"`) {
			t.Error("no webcal: link to subscribe in one tap")
		}
		r := ts.bareClient(t).get(u.Path).wantStatus(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("Content-Type %q", ct)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("the private calendar may be cached: %q", cc)
		}
		for _, want := range []string{"BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:America/Chicago", "RRULE:FREQ=WEEKLY", "SUMMARY:Esperanza willow-soon", "SUMMARY:Willow Later"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the private calendar lacks %q", want)
			}
		}
		m.post("/my-meetings/calendar/revoke", nil).wantRedirect(t, "/my-meetings#calendar")
		ts.bareClient(t).get(u.Path).wantStatus(t, http.StatusNotFound)
		ts.bareClient(t).get("/calendar/hcal_nothing.ics").wantStatus(t, http.StatusNotFound)

		m.post("/meetings/willow-soon/unfollow", nil).wantRedirect(t, "/meetings/willow-soon")
		if got := meetingItems(m.get("/my-meetings").body, "my-meetings"); len(got) != 1 {
			t.Errorf("after removing one, my meetings lists %q", got)
		}
	})
}

// TestCalendars: a meeting's and a group's calendars repeat weekly in the
// meeting's own zone.
func TestCalendars(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		owner := ts.signUp(t, "Kale")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "larch", Name: "Larch"})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "larch-tue", Name: "Larch Tuesday",
			Days: []time.Weekday{time.Tuesday, time.Thursday}, Start: "19:00", End: "20:00", TimeZone: "America/New_York"})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "larch-off", Name: "Larch Resting", Inactive: true})
		for path, want := range map[string][]string{
			"/meetings/larch-tue/calendar.ics": {"DTSTART;TZID=America/New_York:", "T190000", "RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "URL:" + ts.URL + "/meetings/larch-tue"},
			"/groups/larch/calendar.ics":       {"SUMMARY:Larch Tuesday", "X-WR-CALNAME:Larch: meetings"},
		} {
			r := ts.client(t).get(path).wantStatus(t, http.StatusOK)
			for _, w := range want {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
			if strings.Contains(r.body, "Larch Resting") {
				t.Errorf("%s holds an inactive meeting", path)
			}
		}
	})
}

// hrefs are the addresses of the links in s, unescaped.
func hrefs(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}
