package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"hearth/i18n"
)

// A group's page shows fifty shares, and html/template's escaping of each
// one's fields, through reflection, was a quarter of the page's CPU. The
// share item is written here instead, byte for byte as the "share-item"
// partial of _shares.html writes it (TestShareItemAsTemplate holds the two
// together); the partial stays for the thread's page, the live fragment,
// and any item this writer leaves to it.

// shareWords are the share item's fixed words in one language, escaped as
// parseTranslated writes them into the partial.
type shareWords struct {
	editedHistory, edited, edit, saveToLibrary, report string
}

func shareWordsFor(p *i18n.Printer) shareWords {
	w := func(key string) string { return html.EscapeString(p.T(key)) }
	return shareWords{editedHistory: w("share.edited_history"), edited: w("share.edited"), edit: w("share.edit"),
		saveToLibrary: w("share.save_to_library"), report: w("share.report")}
}

// templateEscaper escapes text as html/template does in element content
// and in quoted attribute values: the same characters, the same entities
// (html.EscapeString and template.HTMLEscapeString leave "+" alone, and
// say "&#34;" or "&quot;" differently).
var templateEscaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// plainPath reports whether s is a path html/template writes into an
// attribute as it is, but for escaping: it starts with "/" (so no scheme
// to filter) and holds only the bytes its URL normaliser keeps. Paths
// here are built of slugs (hearth.ValidSlug) and numbers, so they always
// are; what is not goes to the partial.
func plainPath(s string) bool {
	if !strings.HasPrefix(s, "/") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~%!#$&*+,/:;=?@[]", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// writeShareItem writes v as the share-item partial does, and reports
// false, having written nothing, for an item it leaves to the partial:
// one that offers to report its author (a thread's), or whose paths are
// not plain.
func writeShareItem(b *strings.Builder, words *shareWords, v *ShareView) bool {
	if v.ReportAuthor != "" || !plainPath(v.URL) || !plainPath(v.Base) || (v.History != "" && !plainPath(v.History)) {
		return false
	}
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
		put(`<h3 class="share-title"><a href="`, esc(v.URL), `">`, esc(v.Heading), `</a></h3>`)
	}
	put("\n  <p class=\"small share-meta\"><span class=\"share-author\">", esc(v.Author), `</span> · <time datetime="`,
		esc(v.Stamp), `">`, esc(v.When), `</time>`)
	if v.History != "" {
		put(` · <a class="share-edited" href="`, esc(v.History), `" aria-label="`, words.editedHistory, `">`, words.edited, `</a>`)
	} else if v.Edited {
		put(` · <span class="share-edited">`, words.edited, `</span>`)
	}
	if !v.Reply {
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
		put("\n  <form class=\"reactions\" method=\"post\" action=\"", esc(v.Base), "/react\">\n    ")
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
		put(`<a href="`, esc(v.URL), `">`, esc(v.Replies), `</a>`)
	}
	b.WriteString("\n    ")
	if v.Own {
		put(`<a href="`, esc(v.Base), `/edit">`, words.edit, `</a>`)
		if !v.Reply {
			put(` <a href="/wisdom/new?share=`, id, `">`, words.saveToLibrary, `</a>`)
		}
	} else {
		put(`<a href="`, esc(v.Base), `/report">`, words.report, `</a>`)
	}
	b.WriteString("\n  </p>\n</article>\n")
	return true
}

// shareItems writes the list items of a group's shares: each in Go when
// writeShareItem can, else through the partial.
func (s *Server) shareItems(lang string, p *i18n.Printer, views []*ShareView) (template.HTML, error) {
	var b strings.Builder
	n := 0
	for _, v := range views {
		n += len(v.HTML) + 1280 // the markup around it: some 1,100 bytes
	}
	b.Grow(n)
	words := shareWordsFor(p)
	for _, v := range views {
		b.WriteString("<li>")
		if !writeShareItem(&b, &words, v) {
			if err := s.pages.sets[lang].ExecuteTemplate(&b, "share-item", v); err != nil {
				return "", err
			}
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String()), nil
}
