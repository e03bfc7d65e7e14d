// Command recovery measures a member's recovery at load: daily check-ins
// written by many members at once, and the dashboard of a member with
// five counts and three years of daily check-ins.
//
//	go run ./bench/recovery [-members 200] [-d 10s] [-postgres URL]
//
// checkins: -members members (each with a data key, as after sign-up)
// each save their check-in for the day and then keep editing it, as fast
// as the store answers, for -d, from one goroutine per member: every save
// is a transaction that reads the member's data key, writes the row and
// seals its three private fields. It prints saves per second and the
// latency percentiles.
//
// dashboard: a member with five counts (two with setbacks), three years of
// daily check-ins and a few groups and meetings; Store.Home and the whole
// dashboard handler (middleware, session lookup, template) timed -n times
// in process, after warming up.
//
// On SQLite the database is a file in a temporary folder; with -postgres
// URL (a role that may create databases) the same runs go to a fresh
// database hearth_bench_recovery on that server, dropped first. Nothing
// asserts a time: it prints figures and the targets beside them
// (see bench/README.md).
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/credential"
	"hearth/crisis"
	"hearth/sqlstore"
	"hearth/web"
)

// Targets, from the issue.
const (
	targetSQLite   = 1000 // check-in saves per second, 200 members
	targetPostgres = 3000
	targetP99      = 20 * time.Millisecond
	targetHome     = 15 * time.Millisecond // dashboard p99, in process
)

const pgDatabase = "hearth_bench_recovery"

func main() {
	members := flag.Int("members", 200, "members saving check-ins at once")
	d := flag.Duration("d", 10*time.Second, "how long to save check-ins")
	n := flag.Int("n", 2000, "dashboards to time")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server (a postgres:// URL of a role that may create databases)")
	flag.Parse()
	if err := run(*members, *d, *n, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "recovery:", err)
		os.Exit(1)
	}
}

func run(members int, d time.Duration, n int, pg string) error {
	ctx := context.Background()
	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))
	return benchkit.OnEachDatabase(ctx, "hearth-bench-recovery-", pg, pgDatabase, func(db benchkit.Database) error {
		target := targetSQLite
		if db.Postgres {
			target = targetPostgres
		}
		return measure(ctx, db.Name, db.Store, members, d, n, target)
	})
}

func measure(ctx context.Context, name string, st *sqlstore.Store, members int, d time.Duration, n, target int) error {
	fmt.Printf("\n== %s\n", name)
	if err := checkIns(ctx, st, members, d, target); err != nil {
		return err
	}
	return dashboard(ctx, st, n)
}

// newMember stores a member (a data key, as after sign-up) and returns a
// context acting for them.
func newMember(ctx context.Context, st *sqlstore.Store, handle string) (context.Context, *hearth.Account, error) {
	a := &hearth.Account{Handle: handle, DisplayName: "Member", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
	if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "not-a-hash"}); err != nil {
		return nil, nil, err
	}
	return hearth.NewContextWithAccount(ctx, a), a, nil
}

func checkIns(ctx context.Context, st *sqlstore.Store, members int, d time.Duration, target int) error {
	today := hearth.Today(time.Now(), time.UTC)
	ctxs := make([]context.Context, members)
	stamp := time.Now().UnixNano() % 1000000
	for i := range members {
		c, _, err := newMember(ctx, st, fmt.Sprintf("bench-%d.%04d", stamp, i))
		if err != nil {
			return err
		}
		ctxs[i] = c
	}
	verdict := func(ok bool) string {
		if ok {
			return "pass"
		}
		return "FAIL"
	}
	// Capacity: every member saves again as soon as the last save is
	// done (a closed loop), so the store is never idle.
	lat, failures, elapsed := saveLoop(ctxs, st, today, d, 0)
	capacity := float64(len(lat)) / elapsed.Seconds()
	fmt.Printf("check-ins, %d members saving as fast as they can, %s: %.0f saves/s (target ≥ %d: %s); latency %s; %s\n",
		members, d, capacity, target, verdict(capacity >= float64(target)), summary(lat), failures)
	// Latency at the target rate: the members together offer target saves
	// a second, each on its own schedule (an open loop: a late save does
	// not delay the next one, and its latency counts from when it was due).
	lat, failures, elapsed = saveLoop(ctxs, st, today, d, float64(target))
	rate := float64(len(lat)) / elapsed.Seconds()
	p99 := benchkit.Percentile(lat, 99)
	fmt.Printf("check-ins, %d members offering %d saves/s together, %s: %.0f saves/s done; latency %s (p99 target < %s: %s); %s\n",
		members, target, d, rate, summary(lat), targetP99, verdict(p99 < targetP99), failures)
	return nil
}

