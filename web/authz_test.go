package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth"
)

// matrixCaller is who calls a route in the authorization matrix: nobody,
// or an account with a fresh session and API token of its own.
type matrixCaller struct {
	role      string // "anonymous", "member", "admin"
	acct      *hearth.Account
	sessionID int64
	tokenID   int64
}

// routeSample makes a valid request to a route for a caller: the path
// with its parameters filled in, and the form to post. Routes that are GET
// without parameters need none. A new route that needs one fails the
// matrix until it is given one here.
type routeSample func(c matrixCaller) (path string, form url.Values)

func matrixSamples(member, spare *testMember) map[string]routeSample {
	none := func(p string) routeSample { return func(matrixCaller) (string, url.Values) { return p, url.Values{} } }
	codes := spare.codes
	return map[string]routeSample{
		"POST /language": func(matrixCaller) (string, url.Values) {
			return "/language", url.Values{"lang": {"en"}, "return": {"/"}}
		},
		"POST /signup": func(matrixCaller) (string, url.Values) {
			return "/signup", url.Values{"pseudonym": {"Newcomer"}, "password": {testPassword}}
		},
		"POST /welcome": none("/welcome"),
		"POST /signin": func(matrixCaller) (string, url.Values) {
			return "/signin", url.Values{"handle": {member.handle}, "password": {member.password}}
		},
		"POST /signout": none("/signout"),
		"POST /recover": func(matrixCaller) (string, url.Values) {
			code := codes[0]
			codes = codes[1:]
			return "/recover", url.Values{"handle": {spare.handle}, "code": {code}, "password": {testPassword}}
		},
		"POST /settings": func(matrixCaller) (string, url.Values) {
			return "/settings", url.Values{"display_name": {"Someone"}, "pronouns": {""}, "language": {"en"},
				"time_zone": {"America/New_York"}, "country": {"US"}, "email": {""}}
		},
		"POST /settings/password": func(matrixCaller) (string, url.Values) {
			return "/settings/password", url.Values{"current_password": {testPassword}, "new_password": {testPassword}}
		},
		"POST /settings/recovery-codes": func(matrixCaller) (string, url.Values) {
			return "/settings/recovery-codes", url.Values{"password": {testPassword}}
		},
		"POST /settings/sessions/{id}/end": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/settings/sessions/%d/end", max(c.sessionID, 1)), url.Values{}
		},
		"POST /settings/sessions/end-all": none("/settings/sessions/end-all"),
		"POST /settings/tokens": func(matrixCaller) (string, url.Values) {
			return "/settings/tokens", url.Values{"name": {"matrix"}}
		},
		"POST /settings/tokens/{id}/revoke": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/settings/tokens/%d/revoke", max(c.tokenID, 1)), url.Values{}
		},
		// A wrong password: the right one would erase the caller. The
		// answer (422) still shows the caller was let in.
		"POST /settings/delete": func(matrixCaller) (string, url.Values) {
			return "/settings/delete", url.Values{"password": {"not the password"}}
		},
	}
}

