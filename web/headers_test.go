package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
)

// cspSources are the only sources Hearth's CSP may name: its own origin,
// nothing, inline data images, and nonces. Any host would be a third party.
var cspSources = map[string]bool{"'self'": true, "'none'": true, "data:": true}

// checkSecurityHeaders fails unless an answer carries the headers that
// keep members safe.
func checkSecurityHeaders(t *testing.T, r *response) {
	t.Helper()
	csp := map[string][]string{}
	for _, d := range strings.Split(r.header.Get("Content-Security-Policy"), ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			csp[f[0]] = f[1:]
		}
	}
	for dir, want := range map[string]string{
		"default-src": "'self'", "object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'",
	} {
		if got := strings.Join(csp[dir], " "); got != want {
			t.Errorf("%s: CSP %s %q, want %q (policy %q)", r.req, dir, got, want, r.header.Get("Content-Security-Policy"))
		}
	}
	for dir, srcs := range csp {
		for _, src := range srcs {
			if !cspSources[src] && !strings.HasPrefix(src, "'nonce-") {
				t.Errorf("%s: CSP %s allows %s", r.req, dir, src)
			}
		}
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
	} {
		if got := r.header.Get(name); got != want {
			t.Errorf("%s: %s %q, want %q", r.req, name, got, want)
		}
	}
	if got := r.header.Get("X-Robots-Tag"); !strings.Contains(got, "noindex") {
		t.Errorf("%s: X-Robots-Tag %q, want noindex", r.req, got)
	}
}

// TestSecurityHeaders: every kind of answer carries the security headers
// (pages, redirects, errors, refusals, static assets, the API and the
// operational endpoints); members' pages are never cached; static assets
// are cached for good under content-hashed names.
func TestSecurityHeaders(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Dahlia")
		visitor := ts.client(t)

		home := visitor.get("/").wantStatus(t, http.StatusOK)
		assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(home.body, -1)
		if len(assets) < 2 {
			t.Fatalf("the home page names %d static assets, want the CSS and the JS at least", len(assets))
		}

		tests := []struct {
			name    string
			c       *testClient
			method  string
			path    string
			header  http.Header
			status  int
			private bool // a member's answer: Cache-Control no-store
		}{
			{"visitor page", visitor, "GET", "/", nil, 200, false},
			{"visitor help", visitor, "GET", "/help", nil, 200, false},
			{"member page", m.testClient, "GET", "/", nil, 200, true},
			{"member settings", m.testClient, "GET", "/settings/sessions", nil, 200, true},
			{"member help", m.testClient, "GET", "/help", nil, 200, true},
			{"visitor guidelines", visitor, "GET", "/guidelines", nil, 200, false},
			{"member guidelines", m.testClient, "GET", "/guidelines", nil, 200, true},
			{"export download", m.testClient, "GET", "/settings/export.json", nil, 200, true},
			{"redirect to sign in", visitor, "GET", "/settings", nil, 303, true},
			{"not found", visitor, "GET", "/no-such-page", nil, 404, false},
			{"member not found", m.testClient, "GET", "/no-such-page", nil, 404, true},
			{"static not found", visitor, "GET", "/static/nope.css", nil, 404, false},
			{"refused write", visitor, "POST", "/settings", nil, 401, true},
			{"cross-origin refusal", m.testClient, "POST", "/settings/tokens", http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403, false},
			{"API without a token", visitor, "GET", "/api/v1/me", nil, 401, true},
			{"API document", visitor, "GET", "/api/v1/openapi.json", nil, 200, false},
			{"API not found", visitor, "GET", "/api/v1/nothing", nil, 404, false},
			{"healthz", visitor, "GET", "/healthz", nil, 200, false},
			{"readyz", visitor, "GET", "/readyz", nil, 200, false},
			{"web app manifest", visitor, "GET", "/manifest.webmanifest?lang=es", nil, 200, false},
			{"offline page", m.testClient, "GET", "/offline", nil, 200, true},
			{"service worker", visitor, "GET", "/sw.js", nil, 200, false},
			{"metrics", visitor, "GET", "/metrics", nil, 200, false},
		}
		for _, a := range assets {
			tests = append(tests, struct {
				name    string
				c       *testClient
				method  string
				path    string
				header  http.Header
				status  int
				private bool
			}{"static " + a[1], visitor, "GET", a[1], nil, 200, false})
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.c.do(tt.method, tt.path, nil, tt.header).wantStatus(t, tt.status)
				checkSecurityHeaders(t, r)
				cc := r.header.Get("Cache-Control")
				if tt.private && !strings.Contains(cc, "no-store") {
					t.Errorf("Cache-Control %q, want no-store", cc)
				}
				if strings.HasPrefix(tt.path, "/static/") && tt.status == 200 {
					if !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
						t.Errorf("static asset: Cache-Control %q, want a year, immutable", cc)
					}
					// Served with nosniff, an asset of the wrong type is
					// one the browser refuses; the type is Hearth's own,
					// whatever the host's mime database says.
					want := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}[path.Ext(tt.path)]
					if ct := r.header.Get("Content-Type"); ct != want {
						t.Errorf("static asset: Content-Type %q, want %q", ct, want)
					}
				}
				if tt.status == 200 && strings.Contains(cc, "public") && !strings.HasPrefix(tt.path, "/static/") {
					t.Errorf("Cache-Control %q lets a shared cache keep %s", cc, tt.path)
				}
			})
		}
	})
}

// countingReader is an endless form body that counts what is read of it.
type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	c.n += int64(len(p))
	return len(p), nil
}

// TestRequestBodyLimit: a POST body over 1 MiB is refused, changes
// nothing, and is not read beyond the limit.
func TestRequestBodyLimit(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		m := ts.signUp(t, "Eider")
		before := ts.account(t, m.handle)

		t.Run("over a real connection", func(t *testing.T) {
			form := url.Values{"display_name": {strings.Repeat("x", maxBody)}, "pronouns": {"they"}, "language": {"es"},
				"time_zone": {"Europe/Madrid"}, "country": {"ES"}, "email": {""}}
			r := m.post("/settings", form)
			if r.status != http.StatusRequestEntityTooLarge {
				t.Fatalf("a %d-byte body: status %d, want 413", len(form.Encode()), r.status)
			}
			checkSecurityHeaders(t, r)
			if after := ts.account(t, m.handle); after.Language != before.Language || after.TimeZone != before.TimeZone {
				t.Errorf("an oversized POST changed the profile: %+v", after)
			}
			if !m.signedIn() {
				t.Error("the member was signed out")
			}
		})

		t.Run("not read beyond the limit", func(t *testing.T) {
			for _, length := range []int64{-1, 64 << 20} { // unknown length, and a declared 64 MiB
				body := &countingReader{}
				req := httptest.NewRequest(http.MethodPost, "/signup", io.MultiReader(strings.NewReader("pseudonym=Eider&password="), body))
				req.ContentLength = length
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				rec := httptest.NewRecorder()
				ts.srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusRequestEntityTooLarge {
					t.Errorf("length %d: status %d, want 413", length, rec.Code)
				}
				if body.n > maxBody+64<<10 {
					t.Errorf("length %d: the server read %d bytes of the body, more than the %d limit", length, body.n, maxBody)
				}
			}
			if n, _ := ts.store.CountAccounts(context.Background()); n != 1 {
				t.Errorf("an oversized sign-up made an account: %d accounts", n)
			}
		})
	})
}
