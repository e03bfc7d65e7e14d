package e2e

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"hearth/i18n"
)

// speaksSpanish checks that a page is in Spanish: <html lang="es"> and no
// English phrase from the catalogs in what a reader sees or hears.
func speaksSpanish(b *browser) {
	if lang := b.attr("html", "lang"); lang != "es" {
		b.complain(`<html lang=%q>, want "es"`, lang)
	}
	if leaks := englishIn(evaluate[string](b, pageWords)); len(leaks) > 0 {
		b.complain("English on a Spanish page:\n  %s", strings.Join(leaks, "\n  "))
	}
}

// pageWords is everything of a page a reader sees or a screen reader
// says: its title, visible text, the options of its lists and the labels
// kept in attributes.
const pageWords = `[
	document.title,
	document.body.innerText,
	...Array.from(document.querySelectorAll('option'), o => o.text),
	...Array.from(document.querySelectorAll('[aria-label], [alt], [placeholder], [title]'), e =>
		['aria-label', 'alt', 'placeholder', 'title'].map(a => e.getAttribute(a) ?? '').join('\n')),
	...Array.from(document.querySelectorAll('input[type=submit], input[type=button]'), e => e.value),
].join('\n')`

// englishPhrases are the English catalog's phrases of three or more words
// that a Spanish page must not show: the parts of each message between
// its {placeholders}, unless the Spanish message is the same or the
// Spanish catalog uses the phrase itself (a proper name, say). They are
// lower case with spaces collapsed, as englishIn compares them.
var englishPhrases = sync.OnceValue(func() []string {
	en, es := i18n.Messages("en"), i18n.Messages("es")
	var spanish strings.Builder
	for _, v := range es {
		spanish.WriteString(normalize(v) + "\n")
	}
	var phrases []string
	for key, msg := range en {
		if msg == es[key] {
			continue
		}
		for _, part := range placeholder.Split(msg, -1) {
			part = normalize(part)
			if len(strings.Fields(part)) >= 3 && !strings.Contains(spanish.String(), part) {
				phrases = append(phrases, part)
			}
		}
	}
	slices.Sort(phrases)
	return slices.Compact(phrases)
})

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// normalize lowers the case (pages may set text-transform) and collapses
// runs of white space.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// englishIn returns the English phrases found in text.
func englishIn(text string) []string {
	text = normalize(text)
	var found []string
	for _, p := range englishPhrases() {
		if strings.Contains(text, p) {
			found = append(found, p)
		}
	}
	return found
}

func TestEnglishIn(t *testing.T) {
	es := i18n.Messages("es")
	en := i18n.Messages("en")
	if len(englishPhrases()) == 0 {
		t.Fatal("no English phrases to look for: are the catalogs empty?")
	}
	for _, key := range []string{"layout.need_help", "home.heading"} {
		if got := englishIn("…" + es[key] + "…"); len(got) > 0 {
			t.Errorf("englishIn(Spanish %s %q) = %q, want nothing", key, es[key], got)
		}
		if got := englishIn("…" + strings.ToUpper(en[key]) + "…"); len(got) == 0 {
			t.Errorf("englishIn(English %s %q, upper case) found nothing", key, en[key])
		}
	}
}
