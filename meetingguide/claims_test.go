package meetingguide

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// refClaims is the plain version of claims, keeping every slug as a
// string: the new one must decide exactly as it does.
type refClaims struct {
	slugs map[string]refClaim
	bases map[string]int
}

type refClaim struct {
	owner int
	multi bool
}

func (c *refClaims) claim(m *Meeting, owner int, noun string) (Problem, bool) {
	if c.slugs == nil {
		c.slugs = make(map[string]refClaim)
		c.bases = make(map[string]int)
	}
	taken := func(format string, args ...any) (Problem, bool) {
		return Problem{Field: "slug", Code: CodeDuplicate, Message: fmt.Sprintf(format, args...)}, false
	}
	s := m.Slug
	if cl, ok := c.slugs[s]; ok {
		return taken("slug %q is already used by %s %d", s, noun, cl.owner)
	}
	if len(m.Days) > 1 {
		if o, ok := c.bases[s]; ok {
			return taken("slug %q would be written as %s-DAY records, which could not be told apart from %s %d", s, s, noun, o)
		}
		for _, d := range m.Days {
			if cl, ok := c.slugs[daySlug(s, d)]; ok {
				return taken("slug %q would be written as %q, which %s %d already uses", s, daySlug(s, d), noun, cl.owner)
			}
		}
		for _, d := range m.Days {
			c.slugs[daySlug(s, d)] = refClaim{owner: owner}
		}
		c.slugs[s] = refClaim{owner: owner, multi: true}
		return Problem{}, true
	}
	if base, ok := dayRecordBase(m); ok {
		if cl, ok := c.slugs[base]; ok && cl.multi {
			return taken("slug %q could not be told apart from the days of meeting %q (%s %d)", s, base, noun, cl.owner)
		}
		if _, ok := c.bases[base]; !ok {
			c.bases[base] = owner
		}
	}
	c.slugs[s] = refClaim{owner: owner}
	return Problem{}, true
}

// hashes are poor hash functions that make claims' exactness depend on
// comparing the strings.
var hashes = map[string]func(string) uint64{
	"default":    nil,
	"constant":   func(string) uint64 { return 42 },
	"length":     func(s string) uint64 { return uint64(len(s)) },
	"first byte": func(s string) uint64 { return uint64(s[0]) },
	"last byte":  func(s string) uint64 { return uint64(s[len(s)-1]) },
}

// TestClaimsExact claims random meetings, with slugs drawn from a small
// set so that they repeat, end in -DAY and collide in every way, and
// checks that claims decides each one as refClaims does, whatever the
// hash.
func TestClaimsExact(t *testing.T) {
	stems := []string{"a", "b", "ab", "a-1", "b-2", "a-1-3", "noon", "noon-2", "noon-2-2", "x"}
	for name, h := range hashes {
		t.Run(name, func(t *testing.T) {
			for seed := range uint64(50) {
				rng := rand.New(rand.NewPCG(seed, 7))
				got := &claims{hash: h}
				want := &refClaims{}
				for i := range 60 {
					slug := stems[rng.IntN(len(stems))]
					if rng.IntN(3) == 0 {
						slug += fmt.Sprintf("-%d", rng.IntN(8))
					}
					m := &Meeting{Slug: slug}
					switch n := rng.IntN(4); n {
					case 0, 1:
						m.Days = []time.Weekday{time.Weekday(rng.IntN(7))}
					default:
						for d := range time.Weekday(7) {
							if rng.IntN(3) == 0 {
								m.Days = append(m.Days, d)
							}
						}
					}
					gp, gok := got.claim(m, i, "record")
					wp, wok := want.claim(m, i, "record")
					if gok != wok || gp != wp {
						t.Fatalf("seed %d, claim %d (%q on %v): got %v %+v, want %v %+v", seed, i, slug, m.Days, gok, gp, wok, wp)
					}
				}
			}
		})
	}
}

// TestClaimsCollisions checks the two ways exactness could break: a
// slug whose hash another took must not be refused, and a slug repeated
// after such a collision must still be.
func TestClaimsCollisions(t *testing.T) {
	c := &claims{hash: func(string) uint64 { return 1 }}
	one := func(slug string, d time.Weekday) *Meeting { return &Meeting{Slug: slug, Days: []time.Weekday{d}} }
	for i, slug := range []string{"alpha", "beta", "gamma", "delta"} {
		if p, ok := c.claim(one(slug, 1), i, "record"); !ok {
			t.Fatalf("%q refused though no other slug is the same: %v", slug, p)
		}
	}
	for _, slug := range []string{"alpha", "beta", "gamma", "delta"} {
		if _, ok := c.claim(one(slug, 2), 9, "record"); ok {
			t.Errorf("%q taken twice", slug)
		}
	}
	// A several-day meeting whose SLUG-DAY another record already is.
	if _, ok := c.claim(one("tue-2", 4), 10, "record"); !ok {
		t.Fatal("tue-2 refused")
	}
	if p, ok := c.claim(&Meeting{Slug: "tue", Days: []time.Weekday{1, 2}}, 11, "record"); ok || p.Message != `slug "tue" would be written as "tue-2", which record 10 already uses` {
		t.Errorf("tue over tue-2: got %v %q", ok, p.Message)
	}
	if len(c.extra) == 0 {
		t.Error("a constant hash put nothing aside: the test does not test collisions")
	}
}

