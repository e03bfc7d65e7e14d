package main

// The finder over HTTP, side by side with hello world: issue 3's "over
// HTTP on loopback ≥ 0.5 × the hello-world rate of the same binary,
// measured side by side in one run".
//
// The rate step serves Hearth's real handler (web.NewServer over the
// imported SQLite store, built as `hearth serve` and bench/pagerate build
// it) and a handler that writes "hello" on two loopback listeners in one
// process, and drives each in turn with the same closed-loop load
// generator (bench/pagerate's, copied here and given a list of URLs):
// hearth–hello, hello–hearth, … so that drift on a shared machine falls on
// both alike. Every finder request is a different, realistic query: a
// city drawn as the meetings are (most searches are where most meetings
// are), near its centre or by its name through the gazetteer, today or a
// day of the week, with the types, times and attendance people ask for.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"hearth/bench/internal/benchkit"
	"hearth/credential"
	"hearth/crisis"
	"hearth/sqlstore"
	"hearth/web"
)

// rateTarget is the finder's rate as a share of hello's.
const rateTarget = 0.5

// rateConfig is the rate step's load.
type rateConfig struct {
	clients  int
	duration time.Duration
	rounds   int
	warmup   time.Duration
}

// finderURLs are n finder queries (path and query string), in the mix
// described above. With target set, each is the query: near a
// city's point, 25 km, today, types O and D.
func finderURLs(g *generator, rnd *rand.Rand, n int, target bool) []string {
	out := make([]string, n)
	for i := range out {
		p := g.draw()
		v := url.Values{}
		// The visitor's browser sends its zone; "today" is its today.
		v.Set("tz", p.Zone)
		if target || rnd.IntN(2) == 0 {
			// "Use my location", or a place chosen from the list: a
			// point within a few km of the centre.
			lat := p.Point.Lat + (rnd.Float64()-0.5)*0.1
			lon := p.Point.Lon + (rnd.Float64()-0.5)*0.1
			v.Set("lat", strconv.FormatFloat(lat, 'f', 5, 64))
			v.Set("lon", strconv.FormatFloat(lon, 'f', 5, 64))
			v.Set("place", "")
			v.Set("plabel", "")
		} else {
			v.Set("place", p.query)
		}
		if target {
			v.Set("radius", "25")
			v.Set("unit", "km")
			v.Set("day", "today")
			v["type"] = []string{"O", "D"}
			out[i] = "/meetings?" + v.Encode()
			continue
		}
		switch x := rnd.IntN(10); {
		case x < 5:
			v.Set("day", "today")
		case x < 8:
			v.Set("day", strconv.Itoa(rnd.IntN(7)))
		}
		switch x := rnd.IntN(10); {
		case x < 4:
			v["type"] = []string{"O", "D"}
		case x < 6:
			v["type"] = []string{[]string{"O", "C", "W", "M", "BE", "SP", "B", "ST", "LGBTQ", "Y"}[rnd.IntN(10)]}
		}
		if rnd.IntN(4) == 0 {
			v.Set("time", []string{"morning", "midday", "evening", "night"}[rnd.IntN(4)])
		}
		if rnd.IntN(8) == 0 {
			v.Set("attendance", []string{"in_person", "online", "hybrid"}[rnd.IntN(3)])
		}
		if rnd.IntN(8) == 0 {
			v.Set("soon", "1")
		}
		if rnd.IntN(10) == 0 {
			v.Set("sort", "distance")
		}
		if rnd.IntN(6) == 0 {
			v.Set("radius", []string{"5", "10", "50"}[rnd.IntN(3)])
		}
		out[i] = "/meetings?" + v.Encode()
	}
	return out
}

