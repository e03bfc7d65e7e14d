package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth"
)

// wisdomSamples are the authorization matrix's requests to the library:
// each caller edits and deletes a strategy of their own, and marks one
// somebody else wrote.
func wisdomSamples(t *testing.T, ts *testServer, author *testMember) map[string]routeSample {
	other := &hearth.Strategy{Language: "en", Title: "Matrix", Body: "A matrix strategy.", Tags: []string{"stress"}}
	if err := ts.store.CreateStrategy(as(author.acct), other); err != nil {
		t.Fatal(err)
	}
	own := func(c matrixCaller) int64 {
		if c.acct == nil {
			return other.ID
		}
		st := &hearth.Strategy{Language: "en", Title: "Mine", Body: "A strategy of my own.", Tags: []string{"work"}}
		if err := ts.store.CreateStrategy(as(c.acct), st); err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	mine := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, own(c)), form }
	}
	theirs := func(format string, form url.Values) routeSample {
		return func(c matrixCaller) (string, url.Values) { return fmt.Sprintf(format, other.ID), form }
	}
	form := url.Values{"title": {"Matrix"}, "body": {"A matrix strategy."}, "tags": {"stress"}, "language": {"en"}}
	return map[string]routeSample{
		"GET /wisdom":              func(matrixCaller) (string, url.Values) { return "/wisdom?q=matrix&tag=stress", nil },
		"POST /wisdom":             func(matrixCaller) (string, url.Values) { return "/wisdom", form },
		"GET /wisdom/{id}":         theirs("/wisdom/%d", nil),
		"GET /wisdom/{id}/edit":    mine("/wisdom/%d/edit", nil),
		"POST /wisdom/{id}/edit":   mine("/wisdom/%d/edit", form),
		"GET /wisdom/{id}/delete":  mine("/wisdom/%d/delete", nil),
		"POST /wisdom/{id}/delete": mine("/wisdom/%d/delete", url.Values{}),
		"POST /wisdom/{id}/helped": theirs("/wisdom/%d/helped", url.Values{"helped": {"1"}}),
		"GET /wisdom/{id}/report":  theirs("/wisdom/%d/report", nil),
		"POST /wisdom/{id}/report": theirs("/wisdom/%d/report", url.Values{"reason": {"spam"}}),
		// Each call hides a strategy of its own.
		"POST /wisdom/{id}/moderate": func(matrixCaller) (string, url.Values) {
			st := &hearth.Strategy{Language: "en", Title: "Hide me", Body: "To be hidden.", Tags: []string{"stress"}}
			if err := ts.store.CreateStrategy(as(author.acct), st); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/wisdom/%d/moderate", st.ID), url.Values{"action": {"hide"}, "reason": {"Matrix"}}
		},
		"GET /api/v1/strategies": func(matrixCaller) (string, url.Values) { return "/api/v1/strategies?q=matrix", nil },
		"POST /api/v1/strategies": func(matrixCaller) (string, url.Values) {
			return "/api/v1/strategies", url.Values{"json": {`{"title": "Matrix", "body": "A body.", "tags": ["stress"]}`}}
		},
		"GET /api/v1/strategies/{id}":           theirs("/api/v1/strategies/%d", nil),
		"PATCH /api/v1/strategies/{id}":         mine("/api/v1/strategies/%d", url.Values{"json": {`{"title": "Renamed"}`}}),
		"DELETE /api/v1/strategies/{id}":        mine("/api/v1/strategies/%d", nil),
		"PUT /api/v1/strategies/{id}/helped":    theirs("/api/v1/strategies/%d/helped", nil),
		"DELETE /api/v1/strategies/{id}/helped": theirs("/api/v1/strategies/%d/helped", nil),
	}
}

