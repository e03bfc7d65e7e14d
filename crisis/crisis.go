// Package crisis holds the crisis lines Hearth shows on its "Need help now?"
// page: for each country an ordered list of lines to call, text or chat,
// each described in every language Hearth speaks.
//
// The defaults are embedded (resources.json). An operator may give a file
// of the same shape to Load; what it holds replaces the defaults piece by
// piece:
//
//	{
//	  "notice":    {"en": "...", "es": "..."},   // replaces the notice
//	  "default":   [line, ...],                  // replaces the fallback lines
//	  "countries": {"US": {"name": {...}, "lines": [line, ...]}, ...}
//	}
//
// Each country given replaces that country's entry whole; a country given
// with no lines is removed, so its members see the fallback. A line is
//
//	{
//	  "name":        {"en": "...", "es": "..."},
//	  "kind":        "call" | "text" | "chat" | "emergency",
//	  "contact":     {"en": "Text HOME to 741741", "es": "..."},
//	  "link":        "tel:+18006624357" | "sms:741741?body=HOME" | "https://...",
//	  "hours":       {"en": "...", "es": "..."},  // optional
//	  "languages":   ["en", "es"],                // optional: languages served
//	  "description": {"en": "...", "es": "..."}   // optional
//	}
//
// Calls and emergencies link with tel:, texts with sms:, chats with https:.
package crisis

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"

	"hearth"
	"hearth/i18n"
)

//go:embed resources.json
var defaultsJSON []byte

// Kind says how a line is reached.
type Kind string

const (
	KindCall      Kind = "call"      // a phone call; Link is tel:
	KindText      Kind = "text"      // a text message; Link is sms:
	KindChat      Kind = "chat"      // a chat on the web; Link is https:
	KindEmergency Kind = "emergency" // the emergency number; Link is tel:
)

// Line is one crisis line, in one language.
type Line struct {
	Name string
	Kind Kind
	// Contact says how to reach the line: "Call or text 988", "Text HOME
	// to 741741".
	Contact string
	// Link is a tel:, sms: or https: URL that does the same from a phone
	// or browser. It is a template.URL because Load admits only those
	// three well-formed kinds of link, so html/template may put it in an
	// href as it is; it would otherwise refuse tel: and sms:.
	Link  template.URL
	Hours string // may be empty
	// Languages are the languages the line answers in, as ISO 639 codes
	// ("en", "es", "fr"); empty when not stated.
	Languages   []string
	Description string // may be empty
}

// Resources are the lines to show a member, in their language.
type Resources struct {
	// Country is the country asked for, in upper case, or "".
	Country string
	// Fallback says Hearth has no lines for Country, so Lines are the
	// general ones: call the local emergency number.
	Fallback bool
	// Notice says plainly that Hearth is not a crisis service.
	Notice string
	Lines  []Line
}

// Country is a country with crisis lines, named in one language.
type Country struct {
	Code string // ISO 3166-1 alpha-2, e.g. "US"
	Name string
}

// Directory holds the crisis lines of every country Hearth knows. It is
// read only after Load and safe for concurrent use. A nil *Directory
// serves the built-in defaults, so the help page works however Hearth was
// put together.
type Directory struct {
	notice    text
	fallback  []line
	countries map[string]country
}

// builtIn is the directory of the embedded defaults, for a nil *Directory.
var builtIn = sync.OnceValue(func() *Directory {
	d, err := Load("")
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return d
})

// Load returns the default directory with the operator's file at path laid
// over it, or the defaults alone when path is "". The error for a bad file
// is one line naming the file and what is wrong with it.
func Load(path string) (*Directory, error) {
	def, err := parse("resources.json (built in)", defaultsJSON)
	if err != nil {
		return nil, err
	}
	if def.Notice == nil || def.Default == nil {
		return nil, errors.New("crisis: resources.json (built in): needs a notice and default lines")
	}
	d := &Directory{notice: *def.Notice, fallback: *def.Default, countries: def.Countries}
	if path == "" {
		return d, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("crisis: %w", err)
	}
	over, err := parse(path, b)
	if err != nil {
		return nil, err
	}
	if over.Notice != nil {
		d.notice = *over.Notice
	}
	if over.Default != nil {
		d.fallback = *over.Default
	}
	for code, c := range over.Countries {
		if len(c.Lines) == 0 {
			delete(d.countries, code)
		} else {
			d.countries[code] = c
		}
	}
	return d, nil
}

