package crisis

import (
	"errors"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hearth"
)

func mustLoad(t *testing.T, path string) *Directory {
	t.Helper()
	d, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func links(r Resources) []string {
	var out []string
	for _, l := range r.Lines {
		out = append(out, string(l.Link))
	}
	return out
}

var href = regexp.MustCompile(`href="([^"]*)"`)

// TestLinksRenderInTemplates checks that html/template puts every link in
// an href as it is: tel: and sms: would otherwise become "#ZgotmplZ".
func TestLinksRenderInTemplates(t *testing.T) {
	d := mustLoad(t, "")
	tmpl := template.Must(template.New("").Parse(`{{range .Lines}}<a href="{{.Link}}">{{.Contact}}</a>{{end}}`))
	for _, c := range append(d.Countries("en"), Country{Code: "ZZ"}) {
		r := d.For(c.Code, "es")
		var b strings.Builder
		if err := tmpl.Execute(&b, r); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range href.FindAllStringSubmatch(b.String(), -1) {
			got = append(got, html.UnescapeString(m[1]))
		}
		if want := links(r); !slices.Equal(got, want) {
			t.Errorf("%s: links rendered as %q; want %q", c.Code, got, want)
		}
	}
}

func TestUnitedStates(t *testing.T) {
	d := mustLoad(t, "")
	for _, tt := range []struct{ lang, lifeline, samhsa, notice string }{
		{"en", "988 Suicide & Crisis Lifeline", "SAMHSA National Helpline", "not a crisis service"},
		{"es", "988 Línea de Prevención del Suicidio y Crisis", "Línea Nacional de Ayuda de SAMHSA", "no un servicio de crisis"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			r := d.For("US", tt.lang)
			if r.Fallback || r.Country != "US" || len(r.Lines) == 0 {
				t.Fatalf("For(US) = %+v", r)
			}
			if first := r.Lines[0]; first.Name != tt.lifeline || first.Link != "tel:988" || first.Kind != KindCall {
				t.Errorf("first line = %+v; want the 988 Lifeline", first)
			}
			if !strings.Contains(r.Notice, tt.notice) {
				t.Errorf("notice %q does not say Hearth is not a crisis service", r.Notice)
			}
			i := slices.IndexFunc(r.Lines, func(l Line) bool { return l.Link == "tel:+18006624357" })
			if i < 0 {
				t.Fatalf("no SAMHSA National Helpline in %v", links(r))
			}
			samhsa := r.Lines[i]
			if samhsa.Name != tt.samhsa || !slices.Equal(samhsa.Languages, []string{"en", "es"}) ||
				!strings.Contains(samhsa.Contact, "1-800-662-4357") || !strings.Contains(samhsa.Description, "1-800-487-4889") {
				t.Errorf("SAMHSA line = %+v", samhsa)
			}
			if !slices.ContainsFunc(r.Lines, func(l Line) bool { return l.Link == "sms:741741?body=HOME" && strings.Contains(l.Contact, "HOME") }) {
				t.Errorf("no Crisis Text Line in %v", links(r))
			}
			if last := r.Lines[len(r.Lines)-1]; last.Kind != KindEmergency || last.Link != "tel:911" {
				t.Errorf("last line = %+v; want emergency 911", last)
			}
		})
	}
}

func TestCountries(t *testing.T) {
	d := mustLoad(t, "")
	tests := []struct {
		country, first, emergency string
	}{
		{"CA", "tel:988", "tel:911"},
		{"MX", "tel:8009112000", "tel:911"},
		{"ES", "tel:024", "tel:112"},
		{"GB", "tel:116123", "tel:999"},
		{"IE", "tel:116123", "tel:112"},
		{"AU", "tel:131114", "tel:000"},
		{"FR", "tel:112", "tel:112"},
		{"de", "tel:112", "tel:112"}, // any case
	}
	for _, tt := range tests {
		t.Run(tt.country, func(t *testing.T) {
			r := d.For(tt.country, "en")
			if r.Fallback || len(r.Lines) == 0 {
				t.Fatalf("For(%s) fell back", tt.country)
			}
			if string(r.Lines[0].Link) != tt.first {
				t.Errorf("first line %s; want %s", r.Lines[0].Link, tt.first)
			}
			if !slices.ContainsFunc(r.Lines, func(l Line) bool { return l.Kind == KindEmergency && string(l.Link) == tt.emergency }) {
				t.Errorf("no emergency line %s in %v", tt.emergency, links(r))
			}
		})
	}
}

