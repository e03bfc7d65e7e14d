package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hearth/credential"
)

// TestSessionCookie: the session cookie is HttpOnly, SameSite=Lax and
// Path=/; behind a TLS proxy it is __Host-hearth_session and Secure.
func TestSessionCookie(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		tests := []struct {
			name       string
			cfg        Config
			cookieName string
			secure     bool
		}{
			{"plain http", Config{}, "hearth_session", false},
			{"behind a TLS proxy", Config{BehindTLSProxy: true}, "__Host-hearth_session", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ts := serve(t, open, withConfig(tt.cfg))
				c := ts.bareClient(t)
				r := c.post("/signup", url.Values{"pseudonym": {"Moss"}, "password": {testPassword}}).wantRedirect(t, "/welcome")
				k := r.setCookie(tt.cookieName)
				if k == nil {
					t.Fatalf("sign-up sets no %s cookie; it sets %v", tt.cookieName, r.header.Values("Set-Cookie"))
				}
				if !k.HttpOnly || k.SameSite != http.SameSiteLaxMode || k.Path != "/" || k.Domain != "" || k.Secure != tt.secure {
					t.Errorf("cookie %q: HttpOnly=%v SameSite=%v Path=%q Domain=%q Secure=%v; want HttpOnly, Lax, /, no domain, Secure=%v",
						k.Raw, k.HttpOnly, k.SameSite, k.Path, k.Domain, k.Secure, tt.secure)
				}
				if len(k.Value) < 22 {
					t.Errorf("session token %q is shorter than 128 bits in base64", k.Value)
				}
				// The cookie signs the browser in (sent by hand: a jar keeps
				// a Secure cookie off plain http).
				c.header.Set("Cookie", k.Name+"="+k.Value)
				c.get("/settings").wantStatus(t, http.StatusOK)
				hsts := c.get("/").header.Get("Strict-Transport-Security")
				if tt.secure && !strings.Contains(hsts, "max-age=") {
					t.Errorf("behind a TLS proxy, Strict-Transport-Security = %q", hsts)
				}
				if !tt.secure && hsts != "" {
					t.Errorf("over plain http, Strict-Transport-Security = %q", hsts)
				}
			})
		}
	})
}