// TestStrategyReport: a member reports a strategy; it is in the site
// admins' queue, pointing at it, without the reporter; a member's own
// share goes into the library from its words, another's does not.
func TestStrategyReport(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		author, reader, admin := ts.signUp(t, "Author"), ts.signUp(t, "Reader"), ts.signUp(t, "Admin")
		if err := ts.store.SetRole(context.Background(), admin.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		st := &hearth.Strategy{Language: "en", Title: "Call before midnight", Body: "Phone a friend.", Tags: []string{"night"}}
		if err := ts.store.CreateStrategy(as(author.acct), st); err != nil {
			t.Fatal(err)
		}
		path := strategyPath(st.ID)
		if !strings.Contains(reader.get(path).body, `href="`+path+`/report"`) {
			t.Fatal("the strategy's page has no link to report it")
		}
		r := reader.post(path+"/report", url.Values{"note": {"Looks like an advert"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "Looks like an advert") {
			t.Error("a report without a reason lost the note typed")
		}
		reader.post(path+"/report", url.Values{"reason": {"spam"}, "note": {"Looks like an advert"}}).wantRedirect(t, path)
		queue := admin.get("/admin/reports").wantStatus(t, http.StatusOK).body
		if !strings.Contains(queue, "Call before midnight") || !strings.Contains(queue, `href="`+path+`"`) || strings.Contains(queue, "Reader") {
			t.Errorf("the site queue does not show the report as it should:\n%s", clip(queue))
		}

		g := ts.makeGroup(t, author.acct, hearth.Group{Slug: "library-room"})
		sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare, Title: "Tea at ten", Body: "A cup of tea at ten helps me sleep."}
		if err := ts.store.CreateShare(as(author.acct), sh); err != nil {
			t.Fatal(err)
		}
		form := author.get(fmt.Sprintf("/wisdom/new?share=%d", sh.ID)).wantStatus(t, http.StatusOK).body
		if !strings.Contains(form, "A cup of tea at ten helps me sleep.") {
			t.Error("saving a share into the library does not start from its words")
		}
		other := &hearth.Strategy{Language: "en", Title: "Not mine", Body: "Taken.", Tags: []string{"night"}}
		err := ts.store.SaveShareAsStrategy(as(reader.acct), sh.ID, other)
		if hearth.ErrorCode(err) != hearth.EFORBIDDEN {
			t.Errorf("saving another's share: %v, want EFORBIDDEN", err)
		}
	})
}

