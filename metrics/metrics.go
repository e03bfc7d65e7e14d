// Package metrics keeps Hearth's Prometheus metrics and writes them in
// Prometheus's text format (version 0.0.4): counters and histograms with
// labels, gauges read when scraped, and the Go runtime's and the
// process's metrics under the names Prometheus's own Go client gives
// them (go_*, process_*), so that dashboards made for those work as
// they are.
//
// It does what Hearth needs and no more, in place of the Prometheus
// client library, whose protocol-buffer machinery was a tenth of the
// binary.
package metrics

import (
	"bufio"
	"compress/gzip"
	"io"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Set is a set of metrics, written together.
type Set struct {
	mu       sync.Mutex
	families []family
}

// family is one metric's HELP and TYPE and its samples, written when
// scraped.
type family struct {
	name, help, kind string
	write            func(w *writer)
}

func (s *Set) add(f family) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.families = append(s.families, f)
	slices.SortFunc(s.families, func(a, b family) int { return strings.Compare(a.name, b.name) })
}

// WriteTo writes every metric, sorted by name.
func (s *Set) WriteTo(out io.Writer) (int64, error) {
	s.mu.Lock()
	families := slices.Clone(s.families)
	s.mu.Unlock()
	w := &writer{w: bufio.NewWriter(out)}
	for _, f := range families {
		w.str("# HELP ").str(f.name).str(" ").str(escapeHelp(f.help)).str("\n")
		w.str("# TYPE ").str(f.name).str(" ").str(f.kind).str("\n")
		f.write(w)
	}
	err := w.w.Flush()
	return w.n, err
}

// ContentType is the text format's media type.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Handler serves the set, compressed when the scraper accepts gzip.
func (s *Set) Handler() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", ContentType)
		var out io.Writer = rw
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			rw.Header().Set("Content-Encoding", "gzip")
			rw.Header().Add("Vary", "Accept-Encoding")
			zw := gzip.NewWriter(rw)
			defer zw.Close()
			out = zw
		}
		s.WriteTo(out)
	})
}

func acceptsGzip(h string) bool {
	for part := range strings.SplitSeq(h, ",") {
		enc, q, _ := strings.Cut(part, ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// A Counter counts by the values of its labels.
type Counter struct {
	labels []string
	values sync.Map // joined label values → *atomic.Uint64
}

// NewCounter adds a counter with these label names to the set.
func (s *Set) NewCounter(name, help string, labels ...string) *Counter {
	c := &Counter{labels: labels}
	s.add(family{name: name, help: help, kind: "counter", write: func(w *writer) {
		for _, k := range sortedKeys(&c.values) {
			v, _ := c.values.Load(k)
			w.sample(name, "", c.labels, k, "", "", float64(v.(*atomic.Uint64).Load()))
		}
	}})
	return c
}

// Inc adds one for these label values (as many as the label names).
func (c *Counter) Inc(values ...string) {
	k := joinValues(values)
	v, ok := c.values.Load(k)
	if !ok {
		v, _ = c.values.LoadOrStore(k, new(atomic.Uint64))
	}
	v.(*atomic.Uint64).Add(1)
}

// A Histogram counts observations into buckets by the values of its
// labels.
type Histogram struct {
	labels  []string
	buckets []float64
	values  sync.Map // joined label values → *histogram
}

type histogram struct {
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

// NewHistogram adds a histogram with these upper bounds (ascending) and
// label names to the set.
func (s *Set) NewHistogram(name, help string, buckets []float64, labels ...string) *Histogram {
	h := &Histogram{labels: labels, buckets: buckets}
	s.add(family{name: name, help: help, kind: "histogram", write: func(w *writer) {
		for _, k := range sortedKeys(&h.values) {
			v, _ := h.values.Load(k)
			hv := v.(*histogram)
			var cum uint64
			for i := range hv.counts {
				cum += hv.counts[i].Load()
				le := "+Inf"
				if i < len(h.buckets) {
					le = formatFloat(h.buckets[i])
				}
				w.sample(name, "_bucket", h.labels, k, "le", le, float64(cum))
			}
			w.sample(name, "_sum", h.labels, k, "", "", math.Float64frombits(hv.sum.Load()))
			w.sample(name, "_count", h.labels, k, "", "", float64(cum))
		}
	}})
	return h
}

// Observe records v for these label values.
func (h *Histogram) Observe(v float64, values ...string) {
	k := joinValues(values)
	x, ok := h.values.Load(k)
	if !ok {
		x, _ = h.values.LoadOrStore(k, &histogram{counts: make([]atomic.Uint64, len(h.buckets)+1)})
	}
	hv := x.(*histogram)
	i, _ := slices.BinarySearch(h.buckets, v)
	hv.counts[i].Add(1)
	for {
		old := hv.sum.Load()
		if hv.sum.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// GaugeFunc adds a gauge whose value f gives when scraped.
func (s *Set) GaugeFunc(name, help string, f func() float64) {
	s.add(family{name: name, help: help, kind: "gauge", write: func(w *writer) {
		w.sample(name, "", nil, "", "", "", f())
	}})
}

// counterFunc adds a counter whose value f gives when scraped.
func (s *Set) counterFunc(name, help string, f func() float64) {
	s.add(family{name: name, help: help, kind: "counter", write: func(w *writer) {
		w.sample(name, "", nil, "", "", "", f())
	}})
}

// Label values are kept joined by a byte no label value holds.
const sep = "\xff"

func joinValues(values []string) string { return strings.Join(values, sep) }

func sortedKeys(m *sync.Map) []string {
	var keys []string
	m.Range(func(k, _ any) bool {
		keys = append(keys, k.(string))
		return true
	})
	slices.Sort(keys)
	return keys
}

// writer writes the text format, counting bytes.
type writer struct {
	w   *bufio.Writer
	n   int64
	mem *runtime.MemStats
}

// memStats reads the runtime's memory statistics once per scrape.
func (w *writer) memStats() *runtime.MemStats {
	if w.mem == nil {
		w.mem = new(runtime.MemStats)
		runtime.ReadMemStats(w.mem)
	}
	return w.mem
}

func (w *writer) str(s string) *writer {
	n, _ := w.w.WriteString(s)
	w.n += int64(n)
	return w
}

// sample writes one line: the name and suffix, the labels (names with the
// joined values, then extra=extraValue if extra is not ""), sorted by
// name as Prometheus's client writes them, and the value.
func (w *writer) sample(name, suffix string, labels []string, joined, extra, extraValue string, v float64) {
	w.str(name).str(suffix)
	type pair struct{ k, v string }
	var pairs []pair
	if len(labels) > 0 {
		for i, val := range strings.Split(joined, sep) {
			pairs = append(pairs, pair{labels[i], val})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	if extra != "" {
		pairs = append(pairs, pair{extra, extraValue})
	}
	if len(pairs) > 0 {
		w.str("{")
		for i, p := range pairs {
			if i > 0 {
				w.str(",")
			}
			w.str(p.k).str(`="`).str(escapeValue(p.v)).str(`"`)
		}
		w.str("}")
	}
	w.str(" ").str(formatFloat(v)).str("\n")
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	valueEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeValue(s string) string { return valueEscaper.Replace(s) }
