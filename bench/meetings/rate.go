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
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
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
	logged := &benchkit.Problems{}
	srv, err := web.NewServer(web.Config{Version: "bench"}, web.Deps{Store: st, Hasher: hasher, Crisis: directory, Log: slog.New(logged)})
	if err != nil {
		return err
	}
	defer srv.Close()
	var h http.Handler = srv
	hw := benchkit.Hello()
	if c.profile != "" {
		h, hw = benchkit.Labelled(h, "hearth"), benchkit.Labelled(hw, "hello")
	}
	finderLn, err := benchkit.Serve(h)
	if err != nil {
		return err
	}
	defer finderLn.Close()
	helloLn, err := benchkit.Serve(hw)
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
	targetURLs := prefix(finderLn.URL, finderURLs(g, rnd, distinct, true))

	// The ceiling of any cache: one of the finder's answers, kept as it
	// was written (its headers and its body), served by a handler that
	// only copies it out. No search and no page could cost less.
	keptLn, about, err := benchkit.ServeKeptAnswer(targetURLs[:101], nil)
	if err != nil {
		return err
	}
	defer keptLn.Close()
	fmt.Printf("rate       the finder's answers to the target query: %s\n", about)

	targets := []struct {
		name string
		urls []string
	}{
		{"finder, the target query", targetURLs},
		{"finder, mixed queries", prefix(finderLn.URL, finderURLs(g, rnd, distinct, false))},
		// Two of Hearth's own pages with no search, for scale: the
		// cheapest route (/healthz, the same middleware, no page) and
		// the help page (the same layout, a small template, the crisis
		// lines).
		{"Hearth's /healthz", []string{finderLn.URL + "/healthz"}},
		{"Hearth's help page", []string{finderLn.URL + "/help"}},
		{"a finder answer kept whole", []string{keptLn.URL + "/"}},
		{"hello", []string{helloLn.URL + "/"}},
	}
	l := benchkit.Load{Clients: rc.clients, Duration: rc.duration, Max: 5_000_000}
	fmt.Printf("rate       %d keep-alive clients, closed loop, %s per run, %d runs each, in this process, loopback; %d distinct URLs per finder target\n",
		l.Clients, l.Duration, rc.rounds, distinct)
	for _, t := range targets {
		w := l
		w.Duration = rc.warmup
		if r := w.Run(t.urls, nil); r.Errors > 0 {
			return fmt.Errorf("warming up %s: %d errors, first: %v", t.name, r.Errors, r.FirstErr)
		}
	}
	if n, first := logged.Take(); n > 0 {
		return fmt.Errorf("Hearth logged %d warnings or errors while warming up; the first: %s", n, first)
	}
	results := make([][]benchkit.Result, len(targets))
	for round := range rc.rounds {
		h := len(targets) - 1
		var order []int
		for i := range h {
			if round%2 == 0 {
				order = append(order, i, h)
			} else {
				order = append(order, h, i)
			}
		}
		for _, i := range order {
			r := l.Run(targets[i].urls, nil)
			fmt.Printf("rate       round %d  %-26s %s\n", round+1, targets[i].name, r)
			results[i] = append(results[i], r)
		}
	}
	all := make([]benchkit.Result, len(targets))
	for i, t := range targets {
		all[i] = benchkit.Merge(results[i])
		fmt.Printf("rate       all      %-26s %s\n", t.name, all[i])
	}
	hello := all[len(all)-1]
	for i, t := range targets[:len(targets)-1] {
		ratio := all[i].Rate() / hello.Rate()
		cpuRatio := float64(hello.CPUPerRequest()) / float64(all[i].CPUPerRequest())
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
		if r.Errors > 0 {
			return fmt.Errorf("%d requests failed, first: %v", r.Errors, r.FirstErr)
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