// TestAuthorizationMatrix calls every route of the route table as a
// visitor, a member and a site admin, and holds each answer to the
// route's access rule. Every answer carries the security headers.
func TestAuthorizationMatrix(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		// The matrix signs many members up from one address: more than a
		// visitor may in a minute.
		ts := serve(t, open, withConfig(Config{SignUpPerClient: Rate{Events: 100, Per: time.Minute}}))
		ctx := context.Background()
		mem := ts.signUp(t, "Matrix Member")
		adm := ts.signUp(t, "Matrix Admin")
		if err := ts.store.SetRole(ctx, adm.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		spare := ts.signUp(t, "Matrix Spare") // its recovery codes are the visitor's to spend
		samples := matrixSamples(mem, spare)
		maps.Copy(samples, groupSamples(t, ts, ts.signUp(t, "Matrix Owner"), spare))
		maps.Copy(samples, recoverySamples(t, ts))
		maps.Copy(samples, journalSamples(t, ts))
		maps.Copy(samples, messageSamples(t, ts))
		maps.Copy(samples, messageReportSamples(t, ts))
		maps.Copy(samples, notificationSamples())
		maps.Copy(samples, shareSamples(t, ts, ts.signUp(t, "Matrix Poster"), ts.signUp(t, "Matrix Reporter")))
		maps.Copy(samples, stepSamples(t, ts))
		maps.Copy(samples, wisdomSamples(t, ts, ts.signUp(t, "Matrix Author")))
		maps.Copy(samples, sponsorSamples(t, ts))
		accounts := map[string]*hearth.Account{"member": mem.acct, "admin": ts.account(t, adm.handle)}

		for _, rt := range ts.srv.routeTable() {
			key := rt.method + " " + rt.pattern
			sample, ok := samples[key]
			if !ok {
				if rt.method != http.MethodGet || strings.Contains(strings.ReplaceAll(rt.pattern, "{$}", ""), "{") {
					t.Errorf("route %s has no sample request in matrixSamples: add one", key)
					continue
				}
				sample = func(matrixCaller) (string, url.Values) { return strings.ReplaceAll(rt.pattern, "{$}", ""), nil }
			}
			for _, role := range []string{"anonymous", "member", "admin"} {
				t.Run(key+"/"+role, func(t *testing.T) {
					mc := matrixCaller{role: role}
					c := ts.client(t)
					api := strings.HasPrefix(rt.pattern, "/api/")
					if a := accounts[role]; a != nil {
						mc.acct = a
						var sess *hearth.Session
						c, sess = ts.mintSession(t, a.ID)
						mc.sessionID = sess.ID
						token, at := ts.mintToken(t, a.ID)
						mc.tokenID = at.ID
						if api {
							c = ts.bearer(t, token)
						}
					}
					path, form := sample(mc)
					var r *response
					switch {
					case rt.method == http.MethodGet && rt.name == "live":
						r = c.peek(path) // a stream: its status and headers
					case rt.method == http.MethodGet:
						r = c.get(path)
					case api:
						// The API takes JSON, sent as the sample's "json".
						r = c.do(rt.method, path, strings.NewReader(form.Get("json")), http.Header{"Content-Type": {"application/json"}})
					default:
						r = c.post(path, form)
					}
					checkSecurityHeaders(t, r)
					page := strings.HasPrefix(r.header.Get("Content-Type"), "text/html")
					if rt.access == member || rt.access == admin || (mc.acct != nil && (page || r.status == http.StatusSeeOther)) {
						if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
							t.Errorf("%s as %s: Cache-Control %q, want no-store", r.req, role, cc)
						}
					}

					switch {
					case role == "anonymous" && (rt.access == member || rt.access == admin):
						switch {
						case api:
							r.wantStatus(t, http.StatusUnauthorized)
							p := wantProblem(t, r)
							if p.Code != hearth.EUNAUTHORIZED {
								t.Errorf("%s: problem code %q, want %q", r.req, p.Code, hearth.EUNAUTHORIZED)
							}
						case rt.method == http.MethodGet:
							r.wantRedirect(t, "/signin?next="+url.QueryEscape(path))
						default:
							r.wantStatus(t, http.StatusUnauthorized)
							if !strings.Contains(r.body, en("error.signin_needed")) {
								t.Errorf("%s: the 401 page does not say %q", r.req, en("error.signin_needed"))
							}
						}
					case role != "anonymous" && rt.access == visitor && !api:
						r.wantRedirect(t, "/")
					case role == "member" && rt.access == admin:
						r.wantStatus(t, http.StatusForbidden)
					default: // an authorized caller with a valid request
						if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status >= 500 {
							t.Fatalf("%s as %s: status %d\n%s", r.req, role, r.status, clip(r.body))
						}
						if loc := r.header.Get("Location"); strings.HasPrefix(loc, "/signin?") {
							t.Errorf("%s as %s: sent to %s", r.req, role, loc)
						}
						if rt.method == http.MethodGet {
							r.wantStatus(t, http.StatusOK)
						}
					}
				})
			}
		}
		// Nobody's actions above stopped the member signing in.
		ts.signIn(t, mem.handle, mem.password)
	})
}

