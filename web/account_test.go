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

	"hearth/i18n"
)

var (
	handleRE       = regexp.MustCompile(`^[a-z0-9-]+\.[0-9]{4,6}$`)
	recoveryCodeRE = regexp.MustCompile(`^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$`)
)

// en is what a page says for a catalog key in English, as html/template
// writes it.
func en(key string) string { return escaped(i18n.For("en").T(key)) }

func es(key string) string { return escaped(i18n.For("es").T(key)) }

// TestSignUpWelcomeAndRecovery follows a newcomer: sign-up, the sign-in
// name and ten recovery codes shown once, signing in, and a recovery code
// that sets a new password once.
func TestSignUpWelcomeAndRecovery(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		c := ts.client(t)

		c.post("/signup", url.Values{"pseudonym": {"River Stone"}, "password": {testPassword}}).wantRedirect(t, "/welcome")
		w := c.get("/welcome").wantStatus(t, http.StatusOK)
		handle := elementText(w.body, "signin-name")
		if !handleRE.MatchString(handle) || !strings.HasPrefix(handle, "river-stone.") {
			t.Fatalf("#signin-name = %q, want river-stone.NNNN", handle)
		}
		codes := listItems(w.body, "recovery-codes")
		if len(codes) != 10 {
			t.Fatalf("/welcome shows %d recovery codes, want 10: %q", len(codes), codes)
		}
		seen := map[string]bool{}
		for _, code := range codes {
			if !recoveryCodeRE.MatchString(code) || seen[code] {
				t.Errorf("recovery code %q is malformed or repeated", code)
			}
			seen[code] = true
		}

		// A reload shows them again, until the member says they kept them.
		if again := listItems(c.get("/welcome").wantStatus(t, http.StatusOK).body, "recovery-codes"); strings.Join(again, ",") != strings.Join(codes, ",") {
			t.Errorf("a reload of /welcome shows %q, want the same codes", again)
		}
		c.post("/welcome", nil).wantRedirect(t, "/")
		after := c.get("/welcome").wantStatus(t, http.StatusOK)
		if _, ok := elementHTML(after.body, "recovery-codes"); ok {
			t.Error("/welcome still shows the recovery codes after the member went on")
		}
		for _, code := range codes {
			if strings.Contains(after.body, code) {
				t.Fatalf("/welcome still holds recovery code %s", code)
			}
		}
		if got := elementText(after.body, "signin-name"); got != handle {
			t.Errorf("#signin-name after = %q, want %q", got, handle)
		}
		// Nor are they kept for long if the member never says so.
		late := ts.client(t)
		late.post("/signup", url.Values{"pseudonym": {"Late Comer"}, "password": {testPassword}}).wantRedirect(t, "/welcome")
		ts.clock.Advance(11 * time.Minute)
		if _, ok := elementHTML(late.get("/welcome").wantStatus(t, http.StatusOK).body, "recovery-codes"); ok {
			t.Error("/welcome still shows the recovery codes eleven minutes later")
		}

		// The sign-in name works, typed in capitals too.
		other := ts.signIn(t, strings.ToUpper(handle), testPassword)
		if !other.signedIn() {
			t.Fatal("signing in with the name from /welcome did not sign in")
		}

		// A recovery code sets a new password, and ends every session.
		const newPassword = "lanterns over the harbour"
		anon := ts.client(t)
		anon.post("/recover", url.Values{"handle": {handle}, "code": {codes[0]}, "password": {newPassword}}).wantRedirect(t, "/signin")
		if c.signedIn() || other.signedIn() {
			t.Error("sessions survived a password set with a recovery code")
		}
		ts.client(t).post("/signin", url.Values{"handle": {handle}, "password": {testPassword}}).wantStatus(t, http.StatusUnauthorized)
		ts.signIn(t, handle, newPassword)

		// The same code cannot be used again.
		const third = "a third password, never set"
		r := ts.client(t).post("/recover", url.Values{"handle": {handle}, "code": {codes[0]}, "password": {third}}).wantStatus(t, http.StatusUnauthorized)
		if !strings.Contains(r.body, en("error.recover_failed")) {
			t.Errorf("a spent code: the page does not say %q", en("error.recover_failed"))
		}
		ts.client(t).post("/signin", url.Values{"handle": {handle}, "password": {third}}).wantStatus(t, http.StatusUnauthorized)
		ts.signIn(t, handle, newPassword)

		// Another code works, typed loosely (capitals, spaces for dashes).
		loose := strings.ToUpper(strings.ReplaceAll(codes[1], "-", " "))
		ts.client(t).post("/recover", url.Values{"handle": {handle}, "code": {loose}, "password": {third}}).wantRedirect(t, "/signin")
		ts.signIn(t, handle, third)
		left, err := ts.store.RecoveryCodesLeft(context.Background(), ts.account(t, handle).ID)
		if err != nil || left != 8 {
			t.Errorf("RecoveryCodesLeft = %d, %v; want 8", left, err)
		}
	})
}