func TestEveryEUCountryHas112(t *testing.T) {
	d := mustLoad(t, "")
	eu := strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
	for _, c := range eu {
		r := d.For(c, "es")
		if r.Fallback || !slices.Contains(links(r), "tel:112") {
			t.Errorf("%s: %v, no 112", c, links(r))
		}
	}
}

func TestFallback(t *testing.T) {
	d := mustLoad(t, "")
	for _, c := range []string{"ZZ", "", "NZ", "usa"} {
		for _, lang := range hearth.Languages {
			r := d.For(c, lang)
			if !r.Fallback || len(r.Lines) == 0 {
				t.Fatalf("For(%q, %s) = %+v; want the fallback", c, lang, r)
			}
			if r.Lines[0].Kind != KindEmergency || r.Lines[0].Link != "tel:112" || !strings.Contains(r.Lines[0].Contact, "112") {
				t.Errorf("fallback line = %+v; want the local emergency number, 112 in the EU", r.Lines[0])
			}
			if r.Notice == "" {
				t.Error("no notice")
			}
		}
	}
	if n := d.For("ZZ", "en").Notice; !strings.Contains(n, "not a crisis service") {
		t.Errorf("notice %q does not say plainly that Hearth is not a crisis service", n)
	}
}

func TestUnknownLanguageIsEnglish(t *testing.T) {
	d := mustLoad(t, "")
	if got, want := d.For("US", "fr").Lines[0].Name, d.For("US", "en").Lines[0].Name; got != want {
		t.Errorf("For(US, fr) = %q; want the English %q", got, want)
	}
}

func TestNilDirectoryServesDefaults(t *testing.T) {
	var d *Directory
	if r := d.For("US", "en"); r.Fallback || r.Lines[0].Link != "tel:988" {
		t.Errorf("nil Directory For(US) = %+v", r)
	}
	if len(d.Countries("es")) == 0 {
		t.Error("nil Directory has no countries")
	}
}

func TestForReturnsCopies(t *testing.T) {
	d := mustLoad(t, "")
	r := d.For("US", "en")
	r.Lines[0].Languages[0] = "xx"
	if d.For("US", "en").Lines[0].Languages[0] != "en" {
		t.Error("changing a result changed the directory")
	}
}

// TestDefaultsComplete checks every built-in line in every language: all
// texts given, the kind known and its link well formed.
func TestDefaultsComplete(t *testing.T) {
	f, err := parse("resources.json", defaultsJSON)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string][]line{"default": *f.Default}
	for code, c := range f.Countries {
		all[code] = c.Lines
		for _, lang := range hearth.Languages {
			if c.Name[lang] == "" {
				t.Errorf("%s: no name in %s", code, lang)
			}
		}
		if !slices.ContainsFunc(c.Lines, func(l line) bool { return l.Kind == KindEmergency }) {
			t.Errorf("%s: no emergency line", code)
		}
	}
	for where, lines := range all {
		for i, l := range lines {
			for _, lang := range hearth.Languages {
				for field, txt := range map[string]text{"name": l.Name, "contact": l.Contact, "hours": l.Hours, "description": l.Description} {
					if strings.TrimSpace(txt[lang]) == "" {
						t.Errorf("%s[%d].%s: no %s text", where, i, field, lang)
					}
				}
			}
			scheme := map[Kind]string{KindCall: "tel", KindEmergency: "tel", KindText: "sms", KindChat: "https"}[l.Kind]
			if scheme == "" || checkLink(l.Link, scheme) != nil {
				t.Errorf("%s[%d]: %s link %q is not a valid tel:, sms: or https: link", where, i, l.Kind, l.Link)
			}
			if l.Kind != KindEmergency && len(l.Languages) == 0 {
				t.Errorf("%s[%d]: no languages served", where, i)
			}
		}
	}
	if n := f.Notice; n == nil || (*n)["en"] == "" || (*n)["es"] == "" {
		t.Error("notice not in both languages")
	}
}

