package web

import (
	"html"
	"net/http"
	"strings"

	"hearth"
	"hearth/i18n"
)

// brokenPage is the page for when the usual one can't be had: a handler
// panicked, or the error page itself failed to render. It is put
// together once per language when the server starts, from the catalogs,
// so answering with it runs no template and reads no database. Like every
// page it carries "Need help now?" (worded as the layout words it) and a
// way home; it links the stylesheet, a file the CSP allows, and has
// nothing inline for the CSP to block.
type brokenPage struct {
	lang string
	head string // up to the message
	tail string // after it
}

// brokenPages builds the page in every language; css is the
// stylesheet's URL.
func brokenPages(css string) map[string]*brokenPage {
	pages := make(map[string]*brokenPage, len(i18n.Langs))
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		t := func(key string) string { return html.EscapeString(p.T(key)) }
		help := `<a class="help-link" href="/help"><span>` + t("layout.need_help") + `</span></a>`
		var b strings.Builder
		b.WriteString(`<!doctype html>
<html lang="` + lang + `">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<title>` + t("error.title") + ` · ` + t("app.name") + `</title>
<link rel="stylesheet" href="` + html.EscapeString(css) + `">
</head>
<body>
<aside class="help-bar" aria-label="` + t("layout.help_bar") + `">` + help + `</aside>
<main id="main">
<h1>` + t("error.title") + `</h1>
<p class="lead">`)
		head := b.String()
		tail := `</p>
<p><a class="button" href="/">` + t("error.home") + `</a></p>
</main>
<footer class="foot">
<p>` + help + `</p>
</footer>
</body>
</html>
`
		pages[lang] = &brokenPage{lang: lang, head: head, tail: tail}
	}
	return pages
}

// writeBroken answers with the broken page in lang (English if lang is
// not one of Hearth's), its message the catalog key msg; a server error
// says sorry instead, whatever failed. The security headers the
// middleware set stay; what the failed handler may have set for its own
// answer goes.
func (s *Server) writeBroken(w http.ResponseWriter, lang string, status int, msg string) {
	page := s.broken[lang]
	if page == nil {
		page = s.broken[i18n.Langs[0]]
	}
	if status >= http.StatusInternalServerError {
		msg = "error.sorry"
	}
	h := w.Header()
	for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Content-Range", "ETag", "Last-Modified"} {
		h.Del(k)
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", page.lang)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(page.head + html.EscapeString(i18n.For(page.lang).T(msg)) + page.tail))
}

// recovered answers a request whose handler panicked: generic to the
// member, a problem document for the API, the broken page otherwise; the
// detail is in the log already.
func (s *Server) recovered(w http.ResponseWriter, r *http.Request, seen *langSeen) {
	lang := seen.lang
	if lang == "" {
		// The panic came before the member was identified: the
		// visitor's choice or the browser's, read from the request alone.
		lang = s.language(r, nil)
	}
	if isAPI(r) || wantsJSON(r) {
		w.Header().Del("Content-Length")
		w.Header().Set("Content-Language", lang)
		w.Header().Set("Cache-Control", "no-store")
		writeProblem(w, http.StatusInternalServerError, hearth.EINTERNAL, i18n.For(lang).T("error.internal"), nil)
		return
	}
	s.writeBroken(w, lang, http.StatusInternalServerError, "error.sorry")
}

// langSeen carries the language identify settles on back out to the
// middleware, for the page a panic leaves.
type langSeen struct{ lang string }

// CrashPage is the whole page a crash answers with in lang, the
// stylesheet at css: for the browser tests, which audit it as they audit
// every page, though no request of theirs can make the server crash.
func CrashPage(lang, css string) string {
	page := brokenPages(css)[lang]
	if page == nil {
		return ""
	}
	return page.head + html.EscapeString(i18n.For(lang).T("error.sorry")) + page.tail
}
