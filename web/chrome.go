package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"hearth"
	"hearth/i18n"
)

// A page is its layout (head, header, footer) around its content. The
// layout comes out the same for every page of one language, signed-in
// state and nav item, but for the title and the path the language switcher
// returns to; executing it anew on every request was most of the cost of
// a page. So the layout of each such variant is executed once, with
// slots where the title, the content and the path go, and kept as text
// (a chrome); a page then executes only its content template and writes
// the chrome's text around it with the title and path escaped. The
// templates stay the one source of every page's markup: TestChrome holds
// the output of this path byte for byte against the whole template's.
//
// A page that advertises a feed or shows a one-time notice, whose layout
// differs in more than the slots, is executed whole.

// Slots: text no page can contain. The title and the path sit in places
// (the title element, a quoted attribute) where the template escapes
// them as HTML text, so they are written with template.HTMLEscapeString.
const (
	slotTitle   = "\u2060hearth-slot-title\u2060"
	slotContent = "\u2060hearth-slot-content\u2060"
	slotPath    = "\u2060hearth-slot-path\u2060"
)

type chromeKey struct {
	lang, nav, css, js string
	member             bool
}

// chrome is a layout's text cut at its slots: parts[0] title parts[1]
// content parts[2] path parts[3].
type chrome struct {
	parts [4]string
}

// pageData is implemented by every page's data through its embedded Page.
type pageData interface{ page() *Page }

func (p *Page) page() *Page { return p }

// execute writes the page t with data to buf.
func (ps *pages) execute(buf *bytes.Buffer, t *template.Template, data any) error {
	pd, ok := data.(pageData)
	if !ok {
		return t.ExecuteTemplate(buf, "layout", data)
	}
	p := pd.page()
	if p.FeedURL != "" || p.Notice != "" || ps.whole {
		return t.ExecuteTemplate(buf, "layout", data)
	}
	c, err := ps.chrome(p)
	if err != nil {
		return err
	}
	buf.WriteString(c.parts[0])
	title := p.Subject
	if title == "" {
		title = i18n.For(p.Lang).T(p.Title)
	}
	template.HTMLEscape(buf, []byte(title))
	buf.WriteString(c.parts[1])
	if err := t.ExecuteTemplate(buf, "content", data); err != nil {
		return err
	}
	buf.WriteString(c.parts[2])
	template.HTMLEscape(buf, []byte(p.Path))
	buf.WriteString(c.parts[3])
	return nil
}

// chrome returns the layout of p's variant, executing it the first time.
func (ps *pages) chrome(p *Page) (*chrome, error) {
	key := chromeKey{lang: p.Lang, nav: p.Nav, css: p.CSS, js: p.JS, member: p.Account != nil}
	if c, ok := ps.chromes.Load(key); ok {
		return c.(*chrome), nil
	}
	layout := ps.layouts[p.Lang]
	if layout == nil {
		return nil, fmt.Errorf("web: no layout in %q", p.Lang)
	}
	// Execute the layout with the slots for data. It is given only what
	// the key holds, and for a member an empty account: should the layout
	// ever show something of the member's, the chrome would not carry one
	// member's data to another (and TestChrome would fail).
	slots := Page{Lang: p.Lang, Nav: p.Nav, CSS: p.CSS, JS: p.JS, Subject: slotTitle, Path: slotPath}
	if p.Account != nil {
		slots.Account = &hearth.Account{}
	}
	var buf bytes.Buffer
	if err := layout.ExecuteTemplate(&buf, "layout", &slots); err != nil {
		return nil, err
	}
	text := buf.String()
	c := &chrome{}
	for i, slot := range []string{slotTitle, slotContent, slotPath} {
		before, after, ok := strings.Cut(text, slot)
		if !ok || strings.Contains(after, slot) {
			return nil, fmt.Errorf("web: the layout must say each of .Subject, content and .Path once, in that order (%d)", i)
		}
		c.parts[i], text = before, after
	}
	c.parts[3] = text
	ps.chromes.Store(key, c)
	return c, nil
}
