package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hearth/i18n"
)

// TestBadInputKeepsWhatWasTyped: a form with a problem comes back with
// what was typed (never a password), says what is wrong in the member's
// language, and saves nothing.
func TestBadInputKeepsWhatWasTyped(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		ctx := context.Background()

		t.Run("sign-up with a short password, in Spanish", func(t *testing.T) {
			c := ts.client(t)
			c.header.Set("Accept-Language", "es-MX,es;q=0.9")
			r := c.post("/signup", url.Values{"pseudonym": {"Luna Nueva"}, "password": {"qz7Xw"}}).wantStatus(t, http.StatusUnprocessableEntity)
			if got := htmlLang(r.body); got != "es" {
				t.Errorf(`<html lang=%q>, want "es"`, got)
			}
			if v, _ := inputValue(r.body, "pseudonym"); v != "Luna Nueva" {
				t.Errorf("the pseudonym input holds %q, want what was typed", v)
			}
			if msg := elementText(r.body, "f-password-error"); msg != i18n.For("es").T("error.password.short") {
				t.Errorf("the password field says %q, want the Spanish %q", msg, i18n.For("es").T("error.password.short"))
			}
			if !strings.Contains(inputTag(r.body, "password"), `aria-invalid="true"`) {
				t.Errorf("the password input is not marked invalid: %s", inputTag(r.body, "password"))
			}
			if strings.Contains(r.body, "qz7Xw") {
				t.Error("the page echoes the password")
			}
			if n, _ := ts.store.CountAccounts(ctx); n != 0 {
				t.Errorf("a refused sign-up made %d accounts", n)
			}
		})

		t.Run("sign-up with a common password", func(t *testing.T) {
			r := ts.client(t).post("/signup", url.Values{"pseudonym": {"Sol"}, "password": {"password123"}}).wantStatus(t, http.StatusUnprocessableEntity)
			if msg := elementText(r.body, "f-password-error"); msg != i18n.For("en").T("error.password.common") {
				t.Errorf("the password field says %q, want %q", msg, i18n.For("en").T("error.password.common"))
			}
			if v, _ := inputValue(r.body, "pseudonym"); v != "Sol" {
				t.Errorf("the pseudonym input holds %q", v)
			}
		})

		t.Run("sign-up with a pseudonym too long and no password", func(t *testing.T) {
			long := strings.Repeat("ñ", 40)
			r := ts.client(t).post("/signup", url.Values{"pseudonym": {long}, "password": {""}}).wantStatus(t, http.StatusUnprocessableEntity)
			if elementText(r.body, "f-pseudonym-error") == "" || elementText(r.body, "f-password-error") == "" {
				t.Error("not every field at fault says what is wrong")
			}
			if v, _ := inputValue(r.body, "pseudonym"); v != long {
				t.Errorf("the pseudonym input holds %q", v)
			}
		})

		m := ts.signUp(t, "Ibis")

		t.Run("new password that is common", func(t *testing.T) {
			r := m.post("/settings/password", url.Values{"current_password": {m.password}, "new_password": {"password123"}}).
				wantStatus(t, http.StatusUnprocessableEntity)
			if msg := elementText(r.body, "f-new_password-error"); msg != i18n.For("en").T("error.password.common") {
				t.Errorf("the new password field says %q", msg)
			}
			if strings.Contains(r.body, m.password) || strings.Contains(r.body, "password123") {
				t.Error("the page echoes a password")
			}
			ts.signIn(t, m.handle, m.password)
		})

		t.Run("profile with an unknown time zone, in Spanish", func(t *testing.T) {
			m.post("/language", url.Values{"lang": {"es"}, "return": {"/settings"}}).wantRedirect(t, "/settings")
			before := ts.account(t, m.handle)
			form := url.Values{
				"display_name": {"Ibis Blanco"}, "pronouns": {"elle"}, "language": {"es"},
				"time_zone": {"Mars/Olympus_Mons"}, "country": {"MX"}, "email": {"ibis@example.org"},
			}
			r := m.post("/settings", form).wantStatus(t, http.StatusUnprocessableEntity)
			if got := htmlLang(r.body); got != "es" {
				t.Errorf(`<html lang=%q>, want "es"`, got)
			}
			if msg := elementText(r.body, "f-time_zone-error"); msg != i18n.For("es").T("error.time_zone.invalid") {
				t.Errorf("the time zone field says %q, want %q", msg, i18n.For("es").T("error.time_zone.invalid"))
			}
			for _, f := range []string{"display_name", "pronouns", "email"} {
				if v, _ := inputValue(r.body, f); v != form.Get(f) {
					t.Errorf("the %s input holds %q, want %q", f, v, form.Get(f))
				}
			}
			if !strings.Contains(r.body, `<option value="MX" selected>`) {
				t.Error("the country chosen is not kept")
			}
			after := ts.account(t, m.handle)
			if after.DisplayName != before.DisplayName || after.Email != before.Email || after.TimeZone != before.TimeZone ||
				after.Country != before.Country || after.Pronouns != before.Pronouns {
				t.Errorf("a refused profile saved something: before %+v, after %+v", before, after)
			}
		})

		t.Run("profile with a bad email and country", func(t *testing.T) {
			form := url.Values{
				"display_name": {"Ibis"}, "pronouns": {""}, "language": {"en"},
				"time_zone": {"Europe/Madrid"}, "country": {"ZZ"}, "email": {"not an email"},
			}
			m.post("/settings", form).wantStatus(t, http.StatusUnprocessableEntity)
			form.Set("country", "ES")
			r := m.post("/settings", form).wantStatus(t, http.StatusUnprocessableEntity)
			if elementText(r.body, "f-email-error") == "" {
				t.Error("the email field does not say what is wrong")
			}
			if v, _ := inputValue(r.body, "email"); v != "not an email" {
				t.Errorf("the email input holds %q", v)
			}
			if a := ts.account(t, m.handle); a.TimeZone == "Europe/Madrid" {
				t.Error("a refused profile saved the time zone")
			}
			form.Set("email", "ibis@example.org")
			m.post("/settings", form).wantRedirect(t, "/settings")
			if a := ts.account(t, m.handle); a.TimeZone != "Europe/Madrid" || a.Email != "ibis@example.org" || a.Country != "ES" {
				t.Errorf("a good profile was not saved: %+v", a)
			}
		})
	})
}

