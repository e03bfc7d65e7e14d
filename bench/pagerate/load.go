package main

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"hearth/bench/internal/benchkit"
)

// load is a closed-loop load generator: clients keep-alive connections,
// each sending its next request as soon as the last answer is read, for
// a fixed time or until max requests in all, whichever comes first.
type load struct {
	clients  int
	duration time.Duration
	max      int64
}

// result is one run against one URL.
type result struct {
	requests int64
	errors   int64
	firstErr error
	elapsed  time.Duration
	cpu      time.Duration   // CPU time of this whole process (clients and server), user + system
	lat      []time.Duration // sorted
}

func (r result) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

// cpuPerRequest is the process's CPU time per request: unlike the rate, it
// hardly depends on what else the machine is running.
func (r result) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.requests)
}

func (r result) String() string {
	s := fmt.Sprintf("%9.0f req/s  p50 %7s  p99 %7s  CPU %6.1f µs/req  (%d requests in %.1f s)",
		r.rate(), round(benchkit.Percentile(r.lat, 50)), round(benchkit.Percentile(r.lat, 99)),
		float64(r.cpuPerRequest())/float64(time.Microsecond), r.requests, r.elapsed.Seconds())
	if r.errors > 0 {
		s += fmt.Sprintf("  %d ERRORS, first: %v", r.errors, r.firstErr)
	}
	return s
}

func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

// run drives url, sending cookie if it is not nil. Every answer must be
// 200; others count as errors.
func (l load) run(url string, cookie *http.Cookie) result {
	tr := &http.Transport{
		MaxIdleConns:        l.clients,
		MaxIdleConnsPerHost: l.clients,
		MaxConnsPerHost:     l.clients,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

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
	cpu0 := processCPU()
	start := time.Now()
	deadline := start.Add(l.duration)
	for i := range l.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequest("GET", url, nil)
			if err != nil {
				fail(err)
				return
			}
			if cookie != nil {
				req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
			}
			my := make([]time.Duration, 0, 1<<14)
			for {
				t0 := time.Now()
				if t0.After(deadline) || count.Add(1) > l.max {
					break
				}
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
					fail(fmt.Errorf("GET %s = %s", url, resp.Status))
				default:
					my = append(my, time.Since(t0))
				}
			}
			lats[i] = my
		}()
	}
	wg.Wait()
	r := result{elapsed: time.Since(start), cpu: processCPU() - cpu0, errors: errs.Load(), firstErr: firstErr}
	for _, my := range lats {
		r.lat = append(r.lat, my...)
	}
	slices.Sort(r.lat)
	r.requests = int64(len(r.lat))
	return r
}

// merge adds up runs against the same URL.
func merge(rs []result) result {
	var m result
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

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