// problem decodes an RFC 9457 answer, failing the test unless it is one.
func wantProblem(t *testing.T, r *response) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s: Content-Type %q, want application/problem+json\n%s", r.req, ct, clip(r.body))
	}
	var p Problem
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("%s: not a problem document: %v\n%s", r.req, err, clip(r.body))
	}
	if p.Code == "" || p.Title == "" || p.Status != r.status || p.Type == "" {
		t.Errorf("%s: incomplete problem %+v (status %d)", r.req, p, r.status)
	}
	return p
}

var tokenRevokeRE = regexp.MustCompile(`/settings/tokens/([0-9]+)/revoke`)

// TestAuthorizationOnEveryObject: a member cannot end another member's
// session or revoke their token; the server answers as if there were no
// such thing, and the other member's session and token still work.
func TestAuthorizationOnEveryObject(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		a, b := ts.signUp(t, "Alder"), ts.signUp(t, "Bramble")

		bSessions := sessionIDs(b.get("/settings/sessions").wantStatus(t, http.StatusOK).body)
		if len(bSessions) != 1 {
			t.Fatalf("B's sessions page lists %v, want one session", bSessions)
		}
		b.post("/settings/tokens", url.Values{"name": {"B's script"}}).wantRedirect(t, "/settings/tokens")
		page := b.get("/settings/tokens").wantStatus(t, http.StatusOK).body
		bToken := elementText(page, "token-value")
		m := tokenRevokeRE.FindStringSubmatch(page)
		if bToken == "" || m == nil {
			t.Fatalf("B's tokens page shows no new token or no revoke form:\n%s", clip(page))
		}
		bTokenID, _ := strconv.ParseInt(m[1], 10, 64)

		for _, tc := range []struct{ name, path string }{
			{"end B's session", fmt.Sprintf("/settings/sessions/%d/end", bSessions[0])},
			{"revoke B's token", fmt.Sprintf("/settings/tokens/%d/revoke", bTokenID)},
			{"a session that is nobody's", "/settings/sessions/987654/end"},
			{"a malformed session id", "/settings/sessions/abc/end"},
			{"a negative token id", "/settings/tokens/-1/revoke"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a.post(tc.path, nil).wantStatus(t, http.StatusNotFound)
			})
		}
		if !b.signedIn() {
			t.Error("B's session ended by A's request")
		}
		me := ts.bearer(t, bToken).get("/api/v1/me").wantStatus(t, http.StatusOK)
		var got APIMe
		if err := json.Unmarshal([]byte(me.body), &got); err != nil || got.Handle != b.handle {
			t.Errorf("B's token after A's request: %v, %+v", err, got)
		}
		if !a.signedIn() {
			t.Error("A was signed out")
		}
	})
}

