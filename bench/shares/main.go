// Command shares measures a group's page at the scale of issue 4: 100,000
// members, 5,000 groups, 1,000,000 shares and replies, 3,000,000
// reactions. It writes the data straight through SQL in big batches (on
// SQLite, and with -postgres on PostgreSQL), then measures, for a member
// of many groups:
//
//   - the group page (its latest 50 shares with their reactions, its
//     meetings, its members) through the handler in process: p50/p99,
//     target p99 < 25 ms;
//   - the same page over HTTP on loopback against a hello-world handler
//     of the same binary, side by side in one run: target ≥ 0.25 × hello.
//
// Run from the module's root: go run ./bench/shares [-postgres URL].
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"hearth/bench/internal/benchkit"
	"hearth/credential"
	"hearth/crisis"
	"hearth/markdown"
	"hearth/sqlstore"
	"hearth/web"
)

const (
	targetP99  = 25 * time.Millisecond
	targetRate = 0.25
	pgDatabase = "hearth_bench_shares"
)

var cpuProfile string

type scale struct {
	members, groups, shares, reactions int
}

func main() {
	var sc scale
	flag.IntVar(&sc.members, "members", 100_000, "members")
	flag.IntVar(&sc.groups, "groups", 5_000, "groups")
	flag.IntVar(&sc.shares, "shares", 1_000_000, "shares and replies (a quarter are replies)")
	flag.IntVar(&sc.reactions, "reactions", 3_000_000, "reactions")
	pg := flag.String("postgres", "", "also on PostgreSQL: a postgres:// URL of a role that may create databases")
	pages := flag.Int("pages", 3000, "group pages requested in process")
	d := flag.Duration("duration", 5*time.Second, "each HTTP run")
	rounds := flag.Int("rounds", 3, "HTTP rounds (Hearth, hello, hello, Hearth…)")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the in-process requests to this file")
	flag.Parse()
	if err := run(sc, *pg, *pages, *d, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench/shares:", err)
		os.Exit(1)
	}
}