// TestNewRecoveryCodes replaces the codes: the new ones are shown once
// and the old ones stop working.
func TestNewRecoveryCodes(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Fern")

		r := m.post("/settings/recovery-codes", url.Values{"password": {"not my password"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, en("error.password.wrong")) {
			t.Errorf("a wrong password: the page does not say %q", en("error.password.wrong"))
		}
		m.post("/settings/recovery-codes", url.Values{"password": {m.password}}).wantRedirect(t, "/settings/recovery-codes")
		page := m.get("/settings/recovery-codes").wantStatus(t, http.StatusOK)
		codes := listItems(page.body, "recovery-codes")
		if len(codes) != 10 {
			t.Fatalf("new codes: %d shown, want 10", len(codes))
		}
		if _, ok := elementHTML(m.get("/settings/recovery-codes").wantStatus(t, http.StatusOK).body, "recovery-codes"); ok {
			t.Error("the new codes are shown a second time")
		}
		ts.client(t).post("/recover", url.Values{"handle": {m.handle}, "code": {m.codes[0]}, "password": {"lanterns over the harbour"}}).
			wantStatus(t, http.StatusUnauthorized)
		ts.client(t).post("/recover", url.Values{"handle": {m.handle}, "code": {codes[0]}, "password": {"lanterns over the harbour"}}).
			wantRedirect(t, "/signin")
	})
}

// maskAll replaces each of olds in s with mask.
func maskAll(s, mask string, olds ...string) string {
	for _, o := range olds {
		if o != "" {
			s = strings.ReplaceAll(s, o, mask)
		}
	}
	return s
}

// sameAnswer fails unless two answers have the same status, the same
// headers (but Date) and the same body, after masking what was typed.
func sameAnswer(t *testing.T, what string, a, b *response, maskA, maskB []string) {
	t.Helper()
	if a.status != b.status {
		t.Errorf("%s: status %d and %d differ", what, a.status, b.status)
	}
	ba, bb := maskAll(a.body, "MASKED", maskA...), maskAll(b.body, "MASKED", maskB...)
	if ba != bb {
		t.Errorf("%s: the bodies differ\n--- first:\n%s\n--- second:\n%s", what, clip(diffFrom(ba, bb)), clip(diffFrom(bb, ba)))
	}
	ha, hb := a.header.Clone(), b.header.Clone()
	for _, h := range []http.Header{ha, hb} {
		h.Del("Date")
		h.Del("Content-Length")
	}
	if len(ha) != len(hb) {
		t.Errorf("%s: headers differ: %v and %v", what, ha, hb)
	}
	for k, v := range ha {
		if strings.Join(v, "\n") != strings.Join(hb[k], "\n") {
			t.Errorf("%s: header %s differs: %q and %q", what, k, v, hb[k])
		}
	}
}

// diffFrom returns s from a little before where it first differs from o.
func diffFrom(s, o string) string {
	i := 0
	for i < len(s) && i < len(o) && s[i] == o[i] {
		i++
	}
	return s[max(0, i-200):]
}

