// Package i18n holds Hearth's message catalogs and chooses a member's
// language. Every string the interface shows lives in a catalog, in English
// and in Spanish; templates and handlers only name keys.
//
// A catalog is a flat JSON object of key to text. Placeholders are written
// {name}. A message that depends on a count has one key per CLDR plural
// form, suffixed ".one", ".other" (and ".many" where the language has it).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Langs are the languages Hearth speaks; the first is the default.
var Langs = []string{"en", "es"}

var (
	//go:embed catalog/*.json
	catalogFS embed.FS

	tags    = []language.Tag{language.English, language.Spanish}
	matcher = language.NewMatcher(tags)
)

type catalog struct {
	lang string
	tag  language.Tag
	msgs map[string]string
}

var load = sync.OnceValue(func() map[string]*catalog {
	cats := map[string]*catalog{}
	for i, lang := range Langs {
		data, err := catalogFS.ReadFile("catalog/" + lang + ".json")
		if err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", lang, err))
		}
		msgs := map[string]string{}
		if err := json.Unmarshal(data, &msgs); err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", lang, err))
		}
		cats[lang] = &catalog{lang: lang, tag: tags[i], msgs: msgs}
	}
	return cats
})

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool {
	for _, l := range Langs {
		if l == lang {
			return true
		}
	}
	return false
}

// Messages returns a copy of a language's catalog (for tests that hold
// the two catalogs against each other or against a page).
func Messages(lang string) map[string]string {
	c, ok := load()[lang]
	if !ok {
		return nil
	}
	m := make(map[string]string, len(c.msgs))
	for k, v := range c.msgs {
		m[k] = v
	}
	return m
}

// Keys returns the sorted keys of a language's catalog.
func Keys(lang string) []string {
	var keys []string
	for k := range load()[lang].msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Negotiate picks the best of Langs for an Accept-Language header.
func Negotiate(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return Langs[0]
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return Langs[0]
	}
	return Langs[i]
}

// Printer says messages in one language.
type Printer struct {
	c *catalog
}

// For returns the printer of lang, or of the default language when Hearth
// does not speak lang.
func For(lang string) *Printer {
	cats := load()
	if c, ok := cats[lang]; ok {
		return &Printer{c: c}
	}
	return &Printer{c: cats[Langs[0]]}
}

// Lang is the printer's language code.
func (p *Printer) Lang() string { return p.c.lang }

// Has reports whether the catalog has key.
func (p *Printer) Has(key string) bool {
	_, ok := p.c.msgs[key]
	return ok
}

// MissingPrefix marks a key that has no message, so tests can find it in
// rendered pages.
const MissingPrefix = "!missing:"

// T says the message key, with args as name, value pairs for its
// placeholders.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.c.msgs[key]
	if !ok {
		return MissingPrefix + key
	}
	return fill(msg, args)
}

// N says the plural form of key that fits n; {n} in the message is n.
func (p *Printer) N(key string, n int, args ...any) string {
	form := "other"
	switch plural.Cardinal.MatchPlural(p.c.tag, n, 0, 0, 0, 0) {
	case plural.One:
		form = "one"
	case plural.Many:
		form = "many"
	}
	msg, ok := p.c.msgs[key+"."+form]
	if !ok {
		msg, ok = p.c.msgs[key+".other"]
	}
	if !ok {
		return MissingPrefix + key
	}
	return fill(msg, append([]any{"n", n}, args...))
}

func fill(msg string, args []any) string {
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(msg[:i])
		name := msg[i+1 : i+j]
		b.WriteString(lookup(name, args))
		msg = msg[i+j+1:]
	}
	b.WriteString(msg)
	return b.String()
}

func lookup(name string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k == name {
			switch v := args[i+1].(type) {
			case string:
				return v
			case int:
				return strconv.Itoa(v)
			case int64:
				return strconv.FormatInt(v, 10)
			default:
				return fmt.Sprint(v)
			}
		}
	}
	return "{" + name + "}"
}
