package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"hearth"
	"hearth/geo"
)

// Bounds of the finder.
const (
	finderPageDefault = 20
	finderPageMax     = 100
	radiusDefaultKm   = 25.0
	radiusMaxKm       = 500.0
	// soonWithin is how soon a meeting must start for MeetingFilter.Soon.
	soonWithin = time.Hour
	// longestMeeting bounds how long before now a meeting still in
	// progress may have started: a meeting lasts less than a day.
	longestMeeting = 24 * time.Hour
	// Time zones are between 12 hours behind UTC and 14 ahead, so a
	// meeting's own day is at most this far from the day in UTC.
	zoneBehind = 12 * time.Hour
	zoneAhead  = 14 * time.Hour
)

// windows are the finder's time-of-day windows, as minutes after midnight
// from (inclusive) and to (exclusive); night runs past midnight.
var windows = map[string][2]int{
	hearth.Morning: {4 * 60, 12 * 60},
	hearth.Midday:  {11 * 60, 17 * 60},
	hearth.Evening: {16 * 60, 21 * 60},
	hearth.Night:   {20 * 60, 5 * 60},
}

// inWindow reports whether the clock of t is in window w.
func inWindow(w [2]int, t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	if w[0] < w[1] {
		return m >= w[0] && m < w[1]
	}
	return m >= w[0] || m < w[1]
}

// finder is a MeetingFilter made ready to run: checked, with its defaults
// and the span of time its occurrences must start in.
type finder struct {
	hearth.MeetingFilter
	radius float64 // metres
	window [2]int
	hasWin bool
	// An occurrence fits when it starts before horizon, has not ended at
	// Now, and (with Days) starts on one of them in Zone.
	horizon time.Time
	days    [7]bool
}

func newFinder(f hearth.MeetingFilter, now time.Time) (*finder, error) {
	fe := hearth.FieldErrors{}
	q := &finder{MeetingFilter: f}
	if q.Now.IsZero() {
		q.Now = now
	}
	if q.Zone == nil {
		q.Zone = time.UTC
	}
	if q.Near != nil {
		if !q.Near.Valid() {
			fe.Add("near", "error.point.invalid")
		}
		km := q.RadiusKm
		if km == 0 {
			km = radiusDefaultKm
		}
		if !(km > 0 && km <= radiusMaxKm) {
			fe.Add("radius", "error.radius.invalid")
		}
		q.radius = km * geo.Kilometre
	}
	if q.Window != "" {
		w, ok := windows[q.Window]
		if !ok {
			fe.Add("window", "error.window.invalid")
		}
		q.window, q.hasWin = w, ok
	}
	switch q.Attendance {
	case "", hearth.InPerson, hearth.Online, hearth.Hybrid:
	default:
		fe.Add("attendance", "error.attendance.invalid")
	}
	switch q.Sort {
	case "":
		q.Sort = hearth.SortByNextStart
	case hearth.SortByNextStart:
	case hearth.SortByDistance:
		if q.Near == nil {
			fe.Add("sort", "error.sort.invalid")
		}
	default:
		fe.Add("sort", "error.sort.invalid")
	}
	for _, d := range q.Days {
		if d < time.Sunday || d > time.Saturday {
			fe.Add("days", "error.days.invalid")
			continue
		}
		q.days[d] = true
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = finderPageDefault
	}
	q.Limit = min(q.Limit, finderPageMax)
	q.Offset = max(q.Offset, 0)

	// A meeting meets every week: looking a week ahead finds each one's
	// next occurrence. With days, a week of the viewer's days from
	// today, so that today's meetings that are over do not come back as
	// next week's.
	q.horizon = q.Now.Add(7 * 24 * time.Hour)
	if len(q.Days) > 0 {
		y, mo, d := q.Now.In(q.Zone).Date()
		q.horizon = time.Date(y, mo, d+7, 0, 0, 0, 0, q.Zone)
	}
	if q.Soon {
		q.horizon = q.Now.Add(soonWithin + time.Nanosecond)
	}
	return q, nil
}

// fits reports whether an occurrence fits the filter's days and window,
// as read on the viewer's clock.
func (q *finder) fits(o hearth.Occurrence) bool {
	local := o.Start.In(q.Zone)
	if len(q.Days) > 0 && !q.days[local.Weekday()] {
		return false
	}
	return !q.hasWin || inWindow(q.window, local)
}

