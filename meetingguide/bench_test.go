package meetingguide

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"
	"testing"
	"time"
)

// benchRecords is the size of a full feed in the benchmarks: about every
// meeting a large country lists.
const benchRecords = 120_000

// BenchmarkDecode streams a generated feed of 120,000 records through
// Decode. Each op is the whole feed.
func BenchmarkDecode(b *testing.B) {
	opts := Options{MaxBytes: 1 << 30, MaxRecords: benchRecords}
	var size int64
	peak := trackPeakRSS(b)
	b.ReportAllocs()
	for b.Loop() {
		gen := &feedReader{records: benchRecords}
		n := 0
		for rec, err := range Decode(gen, opts) {
			if err != nil || !rec.Accepted() {
				b.Fatal(err, rec.Problems)
			}
			n++
		}
		if n != benchRecords {
			b.Fatalf("%d records", n)
		}
		size = gen.read
	}
	b.SetBytes(size)
	peak.report()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRecords, "ns/record")
}

// BenchmarkEncode writes 120,000 generated meetings, one a day and one on
// three days in seven, to io.Discard. Each op is the whole feed.
func BenchmarkEncode(b *testing.B) {
	peak := trackPeakRSS(b)
	b.ReportAllocs()
	var written int64
	for b.Loop() {
		cw := &countingWriter{}
		enc := NewEncoder(cw, Entity{Name: "Springfield Intergroup", WebsiteURL: "https://example.org"})
		for i := range benchRecords {
			if err := enc.Encode(generatedMeeting(i)); err != nil {
				b.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
		written = cw.n
	}
	b.SetBytes(written)
	peak.report()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRecords, "ns/meeting")
}

// generatedMeeting makes a valid meeting, different for each i.
func generatedMeeting(i int) Meeting {
	days := []time.Weekday{time.Weekday(i % 7)}
	if i%7 == 0 {
		days = []time.Weekday{1, 3, 5}
	}
	s := strconv.Itoa(i)
	return Meeting{
		Name: "Meeting number " + s, Slug: "meeting-" + s, Days: days,
		Time: "19:00", EndTime: "20:00", TimeZone: "America/Chicago",
		FormattedAddress: s + " Main St, Springfield, IL 62701, USA",
		Coordinates:      &LatLon{39.78 + float64(i%1000)/1e5, -89.65 - float64(i%997)/1e5},
		Location:         "Community Hall", Regions: []string{"Illinois", "Springfield"},
		Types:   []string{"O", "D", "BE"},
		Updated: time.Date(2026, 1, 1+i%28, 10, 0, 0, 0, time.UTC),
		URL:     "https://example.org/meetings/meeting-" + s, Group: "Group " + s,
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// peakRSS reports the process's peak resident set size during a
// benchmark, and the CPU time it used per op (all threads, the garbage
// collector's too), which a busy machine disturbs less than wall time.
// Linux keeps the peak in VmHWM; writing 5 to clear_refs resets it.
type peakRSS struct {
	b     *testing.B
	ok    bool
	cpu   time.Duration
	cpuOK bool
}

func trackPeakRSS(b *testing.B) peakRSS {
	err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	cpu, cpuOK := cpuTime()
	return peakRSS{b: b, ok: err == nil, cpu: cpu, cpuOK: cpuOK}
}

func (p peakRSS) report() {
	if cpu, ok := cpuTime(); ok && p.cpuOK {
		p.b.ReportMetric((cpu-p.cpu).Seconds()/float64(p.b.N), "cpu-s/op")
	}
	if !p.ok {
		return
	}
	if kb, ok := procStatus("VmHWM:"); ok {
		p.b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
	}
}

// procStatus reads a value in kB from /proc/self/status.
func procStatus(key string) (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte(key)); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}

var _ io.Writer = (*countingWriter)(nil)
