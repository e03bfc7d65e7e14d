package i18n

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Compare orders two names as a reader of lang expects them in a list:
// letters without regard to accents or case first ("Åland" among the A's,
// "Zambia" after "Yemen" whatever the case), then accents, then case;
// spaces and punctuation before digits, digits before letters; and in
// Spanish "ñ" a letter of its own after "n". It is the Unicode Collation
// Algorithm's order, with CLDR's rule for Spanish, for the Latin script
// that the names Hearth sorts (countries, languages, programs, meeting
// types, crisis lines) are written in, without the tables of every script
// the general algorithm carries. Other scripts sort after Latin, by code
// point.
func Compare(lang, a, b string) int {
	if a == b {
		return 0
	}
	return slices.Compare(SortKey(lang, a), SortKey(lang, b))
}

// SortByName sorts list stably by the names name gives, as Compare orders
// them, working out each name's key once.
func SortByName[T any](lang string, list []T, name func(T) string) {
	type keyed struct {
		key []int32
		v   T
	}
	k := make([]keyed, len(list))
	for i, v := range list {
		k[i] = keyed{SortKey(lang, name(v)), v}
	}
	slices.SortStableFunc(k, func(a, b keyed) int { return slices.Compare(a.key, b.key) })
	for i := range k {
		list[i] = k[i].v
	}
}

// SortKey is s's key for lang: the primary weights of its letters, a 0,
// their secondary weights, a 0 and their tertiary weights, so that keys
// compare, element by element, as Compare orders their names.
func SortKey(lang, s string) []int32 {
	spanish := lang == "es" || strings.HasPrefix(lang, "es-")
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	var k key
	k.primary = make([]int32, 0, len(s))
	k.secondary = make([]int32, 0, len(s))
	k.tertiary = make([]int32, 0, len(s))
	k.add(s, spanish)
	out := append(k.primary, 0)
	out = append(out, k.secondary...)
	out = append(out, 0)
	return append(out, k.tertiary...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// key is a name's weights at the three levels of the algorithm.
type key struct {
	primary, secondary, tertiary []int32
}

// letter adds a letter (or digit, space, mark of punctuation) of primary
// weight p and tertiary weight t.
func (k *key) letter(p, t int32) {
	k.primary = append(k.primary, p)
	k.secondary = append(k.secondary, secondaryBase)
	k.tertiary = append(k.tertiary, t)
}

// The primary weights: punctuation and symbols (their place in
// punctuation), then digits, then the Latin letters (two apart, so that a
// letter may follow another, as "ñ" does "n"), then other letters.
const (
	weightOtherSymbol = 200
	weightDigit       = 300
	weightLatin       = 1000
	weightOther       = 2000
	secondaryBase     = 1 // a letter with no accent
)

// punctuation is the order of punctuation and symbols in the Unicode
// Collation Algorithm's table (DUCET), which puts all of them before
// digits and letters.
const punctuation = " _-‐–—,;:!?.'‘’\"“”«»()[]{}@*/\\&#%`^+<=>|~$"

// expansions are letters that sort as two, or as a letter with an accent
// of their own (the rune after the letter is the accent's secondary
// weight, 0 for none); they follow the letters they stand for at the
// third level, as a variant of a letter does.
var expansions = map[rune][]rune{
	'æ': {'a', 0, 'e', 0}, 'œ': {'o', 0, 'e', 0}, 'ß': {'s', 0, 's', 0},
	'ø': {'o', 0x338}, 'đ': {'d', 0x335}, 'ð': {'d', 0x335}, 'ł': {'l', 0x337}, 'ħ': {'h', 0x335}, 'ı': {'i', 0x131},
}

// add adds the weights of s, in NFD.
func (k *key) add(s string, spanish bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		lower := unicode.ToLower(r)
		tertiary := int32(1)
		if lower != r {
			tertiary = 2
		}
		switch {
		case lower >= 'a' && lower <= 'z':
			if next, m := utf8.DecodeRuneInString(s[i:]); spanish && lower == 'n' && next == 0x303 {
				k.letter(weightLatin+2*('n'-'a')+1, tertiary)
				i += m
				continue
			}
			k.letter(weightLatin+2*(lower-'a'), tertiary)
		case r == ' ':
			k.letter(2, 1)
		case r >= '0' && r <= '9':
			k.letter(weightDigit+r-'0', 1)
		case unicode.Is(unicode.Mn, r):
			// An accent: a secondary weight on the letter before.
			k.secondary = append(k.secondary, secondaryBase+r)
		case expansions[lower] != nil:
			x := expansions[lower]
			for j := 0; j+1 < len(x); j += 2 {
				k.letter(weightLatin+2*(x[j]-'a'), tertiary+2)
				if x[j+1] != 0 {
					k.secondary = append(k.secondary, secondaryBase+x[j+1])
				}
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			k.letter(weightOther+lower, tertiary)
		case unicode.IsSpace(r):
			k.letter(2, 1)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Ignored, as the algorithm ignores them.
		default:
			w := int32(weightOtherSymbol)
			if j := strings.IndexRune(punctuation, r); j >= 0 {
				w = 2 + int32(utf8.RuneCountInString(punctuation[:j]))
			}
			k.letter(w, 1)
		}
	}
}
