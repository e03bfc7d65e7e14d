// Command sponsors measures matching: a seeker's search over -profiles
// sponsor profiles (50,000 by default), in process, on SQLite and
// PostgreSQL.
//
//	go run ./bench/sponsors [-profiles 50000] [-n 500] [-postgres URL]
//
// The profiles are written straight into the tables (accounts, their
// counts, profiles and offers), spread as a large site might be: most in
// AA and NA, a quarter speaking Spanish, a dozen time zones, a tenth
// paused and a quarter full; a sponsor's count is between six months and
// thirty years old. 200 seekers belong to two of 50 groups, whose members
// are sponsors. Each search shape (below) runs -n times, each time for a
// seeker chosen in turn, after warming up, and its latency percentiles
// are printed beside the target (p99 < 20 ms). Nothing asserts a time
// (see bench/README.md).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/sqlstore"
)

const (
	targetP99  = 20 * time.Millisecond
	pgDatabase = "hearth_bench_sponsors"
	seekers    = 200
	groups     = 50
)

func main() {
	profiles := flag.Int("profiles", 50000, "sponsor profiles")
	n := flag.Int("n", 500, "searches per shape")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server (a postgres:// URL of a role that may create databases)")
	flag.Parse()
	if err := run(*profiles, *n, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "sponsors:", err)
		os.Exit(1)
	}
}

func run(profiles, n int, pg string) error {
	ctx := context.Background()
	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))
	fmt.Println("load:   ", benchkit.LoadAverage())
	return benchkit.OnEachDatabase(ctx, "hearth-bench-sponsors-", pg, pgDatabase, func(db benchkit.Database) error {
		return measure(ctx, db.Name, db.Store, db.SQL, db.Postgres, profiles, n)
	})
}

// shape is one kind of search.
type shape struct {
	name string
	q    func(i int) hearth.SponsorQuery
}

var shapes = []shape{
	{"program only (AA)", func(int) hearth.SponsorQuery { return hearth.SponsorQuery{Program: "aa"} }},
	{"program + language (NA, Spanish)", func(int) hearth.SponsorQuery { return hearth.SponsorQuery{Program: "na", Language: "es"} }},
	{"program + language + 3 h zone window", func(int) hearth.SponsorQuery {
		return hearth.SponsorQuery{Program: "aa", Language: "es", ZoneWindow: 3}
	}},
	{"program + way + LGBTQ+ affirming + gender", func(int) hearth.SponsorQuery {
		return hearth.SponsorQuery{Program: "aa", Ways: []string{hearth.WayOnline}, Welcomes: []string{hearth.WelcomesLGBTQ}, Gender: "woman"}
	}},
	{"program + everything", func(int) hearth.SponsorQuery {
		return hearth.SponsorQuery{Program: "aa", Language: "en", ZoneWindow: 2, Ways: []string{hearth.WayCalls},
			Welcomes: []string{hearth.WelcomesMAT}, Substances: []string{"opioids"}}
	}},
	{"shared groups only", func(int) hearth.SponsorQuery { return hearth.SponsorQuery{Program: "aa", Shared: true} }},
}

var zones = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Mexico_City",
	"America/Bogota", "Europe/London", "Europe/Madrid", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"}

var programs = []string{"aa", "aa", "aa", "aa", "na", "na", "na", "smart", "ca", "ga", "oa", "cma", "al-anon", "slaa", "recovery-dharma", "lifering"}

func measure(ctx context.Context, name string, st *sqlstore.Store, raw *sql.DB, pg bool, profiles, n int) error {
	fmt.Printf("\n== %s, %d profiles\n", name, profiles)
	started := time.Now()
	seekerCtxs, err := seed(ctx, st, raw, pg, profiles)
	if err != nil {
		return err
	}
	// Statistics, and on PostgreSQL the visibility map that lets an
	// index-only scan skip the table (autovacuum would, in time).
	analyze := `ANALYZE`
	if pg {
		analyze = `VACUUM ANALYZE`
	}
	if _, err := raw.ExecContext(ctx, analyze); err != nil {
		return err
	}
	fmt.Printf("seeded in %s\n", time.Since(started).Round(time.Second))
	for _, sh := range shapes {
		// Warm up: statements prepared, pages cached.
		for i := range 20 {
			if _, err := st.FindSponsors(seekerCtxs[i%len(seekerCtxs)], sh.q(i), time.Now()); err != nil {
				return err
			}
		}
		lat := make([]time.Duration, 0, n)
		found := 0
		cpu := benchkit.ProcessCPU()
		for i := range n {
			t := time.Now()
			list, err := st.FindSponsors(seekerCtxs[i%len(seekerCtxs)], sh.q(i), time.Now())
			if err != nil {
				return err
			}
			lat = append(lat, time.Since(t))
			found += len(list)
		}
		cpu = (benchkit.ProcessCPU() - cpu) / time.Duration(n)
		slices.Sort(lat)
		p99 := benchkit.Percentile(lat, 99)
		verdict := "pass"
		if p99 >= targetP99 {
			verdict = "FAIL"
		}
		fmt.Printf("%-42s %s; CPU %.1f ms a search; %.1f matches shown (p99 target < %s: %s)\n", sh.name, benchkit.Summary(lat),
			float64(cpu.Microseconds())/1000, float64(found)/float64(n), targetP99, verdict)
	}
	return nil
}

