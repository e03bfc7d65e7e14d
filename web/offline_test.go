package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestOfflinePage: the page a phone keeps for when Hearth cannot be
// reached has the crisis lines of the member's country in their language,
// and nothing else of theirs: the visitor's header, no unread count, and a
// notice waiting for the member's next page is left for it.
func TestOfflinePage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		visitor := ts.client(t)
		r := visitor.get("/offline").wantStatus(t, http.StatusOK)
		if !strings.Contains(r.body, "You are offline right now") || !strings.Contains(r.body, "988 Suicide") || !strings.Contains(r.body, `href="tel:`) {
			t.Errorf("a visitor's offline page lacks the heading or the default country's lines:\n%s", clip(r.body))
		}

		// The help page asked about a country: its lines, named.
		r = visitor.get("/offline?country=ES").wantStatus(t, http.StatusOK)
		if !strings.Contains(r.body, "024 Suicide crisis line") || !strings.Contains(r.body, "Lines for Spain.") {
			t.Errorf("the offline page for Spain lacks its lines or its name:\n%s", clip(r.body))
		}
		if r := visitor.get("/offline?country=XX").wantStatus(t, http.StatusOK); !strings.Contains(r.body, "988 Suicide") {
			t.Error("an unknown country does not fall back to the default's lines")
		}

		m := ts.signUp(t, "Albahaca")
		m.post("/settings", url.Values{"display_name": {"Albahaca"}, "pronouns": {""}, "language": {"es"},
			"time_zone": {"America/Mexico_City"}, "country": {"MX"}, "email": {""}}).wantStatus(t, http.StatusSeeOther)
		u, _ := url.Parse(ts.URL)
		m.jar.SetCookies(u, []*http.Cookie{{Name: "notice", Value: "notice.signed_out", Path: "/"}})
		r = m.get("/offline").wantStatus(t, http.StatusOK)
		for _, want := range []string{`<html lang="es">`, "Ahora mismo no tienes conexión", "Línea de la Vida", "Líneas de México.", `href="/signin"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("a member's offline page lacks %q:\n%s", want, clip(r.body))
			}
		}
		for _, not := range []string{`action="/signout"`, "data-unread-badge", "Albahaca", "data-notice"} {
			if strings.Contains(r.body, not) {
				t.Errorf("the offline page, kept on the phone, holds %q of the member's", not)
			}
		}
		if len(r.cookies) != 0 {
			t.Errorf("the offline page set cookies %v: a notice waiting for the next page is lost", r.cookies)
		}
	})
}

// TestServiceWorker: the service worker is served from the root, as
// JavaScript, with the offline page and the assets it needs to keep, each
// of which is there to be kept.
func TestServiceWorker(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		c := ts.bareClient(t)
		r := c.get("/sw.js").wantStatus(t, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		m := regexp.MustCompile(`var ASSETS = \[([^\]]*)\];`).FindStringSubmatch(r.body)
		if m == nil || strings.Contains(m[1], "/*assets*/") {
			t.Fatalf("the worker's assets are not written in:\n%s", clip(r.body))
		}
		assets := strings.Split(strings.ReplaceAll(m[1], `"`, ""), ", ")
		if len(assets) != 3 || !strings.Contains(r.body, `var OFFLINE = "/offline";`) {
			t.Errorf("assets %q", assets)
		}
		home := c.get("/").body
		for _, a := range assets {
			c.get(a).wantStatus(t, http.StatusOK)
			if !strings.Contains(home, a) {
				t.Errorf("the worker keeps %s, which the pages do not use", a)
			}
		}
		if !strings.Contains(c.get(ts.srv.static.url("app.js")).body, `navigator.serviceWorker.register("/sw.js")`) {
			t.Error("app.js does not register the worker")
		}
	})
}