// TestCrossOriginWrites: a cross-site POST, or one with a foreign Origin,
// is refused and changes nothing; the same POST from the site works.
func TestCrossOriginWrites(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ctx := context.Background()
		m := ts.signUp(t, "Cypress")
		form := "name=planted"

		tests := []struct {
			name   string
			header http.Header
			status int
		}{
			{"Sec-Fetch-Site cross-site", http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
			{"Sec-Fetch-Site same-site", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
			{"foreign Origin", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
			{"foreign Origin, same port", http.Header{"Origin": {strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)}}, http.StatusForbidden},
			{"Origin null", http.Header{"Origin": {"null"}}, http.StatusForbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.header.Set("Content-Type", "application/x-www-form-urlencoded")
				r := m.do(http.MethodPost, "/settings/tokens", strings.NewReader(form), tt.header).wantStatus(t, tt.status)
				checkSecurityHeaders(t, r)
				if !strings.Contains(r.body, en("error.cross_origin")) {
					t.Errorf("the refusal does not say %q", en("error.cross_origin"))
				}
				if list, _ := ts.store.ListAccessTokens(ctx, m.acct.ID); len(list) != 0 {
					t.Fatalf("a refused cross-origin POST made %d tokens", len(list))
				}
				// A visitor's sign-up from another site makes no account.
				n, _ := ts.store.CountAccounts(ctx)
				ts.client(t).do(http.MethodPost, "/signup", strings.NewReader("pseudonym=Planted&password=a+long+enough+one"), tt.header).
					wantStatus(t, tt.status)
				if after, _ := ts.store.CountAccounts(ctx); after != n {
					t.Errorf("a cross-origin sign-up made an account")
				}
			})
		}
		for _, tt := range []struct {
			name   string
			header http.Header
		}{
			{"Sec-Fetch-Site same-origin", http.Header{"Sec-Fetch-Site": {"same-origin"}}},
			{"own Origin", http.Header{"Origin": {ts.URL}}},
			{"no header (not a browser)", http.Header{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				before, _ := ts.store.ListAccessTokens(ctx, m.acct.ID)
				tt.header.Set("Content-Type", "application/x-www-form-urlencoded")
				m.do(http.MethodPost, "/settings/tokens", strings.NewReader(form), tt.header).wantRedirect(t, "/settings/tokens")
				if after, _ := ts.store.ListAccessTokens(ctx, m.acct.ID); len(after) != len(before)+1 {
					t.Errorf("a same-origin POST made %d tokens, want 1", len(after)-len(before))
				}
			})
		}
		// Cross-site GETs are fine: a GET changes nothing.
		m.do(http.MethodGet, "/settings", nil, http.Header{"Sec-Fetch-Site": {"cross-site"}}).wantStatus(t, http.StatusOK)
	})
}

