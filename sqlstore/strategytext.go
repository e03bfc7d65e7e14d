package sqlstore

import (
	"slices"
	"strings"

	"hearth"
)

// Searching the library of strategies.
//
// A member asks a question in words ("what helps with cravings at
// night?", "¿qué ayuda con los antojos de noche?") rather than typing
// keywords, in either language, and a strategy may be written in the
// other. So the store, not the database, decides what a search means,
// the same way on SQLite and PostgreSQL:
//
//   - Words are folded (foldWords: lower case, accents off), so "Noché"
//     and "noche" are one word and both databases see the same text.
//   - Stop words of both languages are dropped, with the words that make
//     a question ("what", "helps", "qué", "ayuda"): they would match
//     nearly every strategy.
//   - What is left is stemmed lightly (stem: plural and common endings
//     off, in both languages) and asked for as a prefix, so "cravings"
//     finds "crave" and "craving", "antojos" finds "antojo".
//   - The words are ORed, not ANDed, and the database ranks by how well
//     a strategy matches (bm25 on FTS5, ts_rank on PostgreSQL): a
//     strategy about cravings at night comes before one only about
//     nights, and a question with a word no strategy holds still finds
//     something.
//   - A strategy's search text holds, beside its own words, the words of
//     its situations in both languages (situationWords): "antojos" finds
//     an English strategy tagged "craving", and "night" a Spanish one
//     tagged "night".
//
// Neither database stems here: SQLite's FTS5 has a Porter stemmer for
// English only, and PostgreSQL's 'english' and 'spanish' configurations
// would each mangle the other language's words (and a query's language
// is not known). A light stemmer of our own, asked for as prefixes, is
// the same on both.

// situationWords are the words, both languages, folded, that name each
// situation: added to the search text of strategies tagged with it.
var situationWords = map[string][]string{
	"craving":         {"craving", "cravings", "crave", "urge", "urges", "antojo", "antojos", "ganas", "deseo", "impulso"},
	"hungry":          {"hungry", "hunger", "halt", "hambre", "hambriento"},
	"angry":           {"angry", "halt", "enojado", "enojada", "enfadado"},
	"lonely":          {"lonely", "halt", "solo", "sola"},
	"tired":           {"tired", "exhausted", "halt", "cansado", "cansada", "cansancio"},
	"anger":           {"anger", "angry", "rage", "resentment", "enojo", "ira", "rabia", "resentimiento"},
	"grief":           {"grief", "loss", "grieving", "mourning", "duelo", "perdida", "luto", "tristeza"},
	"loneliness":      {"loneliness", "lonely", "alone", "isolation", "soledad", "solo", "sola", "aislamiento"},
	"insomnia":        {"insomnia", "sleep", "sleepless", "insomnio", "dormir", "sueno", "desvelo"},
	"night":           {"night", "nights", "evening", "late", "noche", "noches", "nocturno", "madrugada"},
	"social_pressure": {"pressure", "party", "parties", "peer", "friends", "drinks", "presion", "fiesta", "fiestas", "amigos"},
	"holidays":        {"holiday", "holidays", "christmas", "vacation", "fiestas", "navidad", "vacaciones", "feriado"},
	"early_recovery":  {"early", "newcomer", "beginning", "first", "newcomers", "principio", "recien", "comienzo", "primeros"},
	"after_setback":   {"setback", "slip", "relapse", "recaida", "tropiezo", "caida"},
	"stress":          {"stress", "stressed", "overwhelmed", "estres", "estresado", "agobio"},
	"anxiety":         {"anxiety", "anxious", "panic", "worry", "ansiedad", "ansioso", "panico", "preocupacion"},
	"boredom":         {"boredom", "bored", "aburrimiento", "aburrido", "aburrida"},
	"work":            {"work", "job", "office", "boss", "trabajo", "oficina", "jefe"},
	"family":          {"family", "parents", "kids", "children", "familia", "padres", "hijos"},
	"relationships":   {"relationship", "relationships", "partner", "breakup", "pareja", "relacion", "relaciones", "ruptura"},
	"pain":            {"pain", "hurt", "chronic", "dolor", "cronico"},
	"celebration":     {"celebration", "celebrate", "wedding", "birthday", "celebracion", "boda", "cumpleanos"},
}

// stopWords are the folded words of either language a search ignores.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a about after again all also am an and any anything are as at be been being but by can could
		did do does doing for from get gets got had has have having help helped helping helps how i if
		in into is it its just me more most much my myself no not now of on or our out over please
		really right should so some something such than that the their them then there these they
		thing things this those through tip tips to today too up us very was way ways we were what
		when where which while who why will with would you your idea ideas strategy strategies cope
		coping deal dealing
		al algo algun alguna alguno ante ayuda ayudan ayudar ayudarme ayude ayudame como con contra
		cual cuales cuando de del desde donde el ella ellas ellos en entre era es esa ese eso esta
		estan estar este esto estoy estos fue ha hace hacer hago hay hoy la las le les lo los mas me
		mi mis mucho muy nada ni no nos o para pero poco por porque puede puedo que se ser si sin
		sobre son su sus tambien te tengo ti tiene toda todo tu tus un una unas uno unos usted ya yo
		ahora idea ideas consejo consejos estrategia estrategias sirve sirven afrontar`) {
		m[w] = true
	}
	return m
}()

// stemEndings are taken off a word's end, the first that fits, leaving
// at least stemMin letters: English and Spanish plural and common
// endings, longest first.
var stemEndings = []string{
	"amente", "imiento", "amiento", "aciones", "iciones", "mente", "acion", "icion", "ness", "ings",
	"ando", "iendo", "ados", "adas", "idos", "idas", "ing", "ies", "ed", "es", "ly", "os", "as",
	"s", "a", "o", "e", "y",
}

// stemMin is the fewest letters a stem keeps: a shorter prefix would
// find too much.
const stemMin = 4

// stem takes the ending off a folded word, so that it matches the
// word's other forms as a prefix ("cravings" → "crav", "antojos" →
// "antoj", "noche" → "noch").
func stem(w string) string {
	for _, e := range stemEndings {
		if strings.HasSuffix(w, e) && len(w)-len(e) >= stemMin {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

// strategyQueryWordsMax bounds the words of a search asked of the
// database.
const strategyQueryWordsMax = 12

// strategyTerms is the stems of the meaningful words of a search, once
// each, in the order typed: stop words and words of fewer than three
// letters dropped.
func strategyTerms(q string) []string {
	var out []string
	for _, w := range foldWords(q) {
		if len([]rune(w)) < 3 || stopWords[w] {
			continue
		}
		s := stem(w)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
		if len(out) == strategyQueryWordsMax {
			break
		}
	}
	return out
}

// strategySearchText is what strategies_fts and the tsvector index of a
// strategy: its words and its situations' words, folded, once each.
func strategySearchText(s *hearth.Strategy) string {
	texts := []string{s.Title, s.Body}
	for _, t := range s.Tags {
		texts = append(texts, strings.Join(situationWords[t], " "))
	}
	return searchText(texts...)
}
