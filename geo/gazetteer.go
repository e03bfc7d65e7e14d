package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"hearth/geo/internal/fold"
)

// placesData is the gazetteer: GeoNames' populated places of at least
// 1,000 people, made by ./internal/gen (see DATA.md).
//
//go:generate sh internal/gen/regenerate.sh
//go:embed places.gz
var placesData []byte

// Place is a city, town or village of the gazetteer.
type Place struct {
	// Name is the place's name as GeoNames gives it, e.g. "Bogotá".
	Name string
	// Region is the first-level division the place is in, e.g.
	// "Illinois", "Jalisco", "Andalusia"; empty if not known.
	Region string
	// RegionCode is the abbreviation people write for the region, where
	// there is one: "IL", "ON", "NSW", "CDMX". Otherwise empty.
	RegionCode string
	// Province is the second-level division, where Hearth keeps them
	// (Spain's provinces, e.g. "Sevilla"); otherwise empty.
	Province string
	// Country is the country's English name, e.g. "Mexico"; CountryCode
	// its ISO 3166-1 alpha-2 code, e.g. "MX".
	Country     string
	CountryCode string
	// Population is the number of people, to two significant figures.
	Population int
	// Point is the place's centre.
	Point LatLon
	// Zone is the IANA time zone of the place, e.g. "America/Chicago": a
	// good default for a group that meets there.
	Zone string
}

// String returns the place's name, province, region and country, each
// once, e.g. "Springfield, Illinois, United States" or "Córdoba,
// Argentina" (whose province is also Córdoba).
func (p Place) String() string {
	parts := []string{p.Name}
	seen := []string{fold.Name(p.Name)}
	for _, s := range []string{p.Province, p.Region, p.Country} {
		if k := fold.Name(s); k != "" && !slices.Contains(seen, k) {
			parts = append(parts, s)
			seen = append(seen, k)
		}
	}
	return strings.Join(parts, ", ")
}

// gazetteer is the loaded data, read-only once built.
type gazetteer struct {
	source     string
	places     []place
	index      []entry                // every name of every place, by key
	qualifiers map[string][]qualifier // what a ", region" or ", country" may name
	countries  map[string]*country
	zones      []string
}

type place struct {
	name     string
	country  *country
	region   *region // nil if not known
	province *region // nil unless kept for its country
	pop      int32
	lat, lon int32  // thousandths of a degree
	zone     uint16 // index into zones
}

type country struct{ code, name string }

// region is a first-level division or a province.
type region struct {
	country              *country
	admin1, admin2, name string
	abbr                 string
}

// entry says that key is a name of places[place]; other marks a name
// other than the place's own (a translation, an older name).
type entry struct {
	key   string
	place int32
	other bool
}

// qualifier is what a qualifier in a query may name: a country, a region
// of it, or a province of that.
type qualifier struct {
	cc, admin1, admin2 string
}

// matches reports whether p is in q.
func (q qualifier) matches(p *place) bool {
	if p.country.code != q.cc {
		return false
	}
	if q.admin1 != "" && (p.region == nil || p.region.admin1 != q.admin1) {
		return false
	}
	if q.admin2 != "" && (p.province == nil || p.province.admin2 != q.admin2) {
		return false
	}
	return true
}

// load reads the embedded gazetteer once, on first use.
var load = sync.OnceValue(func() *gazetteer {
	g, err := parse(placesData)
	if err != nil {
		panic("geo: the embedded gazetteer is broken: " + err.Error())
	}
	return g
})

// Preload reads the gazetteer now rather than at the first Lookup, which
// takes a few hundred milliseconds; a server may call it in a goroutine
// as it starts.
func Preload() { load() }

// Source describes the data the gazetteer was made from.
func Source() string { return load().source }

