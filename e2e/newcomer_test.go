package e2e

import (
	"slices"
	"strings"
	"testing"
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