// match returns the first occurrence of m that the filter takes: in
// progress at Now or starting before the horizon, on the days and in the
// window asked for.
func (q *finder) match(m *hearth.Meeting) (o hearth.Occurrence, ok bool) {
	m.Occurrences(q.Now, q.horizon, func(x hearth.Occurrence) bool {
		if q.fits(x) {
			o, ok = x, true
			return false
		}
		return true
	})
	return o, ok
}

// meetingDays returns the days of the week, in meetings' own zones, on
// which an occurrence the filter takes can start, or nil when any day
// can. It narrows the rows the database returns; match decides.
func (q *finder) meetingDays() []int {
	type span struct{ from, to time.Time }
	var spans []span
	earliest := q.Now.Add(-longestMeeting)
	switch {
	case len(q.Days) > 0:
		y, mo, d := q.Now.In(q.Zone).Date()
		for i := range 7 {
			day := time.Date(y, mo, d+i, 0, 0, 0, 0, q.Zone)
			if q.days[day.Weekday()] {
				spans = append(spans, span{day, time.Date(y, mo, d+i+1, 0, 0, 0, 0, q.Zone)})
			}
		}
	case q.Soon:
		spans = append(spans, span{earliest, q.horizon})
	default:
		return nil
	}
	var seen [7]bool
	for _, s := range spans {
		from, to := s.from, s.to
		if from.Before(earliest) {
			from = earliest
		}
		if to.After(q.horizon) {
			to = q.horizon
		}
		if !from.Before(to) {
			continue
		}
		// The UTC days, widened by the zones' reach, are the days a
		// meeting anywhere may call its own.
		for t := from.Add(-zoneBehind).UTC().Truncate(24 * time.Hour); t.Before(to.Add(zoneAhead)); t = t.Add(24 * time.Hour) {
			seen[t.Weekday()] = true
		}
	}
	var days []int
	for d, ok := range seen {
		if ok {
			days = append(days, d)
		}
	}
	if len(days) == 7 {
		return nil
	}
	return days
}

// attendanceIn are the stored attendance values the filter's attendance
// takes: a hybrid meeting is also in person, and also online.
var attendanceIn = map[string][]any{
	hearth.InPerson: {hearth.InPerson, hearth.Hybrid},
	hearth.Online:   {hearth.Online, hearth.Hybrid},
	hearth.Hybrid:   {hearth.Hybrid},
}

// languageTag is the key the finder keeps a meeting's languages by (see
// migration 00003): the primary subtag of a BCP 47 tag, in lower case,
// for a language given as a type code ("S") or a tag ("es-MX").
func languageTag(lang string) string {
	if tag := hearth.TypeLanguage(lang); tag != "" {
		return tag
	}
	tag, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return tag
}

// query is the SQL of the filter's candidates, all but what match
// decides, and its arguments. The database narrows by place, days, types,
// language, program, attendance and free text, testing most of it on the
// meeting's own row (the copies of its days, types and languages there)
// rather than with a lookup each. On SQLite the rows are meeting_finder's,
// and the query starts from the index that narrows it most: the place,
// else the text, else the language, else a type.
func (q *finder) query(d Dialect) (string, []any) {
	var w where
	from, listed, program := d.finderFrom(0)
	words := queryWords(q.Query)
	types := slices.Compact(slices.Sorted(slices.Values(q.Types)))
	var set int64
	if days := q.meetingDays(); days != nil {
		for _, d := range days {
			set |= 1 << d
		}
	}
	attendance := attendanceIn[q.Attendance]
	switch {
	case q.Near != nil:
		box := geo.BoundingBox(geo.LatLon{Lat: q.Near.Lat, Lon: q.Near.Lon}, q.radius)
		cond, args := d.near(box, q.Attendance == hearth.Online, w.next())
		w.addRaw(cond, args...)
	case len(words) == 0 && q.Language != "":
		// The language's run of meeting_languages, narrowed there by
		// attendance and days before a meeting's row is read.
		n := w.next()
		conds, args := []string{fmt.Sprintf(`p.language = $%d`, n)}, []any{languageTag(q.Language)}
		if attendance != nil {
			conds = append(conds, `p.attendance IN (`+placeholders(n+len(args), len(attendance))+`)`)
			args = append(args, attendance...)
		}
		if set != 0 {
			conds = append(conds, fmt.Sprintf(`(p.day_set & $%d) <> 0`, n+len(args)))
			args = append(args, set)
		}
		f, cond := d.byLanguage(strings.Join(conds, ` AND `))
		if f != "" {
			from = f
		}
		w.addRaw(cond, args...)
	case len(words) == 0 && len(types) > 0:
		// Every type must match: starting from the first one's
		// meetings misses none.
		f, cond := d.hasType(w.next())
		if f != "" {
			from = f
		}
		w.addRaw(cond, types[0])
	}
	if len(words) > 0 {
		f, cond, arg := d.text(words, w.next(), q.Near == nil)
		if f != "" {
			from = f
		}
		w.addRaw(cond, arg)
	}
	w.conds = append(w.conds, `m.inactive = FALSE`, listed)
	if set != 0 {
		w.add(`(m.day_set & $%d) <> 0`, set)
	}
	for _, code := range types {
		w.addRaw(d.contains(`m.type_list`, w.next()), joinList([]string{code}))
	}
	if attendance != nil {
		w.addRaw(`m.attendance IN (`+placeholders(w.next(), len(attendance))+`)`, attendance...)
	}
	if q.GroupID != 0 {
		w.add(`m.group_id = $%d`, q.GroupID)
	}
	if q.Program != "" {
		_, _, program = d.finderFrom(w.next())
		w.addRaw(program, q.Program)
	}
	if q.Language != "" {
		w.addRaw(d.contains(`m.languages`, w.next()), joinList([]string{languageTag(q.Language)}))
	}
	return `SELECT m.id, m.start_time, m.end_time, m.time_zone, m.lat, m.lon, m.day_set
		FROM ` + from + `
		WHERE ` + w.String(), w.args
}