// recoverySamples are the matrix's requests to a member's recovery: each
// caller acts on a clock of their own (another's is not found), made
// fresh for requests that change or end it.
func recoverySamples(t *testing.T, ts *testServer) map[string]routeSample {
	clock := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Matrix", Start: hearth.Today(ts.clock.Now(), time.UTC).AddDays(-10),
			Schedule: "aa", Visibility: hearth.VisibleToMe}
		if err := ts.store.CreateClock(as(c.acct), k, hearth.Today(ts.clock.Now(), time.UTC)); err != nil {
			t.Fatal(err)
		}
		return k.ID
	}
	path := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, clock(c)), form }
	}
	// someone is a new member with no session, to partner with.
	n := 0
	someone := func() *hearth.Account {
		n++
		a := &hearth.Account{Handle: fmt.Sprintf("matrix-peer.%04d", n), DisplayName: "Peer", Language: "en",
			TimeZone: "UTC", Role: hearth.RoleMember}
		if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	// partnership makes a partnership of the caller's with someone: the
	// caller invited (accepted or not), or was invited.
	partnership := func(c matrixCaller, accepted, invited bool) int64 {
		if c.acct == nil {
			return 1
		}
		other := someone()
		from, to := c.acct, other
		if invited {
			from, to = other, c.acct
		}
		p, err := ts.store.InvitePartner(as(from), to.Handle)
		if err != nil {
			t.Fatal(err)
		}
		if accepted {
			if err := ts.store.AnswerInvitation(as(to), p.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		return p.ID
	}
	partner := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf(format, partnership(c, true, false)), form
		}
	}
	clockForm := url.Values{"name": {"Matrix"}, "kind": {"alcohol"}, "start": {"2026-01-01"}, "schedule": {"aa"}, "visibility": {"me"}}
	js := func(body string) url.Values { return url.Values{"json": {body}} }
	samples := map[string]routeSample{}
	maps.Copy(samples, map[string]routeSample{
		"POST /recovery/clocks":              func(matrixCaller) (string, url.Values) { return "/recovery/clocks", clockForm },
		"GET /recovery/clocks/{id}":          path("/recovery/clocks/%d", nil),
		"GET /recovery/clocks/{id}/edit":     path("/recovery/clocks/%d/edit", nil),
		"POST /recovery/clocks/{id}/edit":    path("/recovery/clocks/%d/edit", clockForm),
		"GET /recovery/clocks/{id}/delete":   path("/recovery/clocks/%d/delete", nil),
		"POST /recovery/clocks/{id}/delete":  path("/recovery/clocks/%d/delete", url.Values{}),
		"GET /recovery/clocks/{id}/setback":  path("/recovery/clocks/%d/setback", nil),
		"POST /recovery/clocks/{id}/setback": path("/recovery/clocks/%d/setback", url.Values{"on": {"2026-01-05"}}),
		"POST /recovery/clocks/{id}/setbacks/{setback}/undo": func(c matrixCaller) (string, url.Values) {
			id := clock(c)
			if c.acct == nil {
				return fmt.Sprintf("/recovery/clocks/%d/setbacks/1/undo", id), url.Values{}
			}
			today := hearth.Today(ts.clock.Now(), time.UTC)
			sb := &hearth.Setback{On: today}
			if err := ts.store.RecordSetback(as(c.acct), id, sb, today); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/recovery/clocks/%d/setbacks/%d/undo", id, sb.ID), url.Values{}
		},
		"POST /recovery/partners": func(matrixCaller) (string, url.Values) {
			return "/recovery/partners", url.Values{"handle": {someone().Handle}}
		},
		"POST /recovery/partners/{id}/answer": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/recovery/partners/%d/answer", partnership(c, false, true)), url.Values{"answer": {"accept"}}
		},
		"GET /recovery/partners/{id}":          partner("/recovery/partners/%d", nil),
		"POST /recovery/partners/{id}/sharing": partner("/recovery/partners/%d/sharing", url.Values{"share": {"clocks", "mood"}}),
		"POST /recovery/partners/{id}/nudge":   partner("/recovery/partners/%d/nudge", url.Values{}),
		"GET /recovery/partners/{id}/end":      partner("/recovery/partners/%d/end", nil),
		"POST /recovery/partners/{id}/end":     partner("/recovery/partners/%d/end", url.Values{}),
		"POST /api/v1/me/clocks": func(matrixCaller) (string, url.Values) {
			return "/api/v1/me/clocks", js(`{"name": "Matrix", "start": "2026-01-01"}`)
		},
		"GET /api/v1/me/clocks/{id}":           path("/api/v1/me/clocks/%d", nil),
		"PATCH /api/v1/me/clocks/{id}":         path("/api/v1/me/clocks/%d", js(`{"name": "Renamed"}`)),
		"DELETE /api/v1/me/clocks/{id}":        path("/api/v1/me/clocks/%d", nil),
		"POST /api/v1/me/clocks/{id}/setbacks": path("/api/v1/me/clocks/%d/setbacks", js(`{"on": "2026-01-05"}`)),
		"DELETE /api/v1/me/clocks/{id}/setbacks/{setback}": func(c matrixCaller) (string, url.Values) {
			p, _ := samples["POST /recovery/clocks/{id}/setbacks/{setback}/undo"](c)
			return "/api/v1/me" + strings.TrimSuffix(strings.TrimPrefix(p, "/recovery"), "/undo"), nil
		},
		"GET /api/v1/me/check-ins/{date}": func(c matrixCaller) (string, url.Values) {
			today := hearth.Today(ts.clock.Now(), time.UTC)
			if c.acct != nil {
				ts.store.SaveCheckIn(as(c.acct), &hearth.CheckIn{On: today, Mood: 3, Craving: -1, SleepTenths: -1}, today)
			}
			return "/api/v1/me/check-ins/" + today.String(), nil
		},
		"PUT /api/v1/me/check-ins/{date}": func(c matrixCaller) (string, url.Values) {
			return "/api/v1/me/check-ins/" + hearth.Today(ts.clock.Now(), time.UTC).String(), js(`{"mood": 4}`)
		},
		"POST /api/v1/me/partners": func(matrixCaller) (string, url.Values) {
			return "/api/v1/me/partners", js(`{"signin_name": "` + someone().Handle + `"}`)
		},
		"GET /api/v1/me/partners/{id}":    partner("/api/v1/me/partners/%d", nil),
		"DELETE /api/v1/me/partners/{id}": partner("/api/v1/me/partners/%d", nil),
		"POST /api/v1/me/partners/{id}/answer": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/api/v1/me/partners/%d/answer", partnership(c, false, true)), js(`{"accept": true}`)
		},
		"PUT /api/v1/me/partners/{id}/sharing": partner("/api/v1/me/partners/%d/sharing", js(`{"clocks": true}`)),
		"POST /api/v1/me/partners/{id}/nudge":  partner("/api/v1/me/partners/%d/nudge", nil),
		"POST /recovery/congratulate": func(c matrixCaller) (string, url.Values) {
			if c.acct == nil {
				return "/recovery/congratulate", url.Values{"clock": {"1"}, "on": {"2026-01-01"}}
			}
			// A partner's count, to celebrate.
			other := someone()
			p, err := ts.store.InvitePartner(as(c.acct), other.Handle)
			if err != nil {
				t.Fatal(err)
			}
			if err := ts.store.AnswerInvitation(as(other), p.ID, true); err != nil {
				t.Fatal(err)
			}
			today := hearth.Today(ts.clock.Now(), time.UTC)
			k := &hearth.Clock{Kind: hearth.ClockOther, Name: "Theirs", Start: today.AddDays(-30), Schedule: "aa",
				Visibility: hearth.VisibleToSupporters, Celebrate: true}
			if err := ts.store.CreateClock(as(other), k, today); err != nil {
				t.Fatal(err)
			}
			return "/recovery/congratulate", url.Values{"clock": {itoa(k.ID)}, "on": {today.String()}, "return": {"/recovery/partners"}}
		},
		"POST /api/v1/me/congratulations": func(c matrixCaller) (string, url.Values) {
			_, form := samples["POST /recovery/congratulate"](c)
			return "/api/v1/me/congratulations", js(`{"clock": ` + form.Get("clock") + `, "on": "` + form.Get("on") + `"}`)
		},
		"POST /check-in": func(c matrixCaller) (string, url.Values) {
			return "/check-in", url.Values{"on": {hearth.Today(ts.clock.Now(), time.UTC).String()}, "mood": {"3"}}
		},
	})
	return samples
}

