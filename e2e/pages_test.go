package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

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
// something that exists, "Need help now?" in the footer and in sight
// wherever the page is scrolled to, a header that leaves a phone's screen
// to the page, checkboxes and radio buttons beside their labels, lists of
// cards without bullets or numbers beside them, and no field squeezed so
// narrow that its choices are cut off.
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
	if problem := evaluate[string](b, helpInSight); problem != "" {
		b.complain(`"Need help now?" is not in sight on every part of the page: %s`, problem)
	}
	if problem := evaluate[string](b, headerCompact); problem != "" {
		b.complain(`the header takes too much of a phone's screen: %s`, problem)
	}
	if stretched := evaluate[string](b, stretchedChoices); stretched != "" {
		b.complain(`checkboxes or radio buttons stretched across the page, apart from their labels: %s (put them in .check or .checks)`, stretched)
	}
	if marked := evaluate[string](b, markedCards); marked != "" {
		b.complain(`lists of cards drawn with bullets or numbers, or indented: %s`, marked)
	}
	if narrow := evaluate[string](b, narrowFields); narrow != "" {
		b.complain(`fields too narrow for their words: %s`, narrow)
	}
}

// markedCards names the lists whose items are cards (li.card) or
// messages but which draw a marker or an indent beside them, "" when none.
const markedCards = `Array.from(document.querySelectorAll('ul, ol'))
	.filter(l => l.querySelector(':scope > li.card, :scope > li.message') !== null)
	.filter(l => { const s = getComputedStyle(l); return s.listStyleType !== 'none' || parseFloat(s.paddingLeft) > 0; })
	.map(l => l.id || l.className).join(', ')`

// narrowFields names the selects too narrow to show the name of the
// choice they hold (two side by side on a phone cut off "Any language"),
// "" when none. The arrow takes about 20 pixels of the box.
const narrowFields = `(() => {
	const c = document.createElement('canvas').getContext('2d');
	return Array.from(document.querySelectorAll('select')).filter(s => {
		if (s.offsetParent === null || s.selectedIndex < 0) return false;
		const st = getComputedStyle(s);
		c.font = st.font;
		const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;
		return c.measureText(s.options[s.selectedIndex].text).width > room;
	}).map(s => (s.id || s.name) + ' (' + s.options[s.selectedIndex].text + ')').join(', ');
})()`

// stretchedChoices names the checkboxes and radio buttons drawn wider than
// a box (a form's full-width input style applied to them), "" when none.
const stretchedChoices = `Array.from(document.querySelectorAll('input[type=checkbox], input[type=radio]'))
	.filter(i => i.getBoundingClientRect().width > 40).map(i => i.id || i.name).join(', ')`

// headerCompact says what is wrong with the header on a phone: "" when it
// keeps to two rows of 44-pixel targets (the brand and the account links,
// then the main links) and the current page's link, if any, is in view in
// the row of main links, which scrolls sideways.
const headerCompact = `(() => {
	const top = document.querySelector('header.top');
	if (top === null) return 'no header.top';
	const h = top.getBoundingClientRect().height;
	if (h > 2 * 44 + 16) return 'header.top is ' + Math.round(h) + ' px high, more than two rows';
	const strip = top.querySelector('.nav-main ul');
	const current = top.querySelector('.nav-main [aria-current="page"]');
	if (strip !== null && current !== null) {
		const s = strip.getBoundingClientRect(), c = current.getBoundingClientRect();
		if (c.left < s.left - 1 || c.right > s.right + 1) return 'the current page\'s link (' + current.textContent + ') is scrolled out of view';
	}
	return '';
})()`

// helpInSight scrolls the page to its top and to its bottom and, at each,
// says what is wrong with the help bar's link: "" when it is inside the
// window and nothing covers it. The page is scrolled back as it was.
const helpInSight = `(() => {
	const a = document.querySelector('aside.help-bar a[href="/help"]');
	if (a === null) return 'no aside.help-bar a[href="/help"]';
	const x = window.scrollX, y = window.scrollY;
	let problem = '';
	for (const to of [0, document.documentElement.scrollHeight]) {
		window.scrollTo(0, to);
		const r = a.getBoundingClientRect();
		const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		if (r.height === 0 || r.top < 0 || r.bottom > window.innerHeight || at === null || !a.contains(at)) {
			problem = 'hidden when scrolled to ' + window.scrollY + ' of ' + document.documentElement.scrollHeight;
			break;
		}
	}
	window.scrollTo(x, y);
	return problem;
})()`

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

// wantInstallable checks that Chromium would let the member add the page's
// site to their home screen: no installability errors, and a manifest it
// reads without complaint, named Hearth, in lang, whose first shortcut is
// "Need help now?" (needHelp) to the help page.
func wantInstallable(b *browser, lang, needHelp string) {
	b.t.Helper()
	var problems []string
	err := b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		m, err := cdp.Call(ctx, tg, page.GetAppManifest, page.GetAppManifestParams{})
		if err != nil {
			return err
		}
		for _, e := range m.Errors {
			problems = append(problems, "manifest: "+e.Message)
		}
		var raw struct{ Lang string } // Chromium keeps no lang of its own
		_ = json.Unmarshal([]byte(m.Data), &raw)
		switch w := m.Manifest; {
		case w == nil:
			problems = append(problems, "no manifest")
		case w.Name != "Hearth" || raw.Lang != lang:
			problems = append(problems, fmt.Sprintf("the manifest names %q in %q, want Hearth in %q", w.Name, raw.Lang, lang))
		case len(w.Shortcuts) == 0 || w.Shortcuts[0].Name != needHelp || !strings.HasSuffix(w.Shortcuts[0].URL, "/help"):
			problems = append(problems, fmt.Sprintf("the manifest's first shortcut is not %q to /help", needHelp))
		}
		res, err := cdp.Call(ctx, tg, page.GetInstallabilityErrors, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, e := range res.InstallabilityErrors {
			problems = append(problems, "not installable: "+e.ErrorID)
		}
		return nil
	}))
	if err != nil {
		b.t.Fatal(err)
	}
	if len(problems) > 0 {
		b.t.Errorf("on %s: Hearth cannot be added to the home screen as it should:\n  %s", b.path(), strings.Join(problems, "\n  "))
	}
}
