// Package markdown turns what a member wrote into HTML that is safe to show
// to others: the text is checked and cleaned (valid UTF-8, NFC, no
// zero-width or bidi control characters, no words that mix scripts to look
// like others), rendered by goldmark with raw HTML left out, and the result
// passed through a bluemonday allow-list. Links open with
// rel="noopener noreferrer nofollow ugc"; only http, https and mailto links
// are kept; images are never loaded from anywhere: their alt text is shown,
// with a link to the address when it is a web address.
package markdown

import (
	"bytes"
	"errors"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// Limits on what is rendered.
const (
	// MaxBytes is the longest text accepted, after cleaning.
	MaxBytes = 20000
	// MaxDepth is how deeply blocks and inlines may nest (quotes in
	// lists in quotes…).
	MaxDepth = 16
)

// Problems a text may have; each is a message-catalog key.
var (
	ErrInvalidUTF8 = errors.New("error.text.utf8")
	ErrTooLong     = errors.New("error.text.long")
	ErrTooDeep     = errors.New("error.text.deep")
	ErrMixedScript = errors.New("error.text.mixed_script")
)

// Rel is what every link carries.
const Rel = "noopener noreferrer nofollow ugc"

// invisible reports runes that change how text looks or reads without
// being seen: zero-width characters and bidi controls.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space, non-joiner, joiner, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2064, // word joiner, invisible operators
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF, r == 0x061C, r == 0x180E, r == 0x00AD:
		return true
	}
	return false
}

// Clean checks s and returns it as stored: NFC, CRLF as LF, invisible
// characters and other control characters (but tab and newline) removed.
// It refuses invalid UTF-8, text over MaxBytes, and words that mix Latin
// letters with Cyrillic or Greek ones (homoglyph spoofing).
func Clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrInvalidUTF8
	}
	if len(s) > 4*MaxBytes {
		return "", ErrTooLong
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if invisible(r) || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	if len(s) > MaxBytes {
		return "", ErrTooLong
	}
	if mixedScript(s) {
		return "", ErrMixedScript
	}
	return s, nil
}

// mixedScript reports whether a word mixes Latin letters with Cyrillic or
// Greek ones, as spam does to slip past filters ("pаypal" with a Cyrillic
// а). Words wholly in one script are fine, as are texts in several.
func mixedScript(s string) bool {
	var latin, other bool
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			latin, other = false, false
			continue
		}
		switch {
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Greek, r):
			other = true
		}
		if latin && other {
			return true
		}
	}
	return false
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	goldmark.WithRendererOptions(
		html.WithHardWraps(),
		renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 100)),
	),
)

var policy = newPolicy()

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
		"h3", "h4", "h5", "h6", "span")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + Rel + `$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^md-image$`)).OnElements("span")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	return p
}

// Render checks src as Clean does and returns it as safe HTML, with the
// cleaned text to store.
func Render(src string) (template.HTML, string, error) {
	clean, err := Clean(src)
	if err != nil {
		return "", "", err
	}
	h, err := render(clean)
	return h, clean, err
}

func render(src string) (template.HTML, error) {
	b := []byte(src)
	doc := md.Parser().Parse(text.NewReader(b))
	if depth(doc, 0) > MaxDepth {
		return "", ErrTooDeep
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, b, doc); err != nil {
		return "", err
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes())), nil
}

// depth is how deeply n's descendants nest, stopping once past MaxDepth.
func depth(n ast.Node, d int) int {
	if d > MaxDepth {
		return d
	}
	most := d
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if cd := depth(c, d+1); cd > most {
			most = cd
			if most > MaxDepth {
				return most
			}
		}
	}
	return most
}

// safeRenderer renders links with Rel, images as their alt text (and a
// link when the address is a web one), headings as h3–h6 under the page's
// own, and raw HTML as nothing.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(ast.KindRawHTML, skip)
	reg.Register(ast.KindHTMLBlock, skip)
}

func skip(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// webURL reports whether u is an address links may go to: http or https
// with a host, or mailto with an address.
func webURL(u []byte) bool {
	p, err := url.Parse(string(bytes.TrimSpace(u)))
	if err != nil {
		return false
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return p.Host != ""
	case "mailto":
		return p.Opaque != ""
	}
	return false
}

func openLink(w util.BufWriter, dest []byte) {
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(util.URLEscape(dest, true)))
	w.WriteString(`" rel="` + Rel + `">`)
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !webURL(n.Destination) {
		return ast.WalkContinue, nil // the text, without a link
	}
	if entering {
		openLink(w, n.Destination)
	} else {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.AutoLink)
	if !entering {
		return ast.WalkContinue, nil
	}
	url, label := n.URL(source), n.Label(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	if !webURL(url) {
		w.Write(util.EscapeHTML(label))
		return ast.WalkContinue, nil
	}
	openLink(w, url)
	w.Write(util.EscapeHTML(label))
	w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := altText(n, source)
	w.WriteString(`<span class="md-image">`)
	if webURL(n.Destination) {
		openLink(w, n.Destination)
		if alt == "" {
			alt = string(n.Destination)
		}
		w.Write(util.EscapeHTML([]byte(alt)))
		w.WriteString("</a>")
	} else {
		w.Write(util.EscapeHTML([]byte(alt)))
	}
	w.WriteString(`</span>`)
	return ast.WalkSkipChildren, nil
}

// altText is the plain text of an image's description.
func altText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(source))
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := min(n.Level+2, 6)
	tag := []byte{'h', byte('0' + level)}
	if entering {
		w.WriteString("<")
		w.Write(tag)
		w.WriteString(">")
	} else {
		w.WriteString("</")
		w.Write(tag)
		w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}