// TestSessionLifecycle: a new token at each sign-in; idle and absolute
// lifetimes; a password change ends the other sessions only; sign out
// everywhere; signing out clears the browser and kills the cookie.
func TestSessionLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		cfg := Config{SessionIdle: 2 * time.Hour, SessionMax: 5 * time.Hour}
		ts := serve(t, open, withConfig(cfg))
		cookie := ts.srv.cookieName()

		t.Run("new token at each sign-in", func(t *testing.T) {
			m := ts.signUp(t, "Aspen")
			seen := map[string]bool{m.cookie(cookie): true}
			for range 2 {
				c := ts.signIn(t, m.handle, m.password)
				v := c.cookie(cookie)
				if v == "" || seen[v] {
					t.Fatalf("sign-in gave session token %q, seen before or empty", v)
				}
				seen[v] = true
			}
			// A browser that brings a token of its own gets a new one.
			c := ts.withCookie(t, cookie, "planted-by-someone-else")
			c.post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}}).wantRedirect(t, "/")
			if v := c.cookie(cookie); v == "planted-by-someone-else" || seen[v] {
				t.Errorf("sign-in kept the token %q", v)
			}
		})

		t.Run("idle lifetime", func(t *testing.T) {
			m := ts.signUp(t, "Birch")
			for range 2 {
				ts.clock.Advance(90 * time.Minute) // less than the idle 2h since the last visit
				if !m.signedIn() {
					t.Fatal("a session in use expired")
				}
			}
			ts.clock.Advance(2*time.Hour + time.Minute)
			r := m.get("/settings").wantRedirect(t, "/signin?next=%2Fsettings")
			if k := r.setCookie(cookie); k == nil || k.MaxAge >= 0 {
				t.Errorf("an expired session's cookie is not cleared: %v", r.header.Values("Set-Cookie"))
			}
		})

		t.Run("absolute lifetime", func(t *testing.T) {
			m := ts.signUp(t, "Cedar")
			for range 3 {
				ts.clock.Advance(90 * time.Minute) // 4h30 in all: within 5h
				if !m.signedIn() {
					t.Fatal("a session in use expired before its absolute end")
				}
			}
			ts.clock.Advance(90 * time.Minute) // 6h: past 5h, though idle only 90 minutes
			if m.signedIn() {
				t.Fatal("a session outlived its absolute lifetime")
			}
		})

		t.Run("password change ends the other sessions", func(t *testing.T) {
			m := ts.signUp(t, "Dogwood")
			other := ts.signIn(t, m.handle, m.password)
			const newPassword = "the kettle sings at seven"
			r := m.post("/settings/password", url.Values{"current_password": {m.password}, "new_password": {newPassword}}).
				wantRedirect(t, "/settings/password")
			if r.setCookie(cookie) != nil {
				t.Errorf("changing the password touched this browser's session cookie: %v", r.header.Values("Set-Cookie"))
			}
			if !m.signedIn() {
				t.Error("changing the password ended this session")
			}
			if other.signedIn() {
				t.Error("changing the password left another session alive")
			}
			ts.client(t).post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}}).wantStatus(t, http.StatusUnauthorized)
			ts.signIn(t, m.handle, newPassword)
		})

		t.Run("sign out everywhere", func(t *testing.T) {
			m := ts.signUp(t, "Elm")
			others := []*testClient{ts.signIn(t, m.handle, m.password), ts.signIn(t, m.handle, m.password)}
			page := m.get("/settings/sessions").wantStatus(t, http.StatusOK)
			if n := len(sessionIDs(page.body)); n != 3 {
				t.Errorf("/settings/sessions lists %d sessions, want 3", n)
			}
			r := m.post("/settings/sessions/end-all", nil).wantRedirect(t, "/signin")
			if r.header.Get("Clear-Site-Data") == "" {
				t.Error("signing out everywhere sends no Clear-Site-Data")
			}
			for i, c := range append(others, m.testClient) {
				if c.signedIn() {
					t.Errorf("session %d survived signing out everywhere", i)
				}
			}
		})

		t.Run("end one session", func(t *testing.T) {
			m := ts.signUp(t, "Fir")
			other := ts.signIn(t, m.handle, m.password)
			ids := sessionIDs(m.get("/settings/sessions").wantStatus(t, http.StatusOK).body)
			otherIDs := sessionIDs(other.get("/settings/sessions").wantStatus(t, http.StatusOK).body)
			if len(ids) != 2 || len(otherIDs) != 2 {
				t.Fatalf("sessions listed: %v and %v, want 2 each", ids, otherIDs)
			}
			// The one the other browser calls "this" is ended from here.
			var theirs int64
			for _, id := range ids {
				if id != sessionOfPage(t, m.testClient) {
					theirs = id
				}
			}
			m.post("/settings/sessions/"+strconv.FormatInt(theirs, 10)+"/end", nil).wantRedirect(t, "/settings/sessions")
			if other.signedIn() {
				t.Error("the ended session still works")
			}
			if !m.signedIn() {
				t.Error("ending another session ended this one")
			}
		})

		t.Run("sign out", func(t *testing.T) {
			m := ts.signUp(t, "Gorse")
			token := m.cookie(cookie)
			r := m.post("/signout", nil).wantRedirect(t, "/")
			if csd := r.header.Get("Clear-Site-Data"); !strings.Contains(csd, `"cache"`) {
				t.Errorf("Clear-Site-Data = %q, want it to clear the cache", csd)
			}
			if k := r.setCookie(cookie); k == nil || k.MaxAge >= 0 || k.Value != "" {
				t.Errorf("sign-out does not clear the session cookie: %v", r.header.Values("Set-Cookie"))
			}
			if m.signedIn() {
				t.Error("still signed in after signing out")
			}
			if ts.withCookie(t, cookie, token).signedIn() {
				t.Error("the old session cookie still works after signing out")
			}
		})
	})
}

