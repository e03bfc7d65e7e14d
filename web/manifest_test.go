package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestWebManifest: every page links the manifest in its own language, and
// the manifest makes an app of Hearth whose name is all it says, whose
// icon and shortcuts lead to what exists, "Need help now?" first.
func TestWebManifest(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		c := ts.client(t)
		for _, tc := range []struct{ lang, help, checkIn string }{
			{"en", "Need help now?", "Daily check-in"},
			{"es", "¿Necesitas ayuda ahora?", "Registro diario"},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				c.header.Set("Accept-Language", tc.lang)
				home := c.get("/").wantStatus(t, http.StatusOK)
				link := `<link rel="manifest" href="/manifest.webmanifest?lang=` + tc.lang + `">`
				if !strings.Contains(home.body, link) {
					t.Fatalf("the home page does not link %s", link)
				}
				// The browser fetches it without cookies.
				r := ts.bareClient(t).get("/manifest.webmanifest?lang="+tc.lang).wantStatus(t, http.StatusOK)
				if ct := r.header.Get("Content-Type"); ct != "application/manifest+json" {
					t.Errorf("Content-Type %q", ct)
				}
				var m webManifest
				if err := json.Unmarshal([]byte(r.body), &m); err != nil {
					t.Fatalf("%v\n%s", err, r.body)
				}
				if m.Name != "Hearth" || m.ShortName != "Hearth" || m.Lang != tc.lang || m.StartURL != "/" || m.Scope != "/" || m.Display != "standalone" {
					t.Errorf("manifest %+v", m)
				}
				if strings.Contains(r.body, "description") || strings.Contains(strings.ToLower(r.body), "recover") {
					t.Errorf("the manifest says more than Hearth's name: %s", r.body)
				}
				if len(m.Icons) == 0 || m.Icons[0].Type != "image/svg+xml" {
					t.Fatalf("icons %+v", m.Icons)
				}
				icon := c.get(m.Icons[0].Src).wantStatus(t, http.StatusOK)
				if ct := icon.header.Get("Content-Type"); ct != m.Icons[0].Type {
					t.Errorf("icon %s: Content-Type %q", m.Icons[0].Src, ct)
				}
				if len(m.Shortcuts) != 2 || m.Shortcuts[0] != (manifestShortcut{tc.help, "/help"}) || m.Shortcuts[1] != (manifestShortcut{tc.checkIn, "/check-in"}) {
					t.Errorf("shortcuts %+v", m.Shortcuts)
				}
				c.get("/help").wantStatus(t, http.StatusOK)
			})
		}
		// Without a language it asked for, the browser's.
		bare := ts.bareClient(t)
		bare.header.Set("Accept-Language", "es-MX")
		var m webManifest
		if err := json.Unmarshal([]byte(bare.get("/manifest.webmanifest?lang=xx").wantStatus(t, http.StatusOK).body), &m); err != nil || m.Lang != "es" {
			t.Errorf("manifest for es-MX with lang=xx: %+v, %v", m, err)
		}
	})
}
