package metrics

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestText: counters and histograms are written in Prometheus's text
// format, families sorted by name, labels by label name, label values
// escaped.
func TestText(t *testing.T) {
	var s Set
	c := s.NewCounter("zz_requests_total", "Requests by route and code.", "route", "code")
	h := s.NewHistogram("aa_seconds", "Time.\nTwo lines.", []float64{0.1, 1}, "route")
	s.GaugeFunc("mm_level", `A back\slash.`, func() float64 { return 2.5 })
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { c.Inc("home", "200") })
	}
	wg.Wait()
	c.Inc(`say "hi"`, "404")
	h.Observe(0.05, "home")
	h.Observe(0.1, "home")
	h.Observe(0.5, "home")
	h.Observe(3, "home")
	var b strings.Builder
	n, err := s.WriteTo(&b)
	if err != nil || n != int64(b.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d", n, err, b.Len())
	}
	want := `# HELP aa_seconds Time.\nTwo lines.
# TYPE aa_seconds histogram
aa_seconds_bucket{route="home",le="0.1"} 2
aa_seconds_bucket{route="home",le="1"} 3
aa_seconds_bucket{route="home",le="+Inf"} 4
aa_seconds_sum{route="home"} 3.65
aa_seconds_count{route="home"} 4
# HELP mm_level A back\\slash.
# TYPE mm_level gauge
mm_level 2.5
# HELP zz_requests_total Requests by route and code.
# TYPE zz_requests_total counter
zz_requests_total{code="200",route="home"} 100
zz_requests_total{code="404",route="say \"hi\""} 1
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestRuntime: the Go and process metrics are there, each a number, with
// values that make sense for a running process.
func TestRuntime(t *testing.T) {
	var s Set
	s.AddGo()
	s.AddProcess()
	var b strings.Builder
	if _, err := s.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for line := range strings.SplitSeq(strings.TrimSpace(b.String()), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Errorf("not a sample: %q", line)
			continue
		}
		values[line[:i]] = v
	}
	for _, name := range []string{"go_goroutines", "go_threads", "go_memstats_heap_alloc_bytes", "go_memstats_sys_bytes",
		"go_memstats_mallocs_total", "go_sched_gomaxprocs_threads", "go_gc_gogc_percent", "process_resident_memory_bytes",
		"process_virtual_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds"} {
		if values[name] <= 0 {
			t.Errorf("%s = %v, want more than 0", name, values[name])
		}
	}
	for _, name := range []string{`go_info{version="go`, "go_gc_duration_seconds_count", `go_gc_duration_seconds{quantile="0.5"}`,
		"process_cpu_seconds_total", "process_network_receive_bytes_total", "process_virtual_memory_max_bytes"} {
		if !strings.Contains(b.String(), name) {
			t.Errorf("no %s in\n%s", name, b.String())
		}
	}
	if rss := values["process_resident_memory_bytes"]; rss < 1<<20 || rss > 1<<40 {
		t.Errorf("resident memory %v bytes", rss)
	}
}

// TestHandler: the text format's media type, gzip when asked for.
func TestHandler(t *testing.T) {
	var s Set
	s.NewCounter("x_total", "X.").Inc()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, gz := range []bool{false, true} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = res.Body
		if gz {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
			}
			if body, err = gzip.NewReader(res.Body); err != nil {
				t.Fatal(err)
			}
		}
		b, err := io.ReadAll(body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if ct := res.Header.Get("Content-Type"); ct != ContentType {
			t.Errorf("Content-Type %q", ct)
		}
		if !strings.Contains(string(b), "\nx_total 1\n") {
			t.Errorf("gzip %v: body %q", gz, b)
		}
	}
}
