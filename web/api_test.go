package web

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
	"hearth/sqlstore/storetest/testdb"
)

// TestAPITokens: a token made on /settings/tokens is shown once and
// opens the API (and only the API); once revoked it opens nothing, and
// the API's refusals are problem documents.
func TestAPITokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Gannet")

		m.post("/settings/tokens", url.Values{"name": {"my script"}}).wantRedirect(t, "/settings/tokens")
		page := m.get("/settings/tokens").wantStatus(t, http.StatusOK).body
		token := elementText(page, "token-value")
		if !strings.HasPrefix(token, "hpat_") || len(token) < 5+22 {
			t.Fatalf("#token-value = %q, want a new hpat_ token", token)
		}
		again := m.get("/settings/tokens").wantStatus(t, http.StatusOK).body
		if strings.Contains(again, token) {
			t.Error("the token is shown a second time")
		}
		if items := listItems(again, "tokens"); len(items) != 1 || !strings.Contains(items[0], "my script") {
			t.Errorf("the tokens list shows %q, want the one named my script", items)
		}
		id := tokenRevokeRE.FindStringSubmatch(again)
		if id == nil {
			t.Fatal("the tokens page has no revoke form")
		}

		api := ts.bearer(t, token)
		r := api.get("/api/v1/me").wantStatus(t, http.StatusOK)
		checkSecurityHeaders(t, r)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("/api/v1/me: Content-Type %q", ct)
		}
		var me APIMe
		if err := json.Unmarshal([]byte(r.body), &me); err != nil {
			t.Fatal(err)
		}
		if me.Handle != m.handle || me.DisplayName != "Gannet" || me.ID != m.acct.ID || me.Role != "member" || me.Language != "en" {
			t.Errorf("/api/v1/me = %+v", me)
		}

		r = api.get("/api/v1/me/export").wantStatus(t, http.StatusOK)
		var e hearth.Export
		if err := json.Unmarshal([]byte(r.body), &e); err != nil {
			t.Fatal(err)
		}
		if e.Format != hearth.ExportFormat || e.Account.Handle != m.handle || len(e.AccessTokens) != 1 || e.AccessTokens[0].Name != "my script" {
			t.Errorf("/api/v1/me/export = %+v", e)
		}
		if strings.Contains(r.body, token) {
			t.Error("the export holds the API token itself")
		}

		// A token opens the API only, not the pages.
		api.get("/settings").wantRedirect(t, "/signin?next=%2Fsettings")

		for name, c := range map[string]*testClient{
			"no token":       ts.bareClient(t),
			"unknown token":  ts.bearer(t, "hpat_"+strings.Repeat("A", 43)),
			"empty token":    ts.bearer(t, ""),
			"session cookie": ts.withCookie(t, ts.srv.cookieName(), token),
		} {
			r := c.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)
			if p := wantProblem(t, r); p.Code != hearth.EUNAUTHORIZED || len(p.Errors) != 0 {
				t.Errorf("%s: problem %+v", name, p)
			}
		}

		m.post("/settings/tokens/"+id[1]+"/revoke", nil).wantRedirect(t, "/settings/tokens")
		for _, path := range []string{"/api/v1/me", "/api/v1/me/export"} {
			r := api.get(path).wantStatus(t, http.StatusUnauthorized)
			if p := wantProblem(t, r); p.Code != hearth.EUNAUTHORIZED {
				t.Errorf("%s after revoking: problem code %q", path, p.Code)
			}
		}
		m.post("/settings/tokens/"+id[1]+"/revoke", nil).wantStatus(t, http.StatusNotFound)
	})
}

// TestTokensEndWithThePassword: an API token stops working when its
// member changes the password, uses a recovery code or signs out
// everywhere, each through its form; another member's token goes on.
func TestTokensEndWithThePassword(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		bystander := ts.signUp(t, "Heron")
		theirs, _ := ts.mintToken(t, bystander.acct.ID)
		for _, tc := range []struct {
			name string
			act  func(t *testing.T, m *testMember)
		}{
			{"password change", func(t *testing.T, m *testMember) {
				m.post("/settings/password", url.Values{"current_password": {m.password}, "new_password": {"the kettle sings at seven"}}).
					wantRedirect(t, "/settings/password")
				if !m.signedIn() {
					t.Error("changing the password ended this session")
				}
			}},
			{"recovery code", func(t *testing.T, m *testMember) {
				ts.client(t).post("/recover", url.Values{"handle": {m.handle}, "code": {m.codes[0]}, "password": {"the kettle sings at seven"}}).
					wantRedirect(t, "/signin")
			}},
			{"sign out everywhere", func(t *testing.T, m *testMember) {
				m.post("/settings/sessions/end-all", nil).wantRedirect(t, "/signin")
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := ts.signUp(t, "Ibis")
				m.post("/settings/tokens", url.Values{"name": {"my calendar"}}).wantRedirect(t, "/settings/tokens")
				made := elementText(m.get("/settings/tokens").wantStatus(t, http.StatusOK).body, "token-value")
				minted, _ := ts.mintToken(t, m.acct.ID)
				for _, token := range []string{made, minted} {
					ts.bearer(t, token).get("/api/v1/me").wantStatus(t, http.StatusOK)
				}

				tc.act(t, m)

				for i, token := range []string{made, minted} {
					r := ts.bearer(t, token).get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)
					if p := wantProblem(t, r); p.Code != hearth.EUNAUTHORIZED {
						t.Errorf("token %d: problem code %q", i, p.Code)
					}
				}
				ts.bearer(t, theirs).get("/api/v1/me").wantStatus(t, http.StatusOK)
			})
		}
	})
}

