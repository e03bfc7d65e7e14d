package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"hearth/i18n"
)

// A group's page shows fifty shares, and html/template's escaping of each
// one's fields, through reflection, was a quarter of the page's CPU. A
// share item (a share or a reply, as lists, threads, the moderation queue
// and live fragments show it) is therefore written here, in Go, and only
// here. testdata/share-item.html is the same item as a template: the
// reference TestShareItemAsTemplate holds this writer to, byte for byte,
// escaping included.

// shareWords are the share item's fixed words in one language, escaped as
// parseTranslated writes them into a template; shareWordsIn has them,
// made once per language.
type shareWords struct {
	p                                                  *i18n.Printer
	editedHistory, edited, edit, saveToLibrary, report string
}

var shareWordsByLang = sync.OnceValue(func() map[string]*shareWords {
	m := make(map[string]*shareWords, len(i18n.Langs))
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		w := func(key string) string { return html.EscapeString(p.T(key)) }
		m[lang] = &shareWords{p: p, editedHistory: w("share.edited_history"), edited: w("share.edited"), edit: w("share.edit"),
			saveToLibrary: w("share.save_to_library"), report: w("share.report")}
	}
	return m
})

// shareWordsIn returns the share item's words in lang.
func shareWordsIn(lang string) *shareWords { return shareWordsByLang()[lang] }

// templateEscaper escapes text as html/template does in element content
// and in quoted attribute values: the same characters, the same entities
// (html.EscapeString and template.HTMLEscapeString leave "+" alone, and
// say "&#34;" or "&quot;" differently).
var templateEscaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// templateURL writes a path into an attribute as html/template does:
// a URL with a scheme other than http, https or mailto becomes
// "#ZgotmplZ"; the bytes its normaliser does not keep are %-escaped; then
// the value is escaped as any attribute's. Hearth's paths are built of
// slugs (hearth.ValidSlug) and numbers, so only the last step ever
// changes them; the rest keeps the writer as safe as the template.
func templateURL(s string) string {
	if i := strings.IndexAny(s, ":/?#"); i >= 0 && s[i] == ':' {
		switch strings.ToLower(s[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~%!#$&*+,/:;=?@[]", c) >= 0:
			continue
		}
		b.WriteString(s[done:i])
		fmt.Fprintf(&b, "%%%02x", c)
		done = i + 1
	}
	if done == 0 {
		return templateEscaper.Replace(s)
	}
	b.WriteString(s[done:])
	return templateEscaper.Replace(b.String())
}

// writeShareItem writes v, a share or a reply, in the reader's words.
func writeShareItem(b *strings.Builder, words *shareWords, v *ShareView) {
	esc := templateEscaper.Replace
	put := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	id := strconv.FormatInt(v.ID, 10)
	b.WriteString("\n<article class=\"share")
	if v.Reply {
		b.WriteString(" reply")
	}
	put(`" id="share-`, id, "\">\n  ")
	titled := !v.Reply && !v.InThread
	if titled {
		put(`<h3 class="share-title"><a href="`, templateURL(v.URL), `">`, esc(v.Heading), `</a></h3>`)
	}
	put("\n  <p class=\"small share-meta\"><span class=\"share-author\">", esc(v.Author), `</span> · <time datetime="`,
		esc(v.Stamp), `">`, esc(v.When), `</time>`)
	if v.History != "" {
		put(` · <a class="share-edited" href="`, templateURL(v.History), `" aria-label="`, words.editedHistory, `">`, words.edited, `</a>`)
	} else if v.Edited {
		put(` · <span class="share-edited">`, words.edited, `</span>`)
	}
	if !v.Reply && v.Heading != v.Kind {
		// An untitled share's heading is its kind already.
		put(` · <span class="badge">`, esc(v.Kind), `</span>`)
	}
	b.WriteString("</p>\n  ")
	if v.Reason != "" {
		put(`<p class="share-status">`, esc(v.Reason), `</p>`)
	}
	b.WriteString("\n  ")
	if v.Warning != "" {
		put(`<details class="share-warning"><summary>`, esc(v.Warning), `</summary><div class="md">`, string(v.HTML), `</div></details>`)
	} else {
		put(`<div class="md">`, string(v.HTML), `</div>`)
	}
	b.WriteString("\n  ")
	if v.CanReact {
		put("\n  <form class=\"reactions\" method=\"post\" action=\"", templateURL(v.Base), "/react\">\n    ")
		for _, r := range v.Reactions {
			put(`<button type="submit" name="kind" value="`, esc(r.Kind), `" class="reaction`)
			if r.Mine {
				b.WriteString(` mine" aria-pressed="true">`)
			} else {
				b.WriteString(`" aria-pressed="false">`)
			}
			b.WriteString(esc(r.Label))
			if r.Count != 0 {
				put(` <span class="count">(`, strconv.Itoa(r.Count), `)</span>`)
			}
			b.WriteString(`</button>`)
		}
		b.WriteString("\n  </form>\n  ")
	}
	b.WriteString("\n  <p class=\"actions small\">\n    ")
	if titled {
		put(`<a href="`, templateURL(v.URL), `">`, esc(v.Replies), `</a>`)
	}
	b.WriteString("\n    ")
	if v.Own {
		put(`<a href="`, templateURL(v.Base), `/edit">`, words.edit, `</a>`)
		if !v.Reply {
			put(` <a href="/wisdom/new?share=`, id, `">`, words.saveToLibrary, `</a>`)
		}
	} else {
		put(`<a href="`, templateURL(v.Base), `/report">`, words.report, `</a>`)
		if v.ReportAuthor != "" {
			put(` <a href="`, templateURL(v.ReportAuthor), `">`, esc(words.p.T("share.report_author", "name", v.Share.AuthorName)), `</a>`)
		}
	}
	b.WriteString("\n  </p>\n</article>\n")
}

// shareItem is one share item, for templates (the "shareItem" func).
func shareItem(words *shareWords, v *ShareView) template.HTML {
	var b strings.Builder
	b.Grow(len(v.HTML) + 1280)
	writeShareItem(&b, words, v)
	return template.HTML(b.String())
}

// shareItems writes the list items of a group's shares in lang.
func shareItems(lang string, views []*ShareView) template.HTML {
	var b strings.Builder
	n := 0
	for _, v := range views {
		n += len(v.HTML) + 1280 // the markup around it: some 1,100 bytes
	}
	b.Grow(n)
	words := shareWordsIn(lang)
	for _, v := range views {
		b.WriteString("<li>")
		writeShareItem(&b, words, v)
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}
