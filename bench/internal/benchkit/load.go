package benchkit

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Load is a closed-loop load generator: Clients keep-alive connections,
// each sending its next request as soon as the last answer is read, for
// Duration or until Max requests in all, whichever comes first.
type Load struct {
	Clients  int
	Duration time.Duration
	Max      int64
}

// Result is one run.
type Result struct {
	Requests int64
	Errors   int64
	FirstErr error
	Elapsed  time.Duration
	CPU      time.Duration   // CPU time of this whole process (clients and servers), user + system
	Lat      []time.Duration // sorted
}

// Rate is the requests answered per second.
func (r Result) Rate() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// CPUPerRequest is the process's CPU time per request: unlike the rate,
// it hardly depends on what else the machine is running.
func (r Result) CPUPerRequest() time.Duration {
	if r.Requests == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Requests)
}

func (r Result) String() string {
	s := fmt.Sprintf("%9.0f req/s  p50 %7s  p99 %7s  CPU %7.1f µs/req  (%d requests in %.1f s)",
		r.Rate(), roundLatency(Percentile(r.Lat, 50)), roundLatency(Percentile(r.Lat, 99)),
		float64(r.CPUPerRequest())/float64(time.Microsecond), r.Requests, r.Elapsed.Seconds())
	if r.Errors > 0 {
		s += fmt.Sprintf("  %d ERRORS, first: %v", r.Errors, r.FirstErr)
	}
	return s
}

func roundLatency(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

// Run drives the URLs, sending cookie when it is not nil: client i starts
// at URL i and steps through the list, so that concurrent requests ask
// different things. Every answer must be 200; others count as errors.
func (l Load) Run(urls []string, cookie *http.Cookie) Result {
	tr := &http.Transport{
		MaxIdleConns:        l.Clients,
		MaxIdleConnsPerHost: l.Clients,
		MaxConnsPerHost:     l.Clients,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	reqs := make([]*http.Request, len(urls))
	for i, u := range urls {
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			return Result{Errors: 1, FirstErr: err}
		}
		if cookie != nil {
			req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		}
		reqs[i] = req
	}
	var (
		count, errs atomic.Int64
		errOnce     sync.Once
		firstErr    error
		wg          sync.WaitGroup
		lats        = make([][]time.Duration, l.Clients)
	)
	fail := func(err error) {
		errs.Add(1)
		errOnce.Do(func() { firstErr = err })
	}
	cpu0 := ProcessCPU()
	start := time.Now()
	deadline := start.Add(l.Duration)
	for i := range l.Clients {
		wg.Go(func() {
			my := make([]time.Duration, 0, 1<<14)
			for j := i; ; j += l.Clients {
				t0 := time.Now()
				if t0.After(deadline) || count.Add(1) > l.Max {
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
		})
	}
	wg.Wait()
	r := Result{Elapsed: time.Since(start), CPU: ProcessCPU() - cpu0, Errors: errs.Load(), FirstErr: firstErr}
	for _, my := range lats {
		r.Lat = append(r.Lat, my...)
	}
	slices.Sort(r.Lat)
	r.Requests = int64(len(r.Lat))
	return r
}

// Merge adds up runs against the same target.
func Merge(rs []Result) Result {
	var m Result
	for _, r := range rs {
		m.Requests += r.Requests
		m.Errors += r.Errors
		if m.FirstErr == nil {
			m.FirstErr = r.FirstErr
		}
		m.Elapsed += r.Elapsed
		m.CPU += r.CPU
		m.Lat = append(m.Lat, r.Lat...)
	}
	slices.Sort(m.Lat)
	return m
}

// ProcessCPU is the user and system CPU time this process has used.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Hello is the baseline: the least a Go handler can do.
func Hello() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello"))
	})
}

// Labelled marks the handler's CPU time in profiles (go tool pprof
// -tagfocus server=NAME).
func Labelled(h http.Handler, name string) http.Handler {
	labels := pprof.Labels("server", name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pprof.Do(r.Context(), labels, func(context.Context) { h.ServeHTTP(w, r) })
	})
}

// Listener serves a handler on a loopback port, with the http.Server
// settings of `hearth serve`.
type Listener struct {
	URL string
	hs  *http.Server
}

// Serve serves h on a loopback port until Close.
func Serve(h http.Handler) (*Listener, error) {
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
	return &Listener{URL: fmt.Sprintf("http://%s", ln.Addr()), hs: hs}, nil
}

// Close stops serving.
func (l *Listener) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	l.hs.Shutdown(ctx)
}

// Problems is Hearth's log during a measurement: warnings and errors are
// counted and the first kept, rather than printed among the figures.
type Problems struct {
	mu    sync.Mutex
	n     int
	first string
}

func (p *Problems) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (p *Problems) WithAttrs([]slog.Attr) slog.Handler           { return p }
func (p *Problems) WithGroup(string) slog.Handler                { return p }

func (p *Problems) Handle(_ context.Context, r slog.Record) error {
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
func (p *Problems) Take() (n int, first string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, first = p.n, p.first
	p.n, p.first = 0, ""
	return n, first
}

// FreshPostgres makes the database name on the server of admin (a
// postgres:// URL of a role that may create databases), dropping it first,
// and returns its URL. It needs the "pgx" driver registered.
func FreshPostgres(admin, name string) (string, error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
		return "", err
	}
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// Kept is one of a page's answers, kept as it was written (its headers
// and its body): served by a handler that only copies it out, it is the
// ceiling of any cache of that page.
type Kept struct {
	header http.Header
	body   []byte
	// Smallest and Largest are the sizes of the answers it was chosen
	// from, and N their number.
	Smallest, Largest, N int
}

// KeptAnswer fetches each of urls once (with cookie, if any) and keeps the
// median answer by size: a typical page, not an empty one.
func KeptAnswer(urls []string, cookie *http.Cookie) (*Kept, error) {
	var answers []Kept
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s: %s", u, resp.Status)
		}
		h := resp.Header.Clone()
		h.Del("Date")
		h.Del("Content-Length")
		h.Del("Set-Cookie")
		answers = append(answers, Kept{header: h, body: body})
	}
	if len(answers) == 0 {
		return nil, fmt.Errorf("benchkit: no answers to keep")
	}
	slices.SortFunc(answers, func(a, b Kept) int { return len(a.body) - len(b.body) })
	k := answers[len(answers)/2]
	k.Smallest, k.Largest, k.N = len(answers[0].body), len(answers[len(answers)-1].body), len(answers)
	return &k, nil
}

// String describes the answer kept.
func (k *Kept) String() string {
	return fmt.Sprintf("of %d answers of %d to %d bytes, the median (%d bytes) kept whole", k.N, k.Smallest, k.Largest, len(k.body))
}

// ServeKeptAnswer keeps an answer as KeptAnswer does and serves it on a
// loopback port; about describes it.
func ServeKeptAnswer(urls []string, cookie *http.Cookie) (l *Listener, about string, err error) {
	k, err := KeptAnswer(urls, cookie)
	if err != nil {
		return nil, "", err
	}
	l, err = Serve(k.Handler())
	return l, k.String(), err
}

// Handler answers every request with the kept headers and body.
func (k *Kept) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for name, v := range k.header {
			h[name] = v
		}
		w.Write(k.body)
	})
}