// For returns the lines for a country (ISO 3166-1 alpha-2, any case) in
// lang, falling back to the general lines when Hearth has none for it, and
// to Hearth's first language when it does not speak lang.
func (d *Directory) For(countryCode, lang string) Resources {
	if d == nil {
		d = builtIn()
	}
	if !hearth.IsLanguage(lang) {
		lang = hearth.Languages[0]
	}
	code := strings.ToUpper(strings.TrimSpace(countryCode))
	r := Resources{Country: code, Notice: d.notice[lang]}
	lines := d.fallback
	if c, ok := d.countries[code]; ok {
		lines = c.Lines
	} else {
		r.Fallback = true
	}
	for _, l := range lines {
		r.Lines = append(r.Lines, Line{
			Name:        l.Name[lang],
			Kind:        l.Kind,
			Contact:     l.Contact[lang],
			Link:        template.URL(l.Link),
			Hours:       l.Hours[lang],
			Languages:   slices.Clone(l.Languages),
			Description: l.Description[lang],
		})
	}
	return r
}

// Countries lists the countries with crisis lines, named in lang and in
// its alphabetical order, for a select.
func (d *Directory) Countries(lang string) []Country {
	if d == nil {
		d = builtIn()
	}
	if !hearth.IsLanguage(lang) {
		lang = hearth.Languages[0]
	}
	list := make([]Country, 0, len(d.countries))
	for code, c := range d.countries {
		list = append(list, Country{Code: code, Name: c.Name[lang]})
	}
	slices.SortFunc(list, func(a, b Country) int { return strings.Compare(a.Code, b.Code) })
	i18n.SortByName(lang, list, func(c Country) string { return c.Name })
	return list
}

// The file's shape. Pointers tell "not given" from "empty" for the parts an
// operator's file may leave out.
type file struct {
	Notice    *text              `json:"notice"`
	Default   *[]line            `json:"default"`
	Countries map[string]country `json:"countries"`
}

type country struct {
	Name  text   `json:"name"`
	Lines []line `json:"lines"`
}

type line struct {
	Name        text     `json:"name"`
	Kind        Kind     `json:"kind"`
	Contact     text     `json:"contact"`
	Link        string   `json:"link"`
	Hours       text     `json:"hours"`
	Languages   []string `json:"languages"`
	Description text     `json:"description"`
}

// text is a text in each language Hearth speaks, keyed by language code.
type text map[string]string

