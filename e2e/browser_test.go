package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step (a page load, a click and the page
// it leads to), so that a page that never comes fails with a message
// rather than at go test's global timeout. It is generous: under -race the
// server hashes passwords slowly.
const stepTimeout = time.Minute

// viewport is the size of a browser's window, in CSS pixels.
type viewport struct {
	width, height int64
}

// phone is a small phone held upright, where Hearth must fit in one column.
var phone = viewport{width: 360, height: 740}

// browser is one tab of a fresh Chromium, pointed at one server. Every
// page it lands on, through visit, press or submit, is checked: no server
// error, no request to another host, no error in the console, a layout as
// wide as the screen that does not scroll sideways, no axe-core violation,
// and whatever the test adds with onEveryPage.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base *url.URL
	size viewport

	checks []func(b *browser) // added by onEveryPage
	pages  int                // pages landed on so far, to name evidence
	status int64              // HTTP status of the page landed on last

	documents map[network.RequestID]bool // pages requested; only observe uses it

	mu       sync.Mutex
	foreign  []string // requests to other hosts, since last taken
	problems []string // console errors and uncaught exceptions, since last taken
}

// newBrowser starts Chromium with a fresh profile and a window of the given
// size, for pages of the server at base. It stops the browser when the test
// ends; if the test failed, it first saves a screenshot and the HTML of the
// page it was on.
func newBrowser(t *testing.T, base string, size viewport) *browser {
	t.Helper()
	exe := chromiumPath(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("server URL %q: %v", base, err)
	}
	b := &browser{t: t, base: u, size: size, documents: map[network.RequestID]bool{}}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // the tests may run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("accept-lang", "en-US"),
		// Nothing leaves the machine, even if a page asks: names do not
		// resolve. The request listener still sees, and fails, the attempt.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE "+u.Hostname()),
		chromedp.WindowSize(int(size.width), int(size.height)),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.observe))
	b.ctx = ctx
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	clearFailures(t)
	t.Cleanup(func() {
		b.reportLeftovers()
		if t.Failed() {
			b.saveEvidence("last-page")
		}
	})

	// The first run starts the browser and binds it to ctx, which has no
	// deadline; later steps get their own.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	return b
}

// chromiumPath finds Chromium: HEARTH_TEST_CHROMIUM, or chromium on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HEARTH_TEST_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("HEARTH_TEST_CHROMIUM: %v", err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need(t, "Chromium not found: set HEARTH_TEST_CHROMIUM or put chromium on PATH (apt-get install chromium)")
	return ""
}