// journalSamples are the matrix's requests to a member's journal: each
// caller acts on an entry of their own, made fresh for each request.
func journalSamples(t *testing.T, ts *testServer) map[string]routeSample {
	entry := func(c matrixCaller) int64 {
		if c.acct == nil {
			return 1
		}
		today := hearth.Today(ts.clock.Now(), time.UTC)
		j := &hearth.JournalEntry{On: today, Title: "Matrix", Body: "A matrix entry."}
		if err := ts.store.CreateEntry(as(c.acct), j, today); err != nil {
			t.Fatal(err)
		}
		return j.ID
	}
	path := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, entry(c)), form }
	}
	entryForm := url.Values{"on": {"2026-01-01"}, "title": {"Matrix"}, "body": {"A matrix entry."}}
	return map[string]routeSample{
		"GET /recovery/journal":              func(matrixCaller) (string, url.Values) { return "/recovery/journal?q=matrix", nil },
		"POST /recovery/journal":             func(matrixCaller) (string, url.Values) { return "/recovery/journal", entryForm },
		"GET /recovery/journal/{id}":         path("/recovery/journal/%d", nil),
		"GET /recovery/journal/{id}/edit":    path("/recovery/journal/%d/edit", nil),
		"POST /recovery/journal/{id}/edit":   path("/recovery/journal/%d/edit", entryForm),
		"GET /recovery/journal/{id}/delete":  path("/recovery/journal/%d/delete", nil),
		"POST /recovery/journal/{id}/delete": path("/recovery/journal/%d/delete", url.Values{}),
		"POST /api/v1/me/journal": func(matrixCaller) (string, url.Values) {
			return "/api/v1/me/journal", url.Values{"json": {`{"body": "A matrix entry."}`}}
		},
		"GET /api/v1/me/journal/{id}":    path("/api/v1/me/journal/%d", nil),
		"PATCH /api/v1/me/journal/{id}":  path("/api/v1/me/journal/%d", url.Values{"json": {`{"title": "Renamed"}`}}),
		"DELETE /api/v1/me/journal/{id}": path("/api/v1/me/journal/%d", nil),
	}
}

