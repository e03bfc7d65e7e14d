package web

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"hearth/crisis"
	"hearth/i18n"
	"hearth/meetingguide"
)

// TestListsInCollationOrder: every list Hearth sorts by name (countries,
// group languages, time zones, the countries with crisis lines, programs, each
// program's meeting types), in English and
// Spanish, is in the order of the full Unicode Collation Algorithm of
// golang.org/x/text, which i18n.Compare stands in for.
func TestListsInCollationOrder(t *testing.T) {
	dir, err := crisis.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "es"} {
		c := collate.New(language.Make(lang))
		check := func(what string, labels []string) {
			t.Helper()
			want := slices.Clone(labels)
			slices.SortStableFunc(want, c.CompareString)
			if !slices.Equal(labels, want) {
				t.Errorf("%s in %s:\n got %s\nwant %s", what, lang, strings.Join(labels, " | "), strings.Join(want, " | "))
			}
		}
		var labels []string
		for _, ch := range countries(lang) {
			labels = append(labels, ch.Label)
		}
		check("countries", labels)
		labels = nil
		for _, ch := range languageChoicesFor(lang) {
			labels = append(labels, ch.Label)
		}
		check("group languages", labels)
		labels = nil
		for _, ch := range timeZones(lang) {
			labels = append(labels, ch.Label)
		}
		check("time zones", labels)
		labels = nil
		for _, ch := range dir.Countries(lang) {
			labels = append(labels, ch.Name)
		}
		check("crisis countries", labels)
		labels = nil
		for _, p := range meetingguide.Programs() {
			labels = append(labels, p.Name(lang))
			var types []string
			for _, ty := range meetingguide.Types(p) {
				types = append(types, ty.Name(lang))
			}
			slices.SortStableFunc(types, func(a, b string) int { return i18n.Compare(lang, a, b) })
			check(string(p)+"'s meeting types", types)
		}
		slices.SortStableFunc(labels, func(a, b string) int { return i18n.Compare(lang, a, b) })
		check("programs", labels)
		if len(countries(lang)) < 200 || len(dir.Countries(lang)) == 0 {
			t.Errorf("%s: %d countries, %d with crisis lines", lang, len(countries(lang)), len(dir.Countries(lang)))
		}
	}
}

// TestNamedInEveryLanguage checks that every country a member may choose,
// and every language a group may speak, has a name of its own in every
// language Hearth speaks (i18n's table), never its bare code.
func TestNamedInEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, c := range countries(lang) {
			if c.Label == c.Value || c.Label == "" {
				t.Errorf("%s: country %s has no name", lang, c.Value)
			}
		}
		for _, l := range languageChoicesFor(lang) {
			if l.Label == l.Value || l.Label == "" {
				t.Errorf("%s: language %s has no name", lang, l.Value)
			}
		}
	}
}

// TestTimeZoneChoices checks the zones a member may choose: every zone of
// Hearth's list once, in every language, each named by its area and its
// city in that language.
func TestTimeZoneChoices(t *testing.T) {
	want := map[string]map[string]string{
		"en": {"America/New_York": "America / New York", "America/Mexico_City": "America / Mexico City",
			"America/Argentina/Buenos_Aires": "America / Argentina / Buenos Aires", "Europe/Madrid": "Europe / Madrid", "UTC": "UTC"},
		"es": {"America/New_York": "América / Nueva York", "America/Mexico_City": "América / Ciudad de México",
			"America/Argentina/Buenos_Aires": "América / Argentina / Buenos Aires", "Europe/London": "Europa / Londres", "UTC": "UTC"},
	}
	for _, lang := range i18n.Langs {
		got := map[string]string{}
		for _, c := range timeZones(lang) {
			if _, twice := got[c.Value]; twice {
				t.Errorf("%s: %s listed twice", lang, c.Value)
			}
			got[c.Value] = c.Label
		}
		if n := len(strings.Fields(zonesTxt)); len(got) != n {
			t.Errorf("%s: %d zones to choose from, want the list's %d", lang, len(got), n)
		}
		for zone, label := range want[lang] {
			if got[zone] != label {
				t.Errorf("%s: %s is labelled %q, want %q", lang, zone, got[zone], label)
			}
		}
	}
}