// observe sees every event of the tab, in the tab's own loop: it only
// records, and the test goroutine reports.
func (b *browser) observe(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if !b.own(ev.Request.URL) {
			b.record(&b.foreign, ev.Request.URL)
		}
		if ev.Type == network.ResourceTypeDocument {
			b.documents[ev.RequestID] = true
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		b.record(&b.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			b.record(&b.problems, "console.error: "+strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		// A page's own status is the business of whoever loaded it (a
		// refused sign-in may well be a 401); a part of a page that fails
		// to load is a problem.
		if e := ev.Entry; e.Level == log.EntryLevelError && !b.documents[e.NetworkRequestID] {
			b.record(&b.problems, fmt.Sprintf("%s error: %s (%s)", e.Source, e.Text, e.URL))
		}
	}
}

// own reports whether a request stays on the server under test; data: and
// about: URLs never leave the browser.
func (b *browser) own(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "about":
		return true
	}
	return u.Scheme == b.base.Scheme && u.Host == b.base.Host
}

func (b *browser) record(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

func (b *browser) take(list *[]string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := *list
	*list = nil
	return l
}

// takeForeign returns the requests to other hosts seen since it was last
// called.
func (b *browser) takeForeign() []string { return b.take(&b.foreign) }

// takeProblems returns the console errors and uncaught exceptions seen
// since it was last called.
func (b *browser) takeProblems() []string { return b.take(&b.problems) }

// reportLeftovers fails the test on what the page did after the last check.
func (b *browser) reportLeftovers() {
	if f := b.takeForeign(); len(f) > 0 {
		b.t.Errorf("requests to hosts other than %s:\n  %s", b.base.Host, strings.Join(f, "\n  "))
	}
	if p := b.takeProblems(); len(p) > 0 {
		b.t.Errorf("the page reported errors:\n  %s", strings.Join(p, "\n  "))
	}
}

// onEveryPage adds a check that runs on every page the browser lands on
// from now on, after the harness's own checks. A check reports what it
// finds with b.complain, so that a flow goes on and shows every problem
// of a run.
func (b *browser) onEveryPage(check func(b *browser)) {
	b.checks = append(b.checks, check)
}

// complain fails the test without ending it, naming the page, and keeps
// the page's screenshot and HTML as evidence.
func (b *browser) complain(format string, args ...any) {
	b.t.Helper()
	b.t.Errorf("on %s: %s", b.path(), fmt.Sprintf(format, args...))
	b.saveEvidence(fmt.Sprintf("page-%02d", b.pages))
}

// step runs a browser action with its own deadline.
func step[T any](b *browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// do runs browser actions with their own deadline.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) error {
	_, err := step(b, chromedp.Steps(steps...))
	return err
}

// stepToPage runs browser actions with their own deadline and waits for
// the page they lead to.
func stepToPage(b *browser, steps ...chromedp.Action[chromedp.Void]) (*network.Response, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.RunResponse(ctx, steps...)
}

// evaluate returns the value of a JavaScript expression on the current
// page, failing the test if it throws.
func evaluate[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := step(b, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("on %s: evaluating %s: %v", b.path(), js, err)
	}
	return v
}

// awaitJS evaluates js, a promise, in the page and returns what it
// resolves to.
func awaitJS[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := step(b, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("on %s: awaiting %s: %v", b.path(), js, err)
	}
	return v
}

// visit opens path on the server and checks the page.
func (b *browser) visit(path string) {
	b.t.Helper()
	resp, err := b.open(path)
	if err != nil {
		b.t.Fatalf("opening %s: %v", path, err)
	}
	if resp != nil && resp.Status >= 400 {
		b.t.Fatalf("opening %s: the server answered %d %s for %s", path, resp.Status, resp.StatusText, resp.URL)
	}
	b.landed("GET "+path, resp)
}

// open loads path without checking the page; the harness's own tests use
// it on pages that are meant to fail.
func (b *browser) open(path string) (*network.Response, error) {
	return step(b, chromedp.NavigateResponse(b.base.JoinPath(path).String()))
}

// press clicks what sel matches (a link, or a form's button) and checks
// the page it leads to.
func (b *browser) press(sel string) {
	b.t.Helper()
	b.click("pressing "+sel, sel)
}

// click clicks what sel matches and checks the page it leads to; by says
// what the test did, for messages.
func (b *browser) click(by, sel string) {
	b.t.Helper()
	by += " on " + b.path()
	b.mustFind(sel)
	resp, err := stepToPage(b, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("%s led to no page: %v", by, err)
	}
	b.landed(by, resp)
}

// field is an input of a form: its name and what to type, or which option
// to choose.
type field struct {
	name, value string
}

// submit fills in the form whose action is action, presses its submit
// button and checks the page it leads to.
func (b *browser) submit(action string, fields ...field) {
	b.t.Helper()
	b.fill(action, fields...)
	form := formSelector(action)
	b.click("submitting "+form, form+" button:not([type]), "+form+" [type=submit]")
}

// fill types into the named inputs of the form whose action is action,
// or chooses an option of a select.
func (b *browser) fill(action string, fields ...field) {
	b.t.Helper()
	for _, f := range fields {
		sel := fmt.Sprintf("%s [name=%q]", formSelector(action), f.name)
		b.mustFind(sel)
		var err error
		if evaluate[string](b, fmt.Sprintf("document.querySelector(%s).tagName", jsString(sel))) == "SELECT" {
			err = b.do(chromedp.SetValue(chromedp.CSS(sel), f.value))
			if err == nil && evaluate[string](b, fmt.Sprintf("document.querySelector(%s).value", jsString(sel))) != f.value {
				err = fmt.Errorf("it has no option %q", f.value)
			}
		} else {
			// Emptied by script, focused, and typed as one insertion, as an
			// input method commits text. (chromedp's Clear sets the value
			// attribute, and the DOM event that follows races, under -race,
			// with SendKeys reading the node's attributes without a lock.)
			evaluate[bool](b, fmt.Sprintf("(el => { el.value = ''; el.focus(); return true })(document.querySelector(%s))", jsString(sel)))
			err = b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: f.value})
				return err
			}))
		}
		if err != nil {
			b.t.Fatalf("on %s: filling in %s: %v", b.path(), sel, err)
		}
	}
}