// parse reads the gazetteer's file format (see ./internal/gen).
func parse(gz []byte) (*gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	data := string(raw) // one string; every name below is a piece of it

	header, data, _ := strings.Cut(data, "\n")
	magic, source, _ := strings.Cut(header, "\t")
	if magic != "hearth-gazetteer 1" {
		return nil, fmt.Errorf("unknown format %q", magic)
	}
	g := &gazetteer{
		source:     source,
		qualifiers: map[string][]qualifier{},
		countries:  map[string]*country{},
	}
	regions := map[string]*region{}
	addQualifier := func(keys string, q qualifier) {
		for k := range strings.SplitSeq(keys, "|") {
			if k != "" && !slices.Contains(g.qualifiers[k], q) {
				g.qualifiers[k] = append(g.qualifiers[k], q)
			}
		}
	}

	var f [10]string
	for n := 2; data != ""; n++ {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		nf := split(line, f[:])
		bad := func(what string) error { return fmt.Errorf("line %d: %s: %q", n, what, line) }
		switch f[0] {
		case "Z":
			if nf != 2 || len(g.zones) == math.MaxUint16 {
				return nil, bad("zone")
			}
			g.zones = append(g.zones, f[1])
		case "C":
			if nf != 4 {
				return nil, bad("country")
			}
			c := &country{code: f[1], name: f[2]}
			g.countries[c.code] = c
			addQualifier(f[3], qualifier{cc: c.code})
		case "R", "S":
			if nf != 6 {
				return nil, bad("region")
			}
			c := g.countries[f[1]]
			if c == nil {
				return nil, bad("region of an unknown country")
			}
			r := &region{country: c, admin1: f[2]}
			var keys string
			if f[0] == "R" {
				r.name, r.abbr, keys = f[3], f[4], f[5]
				regions[c.code+"."+r.admin1] = r
			} else {
				r.admin2, r.name, keys = f[3], f[4], f[5]
				regions[c.code+"."+r.admin1+"."+r.admin2] = r
			}
			addQualifier(keys, qualifier{cc: c.code, admin1: r.admin1, admin2: r.admin2})
		case "P":
			if nf != 10 {
				return nil, bad("place")
			}
			c := g.countries[f[2]]
			pop, err1 := strconv.ParseInt(f[5], 10, 32)
			lat, err2 := strconv.ParseFloat(f[6], 64)
			lon, err3 := strconv.ParseFloat(f[7], 64)
			zone, err4 := strconv.Atoi(f[8])
			if c == nil || err1 != nil || err2 != nil || err3 != nil || err4 != nil || zone < 0 || zone >= len(g.zones) {
				return nil, bad("place")
			}
			p := place{name: f[1], country: c, pop: int32(pop), lat: int32(math.Round(lat * 1000)), lon: int32(math.Round(lon * 1000)), zone: uint16(zone)}
			if f[3] != "" {
				p.region = regions[c.code+"."+f[3]]
				if f[4] != "" {
					p.province = regions[c.code+"."+f[3]+"."+f[4]]
				}
			}
			i := int32(len(g.places))
			g.places = append(g.places, p)
			own := fold.Name(p.name)
			g.index = append(g.index, entry{key: own, place: i})
			for k := range strings.SplitSeq(f[9], "|") {
				if k != "" && k != own {
					g.index = append(g.index, entry{key: k, place: i, other: true})
				}
			}
		default:
			return nil, bad("unknown kind of line")
		}
	}
	slices.SortFunc(g.index, func(a, b entry) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.place - b.place)
	})
	g.index = slices.Clip(g.index)
	return g, nil
}

// split cuts a line at tabs into f, returning how many fields it has
// (more than len(f) counts as len(f)+1).
func split(line string, f []string) int {
	for i := range f {
		var ok bool
		f[i], line, ok = strings.Cut(line, "\t")
		if !ok {
			for j := i + 1; j < len(f); j++ {
				f[j] = ""
			}
			return i + 1
		}
	}
	return len(f) + 1
}

func (p *place) point() LatLon {
	return LatLon{Lat: float64(p.lat) / 1000, Lon: float64(p.lon) / 1000}
}

// export turns a place into what Lookup returns.
func (g *gazetteer) export(p *place) Place {
	out := Place{
		Name:        p.name,
		Country:     p.country.name,
		CountryCode: p.country.code,
		Population:  int(p.pop),
		Point:       p.point(),
		Zone:        g.zones[p.zone],
	}
	if p.region != nil {
		out.Region, out.RegionCode = p.region.name, p.region.abbr
	}
	if p.province != nil {
		out.Province = p.province.name
	}
	return out
}
