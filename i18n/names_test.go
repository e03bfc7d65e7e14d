package i18n

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the table's zones, whatever the machine has

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

// TestZoneCity checks the names of the cities that name time zones: CLDR's
// where they differ from the zone's own last part, in every language, and
// under a zone's older or newer IANA name alike.
func TestZoneCity(t *testing.T) {
	for _, c := range []struct{ lang, zone, want string }{
		{"en", "America/New_York", "New York"},
		{"es", "America/New_York", "Nueva York"},
		{"es", "US/Eastern", "Nueva York"},
		{"en", "US/Eastern", "New York"},
		{"es", "America/Mexico_City", "Ciudad de México"},
		{"es", "America/Los_Angeles", "Los Ángeles"},
		{"en", "America/Bogota", "Bogotá"},
		{"es", "Europe/London", "Londres"},
		{"en", "Asia/Kolkata", "Kolkata"},
		{"en", "Asia/Calcutta", "Kolkata"},
		{"es", "Asia/Kolkata", "Calcuta"},
		{"en", "Asia/Ho_Chi_Minh", "Ho Chi Minh City"},
		{"es", "Europe/Kyiv", "Kiev"},
		{"en", "Europe/Kyiv", "Kyiv"},
		{"en", "America/Boise", "Boise"}, // not in the table: its last part
		{"es", "America/Argentina/Buenos_Aires", "Buenos Aires"},
		{"en", "UTC", "UTC"},
		{"fr", "America/New_York", "New York"}, // a language Hearth does not speak
	} {
		if got := ZoneCity(c.lang, c.zone); got != c.want {
			t.Errorf("ZoneCity(%q, %q) = %q, want %q", c.lang, c.zone, got, c.want)
		}
	}
}

// TestZonesTable checks zones.tsv as internal/zonesgen writes it: sorted,
// one line a zone, each a zone this Go knows, with a name in every
// language, one of them unlike the zone's last part.
func TestZonesTable(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(zonesTSV, "\n"), "\n")
	if len(lines) < 300 {
		t.Fatalf("zones.tsv has %d lines, want the few hundred CLDR names", len(lines))
	}
	if !slices.IsSorted(lines) {
		t.Error("zones.tsv is not sorted")
	}
	seen := map[string]bool{}
	for _, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 2+len(Langs) || f[0] != "zone" {
			t.Errorf("zones.tsv: %q: want zone, a zone's name and a name in each of %v", line, Langs)
			continue
		}
		if seen[f[1]] {
			t.Errorf("zones.tsv: %s twice", f[1])
		}
		seen[f[1]] = true
		if _, err := time.LoadLocation(f[1]); err != nil {
			t.Errorf("zones.tsv: %s: %v", f[1], err)
		}
		last := f[1][strings.LastIndexByte(f[1], '/')+1:]
		if !slices.ContainsFunc(f[2:], func(n string) bool { return n != "" && n != strings.ReplaceAll(last, "_", " ") }) ||
			slices.Contains(f[2:], "") {
			t.Errorf("zones.tsv: %q: a line for names like its last part, or an empty name", line)
		}
	}
}
