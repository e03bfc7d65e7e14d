// Command meetings measures Hearth's meeting directory at the scale of
// every AA group in the world: 120,000 meetings.
//
//	go run ./bench/meetings [-n 120000] [-queries 2000] [-postgres URL] [-http] [-rate]
//
// It generates a Meeting Guide feed of n meetings spread over the cities of
// Hearth's gazetteer (package geo), weighted as real directories are, in
// each city's time zone: in person, online and hybrid, some in Spanish,
// one to three per group. Then, each step in a process of its own so that
// its peak memory is its own:
//
//   - import: the feed into a fresh SQLite database with meetingfeed.Import,
//     as `hearth import meeting-guide` does, and once more (everything
//     unchanged);
//   - find: the meeting finder, in process, over queries near the generated
//     cities (drawn as the meetings are, so most are where most meetings
//     are): within 25 km, today in the city's zone, types O and D; then a few
//     other shapes of query for comparison;
//   - feed: the whole feed streamed to a counting writer with
//     meetingfeed.Write, as /meetings.json does.
//
// With -rate it then serves the finder page over loopback beside a
// hello-world handler in one process and compares their rates (rate.go).
// With -http it also builds the hearth binary, serves the database and
// times GET /meetings.json, reading the server's peak memory after. With
// -postgres URL it runs import, find and feed again on a fresh database
// on that server. Nothing asserts a time: it prints figures and the
// targets beside them (see bench/README.md).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating the database

	"hearth"
	"hearth/bench/internal/benchkit"
	"hearth/meetingfeed"
	"hearth/meetingguide"
	"hearth/postgres"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
)

// Targets, from the issue.
const (
	findTarget   = 5 * time.Millisecond // p99, in process
	feedTarget   = time.Second
	feedRSS      = 64 << 20
	importTarget = 30 * time.Second // on SQLite
)

// pgDatabase is the database the PostgreSQL run makes, and drops first
// (-pgdb; give another name when two runs share a server).
var pgDatabase = "hearth_bench_meetings"

type config struct {
	n       int
	queries int
	seed    uint64
	dir     string
	db      string // "" for SQLite in dir, else a PostgreSQL URL
	profile string // CPU profile file prefix, or ""
	rate    rateConfig
}

func main() {
	var c config
	flag.IntVar(&c.n, "n", 120_000, "meetings to generate")
	flag.IntVar(&c.queries, "queries", 2000, "finder queries to time")
	seed := flag.Uint64("seed", 1, "seed of the generator")
	pg := flag.String("postgres", "", "also run on a fresh database on this PostgreSQL server (postgres://…)")
	useHTTP := flag.Bool("http", false, "also time GET /meetings.json from the hearth binary")
	useRate := flag.Bool("rate", false, "also measure the finder page's rate over HTTP against hello world's (SQLite)")
	flag.IntVar(&c.rate.clients, "c", 64, "with -rate: concurrent keep-alive clients")
	flag.DurationVar(&c.rate.duration, "d", 10*time.Second, "with -rate: length of each measured run")
	flag.IntVar(&c.rate.rounds, "rounds", 2, "with -rate: runs against each target")
	flag.DurationVar(&c.rate.warmup, "warmup", 2*time.Second, "with -rate: unmeasured load on each target first")
	steps := flag.String("steps", "", "the SQLite steps to run, in order (default import,import,find,feed, then rate with -rate); "+
		"with -keep DIR holding a feed and a database from an earlier run, e.g. -steps rate; none for none")
	keep := flag.String("keep", "", "keep the feed and the SQLite database in this folder")
	phase := flag.String("phase", "", "(internal) run one step: import, find or feed")
	flag.StringVar(&c.dir, "dir", "", "(internal) the folder of the feed and database")
	flag.StringVar(&c.db, "db", "", "(internal) the PostgreSQL URL of the database")
	flag.StringVar(&c.profile, "cpuprofile", "", "write a CPU profile of each step to FILE.STEP")
	pgSteps := flag.String("pgsteps", "", "the PostgreSQL steps (default import,import,find,feed); without import, on the database of an earlier run (with -keep for its server key)")
	flag.StringVar(&pgDatabase, "pgdb", pgDatabase, "the database the PostgreSQL run makes (dropped first)")
	flag.Parse()
	c.seed = *seed
	var err error
	if *phase != "" {
		err = runPhase(*phase, c)
	} else {
		list := []string{"import", "import", "find", "feed"}
		if *useRate {
			list = append(list, "rate")
		}
		switch *steps {
		case "":
		case "none":
			list = nil
		default:
			list = strings.Split(*steps, ",")
		}
		pgList := []string{"import", "import", "find", "feed"}
		if *pgSteps != "" {
			pgList = strings.Split(*pgSteps, ",")
		}
		err = run(c, list, pgList, *pg, *useHTTP, *keep)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "meetings:", err)
		os.Exit(1)
	}
}