// parse decodes and checks one file; name is how errors call it.
func parse(name string, b []byte) (*file, error) {
	fail := func(format string, args ...any) (*file, error) {
		return nil, fmt.Errorf("crisis: %s: %s", name, fmt.Sprintf(format, args...))
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fail("%s", jsonError(b, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("%s: more after the end of the JSON object", position(b, dec.InputOffset()))
	}
	if err := f.check(); err != nil {
		return fail("%v", err)
	}
	return &f, nil
}

// check returns the first problem in f, with the path to it.
func (f *file) check() error {
	if f.Notice != nil {
		if err := f.Notice.check("notice", true); err != nil {
			return err
		}
	}
	if f.Default != nil {
		if len(*f.Default) == 0 {
			return errors.New("default: needs at least one line")
		}
		if err := checkLines("default", *f.Default); err != nil {
			return err
		}
	}
	codes := make([]string, 0, len(f.Countries))
	for code := range f.Countries {
		codes = append(codes, code)
	}
	slices.Sort(codes) // report the same problem first every time
	for _, code := range codes {
		if !isCountryCode(code) {
			return fmt.Errorf("countries: %q is not an ISO 3166-1 alpha-2 code in upper case, such as \"US\"", code)
		}
		c, at := f.Countries[code], "countries."+code
		switch {
		case c.Lines == nil:
			return fmt.Errorf("%s.lines: missing; give the lines, or [] to remove the country", at)
		case len(c.Lines) == 0:
			continue // removes the country
		}
		if err := c.Name.check(at+".name", true); err != nil {
			return err
		}
		if err := checkLines(at+".lines", c.Lines); err != nil {
			return err
		}
	}
	return nil
}

func checkLines(at string, lines []line) error {
	for i, l := range lines {
		if err := l.check(fmt.Sprintf("%s[%d]", at, i)); err != nil {
			return err
		}
	}
	return nil
}

func (l *line) check(at string) error {
	if err := l.Name.check(at+".name", true); err != nil {
		return err
	}
	if err := l.Contact.check(at+".contact", true); err != nil {
		return err
	}
	if err := l.Hours.check(at+".hours", false); err != nil {
		return err
	}
	if err := l.Description.check(at+".description", false); err != nil {
		return err
	}
	var scheme string
	switch l.Kind {
	case KindCall, KindEmergency:
		scheme = "tel"
	case KindText:
		scheme = "sms"
	case KindChat:
		scheme = "https"
	default:
		return fmt.Errorf("%s.kind: %q is not one of call, text, chat, emergency", at, l.Kind)
	}
	if err := checkLink(l.Link, scheme); err != nil {
		return fmt.Errorf("%s.link: %q %v, as a %s line needs", at, l.Link, err, l.Kind)
	}
	for _, lang := range l.Languages {
		if !isLanguageCode(lang) {
			return fmt.Errorf("%s.languages: %q is not an ISO 639 language code in lower case, such as \"en\"", at, lang)
		}
	}
	return nil
}

// check returns an error if t lacks a language Hearth speaks, names a
// language it does not, or is empty when required.
func (t text) check(at string, required bool) error {
	if t == nil {
		if required {
			return fmt.Errorf("%s: missing; give it in %s", at, strings.Join(hearth.Languages, " and "))
		}
		return nil
	}
	for lang := range t {
		if !hearth.IsLanguage(lang) {
			return fmt.Errorf("%s: %q is not a language Hearth speaks (%s)", at, lang, strings.Join(hearth.Languages, ", "))
		}
	}
	for _, lang := range hearth.Languages {
		if strings.TrimSpace(t[lang]) == "" {
			return fmt.Errorf("%s: no text in %q", at, lang)
		}
	}
	return nil
}

// checkLink returns an error if link is not a well-formed link of scheme:
// tel:NUMBER, sms:NUMBER with an optional ?body=, or https://HOST/....
func checkLink(link, scheme string) error {
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(link, scheme+":") || u.Fragment != "" {
		return fmt.Errorf("is not a plain %s: link", scheme)
	}
	switch scheme {
	case "tel", "sms":
		if !isPhoneNumber(u.Opaque) {
			return fmt.Errorf("is not %s: and a phone number (digits, maybe a leading + and - between)", scheme)
		}
		if scheme == "tel" && u.RawQuery != "" {
			return errors.New("is not a plain tel: link")
		}
		if q, err := url.ParseQuery(u.RawQuery); err != nil || len(q) > 1 || (len(q) == 1 && len(q["body"]) != 1) {
			return errors.New("is not an sms: link with at most a ?body=")
		}
	case "https":
		if u.Host == "" || u.User != nil || u.Opaque != "" {
			return errors.New("is not an https:// link to a web site")
		}
	}
	return nil
}

func isPhoneNumber(s string) bool {
	s = strings.TrimPrefix(s, "+")
	digits := 0
	for i, c := range []byte(s) {
		switch {
		case '0' <= c && c <= '9':
			digits++
		case c == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-':
		default:
			return false
		}
	}
	return digits >= 2
}

func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

func isLanguageCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// jsonError words a decoding error with the line and column it is at.
func jsonError(b []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset is just past the byte at fault.
		return fmt.Sprintf("%s: %s", position(b, syntax.Offset-1), strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		// Field leaves out map keys ("countries.name" for
		// countries.US.name), so name only the last part; Offset is just
		// past the value.
		field := typ.Field[strings.LastIndexByte(typ.Field, '.')+1:]
		return fmt.Sprintf("%s: %q is a JSON %s where %s belongs", position(b, typ.Offset), field, typ.Value, jsonKind(typ.Type.Kind().String()))
	case errors.Is(err, io.EOF):
		return "empty file"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of file"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func jsonKind(k string) string {
	switch k {
	case "map", "struct":
		return "an object"
	case "slice":
		return "a list"
	case "string":
		return "a string"
	}
	return k
}

// position returns "line L, column C" of byte offset off in b.
func position(b []byte, off int64) string {
	off = max(0, min(off, int64(len(b))))
	before := b[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
