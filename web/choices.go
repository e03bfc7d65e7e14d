package web

import (
	_ "embed"
	"strings"
	"sync"

	"hearth/i18n"
)

// The time zones and countries a member can choose, from the IANA time
// zone database (zone1970.tab and iso3166.tab), embedded at build time.
var (
	//go:embed data/zones.txt
	zonesTxt string
	//go:embed data/countries.txt
	countriesTxt string
)

// Choice is one option of a select.
type Choice struct {
	Value string
	Label string
}

var zoneChoices = sync.OnceValue(func() map[string][]Choice {
	out := map[string][]Choice{}
	for _, lang := range i18n.Langs {
		var list []Choice
		for _, z := range strings.Fields(zonesTxt) {
			list = append(list, Choice{Value: z, Label: zoneLabel(lang, z)})
		}
		sortChoices(list, lang)
		out[lang] = list
	}
	return out
})

// timeZones lists the zones a member may choose, each named in lang by its
// area and city ("América / Nueva York"), sorted in lang.
func timeZones(lang string) []Choice { return zoneChoices()[lang] }

// zoneLabel names a zone in lang: "America / Argentina / Buenos Aires".
func zoneLabel(lang, zone string) string {
	parts := strings.Split(zone, "/")
	if len(parts) == 1 {
		return zone
	}
	if key := "zone.area." + parts[0]; i18n.For(lang).Has(key) {
		parts[0] = i18n.For(lang).T(key)
	}
	for i := 1; i < len(parts)-1; i++ {
		parts[i] = strings.ReplaceAll(parts[i], "_", " ")
	}
	parts[len(parts)-1] = i18n.ZoneCity(lang, zone)
	return strings.Join(parts, " / ")
}

var countryChoices = sync.OnceValue(func() map[string][]Choice {
	out := map[string][]Choice{}
	for _, lang := range []string{"en", "es"} {
		var list []Choice
		for _, code := range strings.Fields(countriesTxt) {
			name := i18n.RegionName(lang, code)
			if name == "" {
				name = code
			}
			list = append(list, Choice{Value: code, Label: name})
		}
		sortChoices(list, lang)
		out[lang] = list
	}
	return out
})

// countries lists every country, named and sorted in lang.
func countries(lang string) []Choice { return countryChoices()[lang] }

func validCountryCode(code string) bool {
	for _, c := range strings.Fields(countriesTxt) {
		if c == code {
			return true
		}
	}
	return false
}