func TestCountryList(t *testing.T) {
	d := mustLoad(t, "")
	for _, tt := range []struct{ lang, us, first string }{
		{"en", "United States", "Australia"},
		{"es", "Estados Unidos", "Alemania"},
	} {
		list := d.Countries(tt.lang)
		if len(list) != len(d.countries) {
			t.Errorf("%s: %d countries; want %d", tt.lang, len(list), len(d.countries))
		}
		if list[0].Name != tt.first {
			t.Errorf("%s: first country %+v; want %s", tt.lang, list[0], tt.first)
		}
		i := slices.IndexFunc(list, func(c Country) bool { return c.Code == "US" })
		if i < 0 || list[i].Name != tt.us {
			t.Errorf("%s: US missing or misnamed", tt.lang)
		}
	}
	// Collation, not byte order: "Bélgica" before "Bulgaria".
	names := []string{}
	for _, c := range d.Countries("es") {
		names = append(names, c.Name)
	}
	if b, u := slices.Index(names, "Bélgica"), slices.Index(names, "Bulgaria"); b < 0 || b > u {
		t.Errorf("Spanish names not in Spanish alphabetical order: %v", names)
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crisis.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const operatorFile = `{
  "countries": {
    "US": {
      "name": {"en": "United States", "es": "Estados Unidos"},
      "lines": [
        {
          "name": {"en": "County warmline", "es": "Línea de apoyo del condado"},
          "kind": "call",
          "contact": {"en": "Call 555-0100", "es": "Llama al 555-0100"},
          "link": "tel:+1-555-0100",
          "languages": ["en"]
        },
        {
          "name": {"en": "Emergency", "es": "Emergencias"},
          "kind": "emergency",
          "contact": {"en": "Call 911", "es": "Llama al 911"},
          "link": "tel:911"
        }
      ]
    },
    "NZ": {
      "name": {"en": "New Zealand", "es": "Nueva Zelanda"},
      "lines": [
        {
          "name": {"en": "Need to talk?", "es": "¿Necesitas hablar?"},
          "kind": "text",
          "contact": {"en": "Call or text 1737", "es": "Llama o envía un mensaje al 1737"},
          "link": "sms:1737"
        }
      ]
    },
    "MX": {"lines": []}
  }
}`

func TestOperatorOverride(t *testing.T) {
	d := mustLoad(t, writeFile(t, operatorFile))
	us := d.For("US", "es")
	if got := links(us); !slices.Equal(got, []string{"tel:+1-555-0100", "tel:911"}) {
		t.Errorf("US lines = %v; want the operator's list in place of the defaults", got)
	}
	if us.Lines[0].Name != "Línea de apoyo del condado" || us.Lines[0].Hours != "" {
		t.Errorf("US line = %+v", us.Lines[0])
	}
	if nz := d.For("NZ", "en"); nz.Fallback || nz.Lines[0].Link != "sms:1737" {
		t.Errorf("NZ = %+v; want the operator's line", nz)
	}
	if !d.For("MX", "es").Fallback {
		t.Error("MX, given with no lines, was not removed")
	}
	if ca := d.For("CA", "en"); ca.Fallback || ca.Lines[0].Link != "tel:988" {
		t.Error("a country the file does not name lost its defaults")
	}
	if d.For("ZZ", "en").Notice != mustLoad(t, "").For("ZZ", "en").Notice {
		t.Error("notice changed though the file has none")
	}
	codes := []string{}
	for _, c := range d.Countries("en") {
		codes = append(codes, c.Code)
	}
	if !slices.Contains(codes, "NZ") || slices.Contains(codes, "MX") {
		t.Errorf("Countries = %v; want NZ added and MX gone", codes)
	}
}

func TestOperatorNoticeAndDefault(t *testing.T) {
	d := mustLoad(t, writeFile(t, `{
  "notice": {"en": "This community is not a crisis service.", "es": "Esta comunidad no es un servicio de crisis."},
  "default": [{"name": {"en": "Emergency", "es": "Emergencias"}, "kind": "emergency",
               "contact": {"en": "Call 911", "es": "Llama al 911"}, "link": "tel:911"}]
}`))
	r := d.For("ZZ", "es")
	if r.Notice != "Esta comunidad no es un servicio de crisis." || !slices.Equal(links(r), []string{"tel:911"}) {
		t.Errorf("For(ZZ) = %+v", r)
	}
}

func TestBadOverride(t *testing.T) {
	line := func(kind, link string) string {
		return `{"name": {"en": "A", "es": "A"}, "kind": "` + kind + `", "contact": {"en": "B", "es": "B"}, "link": "` + link + `"}`
	}
	country := func(lines string) string {
		return `{"countries": {"US": {"name": {"en": "United States", "es": "Estados Unidos"}, "lines": [` + lines + `]}}}`
	}
	tests := []struct {
		name, content, want string
	}{
		{"empty", ``, "empty file"},
		{"syntax", "{\n  \"countries\": {\n    \"US\": {,}\n  }\n}", "line 3, column 12: invalid character ','"},
		{"truncated", `{"countries": {"US": `, "unexpected end of file"},
		{"trailing", `{} {}`, "more after the end of the JSON object"},
		{"wrong type", "{\n\"countries\": {\"US\": {\"name\": \"United States\"}}}", `line 2, column 45: "name" is a JSON string where an object belongs`},
		{"unknown field", `{"contries": {}}`, `unknown field "contries"`},
		{"unknown line field", country(`{"nmae": {}}`), `unknown field "nmae"`},
		{"control characters", "{\"countries\": {\"U\\nS\": {\"lines\": []}}}", `countries: "U\nS" is not`},
		{"lower-case country", `{"countries": {"us": {"lines": []}}}`, `countries: "us" is not an ISO 3166-1 alpha-2 code`},
		{"country without lines", `{"countries": {"US": {"name": {"en": "US", "es": "EE. UU."}}}}`, "countries.US.lines: missing"},
		{"country without name", `{"countries": {"US": {"lines": [` + line("call", "tel:988") + `]}}}`, "countries.US.name: missing; give it in en and es"},
		{"no Spanish", `{"notice": {"en": "Hi"}}`, `notice: no text in "es"`},
		{"blank Spanish", `{"notice": {"en": "Hi", "es": "  "}}`, `notice: no text in "es"`},
		{"other language", `{"notice": {"en": "Hi", "es": "Hola", "sp": "Hola"}}`, `notice: "sp" is not a language Hearth speaks (en, es)`},
		{"empty default", `{"default": []}`, "default: needs at least one line"},
		{"bad kind", country(line("fax", "tel:988")), `countries.US.lines[0].kind: "fax" is not one of call, text, chat, emergency`},
		{"http link", country(line("chat", "http://988lifeline.org/chat")), `countries.US.lines[0].link: "http://988lifeline.org/chat" is not a plain https: link, as a chat line needs`},
		{"javascript link", country(line("chat", "javascript:alert(1)")), `is not a plain https: link`},
		{"https without host", country(line("chat", "https:///chat")), `is not an https:// link to a web site`},
		{"call with sms link", country(line("call", "sms:988")), `"sms:988" is not a plain tel: link, as a call line needs`},
		{"tel with letters", country(line("emergency", "tel:9II")), `is not tel: and a phone number`},
		{"tel with query", country(line("call", "tel:988?x=1")), `is not a plain tel: link`},
		{"sms with other query", country(line("text", "sms:741741?to=HOME")), `is not an sms: link with at most a ?body=`},
		{"second line bad", country(line("call", "tel:988") + "," + line("text", "tel:988")), `countries.US.lines[1].link`},
		{"bad language", country(`{"name": {"en": "A", "es": "A"}, "kind": "call", "contact": {"en": "B", "es": "B"}, "link": "tel:988", "languages": ["English"]}`), `countries.US.lines[0].languages: "English" is not an ISO 639 language code`},
		{"missing contact", country(`{"name": {"en": "A", "es": "A"}, "kind": "call", "link": "tel:988"}`), `countries.US.lines[0].contact: missing`},
		{"hours in one language", country(`{"name": {"en": "A", "es": "A"}, "kind": "call", "contact": {"en": "B", "es": "B"}, "link": "tel:988", "hours": {"en": "24/7"}}`), `countries.US.lines[0].hours: no text in "es"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.content)
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "crisis: "+path+": ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q; want one line naming the file and containing %q", msg, tt.want)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.json")
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v", err)
	}
}

// FuzzParse checks that no operator file, however broken, makes Load panic,
// and that every file it accepts gives usable resources.
func FuzzParse(f *testing.F) {
	f.Add([]byte(operatorFile))
	f.Add(defaultsJSON)
	f.Add([]byte(`{"countries": {"US": {"lines": []}}}`))
	f.Add([]byte(`{"countries": {"U\nS": {"lines": []}}, "x\ny": 1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parse("fuzz.json", b)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error on more than one line: %q", err)
			}
			return
		}
		for code, c := range p.Countries {
			for _, l := range c.Lines {
				if l.Name["en"] == "" || l.Contact["es"] == "" || l.Link == "" {
					t.Fatalf("%s: accepted an incomplete line %+v", code, l)
				}
			}
		}
	})
}
