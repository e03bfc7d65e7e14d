package web

import (
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"hearth/i18n"
	"hearth/meetingguide"
)

// The lists a group or meeting form chooses from, and the finder filters
// by, named in the member's language.

// programChoices lists every program Hearth knows, sorted by its name in
// lang; "secular or other" comes last. The list is shared: copy it to
// change it.
func programChoices(lang string) []Choice { return programLists()[lang] }

var programLists = sync.OnceValue(func() map[string][]Choice {
	out := map[string][]Choice{}
	for _, lang := range i18n.Langs {
		var list []Choice
		var other Choice
		for _, p := range meetingguide.Programs() {
			c := Choice{Value: string(p), Label: p.Name(lang)}
			if p == meetingguide.ProgramOther {
				other = c
				continue
			}
			list = append(list, c)
		}
		sortChoices(list, lang)
		out[lang] = append(list, other)
	}
	return out
})

// programName is a program's name in lang; an unknown code is shown as is.
func programName(code, lang string) string { return meetingguide.Program(code).Name(lang) }

func knownProgram(code string) bool { return meetingguide.Program(code).Known() }

// groupLanguages are the languages a group may say it meets in, by BCP 47
// tag. "ase" is American Sign Language.
var groupLanguages = []string{"en", "es", "fr", "pt", "de", "it", "nl", "pl", "ru", "uk", "ar", "fa", "hi", "zh", "ja", "ko", "vi", "tl", "ase"}

// languageName names a language (a BCP 47 tag) in lang: "Spanish",
// "Español". A tag it cannot name is shown as is.
func languageName(tag, lang string) string {
	key := lang + "|" + tag
	if n, ok := languageNames.Load(key); ok {
		return n.(string)
	}
	n := nameLanguage(tag, lang)
	languageNames.Store(key, n)
	return n
}

// languageNames keeps the names languageName has found: a page names the
// same few languages again and again.
var languageNames sync.Map // "lang|tag" → name

func nameLanguage(tag, lang string) string {
	if len(tag) > 35 {
		return tag
	}
	if tag == "ase" {
		return i18n.For(lang).T("language.ase")
	}
	name := i18n.LanguageName(lang, tag)
	if name == "" {
		return tag
	}
	// Spanish writes language names in lower case; at the start of a
	// label they read better capitalised.
	return capitalize(name)
}

// languageChoicesFor lists the group languages, named in lang, sorted.
// The list is shared: copy it to change it.
func languageChoicesFor(lang string) []Choice { return languageLists()[lang] }

var languageLists = sync.OnceValue(func() map[string][]Choice {
	out := map[string][]Choice{}
	for _, lang := range i18n.Langs {
		list := make([]Choice, 0, len(groupLanguages))
		for _, l := range groupLanguages {
			list = append(list, Choice{Value: l, Label: languageName(l, lang)})
		}
		sortChoices(list, lang)
		out[lang] = list
	}
	return out
})

// groupTags are the inclusivity tags a group may carry. Each has a name in
// the catalogs under "tag.<code>".
var groupTags = []string{"newcomer-friendly", "women", "men", "lgbtq", "non-binary", "trans", "people-of-colour",
	"young-people", "seniors", "asl", "secular", "parents", "veterans", "professionals"}

// tagName names a tag in lang; a tag Hearth does not know (from an
// import, say) is shown as is.
func tagName(tag, lang string) string {
	p := i18n.For(lang)
	if key := "tag." + tag; slices.Contains(groupTags, tag) && p.Has(key) {
		return p.T(key)
	}
	return tag
}

func tagChoices(lang string) []Choice {
	list := make([]Choice, 0, len(groupTags))
	for _, t := range groupTags {
		list = append(list, Choice{Value: t, Label: tagName(t, lang)})
	}
	return list
}

// sortChoices sorts choices by label as lang sorts words.
func sortChoices(list []Choice, lang string) {
	i18n.SortByName(lang, list, func(c Choice) string { return c.Label })
}

// Check is one checkbox of a group of them.
type Check struct {
	Value   string
	Label   string
	Checked bool
}

// checks turns choices into checkboxes, ticking those in chosen.
func checks(choices []Choice, chosen []string) []Check {
	out := make([]Check, len(choices))
	for i, c := range choices {
		out[i] = Check{Value: c.Value, Label: c.Label, Checked: slices.Contains(chosen, c.Value)}
	}
	return out
}

// CheckGroup is a fieldset of checkboxes sharing a name, for the checks
// partial.
type CheckGroup struct {
	ID     string // makes the ids of its elements unique on the page
	Name   string // the form field
	Legend string // catalog key
	Hint   string // catalog key, may be ""
	Error  string // catalog key of the group's problem, may be ""
	Checks []Check
}

// Items are the group's checkboxes, each in a list item with its label,
// written here rather than by the partial for the reason Select.Options
// gives.
func (g CheckGroup) Items() template.HTML {
	var b strings.Builder
	id, name := html.EscapeString(g.ID), html.EscapeString(g.Name)
	for i, c := range g.Checks {
		n := strconv.Itoa(i)
		b.WriteString(`<li><input type="checkbox" id="f-` + id + "-" + n + `" name="` + name + `" value="` + html.EscapeString(c.Value) + `"`)
		if c.Checked {
			b.WriteString(" checked")
		}
		b.WriteString(`><label for="f-` + id + "-" + n + `">` + html.EscapeString(c.Label) + "</label></li>\n")
	}
	return template.HTML(b.String())
}

// RadioGroup is a fieldset of radio buttons, for the radios partial.
type RadioGroup struct {
	Name    string
	Legend  string // catalog key
	Error   string // catalog key, may be ""
	Choices []Choice
	Value   string // the one chosen
}
