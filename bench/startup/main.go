// Command startup measures how fast `hearth serve` starts, how much memory
// it holds, and how big the binary is.
//
//	go run ./bench/startup [-n 10] [-requests 300] [-idle 3s]
//
// It builds the hearth binary (plain and with -ldflags="-s -w") into a
// temporary folder, then n times starts `hearth serve --addr 127.0.0.1:0
// --data <dir>` on a fresh data folder (cold: the SQLite file is created
// and every migration applied) and once more on the same folder (warm),
// and times each from process start to the first 200 from GET /readyz. The
// URL comes from the JSON log line "Hearth is ready" on stderr. Every run
// ends with SIGTERM and must exit 0 having logged "stopped".
//
// Then one more server is started to measure its resident memory
// (VmRSS): idle after start, after serving visitor pages, and after a
// member signs up through the real form and loads their dashboard.
//
// Nothing here asserts a time; it prints figures and the targets beside
// them (see bench/README.md).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"hearth/bench/internal/benchkit"
)

func main() {
	n := flag.Int("n", 10, "cold and warm starts to time")
	requests := flag.Int("requests", 300, "page requests of each kind before measuring memory again")
	idle := flag.Duration("idle", 3*time.Second, "how long the server idles before its memory is read")
	bin := flag.String("bin", "", "time this hearth binary instead of building one")
	stripped := flag.Bool("stripped", false, "time the binary built with -ldflags=\"-s -w\"")
	flag.Parse()
	if err := run(*n, *requests, *idle, *bin, *stripped); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

const (
	startTarget  = 300 * time.Millisecond
	rssTarget    = 40 << 20
	binaryTarget = 40 << 20
)

func run(n, requests int, idle time.Duration, bin string, stripped bool) error {
	if n < 1 || n > 1000 || requests < 0 || requests > 100000 {
		return errors.New("-n must be 1 to 1000 and -requests 0 to 100000")
	}
	tmp, err := os.MkdirTemp("", "hearth-startup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Println("machine:", benchkit.Machine())
	fmt.Println("date:   ", time.Now().UTC().Format(time.RFC3339))

	if bin == "" {
		plain, small := filepath.Join(tmp, "hearth"), filepath.Join(tmp, "hearth-stripped")
		if err := build(plain); err != nil {
			return err
		}
		if err := build(small, `-ldflags=-s -w`); err != nil {
			return err
		}
		fmt.Println()
		for _, b := range []struct{ name, path string }{{"binary (go build)", plain}, {`binary (-ldflags="-s -w")`, small}} {
			fi, err := os.Stat(b.path)
			if err != nil {
				return err
			}
			fmt.Printf("%-28s %6.1f MiB (%d bytes)  target < 40 MiB: %s\n", b.name, mib(fi.Size()), fi.Size(), pass(fi.Size() < binaryTarget))
		}
		bin = plain
		if stripped {
			bin = small
		}
	}

	// Cold and warm starts, interleaved so drift on a shared machine falls
	// on both alike.
	fmt.Printf("\ntiming %d cold and %d warm starts of %s\n", n, n, bin)
	var cold, warm, coldLog, warmLog []time.Duration
	for i := range n {
		data := filepath.Join(tmp, fmt.Sprintf("run%d", i), "hearth-data") // made by hearth
		for _, c := range []struct {
			total, log *[]time.Duration
		}{{&cold, &coldLog}, {&warm, &warmLog}} {
			s, err := start(bin, data)
			if err != nil {
				return err
			}
			*c.total = append(*c.total, s.ready)
			*c.log = append(*c.log, s.startMs)
			if err := s.stop(); err != nil {
				return err
			}
		}
	}
	fmt.Println("cold start to first 200 /readyz:", benchkit.Summary(cold))
	fmt.Println("   of which in serve (start_ms):", benchkit.Summary(coldLog))
	fmt.Println("warm start to first 200 /readyz:", benchkit.Summary(warm))
	fmt.Println("   of which in serve (start_ms):", benchkit.Summary(warmLog))
	coldMedian, coldMax := medianMax(cold)
	fmt.Printf("cold start target < 300 ms: median %s, every run %s\n", pass(coldMedian < startTarget), pass(coldMax < startTarget))

	// Memory, on a fresh data folder and then again on the same one.
	fmt.Printf("\nmemory: VmRSS after %s idle each time; Go heap from /metrics\n", idle)
	data := filepath.Join(tmp, "memory", "hearth-data")
	for _, kind := range []string{"cold", "warm"} {
		if err := measureMemory(bin, data, kind, requests, idle); err != nil {
			return err
		}
	}
	fmt.Println("\nevery server exited 0 after SIGTERM, having logged \"stopped\"")
	fmt.Println("load average at the end:", benchkit.LoadAverage())
	return nil
}

// measureMemory starts a server on data and reads its memory when idle,
// after visitor pages, after a member signs up (one argon2id hash of
// 19 MiB) and after member pages.
func measureMemory(bin, data, kind string, requests int, idle time.Duration) error {
	s, err := start(bin, data)
	if err != nil {
		return err
	}
	defer s.kill()
	client := &http.Client{Timeout: 10 * time.Second}
	report := func(what string) error {
		time.Sleep(idle)
		mem, err := memory(s.cmd.Process.Pid)
		if err != nil {
			return err
		}
		rss := mem["VmRSS"]
		heap := ""
		if m, err := benchkit.GetPage(client, s.url+"/metrics", nil); err == nil {
			heap = fmt.Sprintf("  heap %4.1f MiB, next GC at %4.1f MiB, held by Go and not returned %4.1f MiB, released when quiet %.0f times",
				metric(m, "go_memstats_heap_alloc_bytes")/(1<<20), metric(m, "go_memstats_next_gc_bytes")/(1<<20),
				(metric(m, "go_memstats_heap_idle_bytes")-metric(m, "go_memstats_heap_released_bytes"))/(1<<20),
				metric(m, "hearth_memory_releases_total"))
		}
		fmt.Printf("%s start, %-40s VmRSS %5.1f MiB  %s  (anonymous %4.1f, of files %4.1f; peak VmHWM %5.1f MiB)%s\n",
			kind, what, mib(rss), pass(rss < rssTarget), mib(mem["RssAnon"]), mib(mem["RssFile"]), mib(mem["VmHWM"]), heap)
		return nil
	}
	if err := report("idle"); err != nil {
		return err
	}
	visitorPages := []string{"/", "/signin", "/signup", "/help", "/healthz"}
	for i := range requests {
		if _, err := benchkit.GetPage(client, s.url+visitorPages[i%len(visitorPages)], nil); err != nil {
			return err
		}
	}
	if err := report(fmt.Sprintf("after %d visitor pages", requests)); err != nil {
		return err
	}
	cookie, err := benchkit.SignUp(s.url)
	if err != nil {
		return err
	}
	if err := report("after a member signs up"); err != nil {
		return err
	}
	memberPages := []string{"/", "/settings", "/help", "/settings/sessions"}
	for i := range requests {
		if _, err := benchkit.GetPage(client, s.url+memberPages[i%len(memberPages)], cookie); err != nil {
			return err
		}
	}
	if err := report(fmt.Sprintf("after %d member pages", requests)); err != nil {
		return err
	}
	return s.stop()
}

// metric reads one unlabelled value from a Prometheus text page.
func metric(page, name string) float64 {
	for _, line := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f
		}
	}
	return 0
}

