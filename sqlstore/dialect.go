package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hearth"
	"hearth/geo"
)

// Dialect is everything that differs between SQLite and PostgreSQL as far as
// the store is concerned. It is the only place they differ: the SQL in this
// package is written once, in PostgreSQL's spelling, and the dialect adapts
// it.
//
// What both databases share needs no adapting and is written once:
// INSERT … RETURNING, INSERT … ON CONFLICT … DO UPDATE (upsert), and
// boolean EXISTS. What differs:
//
//   - placeholders: $1 in the SQL; SQLite is given ?1 (SQLite reads $1 as
//     a named parameter and numbers it by first appearance, which is
//     wrong as soon as a query uses $2 before $1);
//   - times: timestamptz on PostgreSQL; on SQLite, TEXT in a fixed-width
//     UTC form whose byte order is time order, so comparisons in SQL work;
//   - days (the date of a token's last use): date on PostgreSQL, TEXT
//     YYYY-MM-DD on SQLite;
//   - driver errors, which the sqlite and postgres packages classify,
//     since this package imports no driver;
//   - what must happen after an erasure so that no copy of erased rows is
//     left in the database files (SQLite's write-ahead log);
//   - the join that fixes the order of tables in a query (join);
//   - the finder's indexes: on SQLite a narrow copy of each meeting kept
//     in order of place (meeting_finder), on PostgreSQL a GiST index; free
//     text through FTS5 on SQLite and a tsvector on PostgreSQL (both over
//     words the store has folded, so they find the same meetings); on
//     SQLite the finder's query starts from the index that narrows it
//     most.
//
// Build one with SQLite or Postgres.
type Dialect struct {
	name       string
	numberedQ  bool // rewrite $N to ?N
	textTimes  bool // times and days are TEXT
	isUnique   func(error) bool
	isForeign  func(error) bool
	afterErase func(ctx context.Context, db *sql.DB) error
}

// SQLite is the dialect of SQLite. isUnique and isForeignKey report whether
// a driver error is a broken UNIQUE (or PRIMARY KEY) or FOREIGN KEY
// constraint.
func SQLite(isUnique, isForeignKey func(error) bool) Dialect {
	return Dialect{
		name:       "sqlite",
		numberedQ:  true,
		textTimes:  true,
		isUnique:   isUnique,
		isForeign:  isForeignKey,
		afterErase: truncateWAL,
	}
}

// Postgres is the dialect of PostgreSQL; see SQLite for the arguments.
func Postgres(isUnique, isForeignKey func(error) bool) Dialect {
	return Dialect{
		name:      "postgres",
		isUnique:  isUnique,
		isForeign: isForeignKey,
	}
}

// Name is "sqlite" or "postgres".
func (d Dialect) Name() string { return d.name }

// rebind adapts a query written with $1 placeholders. Placeholders inside
// string literals and quoted identifiers are left alone.
func (d Dialect) rebind(query string) string {
	if !d.numberedQ || !strings.Contains(query, "$") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := rebindText(query)
	// Texts that vary with their input (the finder's) would grow the
	// cache without end: past the bound they are rewritten every time.
	if nrebound.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(query, q); !loaded {
			nrebound.Add(1)
		}
	}
	return q
}

// rebound caches rebindText by query text: the queries pages run are a
// few dozen constants, rewritten once rather than on every call.
var (
	rebound  sync.Map
	nrebound atomic.Int64
)

const maxRebound = 1024

func rebindText(query string) string {
	var b strings.Builder
	b.Grow(len(query))
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(query) && isDigit(query[i+1]):
			c = '?'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// timeLayout is how SQLite keeps times: UTC, microseconds, fixed width.
// Microseconds because that is PostgreSQL's precision, so both databases
// give back exactly what they were given.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// dayLayout is how both databases are given a day.
const dayLayout = "2006-01-02"

// day is a date without a time of day, for columns that must not hold more
// (a token's last use is kept to the day).
type day time.Time

// arg turns a Go value into what the database keeps: times become UTC, and
// on SQLite they become text.
func (d Dialect) arg(v any) any {
	switch v := v.(type) {
	case time.Time:
		v = v.UTC().Truncate(time.Microsecond)
		if d.textTimes {
			return v.Format(timeLayout)
		}
		return v
	case day:
		return time.Time(v).UTC().Format(dayLayout)
	case hearth.Date:
		return v.String()
	}
	return v
}

func (d Dialect) args(in []any) []any {
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = d.arg(v)
	}
	return out
}

// timeScanner reads a time or a day back from either database: a
// time.Time from PostgreSQL, text from SQLite. NULL leaves the zero time.
type timeScanner struct{ t *time.Time }

func scanTime(t *time.Time) timeScanner { return timeScanner{t} }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
		return nil
	case time.Time:
		*s.t = v.UTC()
		return nil
	case []byte:
		return s.parse(string(v))
	case string:
		return s.parse(v)
	}
	return fmt.Errorf("sqlstore: cannot read a time from %T", src)
}

