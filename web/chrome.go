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
// state, nav item and notice, but for a few slots: the title, the feed
// link of pages that have one, and the path the language switcher returns
// to. Executing it anew on every request was most of the cost of a page.
// So the layout of each such variant is executed once, with slot markers
// for data, and kept as text (a chrome); a page then executes only its
// content template and writes the chrome's text around it, filling the
// slots (and a member's unread count). The templates stay the one source of every page's markup:
// TestChrome holds the output of this path byte for byte against the
// whole template's, for every page.

// Slot markers: text no page can contain. The title and the path sit in
// places (the title element, a quoted attribute) where the template
// escapes them as HTML text, so they are written with
// template.HTMLEscape; the content and the feed link are executed from
// their own templates, in the same context as in the layout.
const (
	slotTitle   = "\u2060hearth-slot-title\u2060"
	slotFeed    = "\u2060hearth-slot-feed\u2060"
	slotContent = "\u2060hearth-slot-content\u2060"
	slotPath    = "\u2060hearth-slot-path\u2060"
	// slotUnread is a member's unread count (the header's badge),
	// executed from its own template like the feed link.
	slotUnread = "\u2060hearth-slot-unread\u2060"
)

type chromeKey struct {
	lang, nav, notice, css, js string
	member, feed               bool
}

// chrome is a layout's text cut at its slots: text[0] slots[0] text[1]
// slots[1] … text[len(slots)].
type chrome struct {
	text  []string
	slots []string
}

// pageData is implemented by every page's data through its embedded Page.
type pageData interface{ page() *Page }

func (p *Page) page() *Page { return p }

// execute writes the page name in lang with data to buf.
func (ps *pages) execute(buf *bytes.Buffer, lang, name string, data any) error {
	pd, ok := data.(pageData)
	if !ok || ps.whole {
		t, err := ps.wholePage(lang, name)
		if err != nil {
			return err
		}
		return t.ExecuteTemplate(buf, "layout", data)
	}
	p := pd.page()
	set := ps.sets[lang]
	if set == nil || p.Lang != lang {
		return fmt.Errorf("web: page %s in %q for a page in %q", name, lang, p.Lang)
	}
	c, err := ps.chrome(p)
	if err != nil {
		return err
	}
	for i, slot := range c.slots {
		buf.WriteString(c.text[i])
		switch slot {
		case slotTitle:
			title := p.Subject
			if title == "" {
				title = i18n.For(p.Lang).T(p.Title)
			}
			template.HTMLEscape(buf, []byte(title))
		case slotFeed:
			err = set.ExecuteTemplate(buf, "feed-link", p)
		case slotContent:
			err = set.ExecuteTemplate(buf, contentName(name), data)
		case slotUnread:
			err = set.ExecuteTemplate(buf, "unread-badge", p)
		case slotPath:
			template.HTMLEscape(buf, []byte(p.Path))
		}
		if err != nil {
			return err
		}
	}
	buf.WriteString(c.text[len(c.slots)])
	return nil
}

// chrome returns the layout of p's variant, executing it the first time.
func (ps *pages) chrome(p *Page) (*chrome, error) {
	key := chromeKey{lang: p.Lang, nav: p.Nav, notice: p.Notice, css: p.CSS, js: p.JS,
		member: p.Account != nil, feed: p.FeedURL != ""}
	if c, ok := ps.chromes.Load(key); ok {
		return c.(*chrome), nil
	}
	layout := ps.layouts[p.Lang]
	if layout == nil {
		return nil, fmt.Errorf("web: no layout in %q", p.Lang)
	}
	// Execute the layout with slot markers for data. It is given only what
	// the key holds, and for a member an empty account: should the layout
	// ever show something of the member's, the chrome would not carry one
	// member's data to another (and TestChrome would fail).
	slots := Page{Lang: p.Lang, Nav: p.Nav, Notice: p.Notice, CSS: p.CSS, JS: p.JS, Subject: slotTitle, Path: slotPath}
	if p.Account != nil {
		slots.Account = &hearth.Account{}
	}
	want := []string{slotTitle}
	if key.feed {
		slots.FeedURL = "/" // the layout's feed-link template is the slot
		want = append(want, slotFeed)
	}
	if key.member {
		want = append(want, slotUnread)
	}
	want = append(want, slotContent, slotPath)
	var buf bytes.Buffer
	if err := layout.ExecuteTemplate(&buf, "layout", &slots); err != nil {
		return nil, err
	}
	text := buf.String()
	c := &chrome{slots: want}
	for _, slot := range want {
		before, after, ok := strings.Cut(text, slot)
		if !ok || strings.Contains(after, slot) {
			return nil, fmt.Errorf("web: the layout must fill each of its slots once, in the order %q", want)
		}
		c.text = append(c.text, before)
		text = after
	}
	c.text = append(c.text, text)
	ps.chromes.Store(key, c)
	return c, nil
}