// TestProblemDocuments: errors asked for as JSON are RFC 9457 documents
// with a code, in the caller's language, naming the fields at fault.
func TestProblemDocuments(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Harrier")
		token, _ := ts.mintToken(t, m.acct.ID)

		t.Run("field errors", func(t *testing.T) {
			for _, lang := range i18n.Langs {
				c := ts.client(t)
				c.header.Set("Accept", "application/json")
				c.header.Set("Accept-Language", lang)
				r := c.post("/language", url.Values{"lang": {"xx"}}).wantStatus(t, http.StatusUnprocessableEntity)
				p := wantProblem(t, r)
				want := i18n.For(lang).T("error.language.invalid")
				if p.Code != hearth.EINVALID || len(p.Errors) != 1 || p.Errors[0].Field != "lang" || p.Errors[0].Detail != want {
					t.Errorf("%s: problem %+v, want code %q and errors [{lang %q}]", lang, p, hearth.EINVALID, want)
				}
				if raw := map[string]any{}; json.Unmarshal([]byte(r.body), &raw) != nil || raw["errors"] == nil || raw["code"] == nil {
					t.Errorf("%s: the document lacks \"code\" or \"errors\": %s", lang, r.body)
				}
			}
		})
		t.Run("not found", func(t *testing.T) {
			for _, path := range []string{"/api/v1/nothing", "/api/v2/me", "/api/v1/me/export/more"} {
				r := ts.bearer(t, token).get(path).wantStatus(t, http.StatusNotFound)
				if p := wantProblem(t, r); p.Code != hearth.ENOTFOUND {
					t.Errorf("%s: problem code %q", path, p.Code)
				}
			}
		})
		t.Run("wrong method", func(t *testing.T) {
			r := ts.bearer(t, token).do(http.MethodDelete, "/api/v1/me", nil, nil)
			if r.status < 400 || r.status >= 500 {
				t.Fatalf("DELETE /api/v1/me: status %d", r.status)
			}
			wantProblem(t, r)
		})
	})
}

