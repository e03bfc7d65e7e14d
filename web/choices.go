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

var timeZones = sync.OnceValue(func() []Choice {
	var out []Choice
	for _, z := range strings.Fields(zonesTxt) {
		out = append(out, Choice{Value: z, Label: strings.ReplaceAll(z, "_", " ")})
	}
	return out
})

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
