package geo

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"hearth/geo/internal/fold"
)

// Limits of Lookup.
const (
	DefaultLimit = 10  // places returned when Options.Limit is 0
	MaxLimit     = 50  // the most places Lookup returns
	MaxQuery     = 200 // octets of a query read; the rest is ignored
)

// maxPrefixScan bounds the names a prefix search looks at: a prefix that
// begins more names than this says too little to be worth ranking.
const maxPrefixScan = 5000

// Options tune Lookup. The zero value is ready to use.
type Options struct {
	// Limit is the most places to return: 0 means DefaultLimit, and more
	// than MaxLimit means MaxLimit.
	Limit int
	// Prefer is an ISO 3166-1 alpha-2 country code, such as the one the
	// member or the server is in: places there rank as if they were ten
	// times as populous, so "Córdoba" with Prefer "ES" finds Spain's first.
	Prefer string
}

// Lookup finds the places a person means by query, such as
// "Guadalajara", "san jose, costa rica" or "Springfield IL".
//
// The query is a place's name, optionally followed by a region and a
// country, each as a name or a code, separated by commas or, where that
// reads unambiguously, by spaces alone: "Springfield, IL, USA",
// "Paris Texas", "Sevilla, España". Case, accents and punctuation do not
// matter ("bogota" finds Bogotá); a place is found by its own name or by
// the other names GeoNames gives larger places ("Mexico City" and "Ciudad
// de México" find the same place).
//
// Places whose names match the query exactly come first, ranked by
// population, a match by the place's own name counting ten times one by
// another name. If none matches exactly, places whose names begin with
// the query are returned instead, so a half-typed name still finds
// something. A region or country given after a comma that names nothing
// known is ignored rather than allowed to hide every result. The result
// is empty if nothing matches, and never longer than the limit.
//
// Lookup reads no network: the gazetteer is embedded in Hearth. The first
// call loads it (see Preload); after that a lookup takes microseconds.
func Lookup(query string, opts Options) []Place {
	readings := parseQuery(query)
	if len(readings) == 0 {
		return nil
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	g := load()
	s := search{g: g, prefer: strings.ToUpper(strings.TrimSpace(opts.Prefer)), hits: map[int32]hit{}}

	var fallback []reading
	for _, r := range readings {
		within, ok := g.resolve(r.within)
		if !ok {
			if r.loose {
				fallback = append(fallback, reading{name: r.name})
			}
			continue
		}
		s.exact(r.name, within, tierExact)
	}
	if len(s.hits) == 0 {
		for _, r := range fallback {
			s.exact(r.name, nil, tierIgnoredQualifier)
		}
	}
	if len(s.hits) == 0 {
		for _, r := range readings {
			if within, ok := g.resolve(r.within); ok {
				s.prefix(r.name, within)
			}
		}
	}

	hits := make([]hit, 0, len(s.hits))
	for _, h := range s.hits {
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(a.tier, b.tier); c != 0 {
			return c
		}
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.place, b.place)
	})
	hits = hits[:min(len(hits), limit)]
	out := make([]Place, len(hits))
	for i, h := range hits {
		out[i] = g.export(&g.places[h.place])
	}
	return out
}

// How well a place matches, best first.
const (
	tierExact            = iota // a name equals the query, in the region and country given
	tierIgnoredQualifier        // a name equals the query; an unknown region or country was ignored
	tierPrefix                  // a name begins with the query
)

type hit struct {
	place int32
	tier  int
	score float64
}

// search gathers the places that match a query.
type search struct {
	g      *gazetteer
	prefer string
	hits   map[int32]hit
}

// add records a match of place i, keeping the best match of each place.
func (s *search) add(e entry, tier int) {
	p := &s.g.places[e.place]
	score := float64(p.pop) + 1
	if e.other {
		score /= 10
	}
	if s.prefer != "" && p.country.code == s.prefer {
		score *= 10
	}
	h := hit{place: e.place, tier: tier, score: score}
	if old, ok := s.hits[e.place]; ok && (old.tier < h.tier || old.tier == h.tier && old.score >= h.score) {
		return
	}
	s.hits[e.place] = h
}

