package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/sqlstore/storetest/testdb"
	"hearth/trend"
)

// benchCheckIn is the check-in of day k back from today: every field a
// chart reads, varied a little.
func benchCheckIn(today hearth.Date, k int) hearth.CheckIn {
	c := hearth.CheckIn{On: today.AddDays(-k), Mood: 1 + (k/3+k%2)%5, Craving: (k * 7) % 11, SleepTenths: 50 + (k%5)*8,
		HALT: hearth.HALT(k % 16), Gratitude: "the walk by the river", Note: "steady"}
	return c
}

// BenchmarkTrends times the trends page of a member with a check-in on
// each of the last 365 days, through the real handler (middleware, the
// session, the store on a SQLite file, the charts, the template), for
// each period. The target: a year's page in under 10 ms.
func BenchmarkTrends(b *testing.B) {
	ctx := context.Background()
	store := testdb.SQLite(b, nil).Store
	acct := &hearth.Account{Handle: "bench.0001", DisplayName: "Bench", Language: "en", TimeZone: "America/Chicago", Role: hearth.RoleMember}
	if err := store.CreateAccount(ctx, hearth.NewAccount{Account: acct, PasswordHash: "x"}); err != nil {
		b.Fatal(err)
	}
	today := hearth.Today(time.Now(), hearth.LoadZone(acct.TimeZone))
	for k := range 365 {
		c := benchCheckIn(today, k)
		if err := store.SaveCheckIn(as(acct), &c, c.On); err != nil {
			b.Fatal(err)
		}
	}
	s, cookie := benchServer(b, store, acct)
	for _, period := range []string{"2w", "3m", "1y"} {
		path := "/recovery/trends?period=" + period
		b.Run(period, func(b *testing.B) {
			size := 0
			for b.Loop() {
				w := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodGet, path, nil)
				r.AddCookie(cookie)
				s.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// BenchmarkTrendCharts times the drawing alone: a year of days laid out,
// the three charts with their captions and tables, and the patterns.
func BenchmarkTrendCharts(b *testing.B) {
	today := hearth.Date{Year: 2026, Month: time.November, Day: 24}
	from := today.AddMonths(-12).AddDays(1)
	var list []*hearth.CheckIn
	for k := range 365 {
		c := benchCheckIn(today, k)
		list = append(list, &c)
	}
	p := i18n.For("es")
	for b.Loop() {
		days := trend.Days(from, today, list)
		trendCharts(p, days)
		patternWords(p, trend.Patterns(days))
	}
}