func run(sc scale, pg string, pages int, d time.Duration, rounds int) error {
	ctx := context.Background()
	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("scale:   %d members, %d groups, %d shares and replies, %d reactions\n", sc.members, sc.groups, sc.shares, sc.reactions)
	load := func(db *sql.DB, pg bool) error {
		if err := generate(ctx, db, pg, sc); err != nil || !pg {
			return err
		}
		start := time.Now()
		if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE)`); err != nil {
			return err
		}
		fmt.Printf("vacuum     %8.2f s  (VACUUM (ANALYZE), as autovacuum would after the load)\n", time.Since(start).Seconds())
		return nil
	}
	return benchkit.OnEachLoadedDatabase(ctx, "hearth-bench-shares-", pg, pgDatabase, load, func(db benchkit.Database) error {
		return measure(ctx, db.Name, db.Store, sc, pages, d, rounds)
	})
}

// batch inserts rows of cols values each in multi-row INSERTs.
type batch struct {
	db     *sql.DB
	pg     bool
	prefix string // INSERT INTO t (a, b)
	suffix string // ON CONFLICT …
	cols   int
	rows   [][]any
}

// maxRows per statement keeps under SQLite's and PostgreSQL's limits on
// parameters.
const maxRows = 2000

func (b *batch) add(ctx context.Context, vals ...any) error {
	b.rows = append(b.rows, vals)
	if len(b.rows)*b.cols >= 30000 || len(b.rows) >= maxRows {
		return b.flush(ctx)
	}
	return nil
}

func (b *batch) flush(ctx context.Context) error {
	if len(b.rows) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(b.prefix + " VALUES ")
	args := make([]any, 0, len(b.rows)*b.cols)
	n := 0
	for i, r := range b.rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for j := range r {
			if j > 0 {
				q.WriteString(", ")
			}
			n++
			if b.pg {
				fmt.Fprintf(&q, "$%d", n)
			} else {
				q.WriteByte('?')
			}
		}
		q.WriteByte(')')
		args = append(args, r...)
	}
	q.WriteString(" " + b.suffix)
	b.rows = b.rows[:0]
	_, err := b.db.ExecContext(ctx, q.String(), args...)
	return err
}

// stamp is a time as the dialect stores it.
func stamp(pg bool, t time.Time) any {
	if pg {
		return t
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

var bodies = []string{
	"Thirty days today. I didn't think I'd make it past the first weekend. Thank you for the **coffee**.",
	"How do you all handle family gatherings where everyone drinks? I have one in two weeks and I'm anxious.",
	"Grateful today for: a quiet morning, a sponsor who picks up, and the fact that I remembered last night.",
	"Hoy cumplo dos años. Gracias a este grupo por sostenerme cuando yo no podía. *Solo por hoy.*",
	"Can't sleep. Cravings are loud tonight. Not going to use. Just needed to say it somewhere.",
	"Heard you. Keep coming back.",
	"Me too, every single holiday. Leaving early is allowed.",
}

var reactionKinds = []string{"heard", "me-too", "thank-you", "strength"}

// generate writes the data set through db.
func generate(ctx context.Context, db *sql.DB, pg bool, sc scale) error {
	rnd := rand.New(rand.NewPCG(4, 4))
	t0 := time.Now()
	now := time.Now().UTC()
	ts := stamp(pg, now)
	b := &batch{db: db, pg: pg, cols: 10,
		prefix: `INSERT INTO accounts (id, handle, display_name, language, time_zone, email, role, password_hash, created_at, updated_at)`}
	if pg {
		b.prefix = `INSERT INTO accounts (id, handle, display_name, language, time_zone, email, role, password_hash, created_at, updated_at) OVERRIDING SYSTEM VALUE`
	}
	for i := 1; i <= sc.members; i++ {
		lang := "en"
		if i%4 == 0 {
			lang = "es"
		}
		if err := b.add(ctx, i, fmt.Sprintf("m.%06d", i), fmt.Sprintf("Member %d", i), lang, "America/Chicago", []byte{}, "member", "x", ts, ts); err != nil {
			return err
		}
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	b = &batch{db: db, pg: pg, cols: 9,
		prefix: `INSERT INTO groups (id, slug, name, program, time_zone, visibility, join_policy, created_at, updated_at)`}
	if pg {
		b.prefix += ` OVERRIDING SYSTEM VALUE`
	}
	for i := 1; i <= sc.groups; i++ {
		if err := b.add(ctx, i, fmt.Sprintf("group-%d", i), fmt.Sprintf("Group %d", i), "aa", "America/Chicago", "listed", "open", ts, ts); err != nil {
			return err
		}
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	// Every member belongs to one to five groups; a group's members are
	// its possible authors.
	members := make([][]int, sc.groups+1)
	b = &batch{db: db, pg: pg, cols: 4, prefix: `INSERT INTO group_members (group_id, account_id, role, joined_at)`, suffix: `ON CONFLICT DO NOTHING`}
	for a := 1; a <= sc.members; a++ {
		seen := map[int]bool{}
		for range 1 + rnd.IntN(5) {
			g := 1 + rnd.IntN(sc.groups)
			if seen[g] {
				continue
			}
			seen[g] = true
			role := "member"
			if len(members[g]) == 0 {
				role = "owner"
			}
			members[g] = append(members[g], a)
			if err := b.add(ctx, g, a, role, ts); err != nil {
				return err
			}
		}
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	fmt.Printf("generate   %8.2f s  members, groups, memberships\n", time.Since(t0).Seconds())
	t1 := time.Now()
	htmls := make([]string, len(bodies))
	for i, s := range bodies {
		h, _, err := markdown.Render(s)
		if err != nil {
			return err
		}
		htmls[i] = string(h)
	}
	// Shares over the last 90 days, in time order; a quarter are replies
	// to a recent share of the same group.
	b = &batch{db: db, pg: pg, cols: 11,
		prefix: `INSERT INTO shares (id, group_id, parent_id, author_id, kind, title, body, html, warning, status, created_at)`}
	if pg {
		b.prefix += ` OVERRIDING SYSTEM VALUE`
	}
	lastShare := make([]int, sc.groups+1)
	start := now.Add(-90 * 24 * time.Hour)
	step := 90 * 24 * time.Hour / time.Duration(sc.shares)
	for id := 1; id <= sc.shares; id++ {
		g := 1 + rnd.IntN(sc.groups)
		for len(members[g]) == 0 {
			g = 1 + rnd.IntN(sc.groups)
		}
		author := members[g][rnd.IntN(len(members[g]))]
		var parent any
		kind, title := []string{"share", "question", "milestone", "gratitude"}[rnd.IntN(4)], fmt.Sprintf("Share %d", id)
		if lastShare[g] != 0 && rnd.IntN(4) == 0 {
			parent, kind, title = lastShare[g], "reply", ""
		} else {
			lastShare[g] = id
		}
		k := rnd.IntN(len(bodies))
		warning := ""
		if rnd.IntN(20) == 0 {
			warning = "grief"
		}
		if err := b.add(ctx, id, g, parent, author, kind, title, bodies[k], htmls[k], warning, "visible",
			stamp(pg, start.Add(time.Duration(id)*step))); err != nil {
			return err
		}
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	fmt.Printf("generate   %8.2f s  %d shares and replies\n", time.Since(t1).Seconds(), sc.shares)
	t2 := time.Now()
	b = &batch{db: db, pg: pg, cols: 4, prefix: `INSERT INTO reactions (share_id, kind, account_id, created_at)`, suffix: `ON CONFLICT DO NOTHING`}
	// Written in key order: random inserts into the table's B-tree
	// spend the time in page misses.
	type reaction struct{ share, kind, account int32 }
	rs := make([]reaction, sc.reactions)
	for i := range rs {
		rs[i] = reaction{int32(1 + rnd.IntN(sc.shares)), int32(rnd.IntN(4)), int32(1 + rnd.IntN(sc.members))}
	}
	slices.SortFunc(rs, func(a, b reaction) int {
		if a.share != b.share {
			return int(a.share - b.share)
		}
		if a.kind != b.kind {
			return int(a.kind - b.kind)
		}
		return int(a.account - b.account)
	})
	for _, r := range rs {
		if err := b.add(ctx, int(r.share), reactionKinds[r.kind], int(r.account), ts); err != nil {
			return err
		}
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	if pg {
		for _, t := range []string{"accounts", "groups", "shares"} {
			if _, err := db.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))`, t, t)); err != nil {
				return err
			}
		}
	}
	// SQLite is left without statistics, as Hearth leaves it: a server
	// never runs ANALYZE, and with sqlite_stat4 present SQLite would
	// prepare the page's statements again for each group (8–13 % of its
	// CPU in this bench), a cost no server pays.
	fmt.Printf("generate   %8.2f s  %d reactions\n", time.Since(t2).Seconds(), sc.reactions)
	fmt.Printf("generate   %8.2f s  in all\n", time.Since(t0).Seconds())
	return nil
}

