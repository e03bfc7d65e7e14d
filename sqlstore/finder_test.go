package sqlstore

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"hearth"
)

// TestMatchIsNextFromEachEnd checks the finder's one-pass match against
// what it stands for: hearth.Meeting.Next from now, then from the end of
// each occurrence, until one fits or starts past the horizon, across
// zones, days, windows, meetings past midnight and daylight-saving
// changes.
func TestMatchIsNextFromEachEnd(t *testing.T) {
	reference := func(q *finder, m *hearth.Meeting) (hearth.Occurrence, bool) {
		at := q.Now
		for range 16 {
			o, ok := m.Next(at)
			if !ok || !o.Start.Before(q.horizon) {
				break
			}
			if q.fits(o) {
				return o, true
			}
			at = o.End
		}
		return hearth.Occurrence{}, false
	}
	zones := []string{"America/Chicago", "Europe/Madrid", "Asia/Tokyo", "Pacific/Chatham", "America/Sao_Paulo",
		"Australia/Lord_Howe", "America/Havana", "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"}
	windows := []string{"", hearth.Morning, hearth.Midday, hearth.Evening, hearth.Night}
	rnd := rand.New(rand.NewPCG(1, 2))
	// Around the 2026 changes of both hemispheres, and an ordinary week.
	bases := []time.Time{
		time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	for i := range 20000 {
		m := &hearth.Meeting{
			TimeZone: zones[rnd.IntN(len(zones))],
			Start:    fmt.Sprintf("%02d:%02d", rnd.IntN(24), rnd.IntN(4)*15),
			End:      fmt.Sprintf("%02d:%02d", rnd.IntN(24), rnd.IntN(4)*15),
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			if rnd.IntN(3) == 0 {
				m.Days = append(m.Days, d)
			}
		}
		f := hearth.MeetingFilter{
			Now:    bases[rnd.IntN(len(bases))].Add(time.Duration(rnd.Int64N(int64(10 * 24 * time.Hour)))),
			Zone:   hearth.LoadZone(zones[rnd.IntN(len(zones))]),
			Window: windows[rnd.IntN(len(windows))],
			Soon:   rnd.IntN(5) == 0,
		}
		if rnd.IntN(2) == 0 {
			f.Days = []time.Weekday{time.Weekday(rnd.IntN(7))}
		}
		q, err := newFinder(f, f.Now)
		if err != nil {
			t.Fatal(err)
		}
		want, wantOK := reference(q, m)
		got, gotOK := q.match(m)
		if gotOK != wantOK || !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
			t.Fatalf("case %d: %+v with %+v: match %v %v, Next from each end %v %v", i, m, f, got, gotOK, want, wantOK)
		}
	}
}