// TestLanguage: a visitor's choice lasts, a member's is saved to their
// profile, and a browser's Accept-Language is heard.
func TestLanguage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)

		t.Run("Accept-Language", func(t *testing.T) {
			for _, tt := range []struct{ accept, want string }{
				{"es", "es"}, {"es-AR,es;q=0.9,en;q=0.5", "es"}, {"en-GB", "en"}, {"fr-FR", "en"}, {"", "en"},
			} {
				c := ts.client(t)
				c.header.Set("Accept-Language", tt.accept)
				r := c.get("/").wantStatus(t, http.StatusOK)
				if got := htmlLang(r.body); got != tt.want || r.header.Get("Content-Language") != tt.want {
					t.Errorf("Accept-Language %q: lang %q, Content-Language %q; want %q", tt.accept, got, r.header.Get("Content-Language"), tt.want)
				}
			}
		})

		t.Run("visitor", func(t *testing.T) {
			c := ts.client(t)
			c.header.Set("Accept-Language", "en")
			c.post("/language", url.Values{"lang": {"es"}, "return": {"/help"}}).wantRedirect(t, "/help")
			for _, p := range []string{"/help", "/", "/signin"} {
				if got := htmlLang(c.get(p).wantStatus(t, http.StatusOK).body); got != "es" {
					t.Errorf("GET %s after choosing Spanish: lang %q", p, got)
				}
			}
			// A return address elsewhere is not followed.
			c.post("/language", url.Values{"lang": {"en"}, "return": {"//evil.example/x"}}).wantRedirect(t, "/")
			if got := htmlLang(c.get("/").body); got != "en" {
				t.Errorf("after choosing English: lang %q", got)
			}
			r := c.post("/language", url.Values{"lang": {"xx"}, "return": {"/"}}).wantStatus(t, http.StatusUnprocessableEntity)
			if r.setCookie("lang") != nil {
				t.Error("an unknown language set the cookie")
			}
		})

		t.Run("a visitor's choice becomes the new member's", func(t *testing.T) {
			c := ts.client(t)
			c.post("/language", url.Values{"lang": {"es"}, "return": {"/signup"}}).wantRedirect(t, "/signup")
			c.post("/signup", url.Values{"pseudonym": {"Jara"}, "password": {testPassword}}).wantRedirect(t, "/welcome")
			if got := htmlLang(c.get("/welcome").body); got != "es" {
				t.Errorf("/welcome: lang %q, want es", got)
			}
		})

		t.Run("member", func(t *testing.T) {
			m := ts.signUp(t, "Kauri")
			m.post("/language", url.Values{"lang": {"es"}, "return": {"/settings"}}).wantRedirect(t, "/settings")
			if a := ts.account(t, m.handle); a.Language != "es" {
				t.Errorf("the member's language is %q after choosing Spanish", a.Language)
			}
			if got := htmlLang(m.get("/settings").body); got != "es" {
				t.Errorf("/settings: lang %q", got)
			}
			// Saved in the profile, so another browser speaks it too, whatever it asks for.
			other := ts.signIn(t, m.handle, m.password)
			other.header.Set("Accept-Language", "en")
			if got := htmlLang(other.get("/").body); got != "es" {
				t.Errorf("another browser of the member: lang %q, want es", got)
			}
		})
	})
}

