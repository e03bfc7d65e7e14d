package i18n

import (
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collateCases are names whose order turns on the rules Compare keeps:
// accents and case after letters, punctuation before digits before
// letters, "ñ" in Spanish, letters that sort as two.
var collateCases = []string{
	"Åland Islands", "Aland", "aland", "Albania", "Ñandú", "nandu", "Nube", "Nuñez", "Núñez", "Oso", "Ørsted", "Orsted",
	"Côte d’Ivoire", "Cote d'Ivoire", "Costa Rica", "Curaçao", "Curacao", "Guinea-Bissau", "Guinea Ecuatorial", "Guinea",
	"Guinea (Conakry)", "São Tomé & Príncipe", "Sao Tome", "St. Lucia", "St Lucia", "Saint Lucia", "Ærø", "Aero", "Zürich",
	"Zurich", "zurich", "10 Downing", "2nd Street", "éclair", "Eclair", "eclair", "Straße", "Strasse", "Türkiye", "Turkey",
	"Łódź", "Lodz", "Congo - Brazzaville", "Congo - Kinshasa", "Congo (RDC)", "Chad", "Chile", "Llanos", "Luxemburgo",
	"árabe", "Árabe", "Arabe", "hindi", "Hindi", "Inglés", "inglés", "Ingles", "E", "É", "e", "é", "",
}

// TestCompareAsCollation: Compare orders every pair of collateCases as
// the full Unicode Collation Algorithm of golang.org/x/text does, in
// English and Spanish.
func TestCompareAsCollation(t *testing.T) {
	for _, lang := range []string{"en", "es"} {
		c := collate.New(language.Make(lang))
		for _, a := range collateCases {
			for _, b := range collateCases {
				if got, want := Compare(lang, a, b), c.CompareString(a, b); got != want {
					t.Errorf("%s: Compare(%q, %q) = %d, collation says %d", lang, a, b, got, want)
				}
			}
		}
	}
}
