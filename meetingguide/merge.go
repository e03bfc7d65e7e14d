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
// memory. It is given the meetings one by one with Add (their order is
// their index, from 0) while the caller keeps them elsewhere (in a file);
// then Plan decides, going over the meetings' slugs once more and reading
// back only the day records that may be merged; then Merge says, as the
// caller reads the meetings again in order, what takes each one's place.
// It holds only the day records' bases and indexes.
type DayMerger struct {
	n      int
	groups map[string][]int32   // BASE → indexes of its day records
	merged map[int32]mergedDays // index of the first day record → the meeting its records make
	skip   []uint64             // bit i: meeting i is merged into an earlier one
}

// mergedDays is a meeting on several days that day records make: its
// slug, and its days as bits.
type mergedDays struct {
	slug string
	days uint16
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
}

// Plan decides which day records are merged. scan must call take with
// every meeting added, in any order; only their Slug and Days are read.
// load returns meeting i as it was added. Plan returns the first error of
// either.
func (dm *DayMerger) Plan(scan func(take func(m *Meeting)) error, load func(i int) (Meeting, error)) error {
	dm.merged = make(map[int32]mergedDays)
	dm.skip = make([]uint64, (dm.n+63)/64)
	for base, idx := range dm.groups {
		if len(idx) < 2 {
			delete(dm.groups, base)
		}
	}
	if len(dm.groups) == 0 {
		dm.groups = nil
		return nil
	}
	// A base another meeting takes, as its slug or as one of its
	// SLUG-DAY records, is not merged.
	taken := make(map[string]bool)
	var buf []byte
	err := scan(func(m *Meeting) {
		if _, ok := dm.groups[m.Slug]; ok {
			taken[m.Slug] = true
		}
		if len(m.Days) > 1 {
			for _, d := range m.Days {
				buf = strconv.AppendInt(append(append(buf[:0], m.Slug...), '-'), int64(d), 10)
				if _, ok := dm.groups[string(buf)]; ok {
					taken[string(buf)] = true
				}
			}
		}
	})
	if err != nil {
		return err
	}
	for base, idx := range dm.groups {
		if taken[base] {
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
		var set uint16 // a day record's day is a digit: see dayRecordBase
		for _, m := range ms {
			set |= 1 << m.Days[0]
		}
		if bits.OnesCount16(set) != len(idx) {
			continue // the same day twice: not one meeting's records
		}
		dm.merged[idx[0]] = mergedDays{slug: base, days: set}
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

// Slug returns the slug of what takes the place of meeting i, whose slug
// is slug, in the merged meetings, or false when it was merged into an
// earlier one. Plan must have been called.
func (dm *DayMerger) Slug(i int, slug string) (string, bool) {
	if dm.skip[i/64]&(1<<(i%64)) != 0 {
		return "", false
	}
	if mm, ok := dm.merged[int32(i)]; ok {
		return mm.slug, true
	}
	return slug, true
}

// Merge returns what takes the place of meeting i (m, as added) in the
// merged meetings: m itself, the meeting on several days its day records
// make when it is the first of them, or nothing (false) when it was
// merged into an earlier one. Plan must have been called.
func (dm *DayMerger) Merge(i int, m Meeting) (Meeting, bool) {
	if dm.skip[i/64]&(1<<(i%64)) != 0 {
		return Meeting{}, false
	}
	if mm, ok := dm.merged[int32(i)]; ok {
		m.Slug, m.Days = mm.slug, make([]time.Weekday, 0, bits.OnesCount16(mm.days))
		for d := range time.Weekday(10) {
			if mm.days&(1<<d) != 0 {
				m.Days = append(m.Days, d)
			}
		}
	}
	return m, true
}
