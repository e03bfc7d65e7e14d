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
)

// TestSponsorPages: the offer form refuses bad input kindly and keeps
// what was typed; a request to a full sponsor, or a second one, is
// answered with a kind message and nothing is sent twice; the API walks
// the same path and shows a match's reasons.
func TestSponsorPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		sponsor, seeker, other := ts.signUp(t, "Guide"), ts.signUp(t, "Seeker"), ts.signUp(t, "Other")
		today := hearth.Today(ts.clock.Now(), time.UTC)
		young := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Young", Start: today.AddDays(-100), Schedule: "aa", Visibility: hearth.VisibleToMe}
		old := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Old", Start: today.AddMonths(-50), Schedule: "aa", Visibility: hearth.VisibleToMe}
		for _, k := range []*hearth.Clock{young, old} {
			if err := ts.store.CreateClock(as(sponsor.acct), k, today); err != nil {
				t.Fatal(err)
			}
		}
		page := sponsor.get("/recovery/sponsors/offer").wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "Old (2–5 years)") || strings.Contains(page, "2026-") {
			t.Errorf("the offer form does not name the counts by their range of time")
		}
		if strings.Contains(page, `id="too-soon"`) {
			t.Error("the offer form tells a member with a count of four years it is too soon")
		}
		// A member whose only count has 100 days is told at the top, kindly,
		// before the long form.
		newer := ts.signUp(t, "Newer")
		if err := ts.store.CreateClock(as(newer.acct), &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Days", Start: today.AddDays(-100),
			Schedule: "aa", Visibility: hearth.VisibleToMe}, today); err != nil {
			t.Fatal(err)
		}
		page = newer.get("/recovery/sponsors/offer").wantStatus(t, http.StatusOK).body
		if i := strings.Index(page, `id="too-soon"`); i < 0 || i > strings.Index(page, `action="/recovery/sponsors/offer"`) ||
			!strings.Contains(page, en("sponsor_offer.too_soon")) {
			t.Error("the offer form does not say first that no count has the time yet")
		}
		// Too soon on the young count; the about text is kept.
		form := url.Values{"clock": {itoa(young.ID)}, "programs": {"aa"}, "languages": {"en", "es"}, "time_zone": {"UTC"},
			"ways": {"calls"}, "capacity": {"1"}, "about": {"Patient <and> kind"}}
		r := sponsor.post("/recovery/sponsors/offer", form).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.sponsor.too_soon")) || !strings.Contains(r.body, escaped("Patient <and> kind")) {
			t.Errorf("too soon: the form does not say so or lost the text\n%s", clip(r.body))
		}
		form.Set("programs", "no-such-program")
		sponsor.post("/recovery/sponsors/offer", form).wantStatus(t, http.StatusUnprocessableEntity)
		form.Set("programs", "aa")
		form.Set("clock", itoa(old.ID))
		sponsor.post("/recovery/sponsors/offer", form).wantRedirect(t, "/recovery/sponsors/offer")

		// The seeker finds them, with why.
		r = seeker.get("/recovery/sponsors?program=aa&language=es").wantStatus(t, http.StatusOK)
		reasons := listItems(r.body, "match-list")
		if len(reasons) == 0 || !strings.Contains(r.body, "Speaks Spanish") || !strings.Contains(r.body, "2–5 years") ||
			!strings.Contains(r.body, "Has space for 1 more") {
			t.Errorf("the match does not say why it fits\n%s", clip(r.body))
		}
		ask := fmt.Sprintf("/recovery/sponsors/%d/ask", sponsor.acct.ID)
		seeker.get(ask+"?program=aa").wantStatus(t, http.StatusOK)
		r = seeker.post(ask, url.Values{"program": {"aa"}, "message": {strings.Repeat("a", 501)}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.sponsor.message_long")) || !strings.Contains(r.body, strings.Repeat("a", 501)) {
			t.Errorf("a long message is not refused kindly, or was lost")
		}
		r = seeker.post(ask, url.Values{"program": {"aa"}, "message": {"Hello there"}})
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/recovery/sponsorships/") {
			t.Fatalf("asking: %d %s", r.status, loc)
		}
		// Sent twice: a kind word, not a second request.
		r = seeker.post(ask, url.Values{"program": {"aa"}, "message": {"Hello there"}}).wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, en("error.sponsor.already_asked")) {
			t.Errorf("asking twice does not say so")
		}
		// The sponsor accepts; full now, another is told kindly.
		sponsor.post(loc+"/answer", url.Values{"answer": {"accept"}}).wantRedirect(t, loc)
		r = other.post(ask, url.Values{"program": {"aa"}}).wantStatus(t, http.StatusConflict)
		if !strings.Contains(r.body, en("error.sponsor.full")) {
			t.Errorf("asking a full sponsor does not say so kindly")
		}
		// Agreeing and logging; a day to come is refused on its field.
		seeker.post(loc+"/cadence", url.Values{"every": {"7"}, "cadence_way": {"call"}}).wantRedirect(t, loc)
		r = sponsor.post(loc+"/check-ins", url.Values{"on": {today.AddDays(3).String()}, "way": {"call"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, `id="f-on" name="on" type="date"`) || !strings.Contains(r.body, en("error.sponsor.check_in_future")) {
			t.Errorf("a check-in in the future is not marked")
		}
		theirs := hearth.Today(ts.clock.Now(), hearth.LoadZone(sponsor.acct.TimeZone))
		sponsor.post(loc+"/check-ins", url.Values{"on": {theirs.String()}, "way": {"call"}}).wantRedirect(t, loc)
		r = sponsor.get("/recovery/sponsorships").wantStatus(t, http.StatusOK)
		if items := listItems(r.body, "sponsee-list"); len(items) != 1 || !strings.Contains(items[0], "Seeker") {
			t.Errorf("the dashboard lists %q", items)
		}
		// What is due, and never a run of check-ins to keep or lose
		// (DESIGN.md: no streaks).
		for _, path := range []string{"/recovery/sponsorships", loc} {
			r = sponsor.get(path).wantStatus(t, http.StatusOK)
			if strings.Contains(r.body, "in a row") || strings.Contains(r.body, "on time") {
				t.Errorf("%s counts check-ins on time", path)
			}
		}
		if !strings.Contains(r.body, `id="due-line"`) {
			t.Errorf("the sponsorship does not say when the next check-in is")
		}
		// Another member finds nothing there.
		other.get(loc).wantStatus(t, http.StatusNotFound)
		other.post(loc+"/end", url.Values{}).wantStatus(t, http.StatusNotFound)

		// The API: the match's reasons as words and as data.
		token, _ := ts.mintToken(t, other.acct.ID)
		api := ts.bearer(t, token)
		r = api.get("/api/v1/me/sponsor-matches?program=aa").wantStatus(t, http.StatusOK)
		var matches []APISponsorMatch
		if err := json.Unmarshal([]byte(r.body), &matches); err != nil || len(matches) != 0 {
			t.Errorf("matches for another seeker while the sponsor is full: %v %s", err, clip(r.body))
		}
		seeker.post(loc+"/end", url.Values{"thanks": {"Thank you"}}).wantRedirect(t, "/recovery/sponsorships")
		r = api.get("/api/v1/me/sponsor-matches?program=aa&language=en").wantStatus(t, http.StatusOK)
		if err := json.Unmarshal([]byte(r.body), &matches); err != nil || len(matches) != 1 || matches[0].Sponsor.ID != sponsor.acct.ID ||
			matches[0].TimeRange != "2_5" || !strings.Contains(strings.Join(matches[0].Why, ";"), "Speaks English") {
			t.Fatalf("matches after the end: %v %s", err, clip(r.body))
		}
		r = api.do(http.MethodPost, "/api/v1/me/sponsorships", strings.NewReader(fmt.Sprintf(`{"sponsor": %d, "program": "aa"}`, sponsor.acct.ID)),
			http.Header{"Content-Type": {"application/json"}}).wantStatus(t, http.StatusCreated)
		var sp APISponsorship
		if err := json.Unmarshal([]byte(r.body), &sp); err != nil || sp.Status != "requested" || sp.Role != "sponsee" || sp.Other.ID != sponsor.acct.ID {
			t.Errorf("the API's request: %v %+v", err, sp)
		}
		api.do(http.MethodPost, "/api/v1/me/sponsorships", strings.NewReader(fmt.Sprintf(`{"sponsor": %d, "program": "aa"}`, sponsor.acct.ID)),
			http.Header{"Content-Type": {"application/json"}}).wantStatus(t, http.StatusConflict)
	})
}
