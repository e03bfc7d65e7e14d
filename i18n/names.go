package i18n

import (
	_ "embed"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

//go:generate go run ./internal/namesgen -o names.tsv

// The names of languages, of countries and of the cities that name time
// zones, in each language Hearth speaks, from CLDR (Unicode License v3,
// CLDR-LICENSE): names.tsv is written by internal/namesgen, zones.tsv by
// internal/zonesgen (whose comment says how).

var (
	//go:embed names.tsv
	namesTSV string
	//go:embed zones.tsv
	zonesTSV string
)

// names are names.tsv and zones.tsv read: by kind and code, the name in
// each of Langs.
var names = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for line := range strings.Lines(namesTSV + zonesTSV) {
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) == 2+len(Langs) {
			m[f[0]+"\t"+f[1]] = f[2:]
		}
	}
	return m
})

// name is the name of the language or region code in lang, or "".
func name(kind, code, lang string) string {
	entry := names()[kind+"\t"+code]
	if i := slices.Index(Langs, lang); i >= 0 && entry != nil {
		return entry[i]
	}
	return ""
}

// RegionName names a country, given as an ISO 3166 code ("MX"), or an
// area of UN M.49 ("419"), in lang ("México", "Latinoamérica"): "" when
// Hearth has no name for it.
func RegionName(lang, code string) string { return name("region", code, lang) }

// LanguageName names a language, given as a BCP 47 tag, in lang: its base
// language's name ("Spanish", "español"), with the country's after it
// when the tag names one ("Spanish (Mexico)"). "" when Hearth has no name
// for its base language.
func LanguageName(lang, tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, conf := t.Base()
	n := name("language", base.String(), lang)
	if conf != language.Exact || n == "" {
		return ""
	}
	if region, conf := t.Region(); conf == language.Exact {
		if r := RegionName(lang, region.String()); r != "" {
			n += " (" + r + ")"
		}
	}
	return n
}

// ZoneCity names the city that names a time zone, given by its IANA name,
// in lang: "Nueva York" for America/New_York in Spanish, "Ho Chi Minh
// City" for Asia/Ho_Chi_Minh in English. A zone CLDR does not name
// differently is named by its last part ("America/Boise": "Boise").
func ZoneCity(lang, zone string) string {
	if n := name("zone", zone, lang); n != "" {
		return n
	}
	if i := strings.LastIndexByte(zone, '/'); i >= 0 {
		zone = zone[i+1:]
	}
	return strings.ReplaceAll(zone, "_", " ")
}