func (s timeScanner) parse(v string) error {
	if t, ok := parseStored(v); ok {
		*s.t = t
		return nil
	}
	layout := timeLayout
	if len(v) == len(dayLayout) {
		layout = dayLayout
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		return fmt.Errorf("sqlstore: bad time %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// parseStored reads a time in timeLayout without time.Parse, which takes
// several times as long: reading every meeting for a feed reads as many
// times. It reports false for anything else.
func parseStored(v string) (time.Time, bool) {
	// 2006-01-02T15:04:05.000000Z
	if len(v) != len(timeLayout) || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' ||
		v[16] != ':' || v[19] != '.' || v[26] != 'Z' {
		return time.Time{}, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var f [7]int
	for i, r := range [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 26}} {
		n, ok := num(v[r[0]:r[1]])
		if !ok {
			return time.Time{}, false
		}
		f[i] = n
	}
	if f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return time.Time{}, false
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1000, time.UTC), true
}

// truncateWAL copies SQLite's write-ahead log into the database file and
// empties it. With secure_delete on, erased rows are zeroed in the database
// file; without this they would live on in the log until the next
// checkpoint.
func truncateWAL(ctx context.Context, db *sql.DB) error {
	var busy, logFrames, checkpointed int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("sqlstore: checkpointing the write-ahead log: %w", err)
	}
	if busy != 0 {
		return fmt.Errorf("sqlstore: the write-ahead log could not be emptied: readers were busy")
	}
	return nil
}

// listSep joins the values of a meeting's type_list and region_list: the
// ASCII unit separator, which the store keeps out of every listed value.
const listSep = "\x1f"

// values is a row of n placeholders for the arguments from, from+1, …,
// which must come in order: "?, ?, ?" on SQLite, whose driver looks each
// numbered parameter up by a linear search (so a statement of many rows
// would cost the square of its parameters), "$from, …" on PostgreSQL.
func (d Dialect) values(from, n int) string {
	if !d.numberedQ {
		return placeholders(from, n)
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// contains is the condition that the text column holds the text of
// argument n (case-sensitive): instr on SQLite, strpos on PostgreSQL.
func (d Dialect) contains(column string, n int) string {
	if d.name == "postgres" {
		return fmt.Sprintf(`strpos(%s, $%d) > 0`, column, n)
	}
	return fmt.Sprintf(`instr(%s, $%d) > 0`, column, n)
}

// finderFrom is where the meeting finder reads the meetings it narrows,
// as m, with the conditions that a meeting's group is listed and has a
// program (argument n). On SQLite that is meeting_finder, the narrow copy
// kept in order of place; on PostgreSQL the meetings with their groups.
func (d Dialect) finderFrom(n int) (from, listed, program string) {
	if d.name == "postgres" {
		return d.meetingsFrom(), `g.visibility = 'listed'`, fmt.Sprintf(`g.program = $%d`, n)
	}
	return `meeting_finder m`, `m.listed = 1`, fmt.Sprintf(`m.program = $%d`, n)
}

// hasType says how to find the meetings that have a type code, argument
// n: on SQLite a FROM clause that starts from the type's index, on
// PostgreSQL a condition (with finderFrom).
func (d Dialect) hasType(n int) (from, cond string) {
	if d.name == "postgres" {
		return "", fmt.Sprintf(`EXISTS (SELECT 1 FROM meeting_types t WHERE t.meeting_id = m.id AND t.code = $%d)`, n)
	}
	return fmt.Sprintf(`(SELECT meeting_id AS id FROM meeting_types WHERE code = $%d) p
		CROSS JOIN meeting_finder m ON m.id = p.id`, n), ""
}

// byLanguage says how to find the meetings of a language from
// meeting_languages p (a language's meetings, by attendance), whose rows
// cond tests: on SQLite a FROM clause that starts from it and reads each
// meeting's finder row m by meeting_finder's primary key, which
// meeting_languages copies and is ordered by; on PostgreSQL a condition
// (with finderFrom) that reads the ids first and then each meeting by
// its key. (Joined, PostgreSQL's planner, misled by the row tests on m,
// chose to scan every meeting and hash them: 130 ms rather than 15.)
func (d Dialect) byLanguage(cond string) (from, where string) {
	if d.name == "postgres" {
		return "", `m.id = ANY (ARRAY(SELECT p.meeting_id FROM meeting_languages p WHERE ` + cond + `))`
	}
	return `meeting_languages p CROSS JOIN meeting_finder m ON m.band = p.band AND m.lon = p.lon AND m.id = p.meeting_id`, cond
}

// join is the join that keeps the table on its left the outer loop of the
// query: CROSS JOIN on SQLite, whose planner takes it as that order (the
// documented way to fix it), where it would otherwise start from the
// smaller-looking table and sort; a plain JOIN on PostgreSQL, whose
// planner chooses well from its statistics.
func (d Dialect) join() string {
	if d.name == "postgres" {
		return "JOIN"
	}
	return "CROSS JOIN"
}

// meetingsFrom is the FROM clause that reads meetings m with their
// groups g, starting from the meetings.
func (d Dialect) meetingsFrom() string {
	return `meetings m ` + d.join() + ` groups g ON g.id = m.group_id`
}

// near is the condition that meeting m (from finderFrom) lies in b, or,
// when unplaced is set, has no position; with arguments numbered from
// next: on SQLite runs of meeting_finder, one per band of latitude the
// box spans; on PostgreSQL what its GiST index serves. The caller keeps
// the meetings truly within its radius.
func (d Dialect) near(b geo.Box, unplaced bool, next int) (cond string, args []any) {
	if d.name == "postgres" {
		boxes := []geo.Box{b}
		if b.CrossesAntimeridian() {
			boxes = []geo.Box{
				{MinLat: b.MinLat, MaxLat: b.MaxLat, MinLon: b.MinLon, MaxLon: 180},
				{MinLat: b.MinLat, MaxLat: b.MaxLat, MinLon: -180, MaxLon: b.MaxLon},
			}
		}
		var parts []string
		for _, x := range boxes {
			n := next + len(args)
			parts = append(parts, fmt.Sprintf(`point(m.lon, m.lat) <@ box(point($%d, $%d), point($%d, $%d))`, n, n+1, n+2, n+3))
			args = append(args, x.MinLon, x.MinLat, x.MaxLon, x.MaxLat)
		}
		cond = `m.lat IS NOT NULL AND (` + strings.Join(parts, ` OR `) + `)`
		if unplaced {
			cond = `(m.lat IS NULL OR ` + cond + `)`
		}
		return cond, args
	}
	// The bands as meeting_finder's triggers number them; band -1 holds
	// the meetings with no position.
	if unplaced {
		args = append(args, -1)
	}
	for band := int((b.MinLat + 90) * 10); band <= int((b.MaxLat+90)*10); band++ {
		args = append(args, band)
	}
	n := next + len(args)
	inBox := fmt.Sprintf(`m.lat BETWEEN $%d AND $%d AND m.lon BETWEEN $%d AND $%d`, n, n+1, n+2, n+3)
	if b.CrossesAntimeridian() {
		inBox = fmt.Sprintf(`m.lat BETWEEN $%d AND $%d AND (m.lon >= $%d OR m.lon <= $%d)`, n, n+1, n+2, n+3)
	}
	if unplaced {
		inBox = `(m.band = -1 OR ` + inBox + `)`
	}
	cond = `m.band IN (` + placeholders(next, len(args)) + `) AND ` + inBox
	return cond, append(args, b.MinLat, b.MaxLat, b.MinLon, b.MaxLon)
}

// text says how to find the meetings whose search text holds every one of
// words (folded by foldWords), each as a word or the start of one, with
// its argument numbered next: on SQLite, when drive is set, a FROM clause
// that starts from the FTS5 index, else a condition that asks it once; on
// PostgreSQL a condition its GIN index serves.
func (d Dialect) text(words []string, next int, drive bool) (from, cond string, arg any) {
	q := make([]string, len(words))
	if d.name == "postgres" {
		for i, w := range words {
			q[i] = w + ":*"
		}
		return "", fmt.Sprintf(`to_tsvector('simple', m.search_text) @@ to_tsquery('simple', $%d)`, next), strings.Join(q, " & ")
	}
	for i, w := range words {
		q[i] = `"` + w + `"*`
	}
	match := fmt.Sprintf(`SELECT rowid AS id FROM meetings_fts WHERE meetings_fts MATCH $%d`, next)
	if drive {
		return `(` + match + `) p
			CROSS JOIN meeting_finder m ON m.id = p.id`, "", strings.Join(q, " ")
	}
	return "", `m.id IN (` + match + `)`, strings.Join(q, " ")
}

// strategyCandidates is how many of the best matches of a search the
// library ranks further (the member's language first, then the order
// asked for): ranking every match of a common word in a large library
// costs more than a page is worth.
const strategyCandidates = 500

// strategyMatch says how to find the strategies whose search text holds
// any of terms (stems, from strategyTerms) as a word or the start of one,
// with its argument numbered n: a common table expression m (id, rnk) of
// the strategyCandidates best matches, best lowest, to join onto
// strategies s. On SQLite the FTS5 index (strategies_fts) ranked by
// bm25, whose ORDER BY rank LIMIT FTS5 serves itself; on PostgreSQL the
// tsvector column ranked by ts_rank. Both read the text the store folded
// (see strategytext.go), so they find the same strategies.
func (d Dialect) strategyMatch(terms []string, n int) (with string, arg any) {
	q := make([]string, len(terms))
	if d.name == "postgres" {
		for i, w := range terms {
			q[i] = w + ":*"
		}
		return fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT x.id, -ts_rank(x.search, q) AS rnk FROM strategies x, to_tsquery('simple', $%d) q
			WHERE x.search @@ q ORDER BY rnk LIMIT %d) `, n, strategyCandidates), strings.Join(q, " | ")
	}
	for i, w := range terms {
		q[i] = `"` + w + `"*`
	}
	return fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT rowid AS id, rank AS rnk FROM strategies_fts WHERE strategies_fts MATCH $%d
		ORDER BY rank LIMIT %d) `, n, strategyCandidates), strings.Join(q, " OR ")
}
