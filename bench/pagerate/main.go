// Command pagerate compares the rate at which Hearth serves a member's
// dashboard with the rate of a hello-world handler, side by side in one
// process on loopback.
//
//	go run ./bench/pagerate [-c 64] [-d 10s] [-rounds 2] [-wrk]
//
// It starts two HTTP servers on 127.0.0.1: Hearth's real handler
// (web.NewServer over a migrated SQLite file in a temporary folder, as
// `hearth serve` builds it) and a handler that writes "hello". A member
// signs up through the real POST /signup, and GET / with their session
// cookie, the dashboard, is the page measured: session lookup, the
// member's groups from the database, the template, the headers.
//
// The same closed-loop load generator (c keep-alive clients for d) then
// drives each in turn, dashboard–hello–hello–dashboard and so on, so that
// drift on a shared machine falls on both alike. It prints requests/s
// and p50/p99 latency for each, and the ratio; the target is a dashboard
// rate of at least 0.3 × hello's. With -wrk, wrk (Debian: apt-get install
// wrk) measures the same two listeners again from its own process.
//
// The load generator runs in the same process and on the same CPUs as
// the servers, so both rates are lower than a remote client would see;
// the ratio is what is compared.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"runtime/pprof"
	"syscall"
	"time"

	"hearth/bench/internal/benchkit"
)

const ratioTarget = 0.3

func main() {
	l := benchkit.Load{}
	flag.IntVar(&l.Clients, "c", 64, "concurrent keep-alive clients")
	flag.DurationVar(&l.Duration, "d", 10*time.Second, "length of each measured run")
	flag.Int64Var(&l.Max, "max", 5_000_000, "at most this many requests in one run")
	rounds := flag.Int("rounds", 2, "runs against each server")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured load on each server first")
	useWrk := flag.Bool("wrk", false, "measure again with wrk, if it is installed")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured runs to this file; "+
		"server work is labelled server=hearth or server=hello (go tool pprof -tagfocus server=hearth)")
	busy := flag.Bool("busy", false, "give the member three groups with a meeting each that they follow, two counts and today's check-in (the default is a newcomer's dashboard)")
	hold := flag.Bool("hold", false, "print the URLs and the session cookie, then serve until interrupted (for other load generators)")
	flag.Parse()
	if err := run(l, *rounds, *warmup, *useWrk, *cpuProfile, *hold, *busy); err != nil {
		fmt.Fprintln(os.Stderr, "pagerate:", err)
		os.Exit(1)
	}
}