// TestOpenAPIDocument: the document is JSON and documents exactly the
// /api/v1 routes of the route table.
func TestOpenAPIDocument(t *testing.T) {
	ts := mustOpenServer(t, testdb.SQLite(t, nil).Store) // the document is the same on any database
	r := ts.bareClient(t).get("/api/v1/openapi.json").wantStatus(t, http.StatusOK)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not valid JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || len(doc.Servers) != 1 {
		t.Fatalf("openapi %q, servers %v", doc.OpenAPI, doc.Servers)
	}
	base := doc.Servers[0].URL
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var documented, routed []string
	for p, item := range doc.Paths {
		for m := range item {
			if slices.Contains(methods, m) {
				documented = append(documented, strings.ToUpper(m)+" "+base+p)
			}
		}
	}
	for _, rt := range ts.srv.routeTable() {
		if strings.HasPrefix(rt.pattern, "/api/v1/") {
			routed = append(routed, rt.method+" "+rt.pattern)
		}
	}
	slices.Sort(documented)
	slices.Sort(routed)
	for _, d := range documented {
		if !slices.Contains(routed, d) {
			t.Errorf("documented but not routed: %s", d)
		}
	}
	for _, rt := range routed {
		if !slices.Contains(documented, rt) {
			t.Errorf("routed but not documented: %s", rt)
		}
	}
	if len(routed) == 0 {
		t.Fatal("the route table has no /api/v1 routes")
	}
	// Every kind of notification a client may be sent is documented.
	var schemas struct {
		Components struct {
			Schemas struct {
				Notification struct {
					Properties struct {
						Kind struct {
							Enum []string `json:"enum"`
						} `json:"kind"`
					} `json:"properties"`
				} `json:"Notification"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(r.body), &schemas); err != nil {
		t.Fatal(err)
	}
	kinds := append([]string{hearth.NotifyReachOut, hearth.NotifyAnswered}, hearth.NotificationKinds...)
	got := schemas.Components.Schemas.Notification.Properties.Kind.Enum
	slices.Sort(kinds)
	slices.Sort(got)
	if !slices.Equal(got, kinds) {
		t.Errorf("the Notification schema's kinds %v, want %v", got, kinds)
	}
}

// canary returns a string found nowhere else.
func canary(what string) string { return "canary-" + what + "-" + strings.ToLower(rand.Text()[:10]) }

// TestExport: the JSON and HTML exports hold the member's own data,
// their email included, and nothing of another member's.
func TestExport(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		type person struct {
			m       *testMember
			email   string
			pronoun string
			token   string
			// Private words in their recovery.
			clock, plan, note string
		}
		people := []*person{{m: ts.signUp(t, "Ibex")}, {m: ts.signUp(t, "Jackdaw")}}
		for _, p := range people {
			p.email = canary("mail") + "@example.org"
			p.pronoun = canary("pr")[:20]
			p.m.post("/settings", url.Values{"display_name": {p.m.acct.DisplayName}, "pronouns": {p.pronoun}, "language": {"en"},
				"time_zone": {"Pacific/Auckland"}, "country": {"NZ"}, "email": {p.email}}).wantRedirect(t, "/settings")
			p.token, _ = ts.mintToken(t, p.m.acct.ID)
			// A count with a setback, and a check-in, with private words.
			today := hearth.Today(ts.clock.Now(), hearth.LoadZone("Pacific/Auckland"))
			p.clock, p.plan, p.note = canary("count"), canary("plan"), canary("note")
			p.m.post("/recovery/clocks", url.Values{"name": {p.clock}, "kind": {"other"}, "start": {today.AddDays(-40).String()},
				"schedule": {"aa"}, "visibility": {"me"}})
			clocks, err := ts.store.Clocks(as(p.m.acct))
			if err != nil || len(clocks) != 1 {
				t.Fatalf("%s's counts: %v %v", p.m.handle, clocks, err)
			}
			setback := url.Values{"on": {today.AddDays(-2).String()}, "plan": {p.plan}}
			if p == people[0] {
				setback.Set("tell_partners", "1")
			}
			p.m.post(clockPath(clocks[0].ID)+"/setback", setback)
			p.m.post("/check-in", url.Values{"on": {today.String()}, "mood": {"4"}, "note": {p.note}}).wantRedirect(t, "/recovery")
		}
		for i, p := range people {
			other := people[1-i]
			answers := map[string]*response{
				"JSON": p.m.get("/settings/export.json").wantStatus(t, http.StatusOK),
				"HTML": p.m.get("/settings/export").wantStatus(t, http.StatusOK),
				"API":  ts.bearer(t, p.token).get("/api/v1/me/export").wantStatus(t, http.StatusOK),
			}
			if cd := answers["JSON"].header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
				t.Errorf("the JSON export is not a download: Content-Disposition %q", cd)
			}
			for kind, r := range answers {
				for _, own := range []string{p.email, p.pronoun, p.m.handle, "Pacific/Auckland", p.clock, p.plan, p.note} {
					if !strings.Contains(r.body, own) {
						t.Errorf("%s's %s export lacks their own %q", p.m.handle, kind, own)
					}
				}
				for _, theirs := range []string{other.email, other.pronoun, other.m.handle, other.m.acct.DisplayName, other.clock, other.plan, other.note} {
					if strings.Contains(r.body, theirs) {
						t.Errorf("%s's %s export holds the other member's %q", p.m.handle, kind, theirs)
					}
				}
				for _, secret := range append([]string{p.m.password, p.token, p.m.cookie(ts.srv.cookieName()), "argon2"}, p.m.codes...) {
					if strings.Contains(r.body, secret) {
						t.Errorf("%s's %s export holds a secret %q", p.m.handle, kind, secret)
					}
				}
			}
			for _, kind := range []string{"JSON", "API"} {
				var e hearth.Export
				if err := json.Unmarshal([]byte(answers[kind].body), &e); err != nil {
					t.Fatalf("%s export: %v", kind, err)
				}
				if e.Account.Email != p.email || e.Account.Pronouns != p.pronoun || e.RecoveryCodesLeft != 10 || len(e.Sessions) != 1 {
					t.Errorf("%s export = %+v", kind, e)
				}
				if len(e.Clocks) != 1 || len(e.Clocks[0].Setbacks) != 1 || e.Clocks[0].Setbacks[0].TellPartners != (i == 0) {
					t.Errorf("%s export's setbacks: %+v (told partners: %v)", kind, e.Clocks, i == 0)
				}
				if told := strings.Contains(answers["HTML"].body, en("export.told_partners")); told != (i == 0) {
					t.Errorf("the readable export says partners were told: %v, want %v", told, i == 0)
				}
				if len(e.Clocks) != 1 || e.Clocks[0].Name != p.clock || len(e.Clocks[0].Setbacks) != 1 || e.Clocks[0].Setbacks[0].Plan != p.plan ||
					len(e.CheckIns) != 1 || e.CheckIns[0].Note != p.note || e.CheckIns[0].Mood != 4 {
					t.Errorf("%s export's recovery: %+v %+v", kind, e.Clocks, e.CheckIns)
				}
			}
		}
	})
}