// formSelector selects the form that posts to action.
func formSelector(action string) string {
	return fmt.Sprintf("form[action=%q]", action)
}

// landed checks the page the browser has just arrived on, by what.
func (b *browser) landed(by string, resp *network.Response) {
	b.t.Helper()
	b.pages++
	b.status = 0
	if resp != nil {
		b.status = resp.Status
	}
	b.t.Logf("%s → %s (%d)", by, b.path(), b.status)
	if b.status >= 500 {
		b.t.Fatalf("%s: the server answered %d %s for %s", by, resp.Status, resp.StatusText, resp.URL)
	}
	if f := b.takeForeign(); len(f) > 0 {
		b.complain("requests to hosts other than %s:\n  %s", b.base.Host, strings.Join(f, "\n  "))
	}
	if p := b.takeProblems(); len(p) > 0 {
		b.complain("the page reported errors:\n  %s", strings.Join(p, "\n  "))
	}
	if w := evaluate[int64](b, "document.documentElement.clientWidth"); w != b.size.width {
		b.complain(`the page is laid out %d px wide on a %d px screen (is <meta name="viewport" content="width=device-width, initial-scale=1"> missing?)`, w, b.size.width)
	} else if w := evaluate[int64](b, "document.documentElement.scrollWidth"); w > b.size.width {
		b.complain("the page scrolls sideways: it is %d px wide on a %d px screen", w, b.size.width)
	}
	if !audit(b.t, b.ctx) {
		b.saveEvidence(fmt.Sprintf("page-%02d", b.pages))
	}
	for _, check := range b.checks {
		check(b)
	}
}

// audit runs axe-core on the current page with the WCAG 2.2 AA rules and
// fails the test on any violation, naming the rule, its impact, the help
// and the elements at fault. It reports whether the page passed.
func audit(t *testing.T, ctx context.Context) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	vs, err := axeViolations(ctx)
	if err != nil {
		t.Fatalf("accessibility audit: %v", err)
	}
	if len(vs) == 0 {
		return true
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	var list []string
	for _, v := range vs {
		list = append(list, v.String())
	}
	t.Errorf("on %s: axe-core found %d accessibility violation(s):\n  %s", loc, len(vs), strings.Join(list, "\n  "))
	return false
}

// path returns the path (and query) of the current page.
func (b *browser) path() string {
	loc, err := step(b, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	u, err := url.Parse(loc)
	if err != nil || u.Host != b.base.Host {
		return loc
	}
	return u.RequestURI()
}

// wantPath fails the test unless the current page is at path.
func (b *browser) wantPath(path string) {
	b.t.Helper()
	if got := b.path(); got != path {
		b.t.Fatalf("on %s, want to be on %s", got, path)
	}
}

// has reports whether anything on the page matches sel.
func (b *browser) has(sel string) bool {
	b.t.Helper()
	return evaluate[bool](b, fmt.Sprintf("document.querySelector(%s) !== null", jsString(sel)))
}

// mustFind fails the test unless something on the page matches sel.
func (b *browser) mustFind(sel string) {
	b.t.Helper()
	if !b.has(sel) {
		b.t.Fatalf("on %s: nothing matches %s", b.path(), sel)
	}
}

// text returns the visible text of the first element sel matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	b.mustFind(sel)
	return strings.TrimSpace(evaluate[string](b, fmt.Sprintf("document.querySelector(%s).innerText", jsString(sel))))
}

// texts returns the visible text of every element sel matches.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return evaluate[[]string](b, fmt.Sprintf("Array.from(document.querySelectorAll(%s), e => e.innerText.trim())", jsString(sel)))
}

// attr returns an attribute of the first element sel matches.
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	b.mustFind(sel)
	return evaluate[string](b, fmt.Sprintf("document.querySelector(%s).getAttribute(%s) ?? ''", jsString(sel), jsString(name)))
}

// saveEvidence saves a full-page screenshot and the HTML of the current
// page under the test's failure folder, named name.png and name.html. It
// saves each name once.
func (b *browser) saveEvidence(name string) {
	b.t.Helper()
	if _, err := os.Stat(filepath.Join(failureDir(b.t), name+".png")); err == nil {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		saveFailure(b.t, name+".png", png)
	} else {
		b.t.Logf("no screenshot: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.outerHTML")); err == nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		saveFailure(b.t, name+".html", []byte("<!-- "+loc+" -->\n"+html))
	} else {
		b.t.Logf("no HTML: %v", err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}