// rate is the rate step: the finder page against hello world.
func rate(ctx context.Context, st *sqlstore.Store, c config) error {
	rc := c.rate
	directory, err := crisis.Load("")
	if err != nil {
		return err
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		return err
	}
	logged := &problems{}
	srv, err := web.NewServer(web.Config{Version: "bench"}, web.Deps{Store: st, Hasher: hasher, Crisis: directory, Log: slog.New(logged)})
	if err != nil {
		return err
	}
	defer srv.Close()
	var h http.Handler = srv
	hw := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }))
	if c.profile != "" {
		h, hw = labelled(h, "hearth"), labelled(hw, "hello")
	}
	finderLn, err := serve(h)
	if err != nil {
		return err
	}
	defer finderLn.Close()
	helloLn, err := serve(hw)
	if err != nil {
		return err
	}
	defer helloLn.Close()

	g, err := newGenerator(c.seed + 2)
	if err != nil {
		return err
	}
	rnd := rand.New(rand.NewPCG(c.seed, 11))
	const distinct = 20_000
	targets := []struct {
		name string
		urls []string
	}{
		{"finder, the target query", prefix(finderLn.URL, finderURLs(g, rnd, distinct, true))},
		{"finder, mixed queries", prefix(finderLn.URL, finderURLs(g, rnd, distinct, false))},
		{"hello", []string{helloLn.URL + "/"}},
	}
	l := loadGen{clients: rc.clients, duration: rc.duration, max: 5_000_000}
	fmt.Printf("rate       %d keep-alive clients, closed loop, %s per run, %d runs each, in this process, loopback; %d distinct URLs per finder target\n",
		l.clients, l.duration, rc.rounds, distinct)
	for _, t := range targets {
		w := l
		w.duration = rc.warmup
		if r := w.run(t.urls); r.errors > 0 {
			return fmt.Errorf("warming up %s: %d errors, first: %v", t.name, r.errors, r.firstErr)
		}
	}
	if n, first := logged.Take(); n > 0 {
		return fmt.Errorf("Hearth logged %d warnings or errors while warming up; the first: %s", n, first)
	}
	results := make([][]loadResult, len(targets))
	for round := range rc.rounds {
		order := []int{0, 2, 1, 2}
		if round%2 == 1 {
			order = []int{2, 0, 2, 1}
		}
		for _, i := range order {
			r := l.run(targets[i].urls)
			fmt.Printf("rate       round %d  %-26s %s\n", round+1, targets[i].name, r)
			results[i] = append(results[i], r)
		}
	}
	all := make([]loadResult, len(targets))
	for i, t := range targets {
		all[i] = mergeResults(results[i])
		fmt.Printf("rate       all      %-26s %s\n", t.name, all[i])
	}
	hello := all[len(all)-1]
	for i, t := range targets[:len(targets)-1] {
		ratio := all[i].rate() / hello.rate()
		cpuRatio := float64(hello.cpuPerRequest()) / float64(all[i].cpuPerRequest())
		verdict := ""
		if i == 0 {
			verdict = fmt.Sprintf("  target ≥ %.1f: %s", rateTarget, pass(ratio >= rateTarget))
		}
		fmt.Printf("rate       %s / hello = %.3f by rate, %.3f by CPU time per request%s\n", t.name, ratio, cpuRatio, verdict)
	}
	if n, first := logged.Take(); n > 0 {
		fmt.Printf("rate       Hearth logged %d warnings or errors; the first: %s\n", n, first)
	}
	fmt.Println("rate       load average at the end:", benchkit.LoadAverage())
	for _, r := range all {
		if r.errors > 0 {
			return fmt.Errorf("%d requests failed, first: %v", r.errors, r.firstErr)
		}
	}
	return nil
}

func prefix(base string, paths []string) []string {
	for i := range paths {
		paths[i] = base + paths[i]
	}
	return paths
}

// labelled marks the handler's CPU time in profiles (go tool pprof
// -tagfocus server=hearth).
func labelled(h http.Handler, name string) http.Handler {
	labels := pprof.Labels("server", name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pprof.Do(r.Context(), labels, func(context.Context) { h.ServeHTTP(w, r) })
	})
}

// problems is Hearth's log during a measurement: warnings and errors are
// counted and the first kept, rather than printed among the figures.
type problems struct {
	mu    sync.Mutex
	n     int
	first string
}

func (p *problems) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (p *problems) WithAttrs([]slog.Attr) slog.Handler           { return p }
func (p *problems) WithGroup(string) slog.Handler                { return p }

func (p *problems) Handle(_ context.Context, r slog.Record) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.first == "" {
		p.first = r.Level.String() + " " + r.Message
		r.Attrs(func(a slog.Attr) bool {
			p.first += " " + a.String()
			return true
		})
	}
	return nil
}