// measure signs a member up, makes them a member of 200 groups, and
// requests those groups' pages.
func measure(ctx context.Context, name string, st *sqlstore.Store, sc scale, pages int, d time.Duration, rounds int) error {
	directory, err := crisis.Load("")
	if err != nil {
		return err
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		return err
	}
	logged := &benchkit.Problems{}
	srv, err := web.NewServer(web.Config{Version: "bench"}, web.Deps{Store: st, Hasher: hasher, Crisis: directory, Log: slog.New(logged)})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := benchkit.Serve(srv)
	if err != nil {
		return err
	}
	defer ln.Close()
	hello, err := benchkit.Serve(benchkit.Hello())
	if err != nil {
		return err
	}
	defer hello.Close()
	cookie, err := benchkit.SignUp(ln.URL)
	if err != nil {
		return err
	}
	me, err := memberID(ctx, st, sc)
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(9, 9))
	var paths []string
	for len(paths) < 200 {
		g := 1 + rnd.IntN(sc.groups)
		if err := st.AddGroupMember(ctx, int64(g), me, "member"); err != nil {
			return err
		}
		paths = append(paths, fmt.Sprintf("/groups/group-%d", g))
	}
	// In process: the handler alone, no network.
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer f.Close()
	}
	var lat []time.Duration
	var shares int
	for i := range pages + 200 {
		r := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
		r.AddCookie(cookie)
		w := httptest.NewRecorder()
		t := time.Now()
		srv.ServeHTTP(w, r)
		if i >= 200 { // the first round warms the caches
			lat = append(lat, time.Since(t))
		}
		if w.Code != http.StatusOK {
			return fmt.Errorf("GET %s: %d", paths[i%len(paths)], w.Code)
		}
		if i == 0 {
			shares = strings.Count(w.Body.String(), `<article class="share`)
		}
	}
	pprof.StopCPUProfile()
	slices.Sort(lat)
	p99 := benchkit.Percentile(lat, 99)
	fmt.Printf("%-10s in process: group page (%d shares shown on the first), %d requests over 200 groups: %s ms (min/median/p90/max); p99 %.2f ms; target < %v: %s\n",
		name, shares, len(lat), benchkit.Summary(lat), float64(p99)/float64(time.Millisecond), targetP99, pass(p99 < targetP99))

	// Over HTTP, side by side with hello world.
	urls := make([]string, len(paths))
	for i, p := range paths {
		urls[i] = ln.URL + p
	}
	// For scale, beside the group page and hello: the member's help page
	// (the same layout, a small template, no database), and a group page
	// kept whole (the median of the answers to the 200 groups, served by a
	// handler that only copies it out: the ceiling of any cache).
	keptLn, about, err := benchkit.ServeKeptAnswer(urls, cookie)
	if err != nil {
		return err
	}
	defer keptLn.Close()
	fmt.Printf("%-10s group pages: %s\n", name, about)
	targets := []struct {
		name   string
		urls   []string
		cookie *http.Cookie
	}{
		{"group page", urls, cookie},
		{"help page", []string{ln.URL + "/help"}, cookie},
		{"kept whole", []string{keptLn.URL + "/"}, nil},
		{"hello", []string{hello.URL + "/"}, nil},
	}
	l := benchkit.Load{Clients: 8, Duration: d, Max: 5_000_000}
	warm := l
	warm.Duration = time.Second
	for _, t := range targets {
		warm.Run(t.urls, t.cookie)
	}
	results := make([][]benchkit.Result, len(targets))
	h := len(targets) - 1
	for round := range rounds {
		for i := range h {
			order := []int{i, h}
			if round%2 == 1 {
				order = []int{h, i}
			}
			for _, j := range order {
				r := l.Run(targets[j].urls, targets[j].cookie)
				fmt.Printf("%-10s round %d  %-11s %s\n", name, round+1, targets[j].name, r)
				results[j] = append(results[j], r)
			}
		}
	}
	all := make([]benchkit.Result, len(targets))
	for i := range targets {
		all[i] = benchkit.Merge(results[i])
	}
	hw := all[h]
	for i, t := range targets[:h] {
		ratio := all[i].Rate() / hw.Rate()
		verdict := ""
		if i == 0 {
			verdict = fmt.Sprintf("; target ≥ %.2f: %s", targetRate, pass(ratio >= targetRate))
		}
		fmt.Printf("%-10s %s / hello = %.3f by rate, %.3f by CPU time per request%s\n",
			name, t.name, ratio, float64(hw.CPUPerRequest())/float64(all[i].CPUPerRequest()), verdict)
	}
	if n, first := logged.Take(); n > 0 {
		fmt.Printf("%-10s Hearth logged %d warnings or errors; the first: %s\n", name, n, first)
	}
	fmt.Println("load average at the end:", benchkit.LoadAverage())
	for _, r := range all {
		if r.Errors > 0 {
			return fmt.Errorf("%d requests failed, first: %v", r.Errors, r.FirstErr)
		}
	}
	return nil
}

// memberID is the account the benchmark signed up: the one after the
// generated members.
func memberID(ctx context.Context, st *sqlstore.Store, sc scale) (int64, error) {
	id := int64(sc.members + 1)
	a, err := st.FindAccountByID(ctx, id)
	if err != nil {
		return 0, err
	}
	if a.DisplayName != benchkit.MemberPseudonym {
		return 0, fmt.Errorf("account %d is %q, not the member signed up", id, a.DisplayName)
	}
	return id, nil
}

func pass(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
