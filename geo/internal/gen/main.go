// Command gen makes geo's embedded gazetteer, places.gz, from GeoNames
// files. It runs at development time only (see geo/DATA.md for where the
// files come from):
//
//	go run ./geo/internal/gen \
//		-cities cities500.txt -admin1 admin1.json -admin2 admin2.json \
//		-source "..." -o geo/places.gz
//
// It keeps populated places of at least -min-population people, plus
// capitals and first-level seats of any size, with their names in Latin
// script; adds country names in English, Spanish and a few other
// languages from the CLDR data in golang.org/x/text; adds first-level
// region names and codes, Spain's provinces, and the abbreviations and
// Spanish names people type for them. The output is the same for the same
// input, so regenerating shows a meaningful diff of nothing.
//
// The file is gzip'd lines of tab-separated fields, in sections:
//
//	hearth-gazetteer 1 <tab> source
//	Z  zone                                        (zones, numbered from 0)
//	C  cc  name  key|key…                          (countries)
//	R  cc  admin1  name  abbreviation  key|key…    (first-level regions)
//	S  cc  admin1  admin2  name  key|key…          (provinces)
//	P  name  cc  admin1  admin2  population  lat  lon  zone  key|key…   (places)
//
// A place's keys are those of its other names (fold.Name of each); the
// key of its own name is left for the reader to make. Places are in order
// of country and region, which gzip compresses best; populations are
// rounded to two significant figures and coordinates to 0.001° (about
// 100 m), which is as close as a town's centre is known and compresses
// to half the size of the full figures.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"hearth/geo/internal/fold"
)

func main() {
	citiesPath := flag.String("cities", "", "GeoNames cities file (geoname table format, e.g. cities500.txt)")
	admin1Path := flag.String("admin1", "", "admin1 names, JSON [{code: \"US.IL\", name}]")
	admin2Path := flag.String("admin2", "", "admin2 names, JSON [{code: \"ES.51.SE\", name}]")
	minPop := flag.Int("min-population", 1000, "keep places with at least this many people")
	altPop := flag.Int("other-names-population", 15000, "keep the other names of places with at least this many people")
	source := flag.String("source", "", "what the data came from, written into the file's header")
	out := flag.String("o", "places.gz", "output file")
	flag.Parse()
	if *citiesPath == "" || *admin1Path == "" || *admin2Path == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*citiesPath, *admin1Path, *admin2Path, *minPop, *altPop, *source, *out); err != nil {
		log.Fatal(err)
	}
}

// place is one row of the cities file that is kept.
type place struct {
	id                 int
	name               string
	keys               []string // primary key first
	cc, admin1, admin2 string
	population         int
	lat, lon           float64
	zone               string
}

