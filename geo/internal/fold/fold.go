// Package fold turns place names into the keys the gazetteer is indexed
// by, so that a name matches however it is typed: in any case, with or
// without accents, with or without punctuation.
//
// Both the data generator and the lookup use it, so a key written into
// the data always equals the key made from a query.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Name returns the key of a place name: lower case, accents removed
// ("Bogotá" → "bogota"), letters with no decomposition spelled out
// ("Straße" → "strasse", "Łódź" → "lodz"), periods and apostrophes
// dropped ("St. John's" → "st johns", "D.C." → "dc") and every other run
// of punctuation or space made one space ("Winston-Salem" →
// "winston salem"), trimmed. Letters of other scripts are kept, lower-
// cased. A name with no letters or digits has the empty key.
func Name(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '.' || r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʻ' || r == 'ʼ' || r == '´':
			continue // "St." is "st", "O'Fallon" is "ofallon"
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent, split off by NFD
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if t, ok := spelled[r]; ok {
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteString(t)
				continue
			}
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// spelled are Latin letters that NFD does not split into a base letter
// and an accent, with the letters people type for them.
var spelled = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l",
	'ı': "i", 'þ': "th", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k", 'ŋ': "n",
}
