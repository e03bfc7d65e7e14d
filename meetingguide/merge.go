package meetingguide

import (
	"math/bits"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// A meeting on several days is written as one record per day, with slug
// SLUG-DAY (e.g. "noon-lifeline-1" for Monday), because readers disagree on
// day arrays. Reading such a feed gives one meeting per record; MergeDays
// puts them back together. For that to be exact, the decoder and the
// encoder both keep every slug a meeting occupies (claims), and refuse a
// meeting whose slugs would be confused with another's.

// daySlug returns the slug of a several-day meeting's record for day d.
func daySlug(slug string, d time.Weekday) string {
	return slug + "-" + strconv.Itoa(int(d))
}

// dayRecordBase reports whether m looks like one day of a several-day
// meeting, a one-day meeting whose slug is BASE-DAY for its own day, and
// returns BASE.
func dayRecordBase(m *Meeting) (string, bool) {
	s := m.Slug
	if len(m.Days) != 1 || len(s) < 3 || s[len(s)-2] != '-' || s[len(s)-1] != byte('0'+m.Days[0]) {
		return "", false
	}
	base := s[:len(s)-2]
	return base, urlSafe(base)
}

// MergeDays puts back together the meetings of a feed that Hearth (or a
// reader splitting day arrays) wrote as one record per day: one-day
// meetings with slugs BASE-0 … BASE-6, each for its own day, that are
// alike in every other field become one meeting BASE on all their days, in
// the place of the first. It merges BASE only when every such meeting is
// alike, there are at least two, and no other meeting takes BASE; anything
// else is left as it is. The result is a new slice; ms is not changed.
func MergeDays(ms []Meeting) []Meeting {
	groups := make(map[string][]int) // BASE → indexes of its day records
	taken := make(map[string]bool)   // slugs other meetings take
	for i := range ms {
		m := &ms[i]
		if base, ok := dayRecordBase(m); ok {
			groups[base] = append(groups[base], i)
		}
		taken[m.Slug] = true
		if len(m.Days) > 1 {
			for _, d := range m.Days {
				taken[daySlug(m.Slug, d)] = true
			}
		}
	}
	merged := make(map[int]Meeting) // first index → merged meeting
	skip := make(map[int]bool)      // later indexes merged into it
	for base, idx := range groups {
		if len(idx) < 2 || taken[base] || !allAlike(ms, idx) {
			continue
		}
		m := ms[idx[0]]
		m.Slug = base
		m.Days = make([]time.Weekday, 0, len(idx))
		for _, i := range idx {
			m.Days = append(m.Days, ms[i].Days[0])
		}
		slices.Sort(m.Days)
		if len(slices.Compact(m.Days)) != len(idx) {
			continue // the same day twice: not one meeting's records
		}
		merged[idx[0]] = m
		for _, i := range idx[1:] {
			skip[i] = true
		}
	}
	if len(merged) == 0 {
		return slices.Clone(ms)
	}
	out := make([]Meeting, 0, len(ms)-len(skip))
	for i := range ms {
		switch m, ok := merged[i]; {
		case ok:
			out = append(out, m)
		case !skip[i]:
			out = append(out, ms[i])
		}
	}
	return out
}

// allAlike reports whether the meetings at idx are equal in every field
// but slug and days.
func allAlike(ms []Meeting, idx []int) bool {
	first := withoutSchedule(ms[idx[0]])
	for _, i := range idx[1:] {
		if !reflect.DeepEqual(first, withoutSchedule(ms[i])) {
			return false
		}
	}
	return true
}

func withoutSchedule(m Meeting) Meeting {
	m.Slug, m.Days = "", nil
	return m
}

// A DayMerger does what MergeDays does for a feed too large to hold in
// memory: it is given the meetings one by one with Add (their order is
// their index, from 0) while the caller keeps them elsewhere (in a file),
// then Plan decides, reading back only the meetings that may be merged,
// and Merge says, as the caller reads the meetings again in order, what
// takes each one's place. It holds the meetings' slugs, compactly, and
// the indexes of the day records that may be merged.
type DayMerger struct {
	n      int
	taken  claims             // slugs meetings take, as MergeDays' taken
	groups map[string][]int32 // BASE → indexes of its day records
	merged map[int32]Meeting  // index of the first day record → the merged meeting, without its other fields
	skip   []uint64           // bit i: meeting i is merged into an earlier one
}

// Add notes the next meeting.
func (dm *DayMerger) Add(m *Meeting) {
	i := dm.n
	dm.n++
	if base, ok := dayRecordBase(m); ok {
		if dm.groups == nil {
			dm.groups = make(map[string][]int32)
		}
		dm.groups[base] = append(dm.groups[base], int32(i))
	}
	dm.taken.take(m, i)
}

// Plan decides which day records are merged, reading each one that may be
// with load, which returns meeting i as it was added. It returns the
// first error of load.
func (dm *DayMerger) Plan(load func(i int) (Meeting, error)) error {
	dm.merged = make(map[int32]Meeting)
	dm.skip = make([]uint64, (dm.n+63)/64)
	for base, idx := range dm.groups {
		if len(idx) < 2 {
			continue
		}
		if _, ok := dm.taken.slugOwner(base); ok {
			continue
		}
		ms := make([]Meeting, len(idx))
		all := make([]int, len(idx))
		for k, i := range idx {
			m, err := load(int(i))
			if err != nil {
				return err
			}
			ms[k], all[k] = m, k
		}
		if !allAlike(ms, all) {
			continue
		}
		days := make([]time.Weekday, 0, len(idx))
		for _, m := range ms {
			days = append(days, m.Days[0])
		}
		slices.Sort(days)
		if len(slices.Compact(days)) != len(idx) {
			continue
		}
		dm.merged[idx[0]] = Meeting{Slug: base, Days: days}
		for _, i := range idx[1:] {
			dm.skip[i/64] |= 1 << (i % 64)
		}
	}
	dm.groups = nil
	return nil
}

// Meetings is how many meetings MergeDays would return; Plan must have
// been called.
func (dm *DayMerger) Meetings() int {
	n := dm.n
	for _, w := range dm.skip {
		n -= bits.OnesCount64(w)
	}
	return n
}

// Merge returns what takes the place of meeting i (m, as added) in the
// feed's merged meetings: m itself, the meeting on several days its day
// records make when it is the first of them, or nothing (false) when it
// was merged into an earlier one. Plan must have been called.
func (dm *DayMerger) Merge(i int, m Meeting) (Meeting, bool) {
	if dm.skip[i/64]&(1<<(i%64)) != 0 {
		return Meeting{}, false
	}
	if mm, ok := dm.merged[int32(i)]; ok {
		m.Slug, m.Days = mm.Slug, mm.Days
	}
	return m, true
}