// BenchmarkClaims measures claiming the slugs of a large feed.
func BenchmarkClaims(b *testing.B) {
	ms := make([]Meeting, 100_000)
	for i := range ms {
		ms[i] = Meeting{Slug: fmt.Sprintf("meeting-%d-of-the-city", i), Days: []time.Weekday{1}}
		if i%4 == 0 {
			ms[i].Days = []time.Weekday{1, 3, 5}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		var c claims
		for i := range ms {
			if _, ok := c.claim(&ms[i], i, "meeting"); !ok {
				b.Fatal("refused")
			}
		}
	}
}

// TestDayMergerLikeMergeDays checks that DayMerger, fed meetings one by
// one, merges exactly as MergeDays does with all of them at once, on
// random feeds of day records that are alike or not, repeat days, and
// have slugs other meetings take.
func TestDayMergerLikeMergeDays(t *testing.T) {
	merges := 0
	for seed := range uint64(1000) {
		rng := rand.New(rand.NewPCG(seed, 11))
		var ms []Meeting
		for range rng.IntN(30) {
			base := []string{"a", "b", "a-1", "noon", "x_y"}[rng.IntN(5)]
			m := validMeeting()
			m.Slug = base
			m.Days = []time.Weekday{time.Weekday(rng.IntN(7))}
			switch rng.IntN(6) {
			case 0: // a plain meeting
			case 1: // on several days
				m.Days = []time.Weekday{1, time.Weekday(2 + rng.IntN(5))}
			default: // a day record
				m.Slug = daySlug(base, m.Days[0])
				if rng.IntN(8) == 0 {
					m.Slug = daySlug(base, time.Weekday(rng.IntN(7)))
				}
			}
			if rng.IntN(6) == 0 {
				m.Notes = "different"
			}
			ms = append(ms, m)
		}
		want := MergeDays(ms)
		merges += len(ms) - len(want)
		var dm DayMerger
		for i := range ms {
			dm.Add(&ms[i])
		}
		loads := 0
		scan := func(take func(*Meeting)) error {
			for _, i := range rng.Perm(len(ms)) {
				take(&Meeting{Slug: ms[i].Slug, Days: ms[i].Days})
			}
			return nil
		}
		if err := dm.Plan(scan, func(i int) (Meeting, error) { loads++; return ms[i], nil }); err != nil {
			t.Fatal(err)
		}
		var got []Meeting
		for i, m := range ms {
			slug, kept := dm.Slug(i, m.Slug)
			m, ok := dm.Merge(i, m)
			if ok != kept || ok && slug != m.Slug {
				t.Fatalf("seed %d, meeting %d: Slug says %q %v, Merge %q %v", seed, i, slug, kept, m.Slug, ok)
			}
			if ok {
				got = append(got, m)
			}
		}
		if dm.Meetings() != len(want) {
			t.Errorf("seed %d: Meetings() = %d, want %d", seed, dm.Meetings(), len(want))
		}
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d meetings, want %d\ngot  %v\nwant %v", seed, len(got), len(want), slugsOf(got), slugsOf(want))
		}
		for i := range got {
			if d := diffMeetings(got[i], want[i]); d != "" {
				t.Fatalf("seed %d, meeting %d:\n%s", seed, i, d)
			}
		}
		if loads > len(ms) {
			t.Errorf("seed %d: %d loads for %d meetings", seed, loads, len(ms))
		}
	}
	if merges < 200 {
		t.Errorf("only %d records merged in all: the feeds do not test merging", merges)
	}
}

func slugsOf(ms []Meeting) []string {
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprint(m.Slug, m.Days))
	}
	return s
}

// TestEncoderSlugsExact runs an Encoder whose claims hash every slug the
// same: distinct slugs all go out, a repeated one (or one a several-day
// meeting writes as its SLUG-DAY) is refused.
func TestEncoderSlugsExact(t *testing.T) {
	var buf strings.Builder
	enc := NewEncoder(&buf, Entity{})
	enc.claims.hash = func(string) uint64 { return 7 }
	m := validMeeting()
	for _, slug := range []string{"a", "b", "c", "lunch", "lunch-3"} {
		m.Slug = slug
		if err := enc.Encode(m); err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
	}
	several := validMeeting()
	several.Slug, several.Days = "lunch", []time.Weekday{1, 3}
	for _, tc := range []Meeting{m, several} {
		var invalid *InvalidMeetingError
		if err := enc.Encode(tc); !errors.As(err, &invalid) || invalid.Problems[0].Code != CodeDuplicate {
			t.Errorf("%s on %v: %v, want a duplicate slug", tc.Slug, tc.Days, err)
		}
	}
	several.Slug = "dinner"
	if err := enc.Encode(several); err != nil {
		t.Fatal(err)
	}
	m.Slug = "dinner-3"
	if err := enc.Encode(m); err == nil {
		t.Error("dinner-3 went out beside dinner on days 1 and 3")
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), `"slug"`); n != 7 {
		t.Errorf("%d records, want 7", n)
	}
}
