package web

import (
	_ "embed"
	"net/http"
	"strings"

	"hearth"
	"hearth/crisis"
)

// Offline, crisis help stays one tap away: a service worker (sw.js) keeps
// the offline page, the help page's lines for the member's country in
// their language, and answers with it any page opened while the network
// is gone. The page is the same for a member and a visitor (the visitor's
// header, no notice, no unread count), so the copy kept on the phone holds
// nothing of the member's but their language and country.

//go:embed sw.js
var serviceWorkerJS string

// OfflinePage is the page a phone shows when Hearth cannot be reached.
type OfflinePage struct {
	Page
	CountryName string
	Resources   crisis.Resources
}

// offlinePage is the help page's lines for the member's country, or for
// the one the help page was last asked about (?country=, which the
// service worker passes on: someone who looked up their country's lines
// finds those offline, visitor or member).
func (s *Server) offlinePage(w http.ResponseWriter, r *http.Request) error {
	lang, country := langOf(r.Context()), s.helpCountry(r)
	// Written as for a visitor (no unread count is looked up), and
	// without cookies: a notice waiting for the next page stays for it.
	r = r.WithContext(hearth.NewContextWithAccount(r.Context(), nil))
	r.Header.Del("Cookie")
	return s.render(w, r, http.StatusOK, "offline", &OfflinePage{
		Page:        s.page(r, "offline.title", "help"),
		CountryName: countryName(country, lang),
		Resources:   s.crisis.For(country, lang),
	})
}

// serviceWorker serves sw.js from the site's root, so that it may answer
// for every page, with the assets the offline page needs written in.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	_, err := w.Write(s.workerJS)
	return err
}

// workerScript is sw.js with the hashed names of the assets the offline
// page needs written in.
func workerScript(st *staticFiles) []byte {
	assets := []string{st.url("app.css"), st.url("app.js"), st.url("icon.svg")}
	return []byte(strings.Replace(serviceWorkerJS, `"/*assets*/"`, `"`+strings.Join(assets, `", "`)+`"`, 1))
}
