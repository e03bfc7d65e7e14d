// Command zonesgen writes zones.tsv: the names, in English and Spanish,
// of the cities that name time zones ("America/New_York": "New York",
// "Nueva York"), from CLDR's exemplar cities.
//
// Its input is CLDR's JSON as the Unicode consortium publishes it on npm:
// the packages cldr-dates-full (main/en and main/es timeZoneNames.json)
// and cldr-bcp47 (bcp47/timezone.json, which ties each zone to the older
// and newer IANA names it goes by). Hearth does not fetch them at build or
// run time: the file this writes is committed, and written again only
// when CLDR is updated:
//
//	npm pack cldr-dates-full@48.2.0 cldr-bcp47@48.2.0
//	(unpack each into its own folder)
//	go run ./internal/zonesgen -dates DATES/package -bcp47 BCP47/package -o zones.tsv
//
// A zone gets a line only when a name differs from the one Hearth makes
// of the zone's last part ("Los_Angeles": "Los Angeles"), and only for
// names this Go's zone database knows.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata"
)

// langs are the languages of the file's columns, in i18n.Langs's order.
var langs = []string{"en", "es"}

func main() {
	dates := flag.String("dates", "", "the cldr-dates-full package folder")
	bcp47 := flag.String("bcp47", "", "the cldr-bcp47 package folder")
	out := flag.String("o", "zones.tsv", "the file to write")
	flag.Parse()
	if err := run(*dates, *bcp47, *out); err != nil {
		fmt.Fprintln(os.Stderr, "zonesgen:", err)
		os.Exit(1)
	}
}

func run(dates, bcp47, out string) error {
	cities := make([]map[string]string, len(langs))
	for i, lang := range langs {
		var err error
		if cities[i], err = exemplarCities(filepath.Join(dates, "main", lang, "timeZoneNames.json"), lang); err != nil {
			return err
		}
	}
	aliases, err := zoneAliases(filepath.Join(bcp47, "bcp47", "timezone.json"))
	if err != nil {
		return err
	}
	var lines []string
	for _, ids := range aliases {
		// CLDR keys its names by the first of a zone's names.
		key := ids[0]
		for _, id := range ids {
			if _, err := time.LoadLocation(id); err != nil {
				continue
			}
			row, differs := []string{"zone", id}, false
			for i := range langs {
				name := cities[i][key]
				if name == "" { // the same in lang as CLDR's own name
					name = plainName(key)
				}
				differs = differs || name != plainName(id)
				row = append(row, name)
			}
			if differs {
				lines = append(lines, strings.Join(row, "\t")+"\n")
			}
		}
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	return os.WriteFile(out, []byte(strings.Join(lines, "")), 0o644)
}

// plainName is the name Hearth makes of a zone without the table: its
// last part, with spaces for underscores. i18n.ZoneCity does the same.
func plainName(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		id = id[i+1:]
	}
	return strings.ReplaceAll(id, "_", " ")
}

// exemplarCities reads a timeZoneNames.json: by zone, its city's name.
func exemplarCities(path, lang string) (map[string]string, error) {
	var doc struct {
		Main map[string]struct {
			Dates struct {
				TimeZoneNames struct {
					Zone map[string]json.RawMessage `json:"zone"`
				} `json:"timeZoneNames"`
			} `json:"dates"`
		} `json:"main"`
	}
	if err := readJSON(path, &doc); err != nil {
		return nil, err
	}
	loc, ok := doc.Main[lang]
	if !ok {
		return nil, fmt.Errorf("%s: no main.%s", path, lang)
	}
	cities := map[string]string{}
	for area, raw := range loc.Dates.TimeZoneNames.Zone {
		if err := walk(area, raw, cities); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	if len(cities) == 0 {
		return nil, fmt.Errorf("%s: no exemplar cities", path)
	}
	return cities, nil
}

// walk collects the exemplar cities under a zone name's prefix: CLDR nests
// "America/Argentina/Tucuman" as America → Argentina → Tucuman.
func walk(prefix string, raw json.RawMessage, cities map[string]string) error {
	var node map[string]json.RawMessage
	if err := json.Unmarshal(raw, &node); err != nil {
		return nil // a name (long, short), not a zone
	}
	if c, ok := node["exemplarCity"]; ok {
		var city string
		if err := json.Unmarshal(c, &city); err != nil {
			return fmt.Errorf("%s: exemplarCity: %v", prefix, err)
		}
		cities[prefix] = city
	}
	for k, v := range node {
		if k == "exemplarCity" || k == "long" || k == "short" {
			continue
		}
		if err := walk(prefix+"/"+k, v, cities); err != nil {
			return err
		}
	}
	return nil
}

// zoneAliases reads bcp47/timezone.json: each zone's IANA names, CLDR's
// own first.
func zoneAliases(path string) ([][]string, error) {
	var doc struct {
		Keyword struct {
			U struct {
				TZ map[string]json.RawMessage `json:"tz"`
			} `json:"u"`
		} `json:"keyword"`
	}
	if err := readJSON(path, &doc); err != nil {
		return nil, err
	}
	var zones [][]string
	for _, raw := range doc.Keyword.U.TZ {
		var z struct {
			Alias string `json:"_alias"`
		}
		if json.Unmarshal(raw, &z) != nil || z.Alias == "" {
			continue
		}
		zones = append(zones, strings.Fields(z.Alias))
	}
	if len(zones) == 0 {
		return nil, fmt.Errorf("%s: no zones", path)
	}
	return zones, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}