// saveLoop has each member save and edit their check-in for d: back to
// back when rate is 0, else at rate saves a second in all. It returns the
// sorted latencies, a word on failures, and how long it took.
func saveLoop(ctxs []context.Context, st *sqlstore.Store, today hearth.Date, d time.Duration, rate float64) ([]time.Duration, string, time.Duration) {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    atomic.Int64
		firstErr  atomic.Value
	)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, mctx := range ctxs {
		wg.Go(func() {
			var mine []time.Duration
			c := &hearth.CheckIn{On: today, Craving: -1, SleepTenths: -1}
			if existing, err := st.CheckInOn(mctx, today); err == nil {
				c.ID = existing.ID
			}
			var interval time.Duration
			due := start
			if rate > 0 {
				interval = time.Duration(float64(len(ctxs)) / rate * float64(time.Second))
				due = start.Add(interval * time.Duration(i) / time.Duration(len(ctxs)))
			}
			for k := 0; ; k++ {
				if rate > 0 {
					if wait := time.Until(due); wait > 0 {
						time.Sleep(wait)
					}
				} else {
					due = time.Now()
				}
				if due.After(deadline) {
					break
				}
				c.Mood, c.Craving, c.HALT = 1+k%5, k%11, hearth.HALT(k%16)
				c.Gratitude, c.Note = fmt.Sprintf("grateful %d", k), strings.Repeat("a note. ", 1+k%20)
				err := st.SaveCheckIn(mctx, c, today)
				mine = append(mine, time.Since(due))
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				due = due.Add(interval)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	word := fmt.Sprintf("%d failed", failed.Load())
	if e := firstErr.Load(); e != nil {
		word += " (first: " + e.(string) + ")"
	}
	return latencies, word, elapsed
}

// dashboard times the dashboard of a member with five counts and three
// years of daily check-ins, through the store and through the handler.
func dashboard(ctx context.Context, st *sqlstore.Store, n int) error {
	now := time.Now()
	today := hearth.Today(now, time.UTC)
	mctx, a, err := newMember(ctx, st, fmt.Sprintf("bench-dash.%d", now.UnixNano()%10000))
	if err != nil {
		return err
	}
	for i, c := range []struct {
		name  string
		start int
	}{{"Alcohol", 1200}, {"Nicotine", 400}, {"Gambling", 90}, {"Sugar", 30}, {"Scrolling", 3}} {
		k := &hearth.Clock{Kind: hearth.ClockOther, Name: c.name, Start: today.AddDays(-c.start), Schedule: "aa", Visibility: hearth.VisibleToMe}
		if err := st.CreateClock(mctx, k, today); err != nil {
			return err
		}
		if i < 2 {
			for _, back := range []int{c.start / 2, c.start / 4} {
				if err := st.RecordSetback(mctx, k.ID, &hearth.Setback{On: today.AddDays(-back), Note: "a hard week"}, today); err != nil {
					return err
				}
			}
		}
	}
	for day := 3*365 - 1; day >= 0; day-- {
		on := today.AddDays(-day)
		c := &hearth.CheckIn{On: on, Mood: 1 + day%5, Craving: day % 11, HALT: hearth.HALT(day % 16), SleepTenths: 60 + day%30,
			Gratitude: "the morning light", Commitment: "call someone", Note: "steady"}
		if err := st.SaveCheckIn(mctx, c, on); err != nil {
			return err
		}
	}
	owner, _, err := newMember(ctx, st, fmt.Sprintf("bench-owner.%d", now.UnixNano()%10000))
	if err != nil {
		return err
	}
	for i := range 3 {
		g := &hearth.Group{Slug: fmt.Sprintf("bench-group-%d-%d", now.UnixNano()%100000, i), Name: fmt.Sprintf("Group %d", i),
			Program: "aa", TimeZone: "UTC", Visibility: hearth.GroupListed, JoinPolicy: hearth.JoinOpen, Languages: []string{"en"}}
		if err := st.CreateGroup(owner, g, hearth.AccountIDFromContext(owner)); err != nil {
			return err
		}
		if err := st.AddGroupMember(ctx, g.ID, a.ID, hearth.GroupMember); err != nil {
			return err
		}
		m := &hearth.Meeting{GroupID: g.ID, Slug: g.Slug + "-m", Name: "Meeting", Days: []time.Weekday{1, 3, 5}, Start: "19:00", End: "20:00",
			TimeZone: "UTC", ConferenceURL: "https://meet.example.org/" + g.Slug, Types: []string{"O", "D"}}
		if err := st.CreateMeeting(owner, m); err != nil {
			return err
		}
		if err := st.FollowMeeting(mctx, m.ID); err != nil {
			return err
		}
	}

	times := func(f func() error) ([]time.Duration, error) {
		for range n / 10 {
			if err := f(); err != nil {
				return nil, err
			}
		}
		out := make([]time.Duration, n)
		for i := range n {
			t0 := time.Now()
			if err := f(); err != nil {
				return nil, err
			}
			out[i] = time.Since(t0)
		}
		slices.Sort(out)
		return out, nil
	}
	home, err := times(func() error { _, err := st.Home(mctx, now, today); return err })
	if err != nil {
		return err
	}
	fmt.Printf("dashboard, 5 counts and 3 years of check-ins: Store.Home %s\n", summary(home))

	// The whole handler, as the member's browser asks for it.
	dir, err := crisis.Load("")
	if err != nil {
		return err
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		return err
	}
	srv, err := web.NewServer(web.Config{}, web.Deps{Store: st, Hasher: hasher, Crisis: dir})
	if err != nil {
		return err
	}
	defer srv.Close()
	token, hash, err := credential.NewToken("")
	if err != nil {
		return err
	}
	if err := st.CreateSession(ctx, &hearth.Session{AccountID: a.ID, ExpiresAt: now.Add(time.Hour)}, hash); err != nil {
		return err
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: "hearth_session", Value: token})
	page, err := times(func() error {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req.Clone(ctx))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Scrolling") {
			return fmt.Errorf("GET / = %d, not the member's dashboard", rec.Code)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p99 := benchkit.Percentile(page, 99)
	verdict := "pass"
	if p99 >= targetHome {
		verdict = "FAIL"
	}
	fmt.Printf("dashboard, 5 counts and 3 years of check-ins: the whole page %s (p99 target < %s: %s)\n", summary(page), targetHome, verdict)
	return nil
}

// summary gives sorted latencies' percentiles in milliseconds.
func summary(s []time.Duration) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s ms", ms(benchkit.Percentile(s, 50)), ms(benchkit.Percentile(s, 90)),
		ms(benchkit.Percentile(s, 99)), ms(s[len(s)-1]))
}
