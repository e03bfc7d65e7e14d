package geo

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// want describes a place by its name, region code or name, and country
// code, e.g. "Springfield/IL/US" or "Sevilla/Andalusia/ES".
func describe(p Place) string {
	region := p.RegionCode
	if region == "" {
		region = p.Region
	}
	return p.Name + "/" + region + "/" + p.CountryCode
}

func TestLookup(t *testing.T) {
	tests := []struct {
		query string
		opts  Options
		first string   // the place ranked first
		also  []string // places that must be found too
	}{
		// English and Spanish spellings, accents or none.
		{query: "Guadalajara", first: "Guadalajara/Jalisco/MX", also: []string{"Guadalajara/Castille-La Mancha/ES"}},
		{query: "Bogota", first: "Bogotá/Bogota D.C./CO"},
		{query: "BOGOTÁ", first: "Bogotá/Bogota D.C./CO"},
		{query: "Mexico City", first: "Mexico City/CDMX/MX"},
		{query: "Ciudad de México", first: "Mexico City/CDMX/MX"},
		{query: "ciudad de mexico", first: "Mexico City/CDMX/MX"},
		{query: "Nueva York", first: "New York City/NY/US"},
		{query: "Londres", first: "London/England/GB"},
		{query: "São Paulo", first: "São Paulo/São Paulo/BR"},
		{query: "Sao Paulo", first: "São Paulo/São Paulo/BR"},
		{query: "  medellín ", first: "Medellín/Antioquia/CO"},
		{query: "Zürich", first: "Zürich/Zurich/CH"},
		{query: "Zurich", first: "Zürich/Zurich/CH"},
		{query: "St. Louis, MO", first: "St. Louis/MO/US"},
		{query: "Washington, D.C.", first: "Washington/DC/US"},

		// Ambiguous names, ranked by population.
		{query: "Paris", first: "Paris/Île-de-France/FR", also: []string{"Paris/TX/US"}},
		{query: "London", first: "London/England/GB", also: []string{"London/ON/CA"}},
		{query: "Springfield", first: "Springfield/MO/US", also: []string{"Springfield/IL/US", "Springfield/MA/US"}},
		{query: "Santiago", first: "Santiago/Santiago Metropolitan/CL"},
		{query: "Córdoba", first: "Córdoba/Cordoba/AR", also: []string{"Córdoba/Andalusia/ES"}},
		{query: "Córdoba", opts: Options{Prefer: "es"}, first: "Córdoba/Andalusia/ES"},
		{query: "Portland", first: "Portland/OR/US", also: []string{"Portland/ME/US"}},

		// Regions and countries, as names or codes, after commas or not.
		{query: "Springfield IL", first: "Springfield/IL/US"},
		{query: "Springfield, IL", first: "Springfield/IL/US"},
		{query: "springfield, illinois", first: "Springfield/IL/US"},
		{query: "Springfield, Illinois, USA", first: "Springfield/IL/US"},
		{query: "springfield illinois usa", first: "Springfield/IL/US"},
		{query: "Springfield, MA", first: "Springfield/MA/US"},
		{query: "Paris, Texas", first: "Paris/TX/US"},
		{query: "paris tx", first: "Paris/TX/US"},
		{query: "Paris, France", first: "Paris/Île-de-France/FR"},
		{query: "san jose, costa rica", first: "San José/San José/CR"},
		{query: "San José Costa Rica", first: "San José/San José/CR"},
		{query: "San Jose, CA", first: "San Jose/CA/US"},
		{query: "San Jose", first: "San Jose/CA/US", also: []string{"San José/San José/CR"}},
		{query: "Guadalajara, Jalisco", first: "Guadalajara/Jalisco/MX"},
		{query: "Guadalajara, España", first: "Guadalajara/Castille-La Mancha/ES"},
		{query: "Guadalajara, Spain", first: "Guadalajara/Castille-La Mancha/ES"},
		{query: "Monterrey, NL", first: "Monterrey/Nuevo León/MX"},
		{query: "Monterrey, Nuevo Leon, Mexico", first: "Monterrey/Nuevo León/MX"},
		{query: "Toronto ON", first: "Toronto/ON/CA"},
		{query: "Sydney NSW", first: "Sydney/NSW/AU"},
		{query: "Valencia, Venezuela", first: "Valencia/Carabobo/VE"},
		{query: "Valencia, Comunidad Valenciana", first: "Valencia/Valencia/ES"},
		{query: "Mérida, Yucatán", first: "Mérida/Yucatán/MX"},
		{query: "Mérida, Badajoz", first: "Mérida/Extremadura/ES"},
		{query: "Getxo, Vizcaya", first: "Getxo/Basque Country/ES"},
		{query: "Santiago, Chile", first: "Santiago/Santiago Metropolitan/CL"},
		{query: "León, Guanajuato", first: "León de los Aldama/Guanajuato/MX"},
		{query: "Cancún, Quintana Roo, México", first: "Cancún/Quintana Roo/MX"},

		// Half-typed names.
		{query: "Guadalaj", first: "Guadalajara/Jalisco/MX"},
		{query: "Albuquer", first: "Albuquerque/NM/US"},

		// An unknown qualifier after a comma is ignored, not fatal.
		{query: "Springfield, Ilinois", first: "Springfield/MO/US"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := Lookup(tt.query, tt.opts)
			if len(got) == 0 {
				t.Fatalf("nothing found, want %s", tt.first)
			}
			if d := describe(got[0]); d != tt.first {
				t.Errorf("first = %s, want %s; all: %s", d, tt.first, describeAll(got))
			}
			for _, w := range tt.also {
				if !containsPlace(got, w) {
					t.Errorf("%s not found in %s", w, describeAll(got))
				}
			}
		})
	}
}

