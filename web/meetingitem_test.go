package web

import (
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
)

// TestMeetingItem checks the list item written in Go: what a newcomer
// needs is there, in the viewer's language, and every value is escaped.
func TestMeetingItem(t *testing.T) {
	ny := hearth.LoadZone("America/New_York")
	// Monday 23 November 2026, 18:35 in New York.
	now := time.Date(2026, 11, 23, 18, 35, 0, 0, ny)
	m := &hearth.Meeting{
		Slug: "tuesday-hope", Name: `Hope <b>"Tonight"</b> & more`,
		Days: []time.Weekday{time.Monday}, Start: "19:00", End: "20:00", TimeZone: "America/New_York",
		Types: []string{"O", "X", "S"}, Venue: "St. Mark's <Hall>", City: "Brooklyn",
		Group: &hearth.Group{Slug: "hope", Name: "Hope & Serenity", Program: "AA"},
	}
	online := &hearth.Meeting{Slug: "anytime", Name: "Anytime online", TimeZone: "America/New_York",
		ConferenceURL: "https://example.org/j/1"}

	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			`<article class="meeting" aria-labelledby="m-tuesday-hope"><h3 id="m-tuesday-hope"><a href="/meetings/tuesday-hope">Hope &lt;b&gt;&#34;Tonight&#34;&lt;/b&gt; &amp; more</a></h3>`,
			`<strong class="status now">Starts in 25 minutes</strong><br><time datetime="2026-11-23T19:00:00-05:00">Today, 7:00 PM</time>`,
			`<li class="badge">In person</li><li class="badge">Open to all</li><li class="badge">Wheelchair accessible</li><li class="badge">Spanish</li></ul>`,
			`<p class="where">St. Mark&#39;s &lt;Hall&gt;, Brooklyn · 2.1 km</p>`,
			`Hope &amp; Serenity`,
		}},
		{"es", []string{
			`<strong class="status now">Empieza en 25 minutos</strong>`,
			`<li class="badge">Abierta a todos</li><li class="badge">Accesible en silla de ruedas</li><li class="badge">Español</li>`,
			`Hope &amp; Serenity`,
		}},
	} {
		p := i18n.For(tc.lang)
		v := viewMeeting(p, m, now, ny)
		v.Distance = "2.1 km"
		got := string(v.Item())
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the item lacks %s\nin %s", tc.lang, w, got)
			}
		}
		if strings.Contains(got, "<b>") || strings.Contains(got, "<Hall>") {
			t.Errorf("%s: a value is not escaped: %s", tc.lang, got)
		}
		if b := string(v.Badges()); !strings.HasPrefix(b, `<ul class="badges">`) || !strings.Contains(got, b) {
			t.Errorf("%s: badges %q are not the item's", tc.lang, b)
		}

		o := viewMeeting(p, online, now, ny)
		got = string(o.Item())
		if !strings.Contains(got, `<p class="when small">`) || strings.Contains(got, "<time") {
			t.Errorf("%s: a meeting with no days shows its schedule, not a time: %s", tc.lang, got)
		}
		if want := `<p class="where">` + p.T("meeting.online_only") + `</p>`; !strings.Contains(got, want) {
			t.Errorf("%s: an online meeting lacks %s: %s", tc.lang, want, got)
		}
		if strings.Contains(got, `class="small">`+p.T("meeting.of_group", "group", "")) {
			t.Errorf("%s: a meeting with no group names one: %s", tc.lang, got)
		}
	}
}