// TestEnumerationResistance: sign-in, recovery and sign-up answer alike
// whether or not a name exists.
func TestEnumerationResistance(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Willow")
		// A name that never existed, as long as the real one.
		missing := "q" + m.handle[1:]

		t.Run("signin", func(t *testing.T) {
			a := ts.client(t).post("/signin", url.Values{"handle": {m.handle}, "password": {"wrong password here"}})
			b := ts.client(t).post("/signin", url.Values{"handle": {missing}, "password": {"wrong password here"}})
			a.wantStatus(t, http.StatusUnauthorized)
			sameAnswer(t, "sign-in, wrong password vs missing name", a, b, []string{m.handle}, []string{missing})
			if !strings.Contains(a.body, en("error.signin_failed")) {
				t.Errorf("the page does not say %q", en("error.signin_failed"))
			}
			if strings.Contains(a.body, "wrong password here") {
				t.Error("the failed sign-in page echoes the password")
			}
		})
		t.Run("recover", func(t *testing.T) {
			form := func(h string) url.Values {
				return url.Values{"handle": {h}, "code": {"aaaa-bbbb-cccc"}, "password": {"lanterns over the harbour"}}
			}
			a := ts.client(t).post("/recover", form(m.handle))
			b := ts.client(t).post("/recover", form(missing))
			a.wantStatus(t, http.StatusUnauthorized)
			sameAnswer(t, "recovery, wrong code vs missing name", a, b, []string{m.handle}, []string{missing})
			if !strings.Contains(a.body, en("error.recover_failed")) {
				t.Errorf("the page does not say %q", en("error.recover_failed"))
			}
			if strings.Contains(a.body, "aaaa-bbbb-cccc") || strings.Contains(a.body, "lanterns over the harbour") {
				t.Error("the failed recovery page echoes the code or the new password")
			}
			if v, _ := inputValue(a.body, "handle"); v != m.handle {
				t.Errorf("the failed recovery page lost the sign-in name: %q", v)
			}
		})
		t.Run("signup", func(t *testing.T) {
			// "Willow" is taken as a pseudonym; "Wallow" is not.
			taken, fresh := ts.client(t), ts.client(t)
			a := taken.post("/signup", url.Values{"pseudonym": {"Willow"}, "password": {testPassword}})
			b := fresh.post("/signup", url.Values{"pseudonym": {"Wallow"}, "password": {testPassword}})
			a.wantRedirect(t, "/welcome")
			b.wantRedirect(t, "/welcome")
			if len(a.cookies) != len(b.cookies) {
				t.Errorf("sign-up sets %d cookies for a taken pseudonym and %d for a fresh one", len(a.cookies), len(b.cookies))
			}
			for i := range min(len(a.cookies), len(b.cookies)) {
				ca, cb := *a.cookies[i], *b.cookies[i]
				ca.Value, cb.Value, ca.Raw, cb.Raw = "", "", "", ""
				if ca.String() != cb.String() {
					t.Errorf("sign-up cookie %d differs: %s and %s", i, ca.String(), cb.String())
				}
			}
			wa, wb := taken.get("/welcome").wantStatus(t, http.StatusOK), fresh.get("/welcome").wantStatus(t, http.StatusOK)
			ha, hb := elementText(wa.body, "signin-name"), elementText(wb.body, "signin-name")
			if ha == m.handle {
				t.Fatalf("the second Willow got the first one's sign-in name %q", ha)
			}
			if !strings.HasPrefix(ha, "willow.") || !strings.HasPrefix(hb, "wallow.") {
				t.Errorf("sign-in names %q and %q", ha, hb)
			}
			sameAnswer(t, "welcome, taken vs fresh pseudonym", wa, wb,
				append([]string{ha}, listItems(wa.body, "recovery-codes")...),
				append([]string{hb}, listItems(wb.body, "recovery-codes")...))
		})
	})
}

