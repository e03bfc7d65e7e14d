package web

import (
	"encoding/json"
	"net/http"

	"hearth/i18n"
)

// The web app manifest lets a member add Hearth to their phone's home
// screen and open it like an app: in a window of its own, from an icon
// that says only "Hearth". A long press on the icon offers "Need help
// now?" and the daily check-in. Its words are in the language of the page
// that links it (?lang=), since a browser fetches a manifest without the
// member's cookies. It has no description and names nothing of recovery,
// so that a list of apps on a shared phone says no more than the name.

// webManifest is the manifest's JSON (W3C Web Application Manifest).
type webManifest struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	ShortName       string             `json:"short_name"`
	Lang            string             `json:"lang"`
	Dir             string             `json:"dir"`
	StartURL        string             `json:"start_url"`
	Scope           string             `json:"scope"`
	Display         string             `json:"display"`
	BackgroundColor string             `json:"background_color"`
	ThemeColor      string             `json:"theme_color"`
	Icons           []manifestIcon     `json:"icons"`
	Shortcuts       []manifestShortcut `json:"shortcuts"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

type manifestShortcut struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// The manifest's colours are app.css's light --bg and --surface: the
// splash screen's background and the window's title bar.
const (
	manifestBackground = "#fbf7f2"
	manifestTheme      = "#ffffff"
)

func (s *Server) webManifest(w http.ResponseWriter, r *http.Request) error {
	lang := r.URL.Query().Get("lang")
	if !i18n.Supported(lang) {
		lang = langOf(r.Context())
	}
	p := i18n.For(lang)
	name := p.T("app.name")
	m := webManifest{
		ID: "/", Name: name, ShortName: name, Lang: lang, Dir: "ltr",
		StartURL: "/", Scope: "/", Display: "standalone",
		BackgroundColor: manifestBackground, ThemeColor: manifestTheme,
		Icons: []manifestIcon{
			{Src: s.static.url("icon.svg"), Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
			{Src: s.static.url("icon-192.png"), Sizes: "192x192", Type: "image/png", Purpose: "any"},
			{Src: s.static.url("icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "any"},
			{Src: s.static.url("icon-192.png"), Sizes: "192x192", Type: "image/png", Purpose: "maskable"},
			{Src: s.static.url("icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		},
		Shortcuts: []manifestShortcut{
			{Name: p.T("layout.need_help"), URL: "/help"},
			{Name: p.T("checkin.title"), URL: "/check-in"},
		},
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	return json.NewEncoder(w).Encode(m)
}
