package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"hearth"
	"hearth/meetingfeed"
	"hearth/meetingguide"
	"hearth/sqlite"
	"hearth/sqlstore"
	"hearth/vault"
)

// TestGenerate checks what the benchmarks measure: the generator's feed
// is one Hearth takes whole, spread over zones, with meetings in person,
// online and hybrid, some in Spanish. It times nothing.
func TestGenerate(t *testing.T) {
	var b bytes.Buffer
	if err := writeFeed(&b, 3000, 1); err != nil {
		t.Fatal(err)
	}
	feed, err := meetingguide.DecodeAll(&b, meetingguide.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Rejected) != 0 || len(feed.Meetings) != 3000 {
		t.Fatalf("%d meetings, %d rejected records: %v", len(feed.Meetings), len(feed.Rejected), feed.Rejected)
	}
	zones := map[string]bool{}
	attendance := map[meetingguide.Attendance]int{}
	spanish := 0
	for _, m := range feed.Meetings {
		zones[m.TimeZone] = true
		attendance[m.Attendance()]++
		if m.HasType("S") {
			spanish++
		}
	}
	if len(zones) < 20 || spanish == 0 || attendance[meetingguide.InPerson] == 0 ||
		attendance[meetingguide.Online] == 0 || attendance[meetingguide.Hybrid] == 0 {
		t.Errorf("%d zones, %d Spanish, attendance %v", len(zones), spanish, attendance)
	}
}

// The benchmarks share one store of n meetings (HEARTH_BENCH_MEETINGS,
// 120,000 by default), made on first use by importing a generated feed.
var (
	shared     *sqlstore.Store
	sharedErr  error
	sharedOnce sync.Once
	sharedDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func mustStore(b *testing.B) *sqlstore.Store {
	b.Helper()
	sharedOnce.Do(func() {
		n := 120_000
		if v, err := strconv.Atoi(os.Getenv("HEARTH_BENCH_MEETINGS")); err == nil && v > 0 {
			n = v
		}
		sharedDir, sharedErr = os.MkdirTemp("", "hearth-bench-meetings-")
		if sharedErr != nil {
			return
		}
		var keys *vault.Keyring
		if keys, sharedErr = vault.Generate(); sharedErr != nil {
			return
		}
		ctx := context.Background()
		if shared, sharedErr = sqlite.Open(ctx, sqlite.Path(sharedDir), sqlite.Options{Keys: keys}); sharedErr != nil {
			return
		}
		var feed bytes.Buffer
		if sharedErr = writeFeed(&feed, n, 1); sharedErr != nil {
			return
		}
		if _, sharedErr = meetingfeed.Import(ctx, shared, &feed, meetingfeed.ImportOptions{Source: "bench", MaxBytes: 1 << 30, MaxRecords: 1 << 22}); sharedErr != nil {
			return
		}
		// Open it again, as a site that imported its feed earlier would
		// have it: the write-ahead log checkpointed into the database
		// (closing does that), and the import's garbage collected.
		shared.Close()
		feed = bytes.Buffer{}
		runtime.GC()
		debug.FreeOSMemory()
		shared, sharedErr = sqlite.Open(ctx, sqlite.Path(sharedDir), sqlite.Options{Keys: keys})
	})
	if sharedErr != nil {
		b.Fatal(sharedErr)
	}
	return shared
}

// BenchmarkFindNear is the finder's target query: near a city of the
// generated directory, within 25 km, meeting today in the city's zone,
// with types O and D. It reports the 50th and 99th percentile of one
// query's time beside the mean.
func BenchmarkFindNear(b *testing.B) {
	st := mustStore(b)
	g, err := newGenerator(2)
	if err != nil {
		b.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	week := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	query := func() time.Duration {
		p := g.draw()
		zone := hearth.LoadZone(p.Zone)
		now := week.Add(time.Duration(rnd.Int64N(int64(7 * 24 * time.Hour)))).In(zone)
		start := time.Now()
		if _, _, err := st.FindMeetings(ctx, hearth.MeetingFilter{
			Near: &hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, RadiusKm: 25,
			Days: []time.Weekday{now.Weekday()}, Types: []string{"O", "D"},
			Now: now, Zone: zone, Limit: 20,
		}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	// Warm the page cache as a running site's is.
	for range 200 {
		query()
	}
	var times []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		times = append(times, query())
	}
	slices.Sort(times)
	b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
	b.ReportMetric(ms(times[min(len(times)-1, len(times)*99/100)]), "p99-ms")
}

// BenchmarkFeed streams the Meeting Guide feed of every generated meeting
// to io.Discard, as /meetings.json does.
func BenchmarkFeed(b *testing.B) {
	st := mustStore(b)
	ctx := context.Background()
	var written int64
	b.ReportAllocs()
	for b.Loop() {
		cw := &countingWriter{}
		stats, err := meetingfeed.Write(ctx, st, cw, meetingfeed.FeedOptions{
			Entity: meetingguide.Entity{Name: "Generated Intergroup", WebsiteURL: "https://intergroup.example.org"},
		})
		if err != nil {
			b.Fatal(err)
		}
		if stats.Meetings == 0 {
			b.Fatal("an empty feed")
		}
		written = cw.n
	}
	b.SetBytes(written)
}

var _ io.Writer = (*countingWriter)(nil)