func run(l benchkit.Load, rounds int, warmup time.Duration, useWrk bool, cpuProfile string, hold, busy bool) error {
	if l.Clients < 1 || l.Clients > 1024 || l.Duration <= 0 || l.Duration > 10*time.Minute ||
		rounds < 1 || rounds > 50 || l.Max < 1 {
		return errors.New("-c must be 1 to 1024, -d at most 10m, -rounds 1 to 50, -max positive")
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "hearth-pagerate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	hs, closeHearth, err := newHearth(ctx, dir)
	if err != nil {
		return err
	}
	defer closeHearth()
	var h http.Handler = hs
	hw := benchkit.Hello()
	if cpuProfile != "" {
		h, hw = benchkit.Labelled(h, "hearth"), benchkit.Labelled(hw, "hello")
	}
	dash, err := benchkit.Serve(h)
	if err != nil {
		return err
	}
	defer dash.Close()
	base, err := benchkit.Serve(hw)
	if err != nil {
		return err
	}
	defer base.Close()

	cookie, err := benchkit.SignUp(dash.URL)
	if err != nil {
		return err
	}
	if busy {
		if err := benchkit.Furnish(dash.URL, cookie); err != nil {
			return err
		}
	}
	if hold {
		fmt.Printf("dashboard: %s/ with the header \"Cookie: %s=%s\"\nhello:     %s/\nserving until interrupted\n",
			dash.URL, cookie.Name, cookie.Value, base.URL)
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		<-ctx.Done()
		return nil
	}

	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("load:    %d keep-alive clients, closed loop, %s per run, %d runs each, in this process, loopback\n\n",
		l.Clients, l.Duration, rounds)

	targets := []struct {
		name   string
		url    string
		cookie *http.Cookie
	}{
		{"dashboard (GET / signed in)", dash.URL + "/", cookie},
		{"hello", base.URL + "/", nil},
	}
	for _, t := range targets {
		if warmup > 0 {
			w := l
			w.Duration = warmup
			if r := w.Run([]string{t.url}, t.cookie); r.Errors > 0 {
				return fmt.Errorf("warming up %s: %d errors, first: %v", t.name, r.Errors, r.FirstErr)
			}
		}
	}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	results := make([][]benchkit.Result, len(targets))
	for round := range rounds {
		order := []int{0, 1}
		if round%2 == 1 {
			order = []int{1, 0} // A B, B A, A B, …
		}
		for _, i := range order {
			r := l.Run([]string{targets[i].url}, targets[i].cookie)
			fmt.Printf("round %d  %-28s %s\n", round+1, targets[i].name, r)
			results[i] = append(results[i], r)
		}
	}
	fmt.Println()
	all := make([]benchkit.Result, len(targets))
	for i, t := range targets {
		all[i] = benchkit.Merge(results[i])
		fmt.Printf("all      %-28s %s\n", t.name, all[i])
	}
	if n, first := hs.Logged.Take(); n > 0 {
		fmt.Printf("\nHearth logged %d warnings or errors; the first: %s\n", n, first)
	}
	ratio := all[0].Rate() / all[1].Rate()
	fmt.Printf("\ndashboard / hello = %.3f  (target ≥ %.1f: %s)\n", ratio, ratioTarget, pass(ratio >= ratioTarget))
	cpuRatio := float64(all[1].CPUPerRequest()) / float64(all[0].CPUPerRequest())
	fmt.Printf("by CPU time per request = %.3f  (what the rate ratio would be with the CPUs to ourselves)\n", cpuRatio)
	for _, r := range all {
		if r.Errors > 0 {
			return fmt.Errorf("%d requests failed", r.Errors)
		}
	}
	fmt.Println("load average at the end:", benchkit.LoadAverage())

	if useWrk {
		if err := runWrk(l, dash.URL+"/", cookie, base.URL+"/"); err != nil {
			return err
		}
		if n, first := hs.Logged.Take(); n > 0 {
			fmt.Printf("Hearth logged %d warnings or errors during the wrk runs (wrk ends with requests in flight); the first: %s\n", n, first)
		}
	}
	return nil
}

var (
	wrkRate     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkLatency  = regexp.MustCompile(`(?m)^\s+(50|99)%\s+(\S+)`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses`)
)

// runWrk measures both listeners again with wrk, dashboard–hello–hello–
// dashboard, from a separate process.
func runWrk(l benchkit.Load, dashURL string, cookie *http.Cookie, helloURL string) error {
	bin, err := exec.LookPath("wrk")
	if err != nil {
		fmt.Println("\nwrk is not installed (Debian: apt-get install wrk); skipping the second opinion")
		return nil
	}
	fmt.Printf("\nwrk: -t2 -c%d -d%s --latency, dashboard–hello–hello–dashboard; CPU is wrk's and the servers'\n", l.Clients, l.Duration)
	type total struct {
		rate     float64
		requests int64
		cpu      time.Duration
	}
	run := func(name, url string, header []string, t *total) error {
		args := append([]string{"-t2", fmt.Sprintf("-c%d", l.Clients), fmt.Sprintf("-d%ds", max(1, int(l.Duration.Seconds()))), "--latency"}, header...)
		cmd := exec.Command(bin, append(args, url)...)
		cpu0 := benchkit.ProcessCPU()
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("wrk: %v\n%s", err, out)
		}
		cpu := benchkit.ProcessCPU() - cpu0 + cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		m, n := wrkRate.FindSubmatch(out), wrkRequests.FindSubmatch(out)
		if m == nil || n == nil {
			return fmt.Errorf("wrk printed no Requests/sec:\n%s", out)
		}
		if wrkNon2xx.Match(out) {
			return fmt.Errorf("wrk saw answers that were not 200:\n%s", out)
		}
		var rate float64
		var requests int64
		fmt.Sscan(string(m[1]), &rate)
		fmt.Sscan(string(n[1]), &requests)
		lat := map[string]string{}
		for _, p := range wrkLatency.FindAllSubmatch(out, -1) {
			lat[string(p[1])] = string(p[2])
		}
		fmt.Printf("wrk      %-28s %9.0f req/s  p50 %7s  p99 %7s  CPU %6.1f µs/req\n", name, rate, lat["50"], lat["99"],
			float64(cpu)/float64(time.Microsecond)/float64(max(requests, 1)))
		t.rate += rate
		t.requests += requests
		t.cpu += cpu
		return nil
	}
	dashHeader := []string{"-H", "Cookie: " + cookie.Name + "=" + cookie.Value}
	var d, h total
	for _, dashboard := range []bool{true, false, false, true} {
		if dashboard {
			err = run("dashboard (GET / signed in)", dashURL, dashHeader, &d)
		} else {
			err = run("hello", helloURL, nil, &h)
		}
		if err != nil {
			return err
		}
	}
	fmt.Printf("wrk: dashboard / hello = %.3f  (target ≥ %.1f: %s)\n", d.rate/h.rate, ratioTarget, pass(d.rate/h.rate >= ratioTarget))
	perReq := func(t total) float64 { return float64(t.cpu) / float64(max(t.requests, 1)) }
	fmt.Printf("wrk: by CPU time per request = %.3f\n", perReq(h)/perReq(d))
	return nil
}

func pass(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