// TestStrategyAuthorization holds every action on a strategy to who may
// take it: a visitor (no account), a member, the strategy's author, a
// trusted servant of a group, a site admin, and a member the author has
// blocked. Only the author edits and deletes; everyone but the author
// marks it; only site admins moderate (a group's servants have no say
// over the library).
//
// HOOK(blocks): blocks come with the moderation work. A strategy never
// shows who wrote it or who marked it, so a block (which keeps two
// members apart) changes nothing here yet; the "blocked" row says so,
// and is where a change would show.
func TestStrategyAuthorization(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ctx := context.Background()
		author := ts.signUp(t, "Willow Author")
		member := ts.signUp(t, "Aspen Member")
		servant := ts.signUp(t, "Cedar Servant")
		adm := ts.signUp(t, "Rowan Admin")
		blocked := ts.signUp(t, "Hazel Blocked")
		if err := ts.store.SetRole(ctx, adm.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		g := ts.makeGroup(t, author.acct, hearth.Group{Slug: "wisdom-servants"})
		ts.setRole(t, g, servant.acct, hearth.GroupServant)

		fresh := func() int64 {
			st := &hearth.Strategy{Language: "en", Title: "Call a friend", Body: "Pick up the phone before it gets loud.", Tags: []string{"craving"}}
			if err := ts.store.CreateStrategy(as(author.acct), st); err != nil {
				t.Fatal(err)
			}
			return st.ID
		}
		form := url.Values{"title": {"Call a friend"}, "body": {"Pick up the phone."}, "tags": {"craving"}, "language": {"en"}}
		type action struct {
			name   string
			method string
			path   string // %d is a fresh strategy of the author's
			form   url.Values
			json   string
		}
		actions := []action{
			{"list", "GET", "/wisdom", nil, ""},
			{"search", "GET", "/wisdom?q=phone", nil, ""},
			{"read", "GET", "/wisdom/%d", nil, ""},
			{"new form", "GET", "/wisdom/new", nil, ""},
			{"add", "POST", "/wisdom", form, ""},
			{"edit form", "GET", "/wisdom/%d/edit", nil, ""},
			{"edit", "POST", "/wisdom/%d/edit", form, ""},
			{"delete form", "GET", "/wisdom/%d/delete", nil, ""},
			{"delete", "POST", "/wisdom/%d/delete", url.Values{}, ""},
			{"mark helped", "POST", "/wisdom/%d/helped", url.Values{"helped": {"1"}}, ""},
			{"unmark helped", "POST", "/wisdom/%d/helped", url.Values{"helped": {"0"}}, ""},
			{"hide", "POST", "/wisdom/%d/moderate", url.Values{"action": {"hide"}, "reason": {"Off topic"}}, ""},
			{"remove", "POST", "/wisdom/%d/moderate", url.Values{"action": {"remove"}, "reason": {"Spam"}}, ""},
			{"api list", "GET", "/api/v1/strategies?tag=craving", nil, ""},
			{"api read", "GET", "/api/v1/strategies/%d", nil, ""},
			{"api add", "POST", "/api/v1/strategies", nil, `{"title": "Walk", "body": "Around the block.", "tags": ["craving"]}`},
			{"api edit", "PATCH", "/api/v1/strategies/%d", nil, `{"title": "Renamed"}`},
			{"api delete", "DELETE", "/api/v1/strategies/%d", nil, ""},
			{"api mark", "PUT", "/api/v1/strategies/%d/helped", nil, ""},
			{"api unmark", "DELETE", "/api/v1/strategies/%d/helped", nil, ""},
		}
		const redirect, signIn = http.StatusSeeOther, -1 // signIn: sent to sign in
		// want[action][role]
		want := map[string]map[string]int{}
		set := func(action string, visitor, member, author, servant, admin, blocked int) {
			want[action] = map[string]int{"visitor": visitor, "member": member, "author": author, "servant": servant, "admin": admin, "blocked": blocked}
		}
		ok, created, none, no, forbidden := http.StatusOK, http.StatusCreated, http.StatusNoContent, http.StatusUnauthorized, http.StatusForbidden
		// What members write is for members (TRUST.md): a visitor is
		// asked to sign in, the API says who may read.
		set("list", signIn, ok, ok, ok, ok, ok)
		set("search", signIn, ok, ok, ok, ok, ok)
		set("read", signIn, ok, ok, ok, ok, ok)
		set("new form", signIn, ok, ok, ok, ok, ok)
		set("add", no, redirect, redirect, redirect, redirect, redirect)
		set("edit form", signIn, forbidden, ok, forbidden, forbidden, forbidden)
		set("edit", no, forbidden, redirect, forbidden, forbidden, forbidden)
		set("delete form", signIn, forbidden, ok, forbidden, forbidden, forbidden)
		set("delete", no, forbidden, redirect, forbidden, forbidden, forbidden)
		set("mark helped", no, redirect, forbidden, redirect, redirect, redirect)
		set("unmark helped", no, redirect, forbidden, redirect, redirect, redirect)
		set("hide", no, forbidden, forbidden, forbidden, redirect, forbidden)
		set("remove", no, forbidden, forbidden, forbidden, redirect, forbidden)
		set("api list", no, ok, ok, ok, ok, ok)
		set("api read", no, ok, ok, ok, ok, ok)
		set("api add", no, created, created, created, created, created)
		set("api edit", no, forbidden, ok, forbidden, forbidden, forbidden)
		set("api delete", no, forbidden, none, forbidden, forbidden, forbidden)
		set("api mark", no, none, forbidden, none, none, none)
		set("api unmark", no, none, forbidden, none, none, none)

		accounts := map[string]*hearth.Account{"member": member.acct, "author": author.acct, "servant": servant.acct,
			"admin": ts.account(t, adm.handle), "blocked": blocked.acct}
		for _, a := range actions {
			for _, role := range []string{"visitor", "member", "author", "servant", "admin", "blocked"} {
				t.Run(a.name+"/"+role, func(t *testing.T) {
					id := fresh()
					path := a.path
					if strings.Contains(path, "%d") {
						path = fmt.Sprintf(path, id)
					}
					api := strings.HasPrefix(path, "/api/")
					c := ts.client(t)
					if acct := accounts[role]; acct != nil {
						if api {
							token, _ := ts.mintToken(t, acct.ID)
							c = ts.bearer(t, token)
						} else {
							c, _ = ts.mintSession(t, acct.ID)
						}
					}
					var r *response
					switch {
					case a.method == "GET":
						r = c.get(path)
					case api:
						r = c.do(a.method, path, strings.NewReader(a.json), http.Header{"Content-Type": {"application/json"}})
					default:
						r = c.post(path, a.form)
					}
					switch w := want[a.name][role]; w {
					case signIn:
						r.wantRedirect(t, "/signin?next="+url.QueryEscape(path))
					default:
						r.wantStatus(t, w)
					}
					// What was refused changed nothing.
					if r.status == forbidden || r.status == no {
						st, err := ts.store.Strategy(as(author.acct), id)
						if err != nil || st.Title != "Call a friend" || st.Hidden || st.Helped != 0 {
							t.Errorf("a refused %s by %s changed the strategy: %+v, %v", a.name, role, st, err)
						}
					}
				})
			}
		}
	})
}

