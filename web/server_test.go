package web

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/crisis"
	"hearth/events"
	"hearth/sqlstore"
	"hearth/sqlstore/storetest/testdb"
)

// The helpers in this file run Hearth's web server for real: an
// httptest.Server on :0 around NewServer, a migrated store on SQLite or
// PostgreSQL, the real password hasher and crisis directory, and a clock
// the test moves by hand. Clients keep cookies but never follow
// redirects, so a test sees every 303.

// testPassword is the password of the members tests make.
const testPassword = "a quiet lamp by the window"

// testClock is a clock a test moves by hand. It starts at the real time,
// since cookie jars judge a cookie's expiry by the real clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Now().UTC().Truncate(time.Second)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// openStore opens a fresh, migrated store on one database, on the clock
// now; it is closed (and the database dropped) when the test ends.
type openStore func(t *testing.T, now func() time.Time) *sqlstore.Store

// forEachDB runs test once on SQLite and once on PostgreSQL, as subtests
// named "sqlite" and "postgres". The PostgreSQL subtest skips without
// HEARTH_TEST_POSTGRES, and fails without it under CI=true.
func forEachDB(t *testing.T, test func(t *testing.T, open openStore)) {
	t.Helper()
	dbs := []struct {
		name string
		open openStore
	}{
		{"sqlite", func(t *testing.T, now func() time.Time) *sqlstore.Store { return testdb.SQLite(t, now).Store }},
		{"postgres", func(t *testing.T, now func() time.Time) *sqlstore.Store { return testdb.Postgres(t, now).Store }},
	}
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) { test(t, db.open) })
	}
}

// testServer is a running Hearth web server.
type testServer struct {
	*httptest.Server
	srv   *Server
	store Store
	clock *testClock
	cfg   Config
}

type serverOption func(*serverOptions)

type serverOptions struct {
	cfg    Config
	clock  *testClock
	events hearth.EventService
	log    *slog.Logger
}

// withEvents gives the server (and its store) an event service other than
// a hub of its own.
func withEvents(ev hearth.EventService) serverOption { return func(o *serverOptions) { o.events = ev } }

// withLog gives the server a logger.
func withLog(log *slog.Logger) serverOption { return func(o *serverOptions) { o.log = log } }

// withConfig sets the server's Config.
func withConfig(cfg Config) serverOption { return func(o *serverOptions) { o.cfg = cfg } }

// withClock gives the server a clock; share it with the store.
func withClock(c *testClock) serverOption { return func(o *serverOptions) { o.clock = c } }

// mustOpenServer serves Hearth over store on a real listener with the
// real hasher and crisis directory. It is closed when the test ends.
func mustOpenServer(t *testing.T, store Store, opts ...serverOption) *testServer {
	t.Helper()
	o := serverOptions{}
	for _, opt := range opts {
		opt(&o)
	}
	if o.clock == nil {
		o.clock = newTestClock()
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := crisis.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if o.events == nil {
		hub := events.NewHub(0)
		t.Cleanup(func() { hub.Close() })
		o.events = hub
	}
	if st, ok := store.(interface{ SetEvents(hearth.EventService) }); ok {
		st.SetEvents(o.events)
	}
	s, err := NewServer(o.cfg, Deps{Store: store, Hasher: hasher, Crisis: dir, Now: o.clock.Now, Events: o.events, Log: o.log})
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(func() {
		hs.Close()
		s.Close()
	})
	cfg := o.cfg
	cfg.defaults()
	return &testServer{Server: hs, srv: s, store: store, clock: o.clock, cfg: cfg}
}

// serve opens a store with open and a server over it, sharing one clock.
func serve(t *testing.T, open openStore, opts ...serverOption) *testServer {
	t.Helper()
	clock := newTestClock()
	store := open(t, clock.Now)
	return mustOpenServer(t, store, append([]serverOption{withClock(clock)}, opts...)...)
}

// testClient is a browser: it keeps cookies (unless made without a jar),
// sends header with every request, and never follows a redirect.
type testClient struct {
	t      *testing.T
	ts     *testServer
	hc     *http.Client
	jar    http.CookieJar
	header http.Header
}

// client returns a new browser with an empty cookie jar.
func (ts *testServer) client(t *testing.T) *testClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return ts.newClient(t, jar)
}

// bareClient returns a client that keeps no cookies: an API caller, or a
// browser replaying a cookie by hand through its header.
func (ts *testServer) bareClient(t *testing.T) *testClient { return ts.newClient(t, nil) }