func run(citiesPath, admin1Path, admin2Path string, minPop, altPop int, source, out string) error {
	places, err := readPlaces(citiesPath, minPop, altPop)
	if err != nil {
		return err
	}
	admin1, err := readAdmin(admin1Path)
	if err != nil {
		return err
	}
	admin2, err := readAdmin(admin2Path)
	if err != nil {
		return err
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "hearth-gazetteer 1\t%s\n", clean(source))

	// Zones, by name.
	zoneIndex := map[string]int{}
	var zones []string
	for _, p := range places {
		if _, ok := zoneIndex[p.zone]; !ok {
			zoneIndex[p.zone] = 0
			zones = append(zones, p.zone)
		}
	}
	slices.Sort(zones)
	for i, z := range zones {
		zoneIndex[z] = i
		fmt.Fprintf(&b, "Z\t%s\n", z)
	}

	// Countries: every country a place is in.
	countrySet := map[string]bool{}
	for _, p := range places {
		countrySet[p.cc] = true
	}
	for _, cc := range slices.Sorted(maps.Keys(countrySet)) {
		name, keys := countryNames(cc)
		fmt.Fprintf(&b, "C\t%s\t%s\t%s\n", cc, name, strings.Join(keys, "|"))
	}

	// Regions: every first-level division a place is in.
	regionSet := map[string]bool{}
	provinceSet := map[string]bool{}
	for _, p := range places {
		if p.admin1 != "" {
			regionSet[p.cc+"."+p.admin1] = true
		}
		if provinceCountries[p.cc] && p.admin2 != "" {
			provinceSet[p.cc+"."+p.admin1+"."+p.admin2] = true
		}
	}
	for _, code := range slices.Sorted(maps.Keys(regionSet)) {
		name, ok := admin1[code]
		if !ok {
			continue // a code GeoNames no longer names
		}
		cc, a1, _ := strings.Cut(code, ".")
		abbr := regionAbbreviation(cc, a1)
		keys := regionKeys(name, abbr, extraRegionNames[code])
		fmt.Fprintf(&b, "R\t%s\t%s\t%s\t%s\t%s\n", cc, a1, clean(name), abbr, strings.Join(keys, "|"))
	}
	for _, code := range slices.Sorted(maps.Keys(provinceSet)) {
		name, ok := admin2[code]
		if !ok {
			continue
		}
		parts := strings.SplitN(code, ".", 3)
		keys := regionKeys(name, "", extraProvinceNames[code])
		fmt.Fprintf(&b, "S\t%s\t%s\t%s\t%s\t%s\n", parts[0], parts[1], parts[2], clean(trimDivision(name)), strings.Join(keys, "|"))
	}

	// Places, by country and region.
	slices.SortStableFunc(places, func(a, b *place) int {
		if c := cmp.Compare(a.cc+"."+a.admin1, b.cc+"."+b.admin1); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for _, p := range places {
		a2 := ""
		if provinceCountries[p.cc] {
			a2 = p.admin2
		}
		fmt.Fprintf(&b, "P\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\n", clean(p.name), p.cc, p.admin1, a2,
			roughly(p.population), coord(p.lat), coord(p.lon), zoneIndex[p.zone], strings.Join(p.keys[1:], "|"))
	}

	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, z.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("%d places, %d zones: %d bytes, %d gzip'd", len(places), len(zones), b.Len(), z.Len())
	return nil
}

// readPlaces reads the GeoNames geoname table: geonameid, name,
// asciiname, alternatenames, latitude, longitude, feature class, feature
// code, country code, cc2, admin1, admin2, admin3, admin4, population,
// elevation, dem, timezone, modification date.
func readPlaces(path string, minPop, altPop int) ([]*place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var places []*place
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 19 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 19", path, n, len(c))
		}
		if c[6] != "P" || skipFeature[c[7]] {
			continue
		}
		pop, _ := strconv.Atoi(c[14])
		if pop < minPop && c[7] != "PPLC" && c[7] != "PPLA" {
			continue
		}
		id, err := strconv.Atoi(c[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: id: %v", path, n, err)
		}
		lat, err1 := strconv.ParseFloat(c[4], 64)
		lon, err2 := strconv.ParseFloat(c[5], 64)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("%s:%d: coordinates: %v", path, n, err)
		}
		if c[17] == "" || len(c[8]) != 2 {
			return nil, fmt.Errorf("%s:%d: no time zone or country", path, n)
		}
		p := &place{id: id, name: c[1], cc: c[8], admin1: c[10], admin2: c[11],
			population: pop, lat: lat, lon: lon, zone: c[17]}
		var others []string
		if pop >= altPop {
			others = strings.Split(c[3], ",")
		}
		p.keys = placeKeys(c[1], c[2], others)
		if len(p.keys) == 0 {
			continue
		}
		places = append(places, p)
	}
	return places, sc.Err()
}

// skipFeature are kinds of populated place that are no longer there.
var skipFeature = map[string]bool{"PPLH": true, "PPLQ": true, "PPLW": true, "PPLCH": true}

// placeKeys returns the keys of a place: its name's first, then those of
// its ASCII name and other names written in Latin script, each once.
// Codes (airport and postal codes, "LAX", "75001") are left out: they
// would match short queries meant for other places.
func placeKeys(name, ascii string, alternates []string) []string {
	var keys []string
	add := func(s string) {
		k := fold.Name(s)
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(name)
	if len(keys) == 0 {
		return nil
	}
	add(ascii)
	for _, a := range alternates {
		if a == "" || !latin(a) || isCode(a) {
			continue
		}
		add(a)
	}
	return keys
}

// latin reports whether every letter of s is in Latin script.
func latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// isCode reports whether s looks like a code rather than a name: it has
// a digit, or is two to four capital letters.
func isCode(s string) bool {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		return true
	}
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func readAdmin(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []struct{ Code, Name string }
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Code] = r.Name
	}
	return m, nil
}

