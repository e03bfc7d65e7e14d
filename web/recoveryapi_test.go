package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"hearth"
)

// TestRecoveryAPI: a phone app's view of a member's recovery through the
// API with a personal token: counts, setbacks and their undoing,
// check-ins made and replaced, partners; bad input answered as
// problem+json naming the field; another member's things not found.
func TestRecoveryAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		a, b := ts.signUp(t, "Alder"), ts.signUp(t, "Birch")
		ta, _ := ts.mintToken(t, a.acct.ID)
		tb, _ := ts.mintToken(t, b.acct.ID)
		api, other := ts.bearer(t, ta), ts.bearer(t, tb)
		send := func(c *testClient, method, path, body string) *response {
			t.Helper()
			return c.do(method, "/api/v1"+path, strings.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		}
		decode := func(r *response, v any) {
			t.Helper()
			if err := json.Unmarshal([]byte(r.body), v); err != nil {
				t.Fatalf("%s: %v\n%s", r.req, err, clip(r.body))
			}
		}
		today := hearth.Today(ts.clock.Now(), hearth.LoadZone(a.acct.TimeZone))
		field := func(r *response, want string) {
			t.Helper()
			p := wantProblem(t, r)
			for _, f := range p.Errors {
				if f.Field == want {
					return
				}
			}
			t.Errorf("%s: problem %+v does not name %q", r.req, p, want)
		}

		// Counts.
		field(send(api, "POST", "/me/clocks", `{"name": "Wine", "start": "`+today.AddDays(1).String()+`"}`).wantStatus(t, 422), "start")
		wantProblem(t, send(api, "POST", "/me/clocks", `{"name": "Wine", "colour": "red"}`).wantStatus(t, 400))
		field(send(api, "POST", "/me/clocks", `{"name": "Wine", "start": "2026-01-01", "milestones": "nope"}`).wantStatus(t, 422), "milestones")
		r := send(api, "POST", "/me/clocks", `{"name": "Wine", "kind": "alcohol", "start": "`+today.AddDays(-30).String()+`", "milestones": "aa"}`).wantStatus(t, 201)
		var c APIClock
		decode(r, &c)
		if c.ID == 0 || c.Days != 30 || c.Next == nil || c.Next.Name != "60 days" || r.header.Get("Location") != "/api/v1/me/clocks/"+itoa(c.ID) {
			t.Errorf("created %+v (Location %q)", c, r.header.Get("Location"))
		}
		clock := "/me/clocks/" + itoa(c.ID)
		send(other, "GET", clock, "").wantStatus(t, 404)
		send(other, "DELETE", clock, "").wantStatus(t, 404)
		decode(send(api, "PATCH", clock, `{"name": "Wine and beer"}`).wantStatus(t, 200), &c)
		if c.Name != "Wine and beer" || c.Days != 30 {
			t.Errorf("after PATCH %+v", c)
		}
		var sb APISetback
		decode(send(api, "POST", clock+"/setbacks", `{"on": "`+today.AddDays(-2).String()+`", "plan": "call first"}`).wantStatus(t, 201), &sb)
		decode(send(api, "GET", clock, "").wantStatus(t, 200), &c)
		if c.Days != 2 || len(c.Setbacks) != 1 || c.Setbacks[0].Plan != "call first" || c.Stats == nil || c.Stats.TotalDays != 30 {
			t.Errorf("after a setback %+v %+v", c, c.Stats)
		}
		send(api, "DELETE", clock+"/setbacks/"+itoa(sb.ID), "").wantStatus(t, 204)
		c = APIClock{}
		decode(send(api, "GET", clock, "").wantStatus(t, 200), &c)
		if c.Days != 30 || len(c.Setbacks) != 0 {
			t.Errorf("after undoing %+v", c)
		}
		var list []APIClock
		decode(send(api, "GET", "/me/clocks", "").wantStatus(t, 200), &list)
		if len(list) != 1 {
			t.Errorf("%d counts listed", len(list))
		}

		// Check-ins: made, then replaced; a craving of 11 refused.
		day := "/me/check-ins/" + today.String()
		send(api, "GET", day, "").wantStatus(t, 404)
		field(send(api, "PUT", day, `{"mood": 3, "craving": 11}`).wantStatus(t, 422), "craving")
		field(send(api, "PUT", day, `{"halt": ["sleepy"]}`).wantStatus(t, 422), "halt")
		var ci APICheckIn
		decode(send(api, "PUT", day, `{"mood": 4, "craving": 2, "halt": ["tired"], "sleep_hours": 7.5, "gratitude": "tea"}`).wantStatus(t, 201), &ci)
		decode(send(api, "PUT", day, `{"mood": 2, "review": "hard"}`).wantStatus(t, 200), &ci)
		ci = APICheckIn{}
		decode(send(api, "GET", day, "").wantStatus(t, 200), &ci)
		if ci.Mood == nil || *ci.Mood != 2 || ci.Review != "hard" || ci.Gratitude != "" || ci.Craving != nil {
			t.Errorf("after replacing: %+v", ci)
		}
		var cis []APICheckIn
		decode(send(api, "GET", "/me/check-ins?from="+today.AddDays(-7).String(), "").wantStatus(t, 200), &cis)
		if len(cis) != 1 {
			t.Errorf("%d check-ins listed", len(cis))
		}
		send(other, "GET", day, "").wantStatus(t, 404)
		field(send(api, "GET", "/me/check-ins?from=yesterday", "").wantStatus(t, 422), "from")

		// Trends of the check-ins above.
		var tr APITrends
		decode(send(api, "GET", "/me/trends", "").wantStatus(t, 200), &tr)
		if tr.Period != "2w" || len(tr.Days) != 14 || tr.Days[13].Mood == nil || *tr.Days[13].Mood != 2 || tr.Days[0].Mood != nil {
			t.Errorf("trends %+v", tr)
		}
		field(send(api, "GET", "/me/trends?period=5y", "").wantStatus(t, 422), "period")

		// The journal: written, found by a word without its accent, changed,
		// another member's not found, deleted.
		var j APIEntry
		r = send(api, "POST", "/me/journal", `{"title": "Tarde", "body": "Llamé a mi madrina."}`).wantStatus(t, 201)
		decode(r, &j)
		if j.On != today.String() || r.header.Get("Location") != "/api/v1/me/journal/"+itoa(j.ID) {
			t.Errorf("entry %+v at %q", j, r.header.Get("Location"))
		}
		field(send(api, "POST", "/me/journal", `{"body": ""}`).wantStatus(t, 422), "body")
		var found APIEntries
		decode(send(api, "GET", "/me/journal?q=llame", "").wantStatus(t, 200), &found)
		if len(found.Entries) != 1 || found.Entries[0].ID != j.ID {
			t.Errorf("search found %+v", found)
		}
		decode(send(other, "GET", "/me/journal?q=llame", "").wantStatus(t, 200), &found)
		if len(found.Entries) != 0 {
			t.Errorf("another member's search found %+v", found)
		}
		send(other, "GET", "/me/journal/"+itoa(j.ID), "").wantStatus(t, 404)
		decode(send(api, "PATCH", "/me/journal/"+itoa(j.ID), `{"title": "Una tarde"}`).wantStatus(t, 200), &j)
		if j.Title != "Una tarde" || j.Body != "Llamé a mi madrina." {
			t.Errorf("after PATCH %+v", j)
		}
		send(api, "DELETE", "/me/journal/"+itoa(j.ID), "").wantStatus(t, 204)
		send(api, "GET", "/me/journal/"+itoa(j.ID), "").wantStatus(t, 404)

		// Partners.
		field(send(api, "POST", "/me/partners", `{"signin_name": "nobody.0000"}`).wantStatus(t, 422), "signin_name")
		var p APIPartner
		decode(send(api, "POST", "/me/partners", `{"signin_name": "`+b.handle+`"}`).wantStatus(t, 201), &p)
		send(api, "POST", "/me/partners/"+itoa(p.ID)+"/answer", `{"accept": true}`).wantStatus(t, 404)
		send(other, "POST", "/me/partners/"+itoa(p.ID)+"/answer", `{"accept": true}`).wantStatus(t, 204)
		send(api, "PUT", "/me/partners/"+itoa(p.ID)+"/sharing", `{"clocks": true, "check_ins": true, "mood": true, "nudges": true}`).wantStatus(t, 204)
		pid := p.ID
		p = APIPartner{}
		decode(send(other, "GET", "/me/partners/"+itoa(pid), "").wantStatus(t, 200), &p)
		if p.Status == nil || len(p.Status.Clocks) != 0 || p.Status.CheckedInToday == nil || !*p.Status.CheckedInToday || len(p.Status.Moods) != 14 {
			t.Errorf("what b sees of a: %+v", p.Status) // a's count is kept to a ("me")
		}
		send(other, "POST", "/me/partners/"+itoa(p.ID)+"/nudge", "").wantStatus(t, 204)
		wantProblem(t, send(other, "POST", "/me/partners/"+itoa(p.ID)+"/nudge", "").wantStatus(t, 429))
		send(api, "DELETE", "/me/partners/"+itoa(p.ID), "").wantStatus(t, 204)
		send(other, "GET", "/me/partners/"+itoa(p.ID), "").wantStatus(t, 404)
	})
}