// TestStrategyForm: bad input is refused with a clear message in the
// member's language, and the form keeps what they typed (mended where it
// had to be mended); nothing is saved until it is right.
func TestStrategyForm(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Juniper")
		for _, tc := range []struct {
			name, title, body, key string
			wantBody               string // the body the form shows again
		}{
			{"script", "Breathe", "Slowly <script>alert('x')</script>", "error.strategy.markup", "Slowly <script>alert('x')</script>"},
			{"iframe", "Breathe <iframe src=//evil>", "Slowly.", "error.strategy.markup", "Slowly."},
			{"homoglyph", "Fr\u0435\u0435 h\u0435lp", "Slowly.", "error.strategy.mixed_script", "Slowly."},
			{"zero-width", "Breathe", "In\u200b for four,\u200d out for four.", "error.strategy.invisible", "In for four, out for four."},
			{"oversized", "Breathe", strings.Repeat("Slowly. ", 600), "error.strategy.body_long", strings.Repeat("Slowly. ", 600)},
			{"invalid UTF-8", "Breathe", "In \xff out", "error.strategy.encoding", "In \uFFFD out"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := m.post("/wisdom", url.Values{"title": {tc.title}, "body": {tc.body}, "tags": {"anxiety", "night"}, "language": {"en"}}).
					wantStatus(t, http.StatusUnprocessableEntity)
				if !strings.Contains(r.body, en(tc.key)) {
					t.Errorf("the form does not say %q:\n%s", en(tc.key), clip(r.body))
				}
				if body := elementText(r.body, "f-body"); body != strings.TrimRight(tc.wantBody, " ") && body != tc.wantBody {
					t.Errorf("the body shown again: %q, want %q", body, tc.wantBody)
				}
				if v, _ := inputValue(r.body, "title"); tc.key != "error.strategy.invisible" && v != tc.title {
					t.Errorf("the title shown again: %q, want %q", v, tc.title)
				}
				for _, tag := range []string{"anxiety", "night"} {
					if !strings.Contains(r.body, `value="`+tag+`" checked`) {
						t.Errorf("the situation %s is no longer chosen", tag)
					}
				}
			})
		}
		list, _, err := ts.store.Strategies(as(m.acct), hearth.StrategyFilter{Mine: true})
		if err != nil || len(list) != 0 {
			t.Fatalf("bad input saved %d strategies (%v)", len(list), err)
		}
		// In Spanish, the message is in Spanish.
		ts.store.UpdateAccount(context.Background(), m.acct.ID, hearth.AccountUpdate{Language: ptr("es")})
		r := m.post("/wisdom", url.Values{"title": {"Respirar"}, "body": {""}, "tags": {"anxiety"}, "language": {"es"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, es("error.strategy.body_required")) {
			t.Errorf("the Spanish form does not say %q", es("error.strategy.body_required"))
		}
		// Right, it is saved and shown as plain text.
		r = m.post("/wisdom", url.Values{"title": {"Respirar <b>hondo</b>"}, "body": {"Cuatro tiempos.\nDe noche también."}, "tags": {"anxiety", "night"}, "language": {"es"}})
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/wisdom/") {
			t.Fatalf("a good strategy: %d %s", r.status, loc)
		}
		page := m.get(loc).wantStatus(t, http.StatusOK).body
		if !strings.Contains(page, "Respirar &lt;b&gt;hondo&lt;/b&gt;") || !strings.Contains(page, "Cuatro tiempos.<br>De noche también.") {
			t.Errorf("the strategy page:\n%s", clip(page))
		}
	})
}