// pagePaths are the paths of the GET routes without parameters.
func pagePaths(s *Server) []string {
	var out []string
	for _, rt := range s.routeTable() {
		if rt.method != http.MethodGet || strings.Contains(strings.ReplaceAll(rt.pattern, "{$}", ""), "{") ||
			rt.name == "live" { // the event stream is no page, and never ends
			continue
		}
		out = append(out, strings.ReplaceAll(rt.pattern, "{$}", ""))
	}
	return out
}

// checkSpoken fails if an answer names a missing message, or if a page is
// not in lang.
func checkSpoken(t *testing.T, r *response, lang string) {
	t.Helper()
	if strings.Contains(r.body, i18n.MissingPrefix) {
		i := strings.Index(r.body, i18n.MissingPrefix)
		t.Errorf("%s in %s: a message is missing: %q", r.req, lang, r.body[i:min(len(r.body), i+80)])
	}
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		if got := htmlLang(r.body); got != lang {
			t.Errorf("%s: <html lang=%q>, want %q", r.req, got, lang)
		}
		if cl := r.header.Get("Content-Language"); cl != lang {
			t.Errorf("%s: Content-Language %q, want %q", r.req, cl, lang)
		}
	}
}

// TestEveryPageSpeaksEachLanguage renders every page, the error pages,
// the forms with problems and every notice, in each language, as a
// visitor and as a member, and finds no missing message.
func TestEveryPageSpeaksEachLanguage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		paths := append(pagePaths(ts.srv), "/no-such-page", "/api/v1/no-such-thing", "/help?country=MX", "/help?country=CA")
		for _, lang := range i18n.Langs {
			t.Run(lang, func(t *testing.T) {
				visitor := ts.client(t)
				visitor.post("/language", url.Values{"lang": {lang}, "return": {"/"}}).wantRedirect(t, "/")
				m := ts.signUp(t, "Larch "+lang)
				m.post("/language", url.Values{"lang": {lang}, "return": {"/"}}).wantRedirect(t, "/")
				// Something to show on the pages that list things.
				m.post("/settings/tokens", url.Values{"name": {"laptop"}}).wantRedirect(t, "/settings/tokens")
				checkSpoken(t, m.get("/settings/tokens").wantStatus(t, http.StatusOK), lang) // with the new token shown
				m.post("/settings/recovery-codes", url.Values{"password": {m.password}}).wantRedirect(t, "/settings/recovery-codes")
				checkSpoken(t, m.get("/settings/recovery-codes").wantStatus(t, http.StatusOK), lang) // with new codes shown

				for who, c := range map[string]*testClient{"visitor": visitor, "member": m.testClient} {
					for _, p := range paths {
						r := c.get(p)
						if r.status == http.StatusSeeOther {
							r = c.get(r.header.Get("Location"))
						}
						if r.status >= 500 {
							t.Errorf("%s GET %s: status %d", who, p, r.status)
						}
						checkSpoken(t, r, lang)
					}
				}

				// Forms with problems, and error pages.
				anon := ts.client(t)
				anon.post("/language", url.Values{"lang": {lang}, "return": {"/"}})
				cases := []struct {
					c      *testClient
					path   string
					form   url.Values
					status int
				}{
					{anon, "/signup", url.Values{"pseudonym": {""}, "password": {"x"}}, 422},
					{anon, "/signin", url.Values{"handle": {"nobody.0000"}, "password": {"wrong password here"}}, 401},
					{anon, "/recover", url.Values{}, 422},
					{anon, "/recover", url.Values{"handle": {"nobody.0000"}, "code": {"aaaa-bbbb-cccc"}, "password": {"lanterns over the harbour"}}, 401},
					{anon, "/settings", url.Values{}, 401},
					{anon, "/language", url.Values{"lang": {"xx"}}, 422},
					{m.testClient, "/settings", url.Values{"display_name": {""}, "pronouns": {strings.Repeat("x", 40)}, "language": {"xx"}, "time_zone": {"Nowhere/Else"}, "country": {"XX"}, "email": {"@"}}, 422},
					{m.testClient, "/settings", url.Values{"display_name": {""}, "pronouns": {strings.Repeat("x", 40)}, "language": {"xx"}, "time_zone": {"Nowhere/Else"}, "country": {"US"}, "email": {"@"}}, 422},
					{m.testClient, "/settings/password", url.Values{"current_password": {"wrong one"}, "new_password": {"another long one"}}, 422},
					{m.testClient, "/settings/password", url.Values{"current_password": {m.password}, "new_password": {strings.Repeat("y", 129)}}, 422},
					{m.testClient, "/settings/recovery-codes", url.Values{"password": {"wrong one"}}, 422},
					{m.testClient, "/settings/tokens", url.Values{"name": {""}}, 422},
					{m.testClient, "/settings/tokens/999999/revoke", nil, 404},
					{m.testClient, "/settings/sessions/999999/end", nil, 404},
					{m.testClient, "/settings/delete", url.Values{"password": {"wrong one"}}, 422},
				}
				for _, tc := range cases {
					r := tc.c.post(tc.path, tc.form).wantStatus(t, tc.status)
					checkSpoken(t, r, lang)
				}
				r := m.do(http.MethodPost, "/settings/tokens", strings.NewReader("name=x"),
					http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}})
				r.wantStatus(t, http.StatusForbidden)
				checkSpoken(t, r, lang)

				// Every notice a redirect may carry.
				for key := range noticeKeys {
					c := ts.withCookie(t, "notice", key)
					c.post("/language", url.Values{"lang": {lang}, "return": {"/"}})
					r := c.get("/help").wantStatus(t, http.StatusOK)
					checkSpoken(t, r, lang)
					if want := escaped(i18n.For(lang).T(key)); !strings.Contains(r.body, want) {
						t.Errorf("notice %s is not shown in %s: want %q", key, lang, want)
					}
				}
			})
		}
	})
}