func (ts *testServer) newClient(t *testing.T, jar http.CookieJar) *testClient {
	hc := &http.Client{
		Transport:     ts.Server.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if jar != nil {
		hc.Jar = jar
	}
	return &testClient{t: t, ts: ts, hc: hc, jar: jar, header: http.Header{}}
}

// withCookie returns a new browser holding just this cookie.
func (ts *testServer) withCookie(t *testing.T, name, value string) *testClient {
	t.Helper()
	c := ts.client(t)
	u, _ := url.Parse(ts.URL)
	c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
	return c
}

// cookie returns the value of a cookie the browser holds, or "".
func (c *testClient) cookie(name string) string {
	if c.jar == nil {
		return ""
	}
	u, _ := url.Parse(c.ts.URL)
	for _, k := range c.jar.Cookies(u) {
		if k.Name == name {
			return k.Value
		}
	}
	return ""
}

// response is an answer read in full.
type response struct {
	req     string // "GET /path", for messages
	status  int
	header  http.Header
	cookies []*http.Cookie
	body    string
}

func (c *testClient) get(path string) *response {
	c.t.Helper()
	return c.do(http.MethodGet, path, nil, nil)
}

// post sends a form, as a browser would from a page of this site.
func (c *testClient) post(path string, form url.Values) *response {
	c.t.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"same-origin"}})
}

func (c *testClient) do(method, path string, body io.Reader, header http.Header) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.ts.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return &response{req: method + " " + path, status: res.StatusCode, header: res.Header, cookies: res.Cookies(), body: string(b)}
}

// wantStatus fails the test unless the answer has this status.
func (r *response) wantStatus(t *testing.T, want int) *response {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d\nLocation: %q\nbody:\n%s", r.req, r.status, want, r.header.Get("Location"), clip(r.body))
	}
	return r
}

// wantRedirect fails the test unless the answer is a 303 to location.
func (r *response) wantRedirect(t *testing.T, location string) *response {
	t.Helper()
	if r.status != http.StatusSeeOther || r.header.Get("Location") != location {
		t.Fatalf("%s: %d to %q, want 303 to %q\nbody:\n%s", r.req, r.status, r.header.Get("Location"), location, clip(r.body))
	}
	return r
}

// setCookie returns the cookie the answer sets under name, or nil.
func (r *response) setCookie(name string) *http.Cookie {
	for _, c := range r.cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func clip(s string) string {
	const max = 3000
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}

// Reading pages. Hearth's templates are ours and regular, so a few
// patterns find what the tests look at.

var (
	htmlLangRE = regexp.MustCompile(`<html lang="([^"]*)"`)
	tagRE2     = regexp.MustCompile(`<[^>]*>`)
)

// htmlLang is the lang attribute of the page.
func htmlLang(body string) string {
	if m := htmlLangRE.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// elementHTML returns what is inside the element with this id, and
// whether there is one.
func elementHTML(body, id string) (string, bool) {
	open := regexp.MustCompile(`<([a-z0-9]+)[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`)
	loc := open.FindStringSubmatchIndex(body)
	if loc == nil {
		return "", false
	}
	// Inner elements of the same kind are not used where the tests look.
	rest := body[loc[1]:]
	end := strings.Index(rest, "</"+body[loc[2]:loc[3]]+">")
	if end < 0 {
		return "", false
	}
	return rest[:end], true
}

// elementText is the text of the element with this id, tags removed.
func elementText(body, id string) string {
	in, _ := elementHTML(body, id)
	return strings.TrimSpace(html.UnescapeString(tagRE2.ReplaceAllString(in, "")))
}

// listItems is the text of each li in the list with this id.
func listItems(body, id string) []string {
	in, ok := elementHTML(body, id)
	if !ok {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<li[^>]*>(.*?)</li>`).FindAllStringSubmatch(in, -1) {
		out = append(out, strings.TrimSpace(html.UnescapeString(tagRE2.ReplaceAllString(m[1], ""))))
	}
	return out
}

// inputValue is the value of the input named name, and whether the page
// has such an input.
func inputValue(body, name string) (string, bool) {
	tag := regexp.MustCompile(`<input[^>]*\sname="` + regexp.QuoteMeta(name) + `"[^>]*>`).FindString(body)
	if tag == "" {
		return "", false
	}
	if m := regexp.MustCompile(`\svalue="([^"]*)"`).FindStringSubmatch(tag); m != nil {
		return html.UnescapeString(m[1]), true
	}
	return "", true
}

// inputTag is the whole tag of the input named name.
func inputTag(body, name string) string {
	return regexp.MustCompile(`<input[^>]*\sname="` + regexp.QuoteMeta(name) + `"[^>]*>`).FindString(body)
}

// escaped is s as html/template writes it in text.
func escaped(s string) string { return html.EscapeString(s) }

// Members.

