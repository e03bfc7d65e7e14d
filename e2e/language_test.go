package e2e

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"hearth/crisis"
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

// englishPhrases are the phrases of three or more words, from Hearth's
// English messages (the catalog, and the built-in crisis lines), that a
// Spanish page must not show: the parts of each message between its
// {placeholders}, unless the Spanish message is the same or Spanish uses
// the phrase itself (a proper name, say). They are lower case with spaces
// collapsed, as englishIn compares them.
var englishPhrases = sync.OnceValue(func() []string {
	pairs := translations()
	var spanish strings.Builder
	for _, p := range pairs {
		spanish.WriteString(normalize(p.es) + "\n")
	}
	var phrases []string
	for _, p := range pairs {
		if p.en == p.es {
			continue
		}
		for _, part := range placeholder.Split(p.en, -1) {
			part = normalize(part)
			if len(strings.Fields(part)) >= 3 && !strings.Contains(spanish.String(), part) {
				phrases = append(phrases, part)
			}
		}
	}
	slices.Sort(phrases)
	return slices.Compact(phrases)
})

// translation is one message in English and in Spanish.
type translation struct{ en, es string }

// translations are Hearth's messages: the catalogs', and the texts of the
// built-in crisis lines of every country.
func translations() []translation {
	var list []translation
	en, es := i18n.Messages("en"), i18n.Messages("es")
	for key, msg := range en {
		list = append(list, translation{msg, es[key]})
	}
	var lines *crisis.Directory // the built-in lines, as the tests' server has
	for _, c := range lines.Countries("en") {
		en, es := lines.For(c.Code, "en"), lines.For(c.Code, "es")
		list = append(list, translation{en.Notice, es.Notice})
		for i, l := range en.Lines {
			e := es.Lines[i]
			list = append(list,
				translation{l.Name, e.Name},
				translation{l.Contact, e.Contact},
				translation{l.Hours, e.Hours},
				translation{l.Description, e.Description})
		}
	}
	return list
}

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
