package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hearth/bench/internal/benchkit"
)

// mustDashboard returns Hearth's handler with a member signed up through
// the real form, and a request for their dashboard.
func mustDashboard(tb testing.TB) (http.Handler, *http.Request) {
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
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	return h, req
}

// TestDashboard checks what the benchmarks and pagerate measure: GET /
// with the session cookie is the member's dashboard. It times nothing.
func TestDashboard(t *testing.T) {
	h, req := mustDashboard(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), benchkit.MemberPseudonym) {
		t.Fatalf("GET / = %d, not the dashboard:\n%s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	hello().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "hello" {
		t.Fatalf("hello wrote %q", rec.Body)
	}
}

// BenchmarkDashboard renders a signed-in member's dashboard through the
// whole handler (middleware, session lookup, the groups query, the
// template), without the network.
func BenchmarkDashboard(b *testing.B) {
	h, req := mustDashboard(b)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), fresh(req))
	}
}

// BenchmarkDashboardParallel is BenchmarkDashboard from GOMAXPROCS
// goroutines at once, as a busy server runs it.
func BenchmarkDashboardParallel(b *testing.B) {
	h, req := mustDashboard(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h.ServeHTTP(httptest.NewRecorder(), fresh(req))
		}
	})
}

// BenchmarkHello is the baseline handler the same way.
func BenchmarkHello(b *testing.B) {
	h := hello()
	req := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), fresh(req))
	}
}

// fresh is a shallow copy of req for one handler call: Hearth's middleware
// replaces the request's Body (bounding it), as it may with a request of
// its own, so a request is never handed to a handler twice.
func fresh(req *http.Request) *http.Request {
	r := *req
	return &r
}
