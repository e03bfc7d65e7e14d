package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"hearth"
	"hearth/i18n"
)

// serveBroken is ts with three routes more, run through the server's own
// middleware and endpoint adapter: /boom and /api/v1/boom panic, /down
// fails with an internal error.
func serveBroken(t *testing.T, ts *testServer) *testServer {
	t.Helper()
	mux := http.NewServeMux()
	boom := func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Disposition", `attachment; filename="export.json"`)
		panic("boom: a secret the member wrote")
	}
	mux.Handle("GET /boom", ts.srv.endpoint(route{name: "boom", access: anyone, h: boom}))
	mux.Handle("GET /api/v1/boom", ts.srv.endpoint(route{name: "boom", access: anyone, h: boom}))
	mux.Handle("GET /down", ts.srv.endpoint(route{name: "down", access: anyone, h: func(w http.ResponseWriter, r *http.Request) error {
		return errors.New("the database is down")
	}}))
	mux.Handle("/", ts.srv.endpoint(route{name: "not_found", access: anyone, h: ts.srv.notFound}))
	hs := httptest.NewServer(ts.srv.middleware(mux))
	t.Cleanup(hs.Close)
	bts := *ts
	bts.Server = hs
	return &bts
}

var helpLinkRE = regexp.MustCompile(`<a class="help-link" href="/help"><span>([^<]*)</span></a>`)

// wantBrokenPage fails unless r is the broken page in lang: HTML with
// the security headers, the "Need help now?" link as the layout words
// it, a way home, and nothing inline for the CSP to block.
func wantBrokenPage(t *testing.T, r *response, status int, lang string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", r.req, r.status, status, clip(r.body))
	}
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("%s: Content-Type %q, want text/html", r.req, ct)
	}
	if cl := r.header.Get("Content-Language"); cl != lang {
		t.Errorf("%s: Content-Language %q, want %q", r.req, cl, lang)
	}
	if cd := r.header.Get("Content-Disposition"); cd != "" {
		t.Errorf("%s: Content-Disposition %q kept from the failed handler", r.req, cd)
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", r.req, cc)
	}
	checkSecurityHeaders(t, r)
	tr := en
	if lang == "es" {
		tr = es
	}
	if !strings.Contains(r.body, `<html lang="`+lang+`">`) {
		t.Errorf("%s: the page is not in %s:\n%s", r.req, lang, clip(r.body))
	}
	links := helpLinkRE.FindAllStringSubmatch(r.body, -1)
	if len(links) == 0 {
		t.Errorf("%s: no link to /help:\n%s", r.req, clip(r.body))
	}
	for _, l := range links {
		if l[1] != tr("layout.need_help") {
			t.Errorf("%s: the help link says %q, want %q", r.req, l[1], tr("layout.need_help"))
		}
	}
	if !strings.Contains(r.body, `href="/">`+tr("error.home")+`</a>`) {
		t.Errorf("%s: no link home:\n%s", r.req, clip(r.body))
	}
	for _, inline := range []string{"<script", "<style", "style=", "onload=", "onclick="} {
		if strings.Contains(r.body, inline) {
			t.Errorf("%s: the page holds %s, which the CSP blocks", r.req, inline)
		}
	}
}

// TestPanicPage: a handler that panics leaves a 500 page, in the
// member's language, with "Need help now?" and a way home; generic for
// the member, the detail in the log. The API gets a problem document.
func TestPanicPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		var logs strings.Builder
		var mu sync.Mutex
		log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
		base := serve(t, open, withLog(log))
		luz := base.signUp(t, "Luz")
		spanish := "es"
		if _, err := base.store.UpdateAccount(context.Background(), luz.acct.ID, hearth.AccountUpdate{Language: &spanish}); err != nil {
			t.Fatal(err)
		}
		ts := serveBroken(t, base)
		member, _ := ts.mintSession(t, luz.acct.ID)
		member.header.Set("Accept-Language", "en")
		browserES := ts.client(t)
		browserES.header.Set("Accept-Language", "es-MX,es;q=0.9")

		for _, tc := range []struct {
			name string
			c    *testClient
			lang string
		}{
			{"visitor", ts.client(t), "en"},
			{"visitor whose browser asks for Spanish", browserES, "es"},
			{"member who chose Spanish, on an English browser", member, "es"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := tc.c.get("/boom")
				wantBrokenPage(t, r, http.StatusInternalServerError, tc.lang)
				tr := en
				if tc.lang == "es" {
					tr = es
				}
				if !strings.Contains(r.body, tr("error.sorry")) {
					t.Errorf("no apology on the page:\n%s", clip(r.body))
				}
				if strings.Contains(r.body, "boom") || strings.Contains(r.body, "secret") {
					t.Errorf("the page shows what panicked:\n%s", clip(r.body))
				}
			})
		}

		t.Run("API", func(t *testing.T) {
			c := ts.bareClient(t)
			c.header.Set("Accept-Language", "es")
			r := c.get("/api/v1/boom").wantStatus(t, http.StatusInternalServerError)
			checkSecurityHeaders(t, r)
			p := wantProblem(t, r)
			if p.Code != hearth.EINTERNAL || p.Title != i18n.For("es").T("error.internal") || strings.Contains(r.body, "boom") {
				t.Errorf("problem %+v", p)
			}
		})

		mu.Lock()
		logged := logs.String()
		mu.Unlock()
		if !strings.Contains(logged, "boom") || !strings.Contains(logged, "goroutine") {
			t.Errorf("the log has no detail of the panic:\n%s", logged)
		}
	})
}

// TestErrorPageFallback: when the error page itself cannot be rendered,
// the answer is still a page with its status, in the member's language,
// with "Need help now?" and a way home.
func TestErrorPageFallback(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serveBroken(t, serve(t, open))
		delete(ts.srv.pages.names, "error") // rendering "error" now fails
		for _, tc := range []struct {
			path   string
			status int
			lang   string
			msg    string
		}{
			{"/down", http.StatusInternalServerError, "en", "error.sorry"},
			{"/down", http.StatusInternalServerError, "es", "error.sorry"},
			{"/no-such-page", http.StatusNotFound, "en", "error.not_found"},
			{"/no-such-page", http.StatusNotFound, "es", "error.not_found"},
		} {
			t.Run(tc.path+" "+tc.lang, func(t *testing.T) {
				c := ts.client(t)
				c.header.Set("Accept-Language", tc.lang)
				r := c.get(tc.path)
				wantBrokenPage(t, r, tc.status, tc.lang)
				if want := escaped(i18n.For(tc.lang).T(tc.msg)); !strings.Contains(r.body, want) {
					t.Errorf("the page does not say %q:\n%s", want, clip(r.body))
				}
				if strings.Contains(r.body, "database") {
					t.Errorf("the page shows the internal error:\n%s", clip(r.body))
				}
			})
		}
	})
}