// exact adds the places with a name whose key is name, within every one
// of within.
func (s *search) exact(name string, within [][]qualifier, tier int) {
	idx := s.g.index
	for i := s.g.lowerBound(name); i < len(idx) && idx[i].key == name; i++ {
		if s.g.inside(idx[i].place, within) {
			s.add(idx[i], tier)
		}
	}
}

// prefix adds the places with a name whose key begins with name, if name
// is long enough and does not begin too many names to rank.
func (s *search) prefix(name string, within [][]qualifier) {
	if len(name) < 3 {
		return
	}
	idx := s.g.index
	start := s.g.lowerBound(name)
	end := start
	for end < len(idx) && strings.HasPrefix(idx[end].key, name) {
		if end-start == maxPrefixScan {
			return
		}
		end++
	}
	for _, e := range idx[start:end] {
		if s.g.inside(e.place, within) {
			s.add(e, tierPrefix)
		}
	}
}

// lowerBound returns the index of the first entry whose key is not less
// than key.
func (g *gazetteer) lowerBound(key string) int {
	return sort.Search(len(g.index), func(i int) bool { return g.index[i].key >= key })
}

// resolve turns the keys of a query's regions and countries into what
// each may name. It reports false if any names nothing known.
func (g *gazetteer) resolve(within []string) ([][]qualifier, bool) {
	if len(within) == 0 {
		return nil, true
	}
	out := make([][]qualifier, len(within))
	for i, k := range within {
		out[i] = g.qualifiers[k]
		if len(out[i]) == 0 {
			return nil, false
		}
	}
	return out, true
}

// inside reports whether place i is in one of the qualifiers of every
// group of within.
func (g *gazetteer) inside(i int32, within [][]qualifier) bool {
	p := &g.places[i]
	for _, group := range within {
		if !slices.ContainsFunc(group, func(q qualifier) bool { return q.matches(p) }) {
			return false
		}
	}
	return true
}

// reading is one way to read a query: the key of a place's name, and the
// keys of the regions or countries the place must be in.
type reading struct {
	name   string
	within []string
	// loose marks qualifiers the person set apart with commas: if one
	// names nothing known, the name is still looked up without them.
	loose bool
}

// parseQuery returns the ways to read a query, the most literal first.
//
// Commas (or semicolons, or line breaks) separate the name from a region
// and a country: "Guadalajara, Jalisco, México". Of more than two
// qualifiers the last two are kept ("Springfield, Sangamon County, IL,
// USA"). A query with no comma is read whole, and also with its last one
// to three words taken as a region or country, and its last two to six as
// a region then a country: "Springfield IL", "san jose costa rica",
// "springfield illinois usa". Those readings only count when the
// qualifiers name something known.
func parseQuery(q string) []reading {
	if len(q) > MaxQuery {
		q = q[:MaxQuery]
	}
	var keys []string
	for part := range strings.FieldsFuncSeq(q, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if k := fold.Name(part); k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	within := keys[1:]
	if len(within) > 2 {
		within = within[len(within)-2:]
	}
	out := []reading{{name: keys[0], within: within, loose: len(within) > 0}}
	if len(keys) > 1 {
		return out
	}

	words := strings.Split(keys[0], " ")
	n := len(words)
	join := func(from, to int) string { return strings.Join(words[from:to], " ") }
	for k := 1; k <= 3 && k < n; k++ {
		out = append(out, reading{name: join(0, n-k), within: []string{join(n-k, n)}})
	}
	for country := 1; country <= 3; country++ {
		for region := 1; region <= 3 && region+country < n; region++ {
			rest := n - country - region
			out = append(out, reading{name: join(0, rest), within: []string{join(rest, n-country), join(n-country, n)}})
		}
	}
	return out
}
