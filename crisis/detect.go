package crisis

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Detect reports whether a member's words speak of wanting to die or to
// harm themselves, in English or Spanish: words such as "kill myself" or
// "no quiero vivir". It is a plain phrase match over the words folded
// (lower case, accents off, punctuation as spaces), so it errs towards
// offering help. What it is for, as Hearth's safety promise says: a
// member who writes such words is shown help and asked how they are,
// after what they wrote is saved; it never blocks, shames or tells anyone.
func Detect(texts ...string) bool {
	for _, t := range texts {
		if t == "" {
			continue
		}
		folded := " " + fold(t) + " "
		for _, p := range phrases {
			if strings.Contains(folded, p) {
				return true
			}
		}
	}
	return false
}

// phraseList is what Detect looks for, folded as fold does.
var phraseList = []string{
	// English.
	"kill myself", "killing myself", "end my life", "ending my life", "end it all", "take my own life",
	"want to die", "wanna die", "wish i was dead", "wish i were dead", "better off dead", "better off without me",
	"suicide", "suicidal", "no reason to live", "nothing to live for", "hurt myself", "harm myself", "self harm",
	"cut myself", "cutting myself", "dont want to be here anymore", "don t want to be here anymore",
	"dont want to live", "don t want to live", "do not want to live", "cant go on", "can t go on",
	"dont want to be alive", "don t want to be alive", "do not want to be alive", "wish i wasnt alive",
	"wish i wasn t alive", "wish i was never born", "wish i d never been born",
	// Spanish.
	"matarme", "suicidarme", "suicidio", "suicida", "quitarme la vida", "acabar con mi vida", "acabar con todo",
	"no quiero vivir", "quiero morir", "quiero morirme", "mejor muerto", "mejor muerta", "mejor sin mi",
	"hacerme dano", "lastimarme", "cortarme", "no puedo mas", "no aguanto mas", "no tengo por que vivir",
	"no quiero estar vivo", "no quiero estar viva", "ojala estuviera muerto", "ojala estuviera muerta",
	"quisiera estar muerto", "quisiera estar muerta", "ojala no hubiera nacido",
}

var phrases = func() []string {
	out := make([]string, len(phraseList))
	for i, p := range phraseList {
		out[i] = " " + fold(p) + " "
	}
	return out
}()

// fold lowers s, takes accents off and turns everything but letters and
// digits into single spaces.
func fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
