package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/crisis"
	"hearth/sqlstore"
	"hearth/sqlstore/storetest/testdb"
)

// BenchmarkWorksheet times a member's worksheet pages through the real
// handler (middleware, the session, the store, every row opened with the
// member's key, the template) for a member with 500 resentment rows and
// three years of nightly reviews, on SQLite and (with
// HEARTH_TEST_POSTGRES) PostgreSQL. It reports the 99th percentile of the
// iterations as p99-ms: the target is under 30 ms.
func BenchmarkWorksheet(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var store *sqlstore.Store
			if db == "sqlite" {
				store = testdb.SQLite(b, nil).Store
			} else {
				store = testdb.Postgres(b, nil).Store
			}
			benchWorksheet(b, store)
		})
	}
}

func benchWorksheet(b *testing.B, store *sqlstore.Store) {
	ctx := context.Background()
	acct := &hearth.Account{Handle: "bench.0001", DisplayName: "Bench", Language: "en", TimeZone: "America/Chicago", Role: hearth.RoleMember}
	if err := store.CreateAccount(ctx, hearth.NewAccount{Account: acct, PasswordHash: "x"}); err != nil {
		b.Fatal(err)
	}
	me := as(acct)
	if err := store.ChooseProgram(me, "aa"); err != nil {
		b.Fatal(err)
	}
	today := hearth.Today(time.Now(), hearth.LoadZone(acct.TimeZone))
	sentence := "I was afraid they would see me as I saw myself, and I hid it from everyone for a long time. "
	for i := range 500 {
		e := &hearth.StepEntry{Program: "aa", Worksheet: "resentments", Fields: map[string]string{
			"who": fmt.Sprintf("Person %d", i), "cause": strings.Repeat(sentence, 2),
			"affects": "self_esteem,security,pride", "part": strings.Repeat(sentence, 3)}}
		if err := store.CreateStepEntry(me, e); err != nil {
			b.Fatal(err)
		}
	}
	for k := range 3 * 365 {
		e := &hearth.StepEntry{Program: "aa", Worksheet: "nightly", On: today.AddDays(-k), Fields: map[string]string{
			"resentful": "A little, at the traffic.", "apology": "No.", "kept": "No.", "kind": "Mostly.",
			"better": "Listened more.", "myself": "Some of the time.", "others": "Call Sam.", "went_well": sentence}}
		if err := store.CreateStepEntry(me, e); err != nil {
			b.Fatal(err)
		}
	}
	s, cookie := benchServer(b, store, acct)
	for _, page := range []struct{ name, path string }{
		{"resentments-500", "/recovery/programs/aa/sheet/resentments"},
		{"print-500", "/recovery/programs/aa/sheet/resentments/print"},
		{"nightly-90-days", "/recovery/programs/aa/sheet/nightly"},
		{"nightly-3-years", "/recovery/programs/aa/sheet/nightly?all=1"},
	} {
		b.Run(page.name, func(b *testing.B) {
			size := 0
			var times []time.Duration
			cpu0 := cpuTime()
			for b.Loop() {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodGet, page.path, nil)
				r.AddCookie(cookie)
				t0 := time.Now()
				s.ServeHTTP(w, r)
				times = append(times, time.Since(t0))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, w.Code)
				}
				size = w.Body.Len()
			}
			cpu := cpuTime() - cpu0
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*99/100])/1e6, "p99-ms")
			// CPU time per page (the process's, user and system): on a
			// machine shared with other work the wall times above grow
			// with the load, this much less.
			b.ReportMetric(float64(cpu)/float64(len(times))/1e6, "cpu-ms/op")
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// benchServer is a server over store, and the cookie of a session of
// acct's on it.
func benchServer(b *testing.B, store Store, acct *hearth.Account) (*Server, *http.Cookie) {
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		b.Fatal(err)
	}
	dir, err := crisis.Load("")
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewServer(Config{}, Deps{Store: store, Hasher: hasher, Crisis: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	token, hash, err := credential.NewToken("")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	sess := &hearth.Session{AccountID: acct.ID, Device: "bench", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(24 * time.Hour)}
	if err := store.CreateSession(context.Background(), sess, hash); err != nil {
		b.Fatal(err)
	}
	return s, &http.Cookie{Name: s.cookieName(), Value: token}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