// found is a meeting the finder kept, before its page is read in full.
type found struct {
	id   int64
	next hearth.Occurrence
	dist float64
}

// FindMeetings runs the meeting finder over listed groups' active
// meetings and returns one page of results with the total count. The
// database narrows the rows by place (a bounding box), days, types,
// language, program, attendance and free text; the exact distance and
// whether an occurrence fits the days, window and Soon, all on the
// viewer's clock, are decided here with hearth.Meeting.Next. EINVALID for
// a filter that cannot be run (a bad point, radius, window, attendance,
// sort or day).
//
// It reads with two statements and no transaction (each statement is a
// consistent snapshot by itself): the candidates, then the page's
// meetings in full with their groups' lists. A meeting changed between
// the two is read as it is now; one that no longer qualifies (made
// inactive, its group unlisted, deleted) is left off the page, so the
// page never shows what the finder must not.
func (s *Store) FindMeetings(ctx context.Context, f hearth.MeetingFilter) ([]hearth.MeetingResult, int, error) {
	q, err := newFinder(f, s.now())
	if err != nil {
		return nil, 0, err
	}
	query, args := q.query(s.d)
	rd := reader{s}
	kept, err := q.candidates(ctx, rd, query, args)
	if err != nil {
		return nil, 0, err
	}
	q.sort(kept)
	from := min(q.Offset, len(kept))
	page := kept[from:min(from+q.Limit, len(kept))]
	results, err := readPage(ctx, rd, page, q.Near != nil)
	if err != nil {
		return nil, 0, err
	}
	return results, len(kept), nil
}

// reader runs single-statement reads on the read pool outside any
// transaction, with the statement cache when the read pool is separate.
type reader struct{ s *Store }

func (r reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s := r.s
	q := s.d.rebind(query)
	var rows *sql.Rows
	var err error
	if st := s.readStmt(ctx, q); st != nil {
		rows, err = st.QueryContext(ctx, s.d.args(args)...)
	} else {
		rows, err = s.read.QueryContext(ctx, q, s.d.args(args)...)
	}
	if err != nil {
		return nil, r.err(err)
	}
	return rows, nil
}

func (r reader) err(err error) error { return (&tx{d: r.s.d}).err(err) }

// readStmt is the cached statement for a rebound query on a separate
// read pool, or nil.
func (s *Store) readStmt(ctx context.Context, q string) *sql.Stmt {
	if s.read == s.write {
		return nil
	}
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil
	}
	return st
}

