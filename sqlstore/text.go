package sqlstore

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Free text is searched over words the store folds itself, the same way
// when it stores them and when it is asked for them, so that SQLite and
// PostgreSQL find the same meetings and groups: lower case, accents taken
// off ("Señora" is "senora"), and anything but letters and digits a break
// between words ("Al-Anon" is "al anon").

// queryWordsMax bounds the words of one search; more are ignored.
const queryWordsMax = 8

// foldWords returns the folded words of s.
func foldWords(s string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// An accent, taken off its letter.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// searchText is the folded words of the texts, once each, for a
// search_text column.
func searchText(texts ...string) string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		for _, w := range foldWords(t) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return strings.Join(out, " ")
}

// queryWords is the folded words of a search as typed, at most
// queryWordsMax of them, once each.
func queryWords(q string) []string {
	var out []string
	for _, w := range foldWords(q) {
		if len(out) == queryWordsMax {
			break
		}
		dup := false
		for _, o := range out {
			dup = dup || o == w
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}