// countryLanguages are the languages whose names for countries are keys.
// English comes first: it is the name shown.
var countryLanguages = []language.Tag{
	language.English, language.Spanish, language.French, language.German,
	language.Portuguese, language.Italian, language.Dutch,
}

// countryNames returns a country's English name and its keys: its code,
// its names in countryLanguages and the other names people use for it.
func countryNames(cc string) (string, []string) {
	region, err := language.ParseRegion(cc)
	name := cc
	var names []string
	if err == nil {
		for _, lang := range countryLanguages {
			if n := display.Regions(lang).Name(region); n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			name = names[0]
		}
	}
	names = append(names, countryAliases[cc]...)
	keys := []string{fold.Name(cc)}
	for _, n := range append([]string{name}, names...) {
		// "Congo (DRC)", "Myanmar (Burma)": the whole and each part.
		for _, part := range append([]string{n}, strings.FieldsFunc(n, func(r rune) bool { return r == '(' || r == ')' })...) {
			if k := fold.Name(part); k != "" && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return name, keys
}

// countryAliases are other names people type for countries.
var countryAliases = map[string][]string{
	"US": {"USA", "U.S.A.", "U.S.", "United States of America", "America", "EE.UU.", "EE. UU.", "EUA", "Estados Unidos de América"},
	"GB": {"UK", "U.K.", "Great Britain", "Britain", "Gran Bretaña"},
	"AE": {"UAE", "EAU"},
	"MX": {"Estados Unidos Mexicanos", "Méjico"},
	"NL": {"Holland", "Holanda"},
	"CZ": {"Czech Republic", "República Checa"},
	"CI": {"Ivory Coast", "Costa de Marfil"},
	"KR": {"Korea", "Corea"},
	"RU": {"Russian Federation"},
	"DO": {"Dominican Rep", "Rep. Dominicana", "RD"},
	"BO": {"Bolivia, Plurinational State of"},
	"VE": {"Venezuela, Bolivarian Republic of"},
	"SV": {"Salvador"},
}

// provinceCountries are the countries whose second-level divisions
// people name in an address, and which the gazetteer therefore keeps.
var provinceCountries = map[string]bool{"ES": true}

// regionAbbreviation is the short form people write after a place's
// name: the postal code of a US state ("IL"), a Canadian province ("ON")
// or an Australian state ("NSW"), or a Mexican state's common one.
func regionAbbreviation(cc, admin1 string) string {
	switch cc {
	case "US":
		return admin1 // GeoNames codes US states by their postal codes
	case "CA", "AU", "MX":
		return regionCodes[cc+"."+admin1]
	}
	return ""
}

// regionCodes are postal abbreviations of provinces and states whose
// GeoNames codes are numbers.
var regionCodes = map[string]string{
	"CA.01": "AB", "CA.02": "BC", "CA.03": "MB", "CA.04": "NB", "CA.05": "NL", "CA.07": "NS",
	"CA.08": "ON", "CA.09": "PE", "CA.10": "QC", "CA.11": "SK", "CA.12": "YT", "CA.13": "NT", "CA.14": "NU",
	"AU.01": "ACT", "AU.02": "NSW", "AU.03": "NT", "AU.04": "QLD", "AU.05": "SA", "AU.06": "TAS",
	"AU.07": "VIC", "AU.08": "WA",
	"MX.09": "CDMX",
}

// extraRegionNames are names people use for first-level regions that
// GeoNames gives in English or in another form.
var extraRegionNames = map[string][]string{
	"US.DC":  {"Washington DC", "District of Columbia"},
	"MX.09":  {"Ciudad de México", "CDMX", "DF", "D.F.", "Distrito Federal"},
	"MX.15":  {"Estado de México", "Edomex", "Edo. Méx."},
	"MX.07":  {"Coahuila de Zaragoza"},
	"MX.16":  {"Michoacán de Ocampo"},
	"MX.30":  {"Veracruz de Ignacio de la Llave"},
	"MX.02":  {"BC"},
	"MX.03":  {"BCS"},
	"MX.19":  {"NL"},
	"ES.51":  {"Andalucía"},
	"ES.52":  {"Aragón"},
	"ES.56":  {"Cataluña", "Catalunya"},
	"ES.60":  {"Comunidad Valenciana", "Comunitat Valenciana"},
	"ES.54":  {"Castilla-La Mancha"},
	"ES.55":  {"Castilla y León"},
	"ES.59":  {"País Vasco", "Euskadi"},
	"ES.07":  {"Islas Baleares", "Illes Balears", "Baleares"},
	"ES.53":  {"Canarias", "Islas Canarias"},
	"ES.32":  {"Navarra", "Comunidad Foral de Navarra"},
	"ES.29":  {"Comunidad de Madrid"},
	"ES.34":  {"Principado de Asturias"},
	"ES.31":  {"Región de Murcia"},
	"GB.ENG": {"Inglaterra"},
	"GB.SCT": {"Escocia"},
	"GB.WLS": {"Gales"},
	"GB.NIR": {"Irlanda del Norte"},
	"CO.34":  {"Bogotá", "Distrito Capital"},
	"CR.08":  {"San José Province"},
}

// extraProvinceNames are the Spanish names of provinces that GeoNames
// gives in another language of Spain.
var extraProvinceNames = map[string][]string{
	"ES.59.BI": {"Vizcaya"},
	"ES.59.SS": {"Guipúzcoa"},
	"ES.59.VI": {"Álava", "Araba"},
	"ES.56.GI": {"Gerona"},
	"ES.56.L":  {"Lérida"},
	"ES.58.C":  {"La Coruña", "A Coruña"},
	"ES.58.OR": {"Orense"},
	"ES.60.CS": {"Castellón", "Castelló"},
	"ES.60.V":  {"Valencia"},
	"ES.60.A":  {"Alacant"},
	"ES.07.PM": {"Baleares", "Islas Baleares"},
	"ES.53.TF": {"Tenerife"},
	"ES.53.GC": {"Gran Canaria"},
}

// regionKeys returns the keys of a region: its name, the name without
// words such as "Province" or "Provincia de", its abbreviation and its
// other names. A name like "Araba / Álava" gives each part.
func regionKeys(name, abbr string, extra []string) []string {
	var keys []string
	add := func(s string) {
		if k := fold.Name(s); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, n := range append([]string{name}, extra...) {
		add(n)
		add(trimDivision(n))
		for _, part := range strings.Split(n, "/") {
			add(trimDivision(part))
		}
	}
	add(abbr)
	return keys
}

// trimDivision removes the words that say what kind of division a name
// is: "Provincia de Sevilla" → "Sevilla", "Cesar Department" → "Cesar".
func trimDivision(name string) string {
	name = strings.TrimSpace(name)
	for _, p := range divisionPrefixes {
		if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			return strings.TrimSpace(name[len(p):])
		}
	}
	for _, s := range divisionSuffixes {
		if len(name) > len(s) && strings.EqualFold(name[len(name)-len(s):], s) {
			return strings.TrimSpace(name[:len(name)-len(s)])
		}
	}
	return name
}

var divisionPrefixes = []string{
	"Provincia de ", "Província de ", "Provincia da ", "Provincia di ", "Province of ",
	"Departamento de ", "Departamento del ", "Estado de ", "State of ", "Región de ", "Region of ",
}

var divisionSuffixes = []string{
	" Province", " Department", " Region", " State", " Governorate", " District",
	" Prefecture", " County", " Municipality", " Territory",
}

// roughly rounds a population to two significant figures: enough to rank
// places by, and it compresses far better than the exact census count.
func roughly(n int) int {
	scale := 1
	for n/scale >= 100 {
		scale *= 10
	}
	return (n + scale/2) / scale * scale
}

// coord formats a coordinate with three decimals: about 100 m, as close
// as a town's centre is known anyway.
func coord(f float64) string {
	s := strconv.FormatFloat(math.Round(f*1e3)/1e3, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

// clean keeps tabs and line breaks out of a field.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