// TestRateLimits: failed sign-ins per name end in 429 alike for a real
// and a missing name; sign-ups per client are limited too.
func TestRateLimits(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		cfg := Config{
			SignInPerName:   Rate{Events: 3, Per: 15 * time.Minute},
			SignInPerClient: Rate{Events: 100, Per: 15 * time.Minute},
			SignUpPerClient: Rate{Events: 2, Per: time.Hour},
		}
		ts := serve(t, open, withConfig(cfg))
		m := ts.signUp(t, "Heron")
		missing := "q" + m.handle[1:]

		limited := map[string]*response{}
		for _, name := range []string{m.handle, missing} {
			for i := range 3 {
				ts.client(t).post("/signin", url.Values{"handle": {name}, "password": {"wrong password here"}}).
					wantStatus(t, http.StatusUnauthorized)
				_ = i
			}
			r := ts.client(t).post("/signin", url.Values{"handle": {name}, "password": {"wrong password here"}}).
				wantStatus(t, http.StatusTooManyRequests)
			if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 || ra > 15*60+1 {
				t.Errorf("%s: Retry-After = %q, want seconds until the next attempt (at most 15 minutes)", name, r.header.Get("Retry-After"))
			}
			if !strings.Contains(r.body, en("error.rate_limited")) {
				t.Errorf("%s: the 429 page does not say %q", name, en("error.rate_limited"))
			}
			limited[name] = r
		}
		sameAnswer(t, "429, real vs missing name", limited[m.handle], limited[missing], []string{m.handle}, []string{missing})

		// While limited, even the right password is refused.
		ts.client(t).post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}}).wantStatus(t, http.StatusTooManyRequests)
		// Another name is not affected.
		other := ts.signUp(t, "Egret")
		ts.signIn(t, other.handle, other.password)
		// Time brings the attempts back.
		ts.clock.Advance(15 * time.Minute)
		ts.signIn(t, m.handle, m.password)

		// Two sign-ups per client per hour (Heron and Egret were the two):
		// the third is refused and makes no account.
		before, err := ts.store.CountAccounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// The clock moved 15 minutes: less than the hour one sign-up takes to come back.
		r := ts.client(t).post("/signup", url.Values{"pseudonym": {"Crane"}, "password": {testPassword}}).wantStatus(t, http.StatusTooManyRequests)
		if r.header.Get("Retry-After") == "" {
			t.Error("a refused sign-up has no Retry-After")
		}
		if !strings.Contains(r.body, en("error.rate_limited")) {
			t.Errorf("the refused sign-up page does not say %q", en("error.rate_limited"))
		}
		if v, _ := inputValue(r.body, "pseudonym"); v != "Crane" {
			t.Errorf("the refused sign-up lost the pseudonym: %q", v)
		}
		// X-Forwarded-For is not trusted unless configured: it cannot pose as another client.
		spoof := ts.client(t)
		spoof.header.Set("X-Forwarded-For", "203.0.113.9")
		spoof.post("/signup", url.Values{"pseudonym": {"Crane"}, "password": {testPassword}}).wantStatus(t, http.StatusTooManyRequests)
		if after, _ := ts.store.CountAccounts(context.Background()); after != before {
			t.Errorf("a refused sign-up made an account: %d accounts, then %d", before, after)
		}
	})
}

// TestSignInReturnsToNext: a visitor sent to sign in comes back to the
// page they asked for, and never to another site.
func TestSignInReturnsToNext(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open, withConfig(Config{SignInPerName: Rate{Events: 100, Per: time.Minute}}))
		m := ts.signUp(t, "Lapwing")

		c := ts.client(t)
		r := c.get("/settings/tokens?x=1").wantRedirect(t, "/signin?next=%2Fsettings%2Ftokens%3Fx%3D1")
		page := c.get(r.header.Get("Location")).wantStatus(t, http.StatusOK)
		next, _ := inputValue(page.body, "next")
		if next != "/settings/tokens?x=1" {
			t.Fatalf("the sign-in form carries next=%q", next)
		}
		c.post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}, "next": {next}}).wantRedirect(t, next)

		for _, evil := range offSite {
			t.Run(evil, func(t *testing.T) {
				r := ts.client(t).post("/signin", url.Values{"handle": {m.handle}, "password": {m.password}, "next": {evil}})
				wantOnSite(t, r)
				// The language switcher's return address alike.
				wantOnSite(t, ts.client(t).post("/language", url.Values{"lang": {"es"}, "return": {evil}}))
			})
		}
	})
}

// offSite are return addresses that lead, or would lead in a browser that
// reads "\\" as "/" and drops tabs, to another site.
var offSite = []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "evil.example",
	"/%2F%2Fevil.example", "/%5C%5Cevil.example", "/%5Cevil.example", "/%09/evil.example", "/%0A/evil.example",
	"javascript:alert(1)"}

// wantOnSite fails unless r is a 303 to a path on this site.
func wantOnSite(t *testing.T, r *response) {
	t.Helper()
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") ||
		strings.HasPrefix(loc, "/\\") || strings.ContainsAny(loc, "\t\n\r") {
		t.Errorf("%s: %d to %q, want a path on this site", r.req, r.status, loc)
	}
}
