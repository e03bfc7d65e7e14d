package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"testing"

	"hearth"
	"hearth/i18n"
)

// TestShareItemAsTemplate holds writeShareItem to the share-item partial:
// every combination of what an item may show, with words that need
// escaping, in every language, byte for byte.
func TestShareItemAsTemplate(t *testing.T) {
	ps, err := loadPages((&Server{}).templateFuncs())
	if err != nil {
		t.Fatal(err)
	}
	const nasty = "Tom's <b>\"A+B\" & C</b>\x00 — añoranza ☕"
	n := 0
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		words := shareWordsFor(p)
		for mask := range 1 << 8 {
			on := func(bit int) bool { return mask&(1<<bit) != 0 }
			v := &ShareView{Share: &hearth.Share{ID: 42, GroupSlug: "grupo-renacer", AuthorName: nasty, AuthorID: 7},
				ID: 42, URL: "/groups/grupo-renacer/shares/42", Base: "/groups/grupo-renacer/shares/42",
				Heading: nasty, Kind: p.T("share.kind.question"), Author: nasty, HTML: template.HTML("<p>Keep <em>coming</em> back &amp; <a href=\"/x\">more</a></p>"),
				When: "martes, 24 de noviembre, 9:05 a. m. " + nasty, Stamp: "2026-11-24T15:05:00Z",
				Status: hearth.ShareVisible, Replies: p.N("share.replies", 3),
				Reply: on(0), InThread: on(1), Own: on(2)}
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
			if on(7) {
				v.CanReact = true
				for i, k := range hearth.Reactions {
					v.Reactions = append(v.Reactions, ReactionView{Kind: k, Label: p.T("reaction."+k) + nasty, Mine: i%2 == 0, Count: i * 3})
				}
			}
			var want bytes.Buffer
			if err := ps.sets[lang].ExecuteTemplate(&want, "share-item", v); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			if !writeShareItem(&got, &words, v) {
				t.Fatalf("%s %08b: left to the partial", lang, mask)
			}
			if got.String() != want.String() {
				t.Errorf("%s %08b: written in Go\n%s\nthe partial writes\n%s", lang, mask, got.String(), want.String())
			}
			n++
		}
	}
	t.Logf("%d items alike", n)

	// What the writer leaves to the partial, shareItems still writes, as
	// the partial does.
	s := &Server{pages: ps}
	p := i18n.For("en")
	thread := &ShareView{Share: &hearth.Share{ID: 9, AuthorName: nasty}, ID: 9, URL: "/groups/g/shares/9", Base: "/groups/g/shares/9",
		ReportAuthor: memberReportPath("g", 7, "/groups/g/shares/9"), Author: nasty}
	odd := &ShareView{Share: &hearth.Share{ID: 10}, ID: 10, URL: "/groups/a b/shares/10", Base: "/groups/a b/shares/10"}
	for _, v := range []*ShareView{thread, odd} {
		var scratch strings.Builder
		if writeShareItem(&scratch, &shareWords{}, v) || scratch.Len() > 0 {
			t.Errorf("%s: written in Go, want it left to the partial", v.URL)
		}
		got, err := s.shareItems("en", p, []*ShareView{v})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := ps.sets["en"].ExecuteTemplate(&want, "share-item", v); err != nil {
			t.Fatal(err)
		}
		if string(got) != "<li>"+want.String()+"</li>" {
			t.Errorf("%s: shareItems wrote\n%s\nwant\n%s", v.URL, got, want.String())
		}
	}
}

// BenchmarkShareItems writes a group page's fifty share items, in Go and
// through the partial, as a member sees them (reactions, one of their own).
func BenchmarkShareItems(b *testing.B) {
	ps, err := loadPages((&Server{}).templateFuncs())
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{pages: ps}
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
			h, err := s.shareItems("en", p, views)
			if err != nil {
				b.Fatal(err)
			}
			n = len(h)
		}
		b.ReportMetric(float64(n)/float64(len(views)), "bytes/item")
	})
	b.Run("Template", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			for _, v := range views {
				buf.WriteString("<li>")
				if err := ps.sets["en"].ExecuteTemplate(&buf, "share-item", v); err != nil {
					b.Fatal(err)
				}
				buf.WriteString("</li>")
			}
		}
	})
}