func build(out string, flags ...string) error {
	args := append(append([]string{"build", "-o", out}, flags...), "./cmd/hearth")
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s (run this from the module's root): %w", strings.Join(args, " "), err)
	}
	return nil
}

// server is one running `hearth serve`.
type server struct {
	cmd     *exec.Cmd
	url     string
	ready   time.Duration // process start to the first 200 from /readyz
	startMs time.Duration // what the server says its serve command took
	log     *bytes.Buffer // stderr, for diagnostics
	logMu   *sync.Mutex
	drained chan struct{} // stderr is at EOF
}

// start starts hearth serve on data and waits until /readyz answers 200.
func start(bin, data string) (*server, error) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	cmd.Env = cleanEnv() // no HEARTH_* settings: the defaults, JSON logs since stderr is a pipe
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, log: &bytes.Buffer{}, logMu: &sync.Mutex{}, drained: make(chan struct{})}
	type readyLine struct {
		URL     string `json:"url"`
		StartMs int64  `json:"start_ms"`
	}
	readyc := make(chan readyLine, 1)

	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		defer close(s.drained)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			s.logMu.Lock()
			s.log.Write(line)
			s.log.WriteByte('\n')
			s.logMu.Unlock()
			var l struct {
				Msg string `json:"msg"`
				readyLine
			}
			if json.Unmarshal(line, &l) == nil && l.Msg == "Hearth is ready" {
				select {
				case readyc <- l.readyLine:
				default:
				}
			}
		}
		io.Copy(io.Discard, stderr)
	}()

	var rl readyLine
	select {
	case rl = <-readyc:
	case <-s.drained:
		s.kill()
		return nil, fmt.Errorf("hearth serve ended before it was ready:\n%s", s.stderr())
	case <-time.After(30 * time.Second):
		s.kill()
		return nil, fmt.Errorf("hearth serve was not ready within 30 s:\n%s", s.stderr())
	}
	s.url = rl.URL
	s.startMs = time.Duration(rl.StartMs) * time.Millisecond

	// A new connection each time, as a load balancer's probe would make.
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get(s.url + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(t0)
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("GET %s/readyz gave no 200 within 10 s of the ready line (last: %v)", s.url, err)
		}
		time.Sleep(time.Millisecond)
	}
}

// stop sends SIGTERM and checks a clean exit: status 0 and "stopped" in
// the log, within 20 s.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case <-s.drained:
	case <-ctx.Done():
		s.kill()
		return fmt.Errorf("hearth serve did not exit within 20 s of SIGTERM:\n%s", s.stderr())
	}
	if err := s.cmd.Wait(); err != nil {
		return fmt.Errorf("hearth serve exited with %v after SIGTERM:\n%s", err, s.stderr())
	}
	if !strings.Contains(s.stderr(), `"msg":"stopped"`) {
		return fmt.Errorf("hearth serve exited without logging \"stopped\":\n%s", s.stderr())
	}
	return nil
}

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
		<-s.drained
		s.cmd.Wait()
	}
}

func (s *server) stderr() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.log.String()
}

// memory reads VmRSS, VmHWM (peak RSS), RssAnon and RssFile of a
// process, in bytes.
func memory(pid int) (map[string]int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM" && k != "RssAnon" && k != "RssFile") {
			continue
		}
		f := strings.Fields(v) // "24576 kB"
		if len(f) != 2 || f[1] != "kB" {
			return nil, fmt.Errorf("/proc/%d/status: cannot read %q", pid, line)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return nil, err
		}
		out[k] = kb << 10
	}
	if out["VmRSS"] == 0 {
		return nil, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
	}
	return out, nil
}

// cleanEnv is this process's environment without HEARTH_* variables, so
// that a developer's own settings (a PostgreSQL URL, text logs) do not
// change what is measured.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEARTH_") {
			env = append(env, kv)
		}
	}
	return env
}

func medianMax(ds []time.Duration) (median, maximum time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return benchkit.Percentile(s, 50), s[len(s)-1]
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func pass(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}
