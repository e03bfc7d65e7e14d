package e2e

import "testing"

// hearthOnAPhone starts Hearth on db and opens a phone's browser on it.
// Besides the harness's checks, every page must keep the promises every
// Hearth page makes (see everyPage).
func hearthOnAPhone(t *testing.T, db database, args ...string) *browser {
	t.Helper()
	srv := startHearth(t, db, args...)
	b := newBrowser(t, srv.URL, phone)
	b.onEveryPage(everyPage)
	return b
}

// everyPage checks what every Hearth page has: a language, a skip link to
// something that exists, and "Need help now?" in the footer.
func everyPage(b *browser) {
	if lang := b.attr("html", "lang"); lang != "en" && lang != "es" {
		b.complain(`<html lang=%q>, want "en" or "es"`, lang)
	}
	if !evaluate[bool](b, skipLinkWorks) {
		b.complain(`no skip link to the main content (an a[href^="#"] whose target exists)`)
	}
	if !b.has(`footer a[href="/help"]`) {
		b.complain(`no "Need help now?" link (footer a[href="/help"])`)
	}
}

// skipLinkWorks is true when the page's first in-page link leads to an
// element that exists.
const skipLinkWorks = `(() => {
	const a = document.querySelector('a[href^="#"]');
	return a !== null && a.hash.length > 1 && document.getElementById(decodeURIComponent(a.hash.slice(1))) !== null;
})()`

// signedIn reports whether the page is a member's (it offers to sign out).
func signedIn(b *browser) bool {
	b.t.Helper()
	return b.has(formSelector("/signout"))
}

// wantSignedIn fails the test unless the page is a member's.
func wantSignedIn(b *browser) {
	b.t.Helper()
	if !signedIn(b) {
		b.t.Fatalf("on %s: not signed in (no %s)", b.path(), formSelector("/signout"))
	}
}

// wantSignedOut fails the test unless the page is a visitor's.
func wantSignedOut(b *browser) {
	b.t.Helper()
	if signedIn(b) {
		b.t.Fatalf("on %s: still signed in (there is a %s)", b.path(), formSelector("/signout"))
	}
}