// seed writes the sponsors straight into the tables, and makes the
// seekers and groups through the store.
func seed(ctx context.Context, st *sqlstore.Store, raw *sql.DB, pg bool, profiles int) ([]context.Context, error) {
	r := rand.New(rand.NewPCG(7, 11))
	now := time.Now().UTC()
	today := hearth.Today(now, time.UTC)
	ts := func(t time.Time) any {
		if pg {
			return t
		}
		return t.Format("2006-01-02T15:04:05.000000Z")
	}
	q := func(s string) string {
		if pg {
			return s
		}
		// SQLite: ? for each $N, in order (every statement here uses each
		// once, in order).
		for i := 20; i >= 1; i-- {
			s = strings.ReplaceAll(s, fmt.Sprintf("$%d", i), "?")
		}
		return s
	}
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	insAccount, err := tx.PrepareContext(ctx, q(`INSERT INTO accounts (handle, display_name, language, time_zone, email, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`))
	if err != nil {
		return nil, err
	}
	insClock, err := tx.PrepareContext(ctx, q(`INSERT INTO clocks (account_id, kind, name, start_on, schedule, visibility, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`))
	if err != nil {
		return nil, err
	}
	insProfile, err := tx.PrepareContext(ctx, q(`INSERT INTO sponsor_profiles (account_id, clock_id, programs, languages, time_zone,
		ways, welcomes, substances, gender, capacity, taken, paused, about, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`))
	if err != nil {
		return nil, err
	}
	insOffer, err := tx.PrepareContext(ctx, q(`INSERT INTO sponsor_offers (program, account_id, clock_id, since, since_day, utc_offset,
		languages, ways, welcomes, substances, gender, space) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`))
	if err != nil {
		return nil, err
	}
	bits := func(all []string, p float64) (int64, []string) {
		var b int64
		var list []string
		for i, v := range all {
			if r.Float64() < p {
				b |= 1 << i
				list = append(list, v)
			}
		}
		return b, list
	}
	var ids []int64
	for i := range profiles {
		zone := zones[r.IntN(len(zones))]
		var id int64
		if err := insAccount.QueryRowContext(ctx, fmt.Sprintf("sponsor.%06d", i), "Sponsor", "en", zone, []byte{}, "x", ts(now), ts(now)).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
		start := today.AddDays(-(180 + r.IntN(30*365)))
		var clock int64
		if err := insClock.QueryRowContext(ctx, id, "alcohol", []byte{}, start.String(), "aa", "me", ts(now), ts(now)).Scan(&clock); err != nil {
			return nil, err
		}
		langs := int64(1) // English
		if r.Float64() < 0.25 {
			langs |= 1 << 1 // Spanish
		}
		if r.Float64() < 0.05 {
			langs |= 1 << (2 + r.IntN(len(hearth.SponsorLanguages)-2))
		}
		if r.Float64() < 0.1 {
			langs &^= 1 // Spanish only
			langs |= 1 << 1
		}
		ways, _ := bits(hearth.SponsorWays, 0.5)
		if ways == 0 {
			ways = 2
		}
		welcomes, _ := bits(hearth.SponsorWelcomes, 0.3)
		substances, _ := bits(hearth.SponsorSubstances, 0.2)
		gender := []string{"", "woman", "man", "nonbinary"}[r.IntN(4)]
		capacity := 1 + r.IntN(4)
		taken := r.IntN(capacity + 1)
		paused := r.Float64() < 0.1
		space := capacity - taken
		if paused {
			space = 0
		}
		progs := []string{programs[r.IntN(len(programs))]}
		if r.Float64() < 0.2 {
			if p := programs[r.IntN(len(programs))]; p != progs[0] {
				progs = append(progs, p)
			}
		}
		if _, err := insProfile.ExecContext(ctx, id, clock, strings.Join(progs, " "), langs, zone, ways, welcomes, substances, gender,
			capacity, taken, paused, "One day at a time.", ts(now), ts(now)); err != nil {
			return nil, err
		}
		_, off := now.In(hearth.LoadZone(zone)).Zone()
		for _, p := range progs {
			if _, err := insOffer.ExecContext(ctx, p, id, clock, start.String(), start.DaysSince(hearth.Date{Year: 1970, Month: 1, Day: 1}), off/60, langs, ways, welcomes, substances, gender, space); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	// Groups of sponsors, and seekers in two of them.
	groupIDs := make([]int64, groups)
	for g := range groups {
		grp := &hearth.Group{Slug: fmt.Sprintf("bench-group-%d", g), Name: fmt.Sprintf("Group %d", g), Program: "aa",
			TimeZone: "UTC", Visibility: hearth.GroupListed, JoinPolicy: hearth.JoinOpen}
		if err := st.CreateGroup(ctx, grp, ids[g]); err != nil {
			return nil, err
		}
		groupIDs[g] = grp.ID
	}
	gtx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer gtx.Rollback()
	for i, id := range ids {
		if i < groups || r.Float64() > 0.2 {
			continue // a fifth of the sponsors belong to a group
		}
		if _, err := gtx.ExecContext(ctx, q(`INSERT INTO group_members (group_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)`),
			groupIDs[r.IntN(groups)], id, "member", ts(now)); err != nil {
			return nil, err
		}
	}
	if err := gtx.Commit(); err != nil {
		return nil, err
	}
	var out []context.Context
	for i := range seekers {
		a := &hearth.Account{Handle: fmt.Sprintf("seeker.%04d", i), DisplayName: "Seeker", Language: []string{"en", "es"}[i%2],
			TimeZone: zones[i%len(zones)], Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: a, PasswordHash: "x"}); err != nil {
			return nil, err
		}
		for _, g := range []int{i % groups, (i * 7) % groups} {
			if err := st.AddGroupMember(ctx, groupIDs[g], a.ID, hearth.GroupMember); err != nil && hearth.ErrorCode(err) != hearth.ECONFLICT {
				return nil, err
			}
		}
		out = append(out, hearth.NewContextWithAccount(ctx, a))
	}
	return out, nil
}
