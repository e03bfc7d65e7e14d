package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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

// TestAppIcons: the PNG icons are what internal/icongen draws now (run go
// generate in web/ after changing it), each as large as its name says,
// and every icon the manifest names is there, of the type it says.
func TestAppIcons(t *testing.T) {
	dir := t.TempDir()
	if msg, err := exec.Command("go", "run", "./internal/icongen", "-o", dir).CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/icongen: %v\n%s", err, msg)
	}
	for _, size := range []int{180, 192, 512} {
		name := fmt.Sprintf("icon-%d.png", size)
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		kept, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, kept) {
			t.Errorf("static/%s is not what internal/icongen draws now: run go generate in web/", name)
		}
		img, err := png.Decode(bytes.NewReader(kept))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v", name, b)
		}
	}

	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		c := ts.bareClient(t)
		var m webManifest
		if err := json.Unmarshal([]byte(c.get("/manifest.webmanifest").wantStatus(t, http.StatusOK).body), &m); err != nil {
			t.Fatal(err)
		}
		purposes := map[string]bool{}
		for _, icon := range m.Icons {
			purposes[icon.Purpose] = true
			r := c.get(icon.Src).wantStatus(t, http.StatusOK)
			if ct := r.header.Get("Content-Type"); ct != icon.Type {
				t.Errorf("icon %s: Content-Type %q, want %q", icon.Src, ct, icon.Type)
			}
			if icon.Type == "image/png" {
				cfg, err := png.DecodeConfig(strings.NewReader(r.body))
				if err != nil || fmt.Sprintf("%dx%d", cfg.Width, cfg.Height) != icon.Sizes {
					t.Errorf("icon %s is %dx%d (%v), the manifest says %s", icon.Src, cfg.Width, cfg.Height, err, icon.Sizes)
				}
			}
		}
		if !purposes["any"] || !purposes["maskable"] {
			t.Errorf("icons for %v, want any and maskable", purposes)
		}
		home := c.get("/").body
		if !strings.Contains(home, `<link rel="apple-touch-icon" href="`+ts.srv.static.url("icon-180.png")+`">`) {
			t.Error("the pages name no icon for iOS's home screen, which would show a picture of the page instead")
		}
	})
}