// Take returns how many lines were logged since the last call, and the
// first of them.
func (p *problems) Take() (n int, first string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, first = p.n, p.first
	p.n, p.first = 0, ""
	return n, first
}

// listener serves h on a loopback port, with the http.Server settings of
// `hearth serve`.
type listener struct {
	URL string
	hs  *http.Server
}

func serve(h http.Handler) (*listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go hs.Serve(ln)
	return &listener{URL: fmt.Sprintf("http://%s", ln.Addr()), hs: hs}, nil
}

func (l *listener) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	l.hs.Shutdown(ctx)
}

// loadGen is bench/pagerate's closed-loop load generator (load.go), given
// a list of URLs: clients keep-alive connections, each sending its next
// request as soon as the last answer is read, for a fixed time or until
// max requests in all; client i starts at URL i and steps through the
// list, so that concurrent requests ask different things.
type loadGen struct {
	clients  int
	duration time.Duration
	max      int64
}

// loadResult is one run against one list of URLs.
type loadResult struct {
	requests int64
	errors   int64
	firstErr error
	elapsed  time.Duration
	cpu      time.Duration   // CPU time of this whole process (clients and server), user + system
	lat      []time.Duration // sorted
}

func (r loadResult) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// cpuPerRequest is the process's CPU time per request: unlike the rate, it
// hardly depends on what else the machine is running.
func (r loadResult) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.requests)
}

func (r loadResult) String() string {
	s := fmt.Sprintf("%8.0f req/s  p50 %7s  p99 %7s  CPU %7.1f µs/req  (%d in %.1f s)",
		r.rate(), roundLatency(benchkit.Percentile(r.lat, 50)), roundLatency(benchkit.Percentile(r.lat, 99)),
		float64(r.cpuPerRequest())/float64(time.Microsecond), r.requests, r.elapsed.Seconds())
	if r.errors > 0 {
		s += fmt.Sprintf("  %d ERRORS, first: %v", r.errors, r.firstErr)
	}
	return s
}

func roundLatency(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

// run drives the URLs. Every answer must be 200; others count as errors.
func (l loadGen) run(urls []string) loadResult {
	tr := &http.Transport{
		MaxIdleConns:        l.clients,
		MaxIdleConnsPerHost: l.clients,
		MaxConnsPerHost:     l.clients,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	reqs := make([]*http.Request, len(urls))
	for i, u := range urls {
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			return loadResult{errors: 1, firstErr: err}
		}
		reqs[i] = req
	}

	var (
		count, errs atomic.Int64
		errOnce     sync.Once
		firstErr    error
		wg          sync.WaitGroup
		lats        = make([][]time.Duration, l.clients)
	)
	fail := func(err error) {
		errs.Add(1)
		errOnce.Do(func() { firstErr = err })
	}
	cpu0 := cpuTime()
	start := time.Now()
	deadline := start.Add(l.duration)
	for i := range l.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			my := make([]time.Duration, 0, 1<<14)
			for j := i; ; j += l.clients {
				t0 := time.Now()
				if t0.After(deadline) || count.Add(1) > l.max {
					break
				}
				req := reqs[j%len(reqs)]
				resp, err := client.Do(req)
				if err != nil {
					fail(err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					fail(err)
				case resp.StatusCode != http.StatusOK:
					fail(fmt.Errorf("GET %s = %s", req.URL, resp.Status))
				default:
					my = append(my, time.Since(t0))
				}
			}
			lats[i] = my
		}()
	}
	wg.Wait()
	r := loadResult{elapsed: time.Since(start), cpu: cpuTime() - cpu0, errors: errs.Load(), firstErr: firstErr}
	for _, my := range lats {
		r.lat = append(r.lat, my...)
	}
	slices.Sort(r.lat)
	r.requests = int64(len(r.lat))
	return r
}

// mergeResults adds up runs against the same URLs.
func mergeResults(rs []loadResult) loadResult {
	var m loadResult
	for _, r := range rs {
		m.requests += r.requests
		m.errors += r.errors
		if m.firstErr == nil {
			m.firstErr = r.firstErr
		}
		m.elapsed += r.elapsed
		m.cpu += r.cpu
		m.lat = append(m.lat, r.lat...)
	}
	slices.Sort(m.lat)
	return m
}