var sessionEndRE = regexp.MustCompile(`/settings/sessions/([0-9]+)/end`)

// sessionIDs lists the session IDs on a sessions page.
func sessionIDs(body string) []int64 {
	var out []int64
	for _, m := range sessionEndRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// sessionOfPage is the ID of the session marked "this browser".
func sessionOfPage(t *testing.T, c *testClient) int64 {
	t.Helper()
	body := c.get("/settings/sessions").wantStatus(t, http.StatusOK).body
	items := strings.Split(body, "<li>")
	for _, it := range items {
		if strings.Contains(it, `class="badge"`) {
			if ids := sessionIDs(it); len(ids) == 1 {
				return ids[0]
			}
		}
	}
	t.Fatalf("the sessions page marks no session as this one:\n%s", clip(body))
	return 0
}

// TestDeleteAccount: a wrong password keeps the account; the right one
// erases it, signs out and clears the browser, and the old sign-in fails
// as any failed sign-in does.
func TestDeleteAccount(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Hazel")
		token := m.cookie(ts.srv.cookieName())

		r := m.post("/settings/delete", url.Values{"password": {"not my password"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.password.wrong")) {
			t.Errorf("a wrong password: the page does not say %q", en("error.password.wrong"))
		}
		if strings.Contains(r.body, "not my password") {
			t.Error("the delete page echoes the password")
		}
		if !m.signedIn() {
			t.Fatal("a refused deletion signed the member out")
		}
		ts.signIn(t, m.handle, m.password)

		r = m.post("/settings/delete", url.Values{"password": {m.password}}).wantRedirect(t, "/")
		if r.header.Get("Clear-Site-Data") == "" {
			t.Error("deleting the account sends no Clear-Site-Data")
		}
		if k := r.setCookie(ts.srv.cookieName()); k == nil || k.MaxAge >= 0 {
			t.Errorf("deleting the account does not clear the session cookie: %v", r.header.Values("Set-Cookie"))
		}
		if m.signedIn() || ts.withCookie(t, ts.srv.cookieName(), token).signedIn() {
			t.Error("still signed in after deleting the account")
		}
		gone := ts.client(t).post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}}).wantStatus(t, http.StatusUnauthorized)
		never := "q" + m.handle[1:]
		nobody := ts.client(t).post("/signin", url.Values{"handle": {never}, "password": {m.password}})
		sameAnswer(t, "sign-in of a deleted vs a never-made name", gone, nobody, []string{m.handle}, []string{never})
		if !strings.Contains(gone.body, en("error.signin_failed")) {
			t.Errorf("signing in to a deleted account does not say %q", en("error.signin_failed"))
		}
	})
}

// TestRehashAtSignIn: a password stored with older hashing parameters is
// hashed anew when its member signs in, and that ends nothing: the
// member's other sessions and API tokens go on working.
func TestRehashAtSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Juniper")
		older, err := credential.NewHasher(credential.HasherConfig{Params: credential.Params{Memory: 19 * 1024, Time: 3, Threads: 1, SaltLen: 16, KeyLen: 32}})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		stored, err := older.Hash(ctx, m.password)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.store.SetPassword(ctx, m.acct.ID, stored, 0); err != nil {
			t.Fatal(err)
		}
		other, _ := ts.mintSession(t, m.acct.ID)
		token, _ := ts.mintToken(t, m.acct.ID)

		ts.signIn(t, m.handle, m.password)

		if h, _ := ts.store.PasswordHash(ctx, m.acct.ID); h == stored {
			t.Error("signing in did not hash the password anew")
		}
		if !other.signedIn() {
			t.Error("hashing the password anew ended another session")
		}
		ts.bearer(t, token).get("/api/v1/me").wantStatus(t, http.StatusOK)
		ts.signIn(t, m.handle, m.password)
	})
}
