package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hearth/bench/internal/benchkit"
	"hearth/credential"
)

// dashboard is Hearth with one member signed up through the real form.
type dashboard struct {
	h      *hearthServer
	cookie *http.Cookie
	req    *http.Request // GET / with the member's session cookie
}

func mustDashboard(tb testing.TB) *dashboard { return dashboardOf(tb, false) }

// dashboardOf is mustDashboard, with a furnished member when busy (see
// benchkit.Furnish).
func dashboardOf(tb testing.TB, busy bool) *dashboard {
	tb.Helper()
	h, closeHearth, err := newHearth(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(closeHearth)
	srv := httptest.NewServer(h)
	defer srv.Close()
	cookie, err := benchkit.SignUp(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	if busy {
		if err := benchkit.Furnish(srv.URL, cookie); err != nil {
			tb.Fatal(err)
		}
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	return &dashboard{h: h, cookie: cookie, req: req}
}

// TestDashboard checks what the benchmarks and pagerate measure: GET /
// with the session cookie is the member's dashboard. It times nothing.
func TestDashboard(t *testing.T) {
	d := mustDashboard(t)
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, fresh(d.req))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), benchkit.MemberPseudonym) {
		t.Fatalf("GET / = %d, not the dashboard:\n%s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	benchkit.Hello().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "hello" {
		t.Fatalf("hello wrote %q", rec.Body)
	}
}

// BenchmarkDashboard renders a signed-in member's dashboard through the
// whole handler (middleware, session lookup, the groups query, the
// template), without the network.
func BenchmarkDashboard(b *testing.B) {
	d := mustDashboard(b)
	b.ReportAllocs()
	for b.Loop() {
		d.h.ServeHTTP(httptest.NewRecorder(), fresh(d.req))
	}
}

// BenchmarkDashboardBusy is BenchmarkDashboard for a member with three
// groups, three meetings they follow, two counts and today's check-in.
func BenchmarkDashboardBusy(b *testing.B) {
	d := dashboardOf(b, true)
	b.ReportAllocs()
	for b.Loop() {
		d.h.ServeHTTP(httptest.NewRecorder(), fresh(d.req))
	}
}

// BenchmarkDashboardParallel is BenchmarkDashboard from GOMAXPROCS
// goroutines at once, as a busy server runs it.
func BenchmarkDashboardParallel(b *testing.B) {
	d := mustDashboard(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d.h.ServeHTTP(httptest.NewRecorder(), fresh(d.req))
		}
	})
}

// BenchmarkHello is the baseline handler the same way.
func BenchmarkHello(b *testing.B) {
	h := benchkit.Hello()
	req := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), fresh(req))
	}
}

// The parts of the dashboard, to see where its time goes.

// BenchmarkVisitorHome is GET / signed out: the middleware and the page
// template (the visitor's home, a page of the same layout and size), but
// no database.
func BenchmarkVisitorHome(b *testing.B) {
	d := mustDashboard(b)
	req := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		d.h.ServeHTTP(httptest.NewRecorder(), fresh(req))
	}
}

// BenchmarkHelp is GET /help signed out: the crisis lines of the
// visitor's country and the list of countries, in the same layout; no
// database.
func BenchmarkHelp(b *testing.B) {
	d := mustDashboard(b)
	req := httptest.NewRequest("GET", "/help", nil)
	b.ReportAllocs()
	for b.Loop() {
		d.h.ServeHTTP(httptest.NewRecorder(), fresh(req))
	}
}

// BenchmarkFindSession is the session lookup every signed-in request
// makes: one read transaction.
func BenchmarkFindSession(b *testing.B) {
	d := mustDashboard(b)
	ctx := context.Background()
	hash := credential.HashToken(d.cookie.Value)
	b.ReportAllocs()
	for b.Loop() {
		now := time.Now()
		if _, _, err := d.h.Store.FindSession(ctx, hash, now, now.Add(-time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMyGroups is the dashboard's one query of its own: one read
// transaction.
func BenchmarkMyGroups(b *testing.B) {
	d := mustDashboard(b)
	ctx := context.Background()
	now := time.Now()
	_, a, err := d.h.Store.FindSession(ctx, credential.HashToken(d.cookie.Value), now, now.Add(-time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.h.Store.MyGroups(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPing is the cheapest round trip to the database (/readyz).
func BenchmarkPing(b *testing.B) {
	d := mustDashboard(b)
	ctx := context.Background()
	for b.Loop() {
		if err := d.h.Store.Ping(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// fresh is a shallow copy of req for one handler call: Hearth's middleware
// replaces the request's Body (bounding it), as it may with a request of
// its own, so a request is never handed to a handler twice.
func fresh(req *http.Request) *http.Request {
	r := *req
	return &r
}