func describeAll(ps []Place) string {
	var s []string
	for _, p := range ps {
		s = append(s, describe(p))
	}
	return strings.Join(s, ", ")
}

func containsPlace(ps []Place, want string) bool {
	for _, p := range ps {
		if describe(p) == want {
			return true
		}
	}
	return false
}

func TestLookupFindsNothing(t *testing.T) {
	for _, q := range []string{
		"", "   ", ",,,", "Xyzzyville", "Paris, Mexico", "Springfield, Ohio, Mexico", "Guadalajara, Texas",
		"Bogotá, Spain", strings.Repeat("a", 10000), "\xff\xfe", "東京", "gu",
	} {
		if got := Lookup(q, Options{}); len(got) != 0 {
			t.Errorf("Lookup(%.40q) = %s, want nothing", q, describeAll(got))
		}
	}
}

func TestLookupLimits(t *testing.T) {
	if n := len(Lookup("San", Options{})); n > DefaultLimit {
		t.Errorf("%d places for the default limit %d", n, DefaultLimit)
	}
	all := Lookup("Springfield", Options{Limit: 1000})
	if len(all) != MaxLimit && len(all) > MaxLimit {
		t.Errorf("%d places, more than MaxLimit %d", len(all), MaxLimit)
	}
	if len(all) < 20 {
		t.Errorf("only %d Springfields", len(all))
	}
	// Places named Springfield rank by population; a place known by
	// Springfield as another name ranks as if a tenth as populous.
	var prev *Place
	for i, p := range all {
		if p.Name != "Springfield" {
			continue
		}
		if prev != nil && p.Population > prev.Population {
			t.Errorf("%s ranked after %s, which is smaller", describe(p), describe(*prev))
		}
		prev = &all[i]
	}
	one := Lookup("Springfield", Options{Limit: 1})
	if len(one) != 1 || describe(one[0]) != describe(all[0]) {
		t.Errorf("Limit 1 gave %s, want %s", describeAll(one), describe(all[0]))
	}
}