// TestWhatHelps: the library answers a question in either language, and
// the dashboard's "What helps right now?" gives a few strategies for the
// chosen situation, most helpful first, the member's language first.
func TestWhatHelps(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		author, m, other := ts.signUp(t, "Linden"), ts.signUp(t, "Maple"), ts.signUp(t, "Elm")
		add := func(lang, title, body string, tags ...string) *hearth.Strategy {
			st := &hearth.Strategy{Language: lang, Title: title, Body: body, Tags: tags}
			if err := ts.store.CreateStrategy(as(author.acct), st); err != nil {
				t.Fatal(err)
			}
			return st
		}
		for i, topic := range []string{"work", "family", "pain", "boredom", "holidays", "relationships"} {
			add([]string{"en", "es"}[i%2], "On "+topic, "Small steps with "+topic+".", topic)
		}
		nightEN := add("en", "Twenty minutes of tea", "When a craving comes late at night, make tea and wait twenty minutes.", "craving", "night")
		urgeEN := add("en", "Surf the urge", "Cravings rise and fall.", "craving")
		nightES := add("es", "Llamar de madrugada", "Si el antojo llega de noche, llama a tu madrina.", "craving", "night")
		if err := ts.store.MarkHelped(as(other.acct), urgeEN.ID, true); err != nil {
			t.Fatal(err)
		}

		r := m.get("/wisdom?q="+url.QueryEscape("What helps with cravings at night?")).wantStatus(t, http.StatusOK)
		found := listItems(r.body, "strategies")
		if len(found) < 3 || !strings.HasPrefix(found[0], nightEN.Title) {
			t.Errorf("English question found %q, want %q first", found, nightEN.Title)
		}
		ts.store.UpdateAccount(context.Background(), m.acct.ID, hearth.AccountUpdate{Language: ptr("es")})
		r = m.get("/wisdom?q="+url.QueryEscape("¿Qué ayuda con los antojos de noche?")).wantStatus(t, http.StatusOK)
		found = listItems(r.body, "strategies")
		if len(found) < 3 || !strings.HasPrefix(found[0], nightES.Title) {
			t.Errorf("Spanish question found %q, want %q first", found, nightES.Title)
		}

		// The dashboard: Spanish first, then the most helpful.
		r = m.get("/?situation=craving").wantStatus(t, http.StatusOK)
		helps := listItems(r.body, "helps-list")
		if len(helps) != 3 || !strings.HasPrefix(helps[0], nightES.Title) || !strings.HasPrefix(helps[1], urgeEN.Title) {
			t.Errorf("what helps with cravings: %q", helps)
		}
		r = m.get("/?words="+url.QueryEscape("no puedo dormir de noche")).wantStatus(t, http.StatusOK)
		if helps := listItems(r.body, "helps-list"); len(helps) == 0 || !strings.HasPrefix(helps[0], nightES.Title) {
			t.Errorf("what helps, in words: %q", helps)
		}
		r = m.get("/?situation=grief").wantStatus(t, http.StatusOK)
		if elementText(r.body, "helps-none") == "" {
			t.Error("no encouragement when nothing helps yet")
		}

		// Marking through the page counts once, and can be undone.
		path := strategyPath(nightEN.ID)
		m.post(path+"/helped", url.Values{"helped": {"1"}}).wantRedirect(t, path)
		m.post(path+"/helped", url.Values{"helped": {"1"}}).wantRedirect(t, path)
		if st, _ := ts.store.Strategy(as(m.acct), nightEN.ID); st.Helped != 1 || !st.HelpedMe {
			t.Errorf("marked twice: %+v", st)
		}
		m.post(path+"/helped", url.Values{"helped": {"0"}}).wantRedirect(t, path)
		if st, _ := ts.store.Strategy(as(m.acct), nightEN.ID); st.Helped != 0 {
			t.Errorf("unmarked: %+v", st)
		}

		// The API answers the same question.
		token, _ := ts.mintToken(t, m.acct.ID)
		api := ts.bearer(t, token).get("/api/v1/strategies?lang=en&sort=relevance&q="+url.QueryEscape("cravings at night")).wantStatus(t, http.StatusOK)
		var got APIStrategies
		if err := json.Unmarshal([]byte(api.body), &got); err != nil || len(got.Strategies) < 3 || got.Strategies[0].ID != nightEN.ID {
			t.Errorf("the API: %v %+v", err, got)
		}
	})
}