// sponsorSamples are the matrix's requests to sponsorship: each caller
// offers to sponsor with a count of their own, and acts on a sponsorship
// they are in, made fresh with someone new for requests that change it.
func sponsorSamples(t *testing.T, ts *testServer) map[string]routeSample {
	n := 0
	// newcomer is a new member with no session.
	newcomer := func() *hearth.Account {
		n++
		a := &hearth.Account{Handle: fmt.Sprintf("matrix-guide.%04d", n), DisplayName: "Guide", Language: "en",
			TimeZone: "UTC", Role: hearth.RoleMember}
		if err := ts.store.CreateAccount(context.Background(), hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	today := func() hearth.Date { return hearth.Today(ts.clock.Now(), time.UTC) }
	// offer makes a a sponsor in aa with room, once.
	offered := map[int64]int64{}
	offer := func(a *hearth.Account) int64 {
		if k, ok := offered[a.ID]; ok {
			return k
		}
		k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Years", Start: today().AddMonths(-30), Schedule: "aa", Visibility: hearth.VisibleToMe}
		if err := ts.store.CreateClock(as(a), k, today()); err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SaveSponsorProfile(as(a), &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: k.ID,
			Languages: []string{"en"}, TimeZone: "UTC", Ways: []string{hearth.WayCalls}, Capacity: 10}, today()); err != nil {
			t.Fatal(err)
		}
		offered[a.ID] = k.ID
		return k.ID
	}
	// sponsorship makes a sponsorship of the caller's with someone new:
	// the caller asked, or was asked; accepted or not yet answered. (A
	// member has one sponsor per program, and a sponsor up to ten.)
	sponsorship := func(c matrixCaller, accepted, asked bool) int64 {
		if c.acct == nil {
			return 1
		}
		other := newcomer()
		sponsor, sponsee := other, c.acct
		if asked {
			sponsor, sponsee = c.acct, other
		}
		offer(sponsor)
		sp, err := ts.store.RequestSponsor(as(sponsee), sponsor.ID, "aa", "matrix")
		if err != nil {
			t.Fatal(err)
		}
		if accepted {
			if err := ts.store.AnswerSponsorRequest(as(sponsor), sp.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		return sp.ID
	}
	active := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf(format, sponsorship(c, true, true)), form
		}
	}
	js := func(body string) url.Values { return url.Values{"json": {body}} }
	offerForm := func(c matrixCaller) url.Values {
		k := int64(1)
		if c.acct != nil {
			k = offer(c.acct)
		}
		return url.Values{"clock": {itoa(k)}, "programs": {"aa"}, "languages": {"en"}, "time_zone": {"UTC"},
			"ways": {"calls"}, "capacity": {"10"}}
	}
	return map[string]routeSample{
		"GET /recovery/sponsors": func(matrixCaller) (string, url.Values) { return "/recovery/sponsors?program=aa&language=en", nil },
		"POST /recovery/sponsors/offer": func(c matrixCaller) (string, url.Values) {
			return "/recovery/sponsors/offer", offerForm(c)
		},
		"POST /recovery/sponsors/offer/pause": func(c matrixCaller) (string, url.Values) {
			if c.acct != nil {
				offer(c.acct)
			}
			return "/recovery/sponsors/offer/pause", url.Values{"paused": {"0"}}
		},
		"GET /recovery/sponsors/{id}/ask": func(matrixCaller) (string, url.Values) {
			s := newcomer()
			offer(s)
			return fmt.Sprintf("/recovery/sponsors/%d/ask?program=aa", s.ID), nil
		},
		"POST /recovery/sponsors/{id}/ask": func(matrixCaller) (string, url.Values) {
			s := newcomer()
			offer(s)
			return fmt.Sprintf("/recovery/sponsors/%d/ask", s.ID), url.Values{"program": {"aa"}, "message": {"Hello"}}
		},
		"GET /recovery/sponsorships/{id}": active("/recovery/sponsorships/%d", nil),
		"POST /recovery/sponsorships/{id}/answer": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/recovery/sponsorships/%d/answer", sponsorship(c, false, true)), url.Values{"answer": {"accept"}}
		},
		"POST /recovery/sponsorships/{id}/cadence":   active("/recovery/sponsorships/%d/cadence", url.Values{"every": {"7"}, "cadence_way": {"call"}}),
		"POST /recovery/sponsorships/{id}/check-ins": active("/recovery/sponsorships/%d/check-ins", url.Values{"on": {today().String()}, "way": {"call"}}),
		"GET /recovery/sponsorships/{id}/end":        active("/recovery/sponsorships/%d/end", nil),
		"POST /recovery/sponsorships/{id}/end":       active("/recovery/sponsorships/%d/end", url.Values{"thanks": {"Thank you"}}),
		"GET /api/v1/me/sponsor-profile": func(c matrixCaller) (string, url.Values) {
			if c.acct != nil {
				offer(c.acct)
			}
			return "/api/v1/me/sponsor-profile", nil
		},
		"PUT /api/v1/me/sponsor-profile": func(c matrixCaller) (string, url.Values) {
			f := offerForm(c)
			return "/api/v1/me/sponsor-profile", js(`{"clock": ` + f.Get("clock") + `, "programs": ["aa"], "languages": ["en"], "time_zone": "UTC", "ways": ["calls"], "capacity": 10}`)
		},
		"PUT /api/v1/me/sponsor-profile/paused": func(c matrixCaller) (string, url.Values) {
			if c.acct != nil {
				offer(c.acct)
			}
			return "/api/v1/me/sponsor-profile/paused", js(`{"paused": false}`)
		},
		"GET /api/v1/me/sponsor-matches": func(matrixCaller) (string, url.Values) { return "/api/v1/me/sponsor-matches?program=aa", nil },
		"POST /api/v1/me/sponsorships": func(matrixCaller) (string, url.Values) {
			s := newcomer()
			offer(s)
			return "/api/v1/me/sponsorships", js(fmt.Sprintf(`{"sponsor": %d, "program": "aa", "message": "Hello"}`, s.ID))
		},
		"GET /api/v1/me/sponsorships/{id}": active("/api/v1/me/sponsorships/%d", nil),
		"POST /api/v1/me/sponsorships/{id}/answer": func(c matrixCaller) (string, url.Values) {
			return fmt.Sprintf("/api/v1/me/sponsorships/%d/answer", sponsorship(c, false, true)), js(`{"accept": false, "reason": "not_now"}`)
		},
		"PUT /api/v1/me/sponsorships/{id}/cadence":    active("/api/v1/me/sponsorships/%d/cadence", js(`{"days": 7, "way": "call"}`)),
		"POST /api/v1/me/sponsorships/{id}/check-ins": active("/api/v1/me/sponsorships/%d/check-ins", js(`{}`)),
		"POST /api/v1/me/sponsorships/{id}/end":       active("/api/v1/me/sponsorships/%d/end", js(`{"thanks": "Thank you"}`)),
	}
}