func TestPlaceFields(t *testing.T) {
	got := Lookup("Springfield, IL", Options{})
	if len(got) == 0 {
		t.Fatal("Springfield, IL not found")
	}
	p := got[0]
	want := Place{
		Name: "Springfield", Region: "Illinois", RegionCode: "IL", Country: "United States", CountryCode: "US",
		Zone: "America/Chicago",
	}
	if p.Name != want.Name || p.Region != want.Region || p.RegionCode != want.RegionCode ||
		p.Country != want.Country || p.CountryCode != want.CountryCode || p.Zone != want.Zone {
		t.Errorf("got %+v, want %+v", p, want)
	}
	if p.Population < 100000 || p.Population > 130000 {
		t.Errorf("population %d", p.Population)
	}
	if d := Distance(p.Point, LatLon{39.80172, -89.64371}); d > 3*Kilometre {
		t.Errorf("Springfield, IL is at %v, %.0f m from where it should be", p.Point, d)
	}
	if s := p.String(); s != "Springfield, Illinois, United States" {
		t.Errorf("String() = %q", s)
	}

	sevilla := Lookup("Sevilla, España", Options{})
	if len(sevilla) == 0 || sevilla[0].Province != "Sevilla" || sevilla[0].Region != "Andalusia" || sevilla[0].Zone != "Europe/Madrid" {
		t.Errorf("Sevilla: %+v", sevilla)
	}
	if s := sevilla[0].String(); s != "Sevilla, Andalusia, Spain" {
		t.Errorf("String() = %q", s)
	}
}

// TestGazetteer checks the embedded data as a whole.
func TestGazetteer(t *testing.T) {
	g := load()
	if len(g.places) < 100000 {
		t.Errorf("only %d places", len(g.places))
	}
	if !strings.Contains(g.source, "GeoNames") || !strings.Contains(g.source, "CC BY 4.0") {
		t.Errorf("the source %q does not credit GeoNames and its licence", g.source)
	}
	for i := range g.places {
		p := g.export(&g.places[i])
		if p.Name == "" || !utf8.ValidString(p.Name) || !p.Point.Valid() || len(p.CountryCode) != 2 || p.Country == "" || p.Zone == "" {
			t.Fatalf("bad place %d: %+v", i, p)
		}
	}
	for i := 1; i < len(g.index); i++ {
		if g.index[i-1].key > g.index[i].key {
			t.Fatalf("the index is out of order at %d", i)
		}
	}
	for _, code := range []string{"US", "MX", "ES", "CO", "AR", "GB", "CA", "AU", "IN", "CR"} {
		if g.countries[code] == nil {
			t.Errorf("no country %s", code)
		}
	}
	for k, want := range map[string]string{"usa": "US", "estados unidos": "US", "mexico": "MX", "espana": "ES", "spain": "ES", "uk": "GB", "alemania": "DE", "deutschland": "DE"} {
		if qs := g.qualifiers[k]; !containsCountry(qs, want) {
			t.Errorf("%q does not name %s: %v", k, want, qs)
		}
	}
}

func containsCountry(qs []qualifier, cc string) bool {
	for _, q := range qs {
		if q.cc == cc && q.admin1 == "" {
			return true
		}
	}
	return false
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		query string
		want  []string // readings, as "name [within; within]"
	}{
		{"", nil},
		{" , ", nil},
		{"Bogotá", []string{"bogota []"}},
		{"Springfield IL", []string{"springfield il []", "springfield [il]"}},
		{"Springfield, IL", []string{"springfield [il]"}},
		{"Springfield, Sangamon County, IL, USA", []string{"springfield [il; usa]"}},
		{"a b c", []string{"a b c []", "a b [c]", "a [b c]", "a [b; c]"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range parseQuery(tt.query) {
			got = append(got, fmt.Sprintf("%s [%s]", r.name, strings.Join(r.within, "; ")))
		}
		if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
			t.Errorf("parseQuery(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"Springfield IL", "san jose, costa rica", "a,b,c,d,e", "Bogotá", "\xff,\xfe", "  ", "x y z w v u t s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		readings := parseQuery(q)
		if len(readings) > 16 {
			t.Fatalf("%d readings of %q", len(readings), q)
		}
		for _, r := range readings {
			if r.name == "" || len(r.within) > 2 {
				t.Fatalf("bad reading %+v of %q", r, q)
			}
			for _, k := range append([]string{r.name}, r.within...) {
				if k == "" || len(k) > 3*MaxQuery {
					t.Fatalf("bad key %q in %+v of %q", k, r, q)
				}
			}
		}
		if got := Lookup(q, Options{Limit: 3}); len(got) > 3 {
			t.Fatalf("%d places for limit 3", len(got))
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	Preload()
	for _, q := range []string{"Guadalajara", "san jose, costa rica", "Springfield IL", "Ciudad de México", "Santiago", "Guadalaj", "Xyzzyville"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				Lookup(q, Options{})
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(placesData); err != nil {
			b.Fatal(err)
		}
	}
}
