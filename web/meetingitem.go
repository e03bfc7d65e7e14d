package web

import (
	"bytes"
	"html/template"
)

// A meeting in a list — the finder's results, a group's meetings, a
// member's own — is written here in Go rather than by a template: with
// twenty of them on a page, html/template's reflection over each value
// cost the finder a quarter of its time. The markup is the one the
// templates had; every value is escaped as they escaped it.

// Item is the meeting as one item of a list.
func (v *MeetingView) Item() template.HTML {
	var b bytes.Buffer
	b.Grow(1024)
	v.writeItem(&b)
	return template.HTML(b.String())
}

// Badges are what a newcomer needs to know of the meeting at a glance.
func (v *MeetingView) Badges() template.HTML {
	var b bytes.Buffer
	v.writeBadges(&b)
	return template.HTML(b.String())
}

func (v *MeetingView) writeItem(b *bytes.Buffer) {
	p := v.printer
	b.WriteString(`<article class="meeting" aria-labelledby="m-`)
	esc(b, v.Slug)
	b.WriteString(`"><h3 id="m-`)
	esc(b, v.Slug)
	b.WriteString(`"><a href="`)
	esc(b, v.URL)
	b.WriteString(`">`)
	esc(b, v.Name)
	b.WriteString("</a></h3>\n")
	if v.HasNext {
		b.WriteString(`<p class="when">`)
		if v.Next.Status != "" {
			b.WriteString(`<strong class="status`)
			if v.Next.Now {
				b.WriteString(" now")
			}
			b.WriteString(`">`)
			esc(b, v.Next.Status)
			b.WriteString("</strong><br>")
		}
		b.WriteString(`<time datetime="`)
		esc(b, v.Next.ISO())
		b.WriteString(`">`)
		esc(b, v.Next.Viewer)
		b.WriteString("</time>")
		if v.Next.Local != "" {
			b.WriteString(`<br><span class="small">`)
			esc(b, v.Next.Local)
			b.WriteString("</span>")
		}
		b.WriteString("</p>\n")
	} else {
		b.WriteString(`<p class="when small">`)
		esc(b, v.Schedule)
		b.WriteString("</p>\n")
	}
	v.writeBadges(b)
	b.WriteString(`<p class="where">`)
	if v.Place != "" {
		esc(b, v.Place)
	} else {
		esc(b, p.T("meeting.online_only"))
	}
	if v.Distance != "" {
		b.WriteString(" · ")
		esc(b, v.Distance)
	}
	b.WriteString("</p>\n")
	if v.GroupName != "" {
		b.WriteString(`<p class="small">`)
		esc(b, p.T("meeting.of_group", "group", v.GroupName))
		b.WriteString("</p>\n")
	}
	b.WriteString("</article>")
}

func (v *MeetingView) writeBadges(b *bytes.Buffer) {
	p := v.printer
	badge := func(s string) {
		b.WriteString(`<li class="badge">`)
		esc(b, s)
		b.WriteString("</li>")
	}
	b.WriteString(`<ul class="badges">`)
	badge(p.T("attendance." + v.Attendance))
	if v.Open {
		badge(p.T("meeting.open"))
	}
	if v.Closed {
		badge(p.T("meeting.closed"))
	}
	if v.Accessible {
		badge(p.T("meeting.accessible"))
	}
	for _, l := range v.Languages {
		badge(l)
	}
	b.WriteString("</ul>\n")
}

// esc writes s escaped for element content or a quoted attribute value,
// as html/template escapes text there (templateEscaper, shareitem.go).
func esc(b *bytes.Buffer, s string) { b.WriteString(templateEscaper.Replace(s)) }
