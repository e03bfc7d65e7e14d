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
	lang := langOf(r.Context())
	country := s.cfg.DefaultCountry
	if a := hearth.AccountFromContext(r.Context()); a != nil && a.Country != "" {
		country = a.Country
	}
	if c := r.URL.Query().Get("country"); validCountryCode(c) {
		country = c
	}
	r.Header.Del("Cookie") // a notice waiting for the next page stays for it
	page := s.page(r, "offline.title", "help")
	page.Account, page.Unread = nil, 0
	return s.render(w, r, http.StatusOK, "offline", &OfflinePage{Page: page, CountryName: countryName(country, lang), Resources: s.crisis.For(country, lang)})
}

// serviceWorker serves sw.js from the site's root, so that it may answer
// for every page, with the assets the offline page needs written in.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	assets := []string{s.static.url("app.css"), s.static.url("app.js"), s.static.url("icon.svg")}
	js := strings.Replace(serviceWorkerJS, `"/*assets*/"`, `"`+strings.Join(assets, `", "`)+`"`, 1)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	_, err := w.Write([]byte(js))
	return err
}
