package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth/web"
)

// A newcomer, in Spanish, on a phone (issue 2): joins under a pseudonym,
// keeps the recovery codes, signs out and in, changes the password, signs
// out everywhere, recovers the account with a code, finds the crisis page
// and deletes the account, after which the account's name is as unknown as
// one that never existed. Every page is in Spanish and fits the phone.
func TestNewcomerInSpanishOnAPhone(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		const (
			pseudonym = "rio"
			first     = "fogata serena 1"
			second    = "fogata serena 2"
			third     = "fogata serena 3"
		)
		b := hearthOnAPhone(t, db)

		// A visitor arrives, on a site they could add to their home
		// screen, and switches to Spanish.
		b.visit("/")
		wantInstallable(b, "en", "Need help now?")
		b.onEveryPage(speaksSpanish)
		b.press(`form[action="/language"] button[name="lang"][value="es"]`)

		// Joining gives a sign-in name and ten recovery codes to keep.
		b.press(`a[href="/signup"]`)
		b.submit("/signup", field{"pseudonym", pseudonym}, field{"password", first})
		b.wantPath("/welcome")
		handle := b.text("#signin-name")
		if !strings.HasPrefix(handle, pseudonym+".") {
			t.Errorf("sign-in name %q, want the pseudonym %q, a dot and a number", handle, pseudonym)
		}
		codes := b.texts("#recovery-codes li")
		distinct := slices.Compact(slices.Sorted(slices.Values(codes)))
		if len(codes) != 10 || len(distinct) != 10 || slices.Contains(codes, "") {
			t.Fatalf("recovery codes %q, want 10 different ones", codes)
		}
		b.submit("/welcome")
		b.wantPath("/")
		wantSignedIn(b)
		wantInstallable(b, "es", "¿Necesitas ayuda ahora?")

		// Out, and back in with the sign-in name.
		b.submit("/signout")
		wantSignedOut(b)
		signIn(b, handle, first)

		// A new password, then "sign out everywhere", which ends this
		// session too; the new password works.
		b.visit("/settings/password")
		b.submit("/settings/password", field{"current_password", first}, field{"new_password", second})
		b.visit("/settings/sessions")
		b.submit("/settings/sessions/end-all")
		b.wantPath("/signin")
		wantSignedOut(b)
		signIn(b, handle, second)

		// The password is forgotten: a recovery code sets another.
		b.submit("/signout")
		b.visit("/recover")
		b.submit("/recover", field{"handle", handle}, field{"code", codes[0]}, field{"password", third})
		b.wantPath("/signin")
		signIn(b, handle, third)

		// Help is one tap away, in the footer; in the US, 988 comes first.
		b.press(`footer a[href="/help"]`)
		b.wantPath("/help")
		if tel := b.attr(`a[href^="tel:"]`, "href"); tel != "tel:988" {
			t.Errorf("first help line is %s, want tel:988", tel)
		}

		// Deleting the account leaves a visitor on the home page.
		b.visit("/settings/delete")
		b.submit("/settings/delete", field{"password", third})
		b.wantPath("/")
		wantSignedOut(b)

		// The name is gone: signing in with it fails exactly as with a
		// name that never existed.
		gone := failedSignIn(b, handle, third)
		never := failedSignIn(b, "nadie.1234", third)
		if gone != never {
			t.Errorf("signing in as the deleted %s answers\n%+v\nbut as a name that never existed\n%+v", handle, gone, never)
		}
	})
}

// signIn signs in on /signin and expects the member's home page.
func signIn(b *browser, handle, password string) {
	b.t.Helper()
	if b.path() != "/signin" {
		b.visit("/signin")
	}
	b.submit("/signin", field{"handle", handle}, field{"password", password})
	b.wantPath("/")
	wantSignedIn(b)
}

// signInAnswer is how Hearth answers a failed sign-in.
type signInAnswer struct {
	Status int64
	Path   string
	Text   string // of the main content, with the name typed replaced by NAME
}

// failedSignIn tries to sign in, expects to stay signed out, and returns
// the answer.
func failedSignIn(b *browser, handle, password string) signInAnswer {
	b.t.Helper()
	b.visit("/signin")
	b.submit("/signin", field{"handle", handle}, field{"password", password})
	wantSignedOut(b)
	main := evaluate[string](b, "(document.querySelector('main') ?? document.body).innerText")
	return signInAnswer{
		Status: b.status,
		Path:   b.path(),
		Text:   strings.ReplaceAll(main, handle, "NAME"),
	}
}