func run(c config, steps, pgSteps []string, pg string, useHTTP bool, keep string) error {
	fmt.Println("machine:", benchkit.Machine())
	if keep != "" {
		if err := os.MkdirAll(keep, 0o700); err != nil {
			return err
		}
		c.dir = keep
	} else {
		dir, err := os.MkdirTemp("", "hearth-bench-meetings-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.dir = dir
	}
	if _, err := os.Stat(filepath.Join(c.dir, "feed.json")); err != nil || slices.Contains(steps, "import") {
		start := time.Now()
		f, err := os.Create(filepath.Join(c.dir, "feed.json"))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := writeFeed(w, c.n, c.seed); err != nil {
			return err
		}
		if err := errors.Join(w.Flush(), f.Close()); err != nil {
			return err
		}
		fi, _ := os.Stat(f.Name())
		fmt.Printf("generated %d meetings: a feed of %.1f MiB in %v\n\n", c.n, float64(fi.Size())/(1<<20), time.Since(start).Round(time.Millisecond))
	}

	if len(steps) > 0 {
		fmt.Println("== SQLite")
	}
	for _, p := range steps {
		if err := child(p, c); err != nil {
			return err
		}
	}
	if useHTTP {
		if err := httpFeed(c.dir); err != nil {
			return err
		}
	}
	if pg != "" {
		fmt.Println("\n== PostgreSQL")
		var u string
		var err error
		if slices.Contains(pgSteps, "import") {
			u, err = benchkit.FreshPostgres(pg, pgDatabase)
		} else {
			u, err = pgURL(pg) // the database of an earlier run
		}
		if err != nil {
			return err
		}
		c.db = u
		for _, p := range pgSteps {
			if err := child(p, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// child runs one step in a process of its own.
func child(phase string, c config) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-phase", phase, "-dir", c.dir, "-db", c.db, "-cpuprofile", c.profile,
		"-n", strconv.Itoa(c.n), "-queries", strconv.Itoa(c.queries), "-seed", strconv.FormatUint(c.seed, 10),
		"-c", strconv.Itoa(c.rate.clients), "-d", c.rate.duration.String(), "-rounds", strconv.Itoa(c.rate.rounds),
		"-warmup", c.rate.warmup.String())
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// pgURL is the URL of the run's database on the server of admin.
func pgURL(admin string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + pgDatabase
	return u.String(), nil
}

// open opens the step's store: SQLite in the folder, or the PostgreSQL
// database, with the folder's server key.
func open(ctx context.Context, c config) (*sqlstore.Store, error) {
	keys, _, err := vault.LoadOrCreate(filepath.Join(c.dir, "server.key"))
	if err != nil {
		return nil, err
	}
	if c.db != "" {
		return postgres.Open(ctx, c.db, postgres.Options{Keys: keys})
	}
	return sqlite.Open(ctx, sqlite.Path(c.dir), sqlite.Options{Keys: keys})
}

func runPhase(phase string, c config) error {
	ctx := context.Background()
	if c.profile != "" {
		f, err := os.Create(c.profile + "." + phase)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer st.Close()
	switch phase {
	case "import":
		return importFeed(ctx, st, c)
	case "find":
		return find(ctx, st, c)
	case "feed":
		return feed(ctx, st)
	case "rate":
		return rate(ctx, st, c)
	}
	return fmt.Errorf("unknown phase %q", phase)
}

func importFeed(ctx context.Context, st *sqlstore.Store, c config) error {
	f, err := os.Open(filepath.Join(c.dir, "feed.json"))
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	cpu := benchkit.ProcessCPU()
	rep, err := meetingfeed.Import(ctx, st, f, meetingfeed.ImportOptions{Source: "bench", MaxBytes: 1 << 30, MaxRecords: 1 << 22})
	if err != nil {
		return err
	}
	took := time.Since(start)
	verdict := ""
	if c.db == "" {
		verdict = fmt.Sprintf("  target < %v: %s", importTarget, pass(took < importTarget))
	}
	fmt.Printf("import     %8.2f s  (CPU %.2f s)  peak RSS %5.1f MiB%s\n           %s\n",
		took.Seconds(), (benchkit.ProcessCPU() - cpu).Seconds(), mib(peakRSS()), verdict, rep.Summary())
	return nil
}

// query is one shape of finder query, made for a place and a moment.
type query struct {
	name string
	make func(p place, now time.Time) hearth.MeetingFilter
}

var shapes = []query{
	{"near 25 km, today, types O+D (the target)", func(p place, now time.Time) hearth.MeetingFilter {
		return hearth.MeetingFilter{Near: &hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, RadiusKm: 25,
			Days: []time.Weekday{now.Weekday()}, Types: []string{"O", "D"}}
	}},
	{"near 25 km, any day", func(p place, now time.Time) hearth.MeetingFilter {
		return hearth.MeetingFilter{Near: &hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, RadiusKm: 25}
	}},
	{"near 25 km, soon, by distance", func(p place, now time.Time) hearth.MeetingFilter {
		return hearth.MeetingFilter{Near: &hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, RadiusKm: 25, Soon: true, Sort: hearth.SortByDistance}
	}},
	{"near 25 km, free text \"serenity\"", func(p place, now time.Time) hearth.MeetingFilter {
		return hearth.MeetingFilter{Near: &hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, RadiusKm: 25, Query: "serenity"}
	}},
	{"anywhere: Spanish, online, tonight", func(p place, now time.Time) hearth.MeetingFilter {
		return hearth.MeetingFilter{Language: "es", Attendance: hearth.Online, Days: []time.Weekday{now.Weekday()}, Window: hearth.Night}
	}},
}

func find(ctx context.Context, st *sqlstore.Store, c config) error {
	if c.db != "" {
		// What autovacuum does within a minute or so of a large import:
		// statistics, and the visibility map that lets the finder read
		// its index of place alone.
		start := time.Now()
		db, err := sql.Open("pgx", c.db)
		if err != nil {
			return err
		}
		_, err = db.ExecContext(ctx, `VACUUM (ANALYZE)`)
		db.Close()
		if err != nil {
			return err
		}
		fmt.Printf("vacuum     %8.2f s  (VACUUM (ANALYZE) after the import, as autovacuum would)\n", time.Since(start).Seconds())
	}
	g, err := newGenerator(c.seed + 1)
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(c.seed, 7))
	week := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	for i, shape := range shapes {
		n := c.queries
		if i > 0 {
			n = max(c.queries/5, 1)
		}
		var times []time.Duration
		var cpu time.Duration
		found, total := 0, 0
		for j := range n + n/10 { // the first tenth warms up
			p := *g.draw()
			zone := hearth.LoadZone(p.Zone)
			now := week.Add(time.Duration(rnd.Int64N(int64(7 * 24 * time.Hour)))).In(zone)
			f := shape.make(p, now)
			f.Now, f.Zone, f.Limit = now, zone, 20
			cpu0 := benchkit.ProcessCPU()
			start := time.Now()
			list, t, err := st.FindMeetings(ctx, f)
			took := time.Since(start)
			if err != nil {
				return err
			}
			if j >= n/10 {
				cpu += benchkit.ProcessCPU() - cpu0
				times = append(times, took)
				found += len(list)
				total += t
			}
		}
		slices.Sort(times)
		p99 := benchkit.Percentile(times, 99)
		verdict := ""
		if i == 0 {
			verdict = fmt.Sprintf("  target p99 < %v: %s", findTarget, pass(p99 < findTarget))
		}
		fmt.Printf("find       %-44s n=%d  p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f ms  CPU %6.2f ms/query  (%.0f found of %.0f on average)%s\n",
			shape.name, len(times), ms(benchkit.Percentile(times, 50)), ms(benchkit.Percentile(times, 90)), ms(p99),
			ms(times[len(times)-1]), ms(cpu/time.Duration(len(times))), float64(found)/float64(len(times)), float64(total)/float64(len(times)), verdict)
	}
	fmt.Printf("find       peak RSS %.1f MiB\n", mib(peakRSS()))
	return nil
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func feed(ctx context.Context, st *sqlstore.Store) error {
	runtime.GC()
	before := peakRSS()
	var cw countingWriter
	start := time.Now()
	cpu := benchkit.ProcessCPU()
	stats, err := meetingfeed.Write(ctx, st, &cw, meetingfeed.FeedOptions{
		Entity:     meetingguide.Entity{Name: "Generated Intergroup", Location: "Everywhere", WebsiteURL: "https://intergroup.example.org"},
		MeetingURL: func(slug string) string { return "https://hearth.example.org/meetings/" + slug },
	})
	if err != nil {
		return err
	}
	took := time.Since(start)
	peak := peakRSS()
	fmt.Printf("feed       %8.3f s  (CPU %.2f s)  %d meetings, %d skipped, %.1f MiB written  target < %v: %s\n"+
		"           peak RSS %.1f MiB (%.1f MiB before streaming)  target < 64 MiB: %s\n",
		took.Seconds(), (benchkit.ProcessCPU() - cpu).Seconds(), stats.Meetings, len(stats.Skipped), float64(cw.n)/(1<<20),
		feedTarget, pass(took < feedTarget), mib(peak), mib(before), pass(peak < feedRSS))
	return nil
}

// httpFeed builds the hearth binary, serves the SQLite database in dir,
// and times GET /meetings.json.
func httpFeed(dir string) error {
	bin := filepath.Join(dir, "hearth")
	build := exec.Command("go", "build", "-o", bin, "./cmd/hearth")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building hearth (run from the module's root): %w", err)
	}
	srv, err := startHearth(bin, dir)
	if err != nil {
		return err
	}
	defer srv.Stop()
	before, _ := procRSS(srv.Pid())
	get := func(what string) (string, error) {
		start := time.Now()
		n, tag, err := fetchTagged(srv.URL + "/meetings.json")
		if err != nil {
			return "", err
		}
		took := time.Since(start)
		rss, peak := procRSS(srv.Pid())
		fmt.Printf("http feed  %8.3f s  GET /meetings.json (%s), %.1f MiB  target < %v: %s\n"+
			"           server RSS %.1f MiB after (%.1f MiB before), peak %.1f MiB  target < 64 MiB: %s\n",
			took.Seconds(), what, float64(n)/(1<<20), feedTarget, pass(took < feedTarget), mib(rss), mib(before), mib(peak), pass(peak < feedRSS))
		return tag, nil
	}
	// The first reader since the server started is sent the feed as it
	// is written (and a copy is kept); the readers after that the copy.
	if _, err := get("written, the first reader"); err != nil {
		return err
	}
	tag, err := get("kept")
	if err != nil {
		return err
	}
	// A meeting changes (from another process, as hearth import would):
	// the next reader is sent the copy before the change while the new one
	// is written; how long until readers have the change is timed too.
	db, err := sql.Open("sqlite", "file:"+sqlite.Path(dir)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE meetings SET name = name || ' (changed)' WHERE id = (SELECT MIN(id) FROM meetings)`); err != nil {
		return err
	}
	changed := time.Now()
	if _, err := get("the reader after a change"); err != nil {
		return err
	}
	for {
		_, now, err := fetchTagged(srv.URL + "/meetings.json")
		if err != nil {
			return err
		}
		if now != tag {
			fmt.Printf("http feed  %8.3f s  from the change to a reader sent the new feed\n", time.Since(changed).Seconds())
			break
		}
		if time.Since(changed) > time.Minute {
			return errors.New("the feed did not change within a minute of a change")
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, err = get("kept, after the change")
	return err
}

// peakRSS is this process's peak resident memory (VmHWM).
func peakRSS() int64 {
	_, peak := procRSS(os.Getpid())
	return peak
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func pass(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
