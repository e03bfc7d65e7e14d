package i18n

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// TestNamesTable checks that names.tsv is what internal/namesgen writes
// now: regenerate it after a change of golang.org/x/text.
func TestNamesTable(t *testing.T) {
	out := filepath.Join(t.TempDir(), "names.tsv")
	cmd := exec.Command("go", "run", "./internal/namesgen", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/namesgen: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(fresh) != namesTSV {
		t.Error("names.tsv is not what internal/namesgen writes now: run go generate in i18n/")
	}
}

// TestNames checks the names Hearth gives against CLDR's, as
// golang.org/x/text/language/display gives them, in every language.
func TestNames(t *testing.T) {
	for _, lang := range Langs {
		ui := language.Make(lang)
		for _, code := range []string{"en", "es", "fr", "pt", "de", "it", "nl", "pl", "ru", "uk", "ar", "fa", "hi", "zh", "ja",
			"ko", "vi", "tl", "ht", "hy", "ga", "sw", "yue", "haw", "nv", "gsw"} {
			want := display.Tags(ui).Name(language.Make(code))
			if got := LanguageName(lang, code); got != want || got == "" {
				t.Errorf("LanguageName(%q, %q) = %q, want %q", lang, code, got, want)
			}
		}
		for _, code := range []string{"US", "MX", "ES", "GB", "CA", "AR", "PR", "DO", "GT", "SV", "JP", "ZA", "XK", "CI"} {
			region := language.MustParseRegion(code)
			want := display.Regions(ui).Name(region)
			if got := RegionName(lang, code); got != want || got == "" {
				t.Errorf("RegionName(%q, %q) = %q, want %q", lang, code, got, want)
			}
		}
	}
	for _, c := range []struct{ lang, tag, want string }{
		{"en", "es-MX", "Spanish (Mexico)"},
		{"es", "es-MX", "español (México)"},
		{"en", "EN-us", "English (United States)"},
		{"en", "zh-Hant", "Chinese"},
		{"en", "es-419", "Spanish (Latin America)"},
		{"es", "es-419", "español (Latinoamérica)"},
		{"en", "und", ""},
		{"en", "und-MX", ""}, // the base only guessed from the country
		{"en", "x-private", ""},
		{"en", "qaa", ""}, // reserved for local use: no name
		{"en", "not a tag", ""},
		{"fr", "es", ""}, // a language Hearth does not speak
	} {
		if got := LanguageName(c.lang, c.tag); got != c.want {
			t.Errorf("LanguageName(%q, %q) = %q, want %q", c.lang, c.tag, got, c.want)
		}
	}
	for _, c := range []struct{ lang, code, want string }{{"en", "ZZ", ""}, {"en", "mx", ""}, {"en", "419", "Latin America"}, {"en", "999", ""}, {"de", "MX", ""}} {
		if got := RegionName(c.lang, c.code); got != c.want {
			t.Errorf("RegionName(%q, %q) = %q, want %q", c.lang, c.code, got, c.want)
		}
	}
}
