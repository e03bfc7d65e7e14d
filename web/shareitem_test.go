package web

import (
	"bytes"
	"html/template"
	"os"
	"strconv"
	"testing"

	"hearth"
	"hearth/i18n"
)

// shareItemTemplates are testdata/share-item.html, the share item as a
// template, parsed for each language as Hearth's own templates are.
func shareItemTemplates(t testing.TB) map[string]*template.Template {
	t.Helper()
	src, err := os.ReadFile("testdata/share-item.html")
	if err != nil {
		t.Fatal(err)
	}
	funcs := (&Server{}).templateFuncs()
	sets := map[string]*template.Template{}
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		set, err := parseTranslatedText(template.New("").Funcs(funcs(p)), "share-item.html", string(src), p, "")
		if err != nil {
			t.Fatal(err)
		}
		sets[lang] = set
	}
	return sets
}

// TestShareItemAsTemplate holds writeShareItem to the share item as a
// template: every combination of what an item may show, with words that
// need escaping, in every language, byte for byte; and paths that are not
// plain, which both must write alike.
func TestShareItemAsTemplate(t *testing.T) {
	sets := shareItemTemplates(t)
	const nasty = "Tom's <b>\"A+B\" & C</b>\x00 — añoranza ☕"
	n := 0
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		words := shareWordsIn(lang)
		for mask := range 1 << 9 {
			on := func(bit int) bool { return mask&(1<<bit) != 0 }
			v := &ShareView{Share: &hearth.Share{ID: 42, GroupSlug: "grupo-renacer", AuthorName: nasty, AuthorID: 7},
				ID: 42, URL: "/groups/grupo-renacer/shares/42", Base: "/groups/grupo-renacer/shares/42",
				Heading: nasty, Kind: p.T("share.kind.question"), Author: nasty, HTML: template.HTML("<p>Keep <em>coming</em> back &amp; <a href=\"/x\">more</a></p>"),
				When: "martes, 24 de noviembre, 9:05 a. m. " + nasty, Stamp: "2026-11-24T15:05:00Z",
				Status: hearth.ShareVisible, Replies: p.N("share.replies", 3),
				Reply: on(0), InThread: on(1), Own: on(2)}
			if on(1) && !on(2) && mask&0x30 == 0x10 {
				// A thread offers to report the author of what is not
				// one's own (on a few masks, as the rest repeats them).
				v.ReportAuthor = memberReportPath("grupo-renacer", 7, "/groups/grupo-renacer/shares/42")
			}
			if v.Reply {
				v.URL = "/groups/grupo-renacer/shares/40#share-42"
			}
			if on(3) {
				v.Edited = true
				if on(4) {
					v.History = v.Base + "/history"
				}
			}
			if on(5) {
				v.Reason = p.T("share.status.hidden") + " " + nasty
			}
			if on(6) {
				v.Warning = p.T("share.warning_open", "warning", p.T("warning.grief")) + nasty
			}
			if on(8) {
				v.Heading = v.Kind // untitled
			}
			if on(7) {
				v.CanReact = true
				for i, k := range hearth.Reactions {
					v.Reactions = append(v.Reactions, ReactionView{Kind: k, Label: p.T("reaction."+k) + nasty, Mine: i%2 == 0, Count: i * 3})
				}
			}
			var want bytes.Buffer
			if err := sets[lang].ExecuteTemplate(&want, "share-item", v); err != nil {
				t.Fatal(err)
			}
			if got := shareItem(words, v); string(got) != want.String() {
				t.Errorf("%s %08b: written in Go\n%s\nthe template writes\n%s", lang, mask, got, want.String())
			}
			n++
		}
	}
	// Paths the writer never gets from Hearth, written as the template
	// would write them all the same.
	words := shareWordsIn("en")
	for _, path := range []string{"/groups/a b/shares/10", "/groups/ñandú/shares/1?x=\"y\"&z='w'", "javascript:alert(1)", "HTTPS://example.org/a<b>",
		"mailto:x@example.org", "/a%20b/c(d)", "data:text/html,x", "//host/p", "/p?q=a:b"} {
		v := &ShareView{Share: &hearth.Share{ID: 10, AuthorName: nasty, AuthorID: 3}, ID: 10, URL: path, Base: path, History: path,
			Edited: true, ReportAuthor: path, Author: nasty, CanReact: true, Reactions: []ReactionView{{Kind: "heard", Label: "Heard"}}}
		var want bytes.Buffer
		if err := sets["en"].ExecuteTemplate(&want, "share-item", v); err != nil {
			t.Fatal(err)
		}
		if got := shareItem(words, v); string(got) != want.String() {
			t.Errorf("%q: written in Go\n%s\nthe template writes\n%s", path, got, want.String())
		}
		n++
	}
	t.Logf("%d items alike", n)
}

// BenchmarkShareItems writes a group page's fifty share items, in Go and
// through the template they are held to, as a member sees them (reactions, one of their own).
func BenchmarkShareItems(b *testing.B) {
	sets := shareItemTemplates(b)
	p := i18n.For("en")
	var views []*ShareView
	for i := range hearth.SharePageMax {
		v := &ShareView{Share: &hearth.Share{ID: int64(i)}, ID: int64(i), URL: "/groups/group-1/shares/" + strconv.Itoa(i),
			Base: "/groups/group-1/shares/" + strconv.Itoa(i), Heading: "Share " + strconv.Itoa(i), Kind: p.T("share.kind.share"),
			Author: "Member " + strconv.Itoa(i), HTML: "<p>Thirty days today. I didn't think I'd make it past the first weekend. Thank you for the <strong>coffee</strong>.</p>\n",
			When: "Nov 24, 2026, 9:05 AM", Stamp: "2026-11-24T15:05:00Z", Status: hearth.ShareVisible, Replies: p.N("share.replies", 2),
			Own: i == 7, CanReact: true}
		for j, k := range hearth.Reactions {
			v.Reactions = append(v.Reactions, ReactionView{Kind: k, Label: p.T("reaction." + k), Mine: j == i%4})
		}
		views = append(views, v)
	}
	b.Run("Go", func(b *testing.B) {
		var n int
		for b.Loop() {
			n = len(shareItems("en", views))
		}
		b.ReportMetric(float64(n)/float64(len(views)), "bytes/item")
	})
	b.Run("Template", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			for _, v := range views {
				buf.WriteString("<li>")
				if err := sets["en"].ExecuteTemplate(&buf, "share-item", v); err != nil {
					b.Fatal(err)
				}
				buf.WriteString("</li>")
			}
		}
	})
}