// TestCrisisLinesOffline: a member who has opened Hearth on their phone
// still finds the crisis lines of their country, in their language, ready
// to call, when Hearth can no longer be reached; and nothing of their
// pages was kept on the phone to show instead.
func TestCrisisLinesOffline(t *testing.T) {
	onEachDatabase(t, func(t *testing.T, db database) {
		srv := startHearth(t, db, "--demo")
		b := newBrowser(t, srv.URL, phone)
		b.onEveryPage(everyPage)
		signIn(b, "luz.0002", "warm-hearth-demo") // Spanish, in Mexico
		b.visit("/recovery")
		waitFor(t, b, `navigator.serviceWorker.controller !== null`, "the service worker to take the page")
		const keptPaths = `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))
			.then(rs => rs.flat().map(r => new URL(r.url).pathname))`
		var kept []string
		for deadline := time.Now().Add(10 * time.Second); !slices.Contains(kept, "/offline"); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the offline page was not kept on the phone within 10 s (kept: %q)", kept)
			}
			kept = awaitJS[[]string](b, keptPaths)
		}
		for _, path := range kept {
			if path != "/offline" && path != "/manifest.webmanifest" && !strings.HasPrefix(path, "/static/") {
				t.Errorf("the phone keeps %s: only the offline page, the app's manifest and assets may be kept", path)
			}
		}

		// Looking up another country's lines keeps those; her settings
		// bring back her own country's.
		b.visit("/help")
		b.submit("/help", field{"country", "ES"})
		waitForKeptOffline(t, b, "ES es")
		b.visit("/settings")
		waitForKeptOffline(t, b, "null es")

		// Off a member's page before the server goes: its live events
		// would try the vanished server again while the next page loads,
		// and that attempt is no fault of the offline page.
		b.visit("/offline")
		srv.Stop()
		for _, path := range []string{"/recovery", "/messages", "/"} {
			b.visit(path)
			if h1 := b.text("h1"); h1 != "Ahora mismo no tienes conexión" {
				t.Errorf("offline, %s shows %q, want the offline page", path, h1)
			}
			if !strings.Contains(b.text("#crisis-lines"), "Línea de la Vida") || !b.has(`#crisis-lines a[href^="tel:"]`) {
				t.Errorf("offline, %s does not offer Mexico's crisis lines to call: %q", path, b.text("#crisis-lines"))
			}
		}
	})
}

// TestLookedUpLinesOffline: a visitor who looked up the crisis lines of
// their country finds those lines, in their language, when Hearth can no
// longer be reached.
func TestLookedUpLinesOffline(t *testing.T) {
	srv := startHearth(t, databases[0])
	b := newBrowser(t, srv.URL, phone)
	b.onEveryPage(everyPage)
	b.visit("/")
	b.press(`form[action="/language"] button[name="lang"][value="es"]`)
	b.visit("/help")
	waitFor(t, b, `navigator.serviceWorker.controller !== null`, "the service worker to take the page")
	b.submit("/help", field{"country", "ES"})
	waitForKeptOffline(t, b, "ES es")
	srv.Stop()
	b.visit("/meetings")
	if got := b.text("#offline-country"); !strings.HasPrefix(got, "Líneas de España.") {
		t.Errorf("offline, the page says %q, want Spain's lines", got)
	}
	if !strings.Contains(b.text("#crisis-lines"), "024") || !b.has(`#crisis-lines a[href="tel:024"]`) {
		t.Errorf("offline, Spain's 024 is not there to call: %q", b.text("#crisis-lines"))
	}
}

// waitForKeptOffline waits until the offline page kept on the phone is for
// want: the country it was asked for ("null" for none) and its language.
func waitForKeptOffline(t *testing.T, b *browser, want string) {
	t.Helper()
	const kept = `caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/offline')))))
		.then(rs => rs.filter(r => r).map(r => new URL(r.url).searchParams.get('country') + ' ' + r.headers.get('Content-Language')).join())`
	for deadline := time.Now().Add(10 * time.Second); awaitJS[string](b, kept) != want; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the offline page kept is %q, want %q", awaitJS[string](b, kept), want)
		}
	}
}

// TestCrashPage: the page a crash answers with, which no request of the
// tests can bring about, is audited as every page is, in both languages,
// with the site's own stylesheet: it fits the phone, passes axe-core and
// keeps "Need help now?" in sight.
func TestCrashPage(t *testing.T) {
	srv := startHearth(t, databases[0])
	b := newBrowser(t, srv.URL, phone)
	b.visit("/offline")
	css := b.attr(`link[rel="stylesheet"]`, "href")
	if css == "" {
		t.Fatal("the offline page links no stylesheet")
	}
	for _, lang := range []string{"en", "es"} {
		page := web.CrashPage(lang, css)
		if !strings.Contains(page, `href="/help"`) {
			t.Fatalf("%s: the crash page has no link to /help", lang)
		}
		js, _ := json.Marshal(page)
		awaitJS[bool](b, `new Promise(done => { document.open(); document.write(`+string(js)+`); document.close();
			const css = document.querySelector('link[rel="stylesheet"]');
			if (css.sheet) done(true); else css.addEventListener('load', () => done(true)); })`)
		if got := b.attr("html", "lang"); got != lang {
			t.Errorf("the crash page in %s says lang %q", lang, got)
		}
		b.landed("the crash page in "+lang, nil)
		if problem := evaluate[string](b, helpInSight); problem != "" {
			t.Errorf("%s: \"Need help now?\" is not in sight on the crash page: %s", lang, problem)
		}
	}
}
