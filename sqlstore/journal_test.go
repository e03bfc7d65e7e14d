package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// foldedAsSearch is s folded by a journal search, as words.
func foldedAsSearch(s string) []string {
	m := &journalMatcher{runes: map[rune]string{}}
	return strings.Fields(string(m.fold(nil, s)))
}

// TestJournalFold: a journal search folds text into the same words as
// the meeting and group search does.
func TestJournalFold(t *testing.T) {
	for _, s := range []string{
		"", "Hoy LLAMÉ a mi madrina.", "Señora Núñez—¡qué día!", "e\u0301 decomposed", "Al-Anon, 12 steps",
		"ﬁne ligature", "İstanbul ǅ", "日本語 テキスト", "emoji 🙂 between", "Ⅻ ① ²", "tab\tnew\nline",
	} {
		if got, want := foldedAsSearch(s), foldWords(s); !slices.Equal(got, want) {
			t.Errorf("%q folds to %q, want %q", s, got, want)
		}
	}
}

func FuzzJournalFold(f *testing.F) {
	for _, s := range []string{"Hoy LLAMÉ a mi madrina.", "e\u0301", "ﬁ İ ǅ", "🙂\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Entries and searches are valid UTF-8 (Validate and the search
		// make them so); on invalid bytes x/text/unicode/norm may leave
		// the next character whole.
		s = strings.ToValidUTF8(s, "\uFFFD")
		if got, want := foldedAsSearch(s), foldWords(s); !slices.Equal(got, want) {
			t.Errorf("%q folds to %q, want %q", s, got, want)
		}
	})
}
