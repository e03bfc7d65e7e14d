package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCatalogsMatch(t *testing.T) {
	en, es := Messages("en"), Messages("es")
	if len(en) < 100 {
		t.Fatalf("the English catalog has only %d messages", len(en))
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for key, e := range en {
		s, ok := es[key]
		if !ok {
			t.Errorf("key %q is missing in Spanish", key)
			continue
		}
		if strings.TrimSpace(e) == "" || strings.TrimSpace(s) == "" {
			t.Errorf("key %q is empty in a language", key)
		}
		pe, ps := placeholder.FindAllString(e, -1), placeholder.FindAllString(s, -1)
		slices.Sort(pe)
		slices.Sort(ps)
		if !slices.Equal(pe, ps) {
			t.Errorf("key %q: placeholders differ: en %v, es %v", key, pe, ps)
		}
	}
	for key := range es {
		if _, ok := en[key]; !ok {
			t.Errorf("key %q is missing in English", key)
		}
	}
}

// TestSpanishForEveryCountry: Hearth's Spanish is read from Mexico to
// Spain, so it speaks to several people as "ustedes", never with the
// "vosotros" of Spain alone (its verbs in -áis and -éis, its commands
// with a pronoun as in "acordadlo", "os", "vuestro").
func TestSpanishForEveryCountry(t *testing.T) {
	// Go's \b knows only ASCII letters: "años" would hold a word "os".
	vosotros := regexp.MustCompile(`(?i)\p{L}+(áis|éis|[aei]dl[oa]s?|[aei]dme|[aei]dnos)(\P{L}|$)|(^|\P{L})(vosotr[oa]s|vuestr[oa]s?|os)(\P{L}|$)`)
	for key, s := range Messages("es") {
		if w := strings.TrimSpace(vosotros.FindString(s)); w != "" {
			t.Errorf("es %q: %q speaks as in Spain alone (%q): say it with ustedes", key, s, w)
		}
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "en"},
		{"es", "es"},
		{"es-MX,es;q=0.9,en;q=0.8", "es"},
		{"en-US,en;q=0.9,es;q=0.5", "en"},
		{"fr-FR,fr;q=0.9", "en"},
		{"fr-FR,es;q=0.5", "es"},
		{"pt-BR", "en"},
		{"garbage;;;", "en"},
	}
	for _, tc := range tests {
		if got := Negotiate(tc.header); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestPrinter(t *testing.T) {
	en, es := For("en"), For("es")
	if got := en.N("codes.left", 1); got != "You have 1 recovery code left." {
		t.Errorf("en one: %q", got)
	}
	if got := en.N("codes.left", 3); got != "You have 3 recovery codes left." {
		t.Errorf("en other: %q", got)
	}
	if got := es.N("codes.left", 1); got != "Te queda 1 código de recuperación." {
		t.Errorf("es one: %q", got)
	}
	if got := es.N("codes.left", 0); got != "Te quedan 0 códigos de recuperación." {
		t.Errorf("es zero: %q", got)
	}
	if got := en.T("dashboard.heading", "name", "River"); got != "Welcome, River." {
		t.Errorf("placeholder: %q", got)
	}
	if got := en.T("no.such.key"); !strings.HasPrefix(got, MissingPrefix) {
		t.Errorf("missing key: %q", got)
	}
	if For("fr").Lang() != "en" {
		t.Error("an unknown language does not fall back to English")
	}
	day := time.Date(2026, 11, 23, 19, 5, 0, 0, time.UTC)
	if got := en.Date(day); got != "Monday, November 23, 2026" {
		t.Errorf("en date: %q", got)
	}
	if got := es.Date(day); got != "lunes, 23 de noviembre de 2026" {
		t.Errorf("es date: %q", got)
	}
	if got := en.Clock(day); got != "7:05 PM" {
		t.Errorf("en clock: %q", got)
	}
	if got := es.Clock(day); got != "19:05" {
		t.Errorf("es clock: %q", got)
	}
}