// testMember is an account with a browser signed in to it.
type testMember struct {
	*testClient
	acct     *hearth.Account
	handle   string
	password string
	codes    []string
}

// signUp makes an account through the sign-up form on a new browser,
// reads the sign-in name and recovery codes from /welcome, and goes on.
func (ts *testServer) signUp(t *testing.T, pseudonym string) *testMember {
	t.Helper()
	c := ts.client(t)
	c.post("/signup", url.Values{"pseudonym": {pseudonym}, "password": {testPassword}}).wantRedirect(t, "/welcome")
	w := c.get("/welcome").wantStatus(t, http.StatusOK)
	m := &testMember{testClient: c, handle: elementText(w.body, "signin-name"), password: testPassword, codes: listItems(w.body, "recovery-codes")}
	if m.handle == "" {
		t.Fatalf("/welcome shows no sign-in name:\n%s", clip(w.body))
	}
	c.post("/welcome", nil).wantRedirect(t, "/")
	m.acct = ts.account(t, m.handle)
	return m
}

// account reads an account back from the store.
func (ts *testServer) account(t *testing.T, handle string) *hearth.Account {
	t.Helper()
	a, _, err := ts.store.FindAccountByHandle(context.Background(), handle)
	if err != nil {
		t.Fatalf("finding account %q: %v", handle, err)
	}
	return a
}

// signIn signs in through the form on a new browser.
func (ts *testServer) signIn(t *testing.T, handle, password string) *testClient {
	t.Helper()
	c := ts.client(t)
	c.post("/signin", url.Values{"handle": {handle}, "password": {password}}).wantRedirect(t, "/")
	return c
}

// mintSession starts a session for the account straight in the store
// (no password hashing) and returns a browser holding it.
func (ts *testServer) mintSession(t *testing.T, accountID int64) (*testClient, *hearth.Session) {
	t.Helper()
	token, hash, err := credential.NewToken("")
	if err != nil {
		t.Fatal(err)
	}
	now := ts.clock.Now()
	sess := &hearth.Session{AccountID: accountID, Device: "test", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(ts.cfg.SessionMax)}
	if err := ts.store.CreateSession(context.Background(), sess, hash); err != nil {
		t.Fatal(err)
	}
	return ts.withCookie(t, ts.srv.cookieName(), token), sess
}

// mintToken makes an API token for the account straight in the store.
func (ts *testServer) mintToken(t *testing.T, accountID int64) (string, *hearth.AccessToken) {
	t.Helper()
	token, hash, err := credential.NewToken("hpat_")
	if err != nil {
		t.Fatal(err)
	}
	at := &hearth.AccessToken{AccountID: accountID, Name: "minted", CreatedAt: ts.clock.Now()}
	if err := ts.store.CreateAccessToken(context.Background(), at, hash); err != nil {
		t.Fatal(err)
	}
	return token, at
}

// bearer returns a client that calls the API with this token.
func (ts *testServer) bearer(t *testing.T, token string) *testClient {
	c := ts.bareClient(t)
	c.header.Set("Authorization", "Bearer "+token)
	return c
}

// signedIn reports whether the browser is signed in, by asking for a
// members' page.
func (c *testClient) signedIn() bool {
	c.t.Helper()
	r := c.get("/settings")
	switch {
	case r.status == http.StatusOK:
		return true
	case r.status == http.StatusSeeOther && strings.HasPrefix(r.header.Get("Location"), "/signin"):
		return false
	}
	c.t.Fatalf("GET /settings: %d to %q; want 200, or 303 to /signin", r.status, r.header.Get("Location"))
	return false
}

// TestMain-free sanity check of the helpers themselves.
func TestHelpersReadPages(t *testing.T) {
	body := `<html lang="es"><p class="big"><strong id="signin-name">river.0042</strong></p>` +
		`<ol id="recovery-codes" class="codes"><li><code>aaaa-bbbb-cccc</code></li><li><code>dddd-eeee-ffff</code></li></ol>` +
		`<input id="f-pseudonym" name="pseudonym" type="text" value="Luna &amp; Sol" required>`
	if got := htmlLang(body); got != "es" {
		t.Errorf("htmlLang = %q", got)
	}
	if got := elementText(body, "signin-name"); got != "river.0042" {
		t.Errorf("elementText = %q", got)
	}
	if got := listItems(body, "recovery-codes"); len(got) != 2 || got[1] != "dddd-eeee-ffff" {
		t.Errorf("listItems = %q", got)
	}
	if got, ok := inputValue(body, "pseudonym"); !ok || got != "Luna & Sol" {
		t.Errorf("inputValue = %q, %v", got, ok)
	}
	if _, ok := inputValue(body, "password"); ok {
		t.Error("inputValue found a missing input")
	}
}