// candidates reads the rows the database narrowed to and keeps those
// within the radius with an occurrence that fits.
func (q *finder) candidates(ctx context.Context, t reader, query string, args []any) ([]found, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var kept []found
	var m hearth.Meeting
	var lat, lon sql.NullFloat64
	var mask int64
	var center geo.LatLon
	if q.Near != nil {
		center = geo.LatLon{Lat: q.Near.Lat, Lon: q.Near.Lon}
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &m.Start, &m.End, &m.TimeZone, &lat, &lon, &mask); err != nil {
			return nil, t.err(err)
		}
		var dist float64
		placed := lat.Valid && lon.Valid
		if q.Near != nil {
			switch {
			case !placed && q.Attendance != hearth.Online:
				continue
			case !placed:
				// Online, from anywhere: after every meeting with a
				// distance when sorted by it.
				dist = math.Inf(1)
			default:
				if dist = geo.Distance(center, geo.LatLon{Lat: lat.Float64, Lon: lon.Float64}); dist > q.radius {
					continue
				}
			}
		}
		m.Days = m.Days[:0]
		for d := time.Sunday; d <= time.Saturday; d++ {
			if mask&(1<<d) != 0 {
				m.Days = append(m.Days, d)
			}
		}
		o, ok := q.match(&m)
		if !ok {
			continue
		}
		kept = append(kept, found{id: id, next: o, dist: dist})
	}
	return kept, t.err(rows.Err())
}

// sort orders what was found by next start (then distance), or by
// distance (then next start); the id settles ties, so pages never overlap.
func (q *finder) sort(kept []found) {
	slices.SortFunc(kept, func(a, b found) int {
		byStart, byDist := a.next.Start.Compare(b.next.Start), cmp.Compare(a.dist, b.dist)
		if q.Sort == hearth.SortByDistance {
			return cmp.Or(byDist, byStart, cmp.Compare(a.id, b.id))
		}
		return cmp.Or(byStart, byDist, cmp.Compare(a.id, b.id))
	})
}

// pageSelect reads the meetings of a page with their groups and the
// groups' languages and tags (as JSON arrays), in one statement; it
// checks again that each may be found.
func (d Dialect) pageSelect(n int) string {
	return d.meetingSelect(`, `+d.jsonList("group_languages", "language"), `, `+d.jsonList("group_tags", "tag")) + `
		WHERE m.id IN (` + placeholders(1, n) + `) AND m.inactive = FALSE AND g.visibility = 'listed'`
}

// jsonList is a column of the JSON array of group g's values in one of
// its list tables, in their order.
func (d Dialect) jsonList(table, column string) string {
	if d.name == "postgres" {
		return `coalesce((SELECT json_agg(l.` + column + ` ORDER BY l.position) FROM ` + table + ` l
			WHERE l.group_id = g.id), '[]')`
	}
	return `(SELECT json_group_array(l.` + column + ` ORDER BY l.position) FROM ` + table + ` l
		WHERE l.group_id = g.id)`
}

// readPage reads the meetings of one page in full, in the page's order.
func readPage(ctx context.Context, rd reader, page []found, withDistance bool) ([]hearth.MeetingResult, error) {
	results := make([]hearth.MeetingResult, 0, len(page))
	if len(page) == 0 {
		return results, nil
	}
	ids := make([]any, len(page))
	for i, p := range page {
		ids[i] = p.id
	}
	rows, err := rd.query(ctx, rd.s.d.pageSelect(len(ids)), ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]*hearth.Meeting, len(page))
	groups := map[int64]*hearth.Group{}
	for rows.Next() {
		var r meetingRow
		var langs, tags []byte
		if err := rows.Scan(append(r.dest(), &langs, &tags)...); err != nil {
			return nil, rd.err(err)
		}
		m := r.meeting()
		// Meetings of one group share its Group.
		if g, ok := groups[m.GroupID]; ok {
			m.Group = g
		} else {
			if err := decodeList(langs, &m.Group.Languages); err != nil {
				return nil, err
			}
			if err := decodeList(tags, &m.Group.Tags); err != nil {
				return nil, err
			}
			groups[m.GroupID] = m.Group
		}
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, rd.err(err)
	}
	for _, p := range page {
		m, ok := byID[p.id]
		if !ok {
			continue
		}
		r := hearth.MeetingResult{Meeting: m, Next: p.next}
		if withDistance && !math.IsInf(p.dist, 1) {
			km := p.dist / geo.Kilometre
			r.DistanceKm = &km
		}
		results = append(results, r)
	}
	return results, nil
}

// decodeList reads a JSON array of strings made by jsonList.
func decodeList(b []byte, into *[]string) error {
	list := []string{}
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("sqlstore: reading a group's list: %w", err)
	}
	*into = list
	return nil
}
