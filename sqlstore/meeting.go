package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"hearth"
)

// Compile-time check that Store keeps meetings.
var _ hearth.MeetingService = (*Store)(nil)

// meetingColumns are a meeting's columns (its lists from their copies in
// the meetings row); meetingSelect adds its group's, and meetingRow reads
// them in this order.
const meetingColumns = `m.id, m.group_id, m.slug, m.name, m.start_time, m.end_time, m.time_zone,
	m.venue, m.formatted_address, m.address, m.city, m.region, m.postal_code, m.country,
	m.approximate, m.lat, m.lon, m.location_notes, m.conference_url, m.conference_url_notes,
	m.conference_phone, m.conference_phone_notes, m.notes, m.inactive, m.created_at, m.updated_at,
	m.day_set, m.type_list, m.region_list, ` + groupColumns

// meetingSelect reads meetings with their group, from meetings m (the
// outer table) joined with groups g. More columns to read go in extra,
// each with a leading comma.
func (d Dialect) meetingSelect(extra ...string) string {
	return `SELECT ` + meetingColumns + strings.Join(extra, "") + `
		FROM meetings m ` + d.join() + ` groups g ON g.id = m.group_id`
}

// visibleTo is the condition that the actor whose id is argument n may see
// meeting m of group g: its group is listed, or they are a member.
func visibleTo(n int) string {
	return `(g.visibility = 'listed' OR EXISTS (SELECT 1 FROM group_members gm
		WHERE gm.group_id = g.id AND gm.account_id = $` + strconv.Itoa(n) + `))`
}

// meetingRow holds what a query of meetingColumns reads before it becomes
// a meeting.
type meetingRow struct {
	m              hearth.Meeting
	g              hearth.Group
	lat, lon       sql.NullFloat64
	days           int64
	types, regions string
}

func (r *meetingRow) dest() []any {
	m := &r.m
	return append([]any{&m.ID, &m.GroupID, &m.Slug, &m.Name, &m.Start, &m.End, &m.TimeZone,
		&m.Venue, &m.FormattedAddress, &m.Address, &m.City, &m.Region, &m.PostalCode, &m.Country,
		&m.Approximate, &r.lat, &r.lon, &m.LocationNotes, &m.ConferenceURL, &m.ConferenceURLNotes,
		&m.ConferencePhone, &m.ConferencePhoneNotes, &m.Notes, &m.Inactive, scanTime(&m.CreatedAt), scanTime(&m.UpdatedAt),
		&r.days, &r.types, &r.regions}, groupDest(&r.g)...)
}

// meeting returns the meeting read, with its group.
func (r *meetingRow) meeting() *hearth.Meeting {
	m := r.m
	if r.lat.Valid && r.lon.Valid {
		m.Point = &hearth.LatLon{Lat: r.lat.Float64, Lon: r.lon.Float64}
	}
	m.Days = daysOf(r.days)
	m.Types = splitList(r.types)
	m.Regions = splitList(r.regions)
	g := r.g
	m.Group = &g
	return &m
}

// daySet is the bit set of weekdays (bit 0 Sunday) that day_set keeps.
func daySet(days []time.Weekday) int64 {
	var set int64
	for _, d := range days {
		set |= 1 << d
	}
	return set
}

// daysOf turns a bit set of weekdays into sorted days.
func daysOf(set int64) []time.Weekday {
	days := []time.Weekday{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if set&(1<<d) != 0 {
			days = append(days, d)
		}
	}
	return days
}

// joinList writes a list for a type_list or region_list column: each
// value followed by listSep, and one listSep before them all, so that
// "\x1fO\x1f" is in the column exactly when "O" is in the list.
func joinList(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return listSep + strings.Join(list, listSep) + listSep
}

// splitList reads what joinList wrote.
func splitList(s string) []string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, listSep), listSep)
	if s == "" {
		return []string{}
	}
	return strings.Split(s, listSep)
}

// findMeetings runs a query made with meetingSelect and returns the
// meetings, each group's languages and tags filled in.
func findMeetings(ctx context.Context, t *tx, query string, args ...any) ([]*hearth.Meeting, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*hearth.Meeting{}
	groups := map[int64]*hearth.Group{}
	for rows.Next() {
		var r meetingRow
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, t.err(err)
		}
		m := r.meeting()
		// Meetings of one group share its Group.
		if g, ok := groups[m.GroupID]; ok {
			m.Group = g
		} else {
			groups[m.GroupID] = m.Group
		}
		list = append(list, m)
	}
	if err := rows.Err(); err != nil {
		return nil, t.err(err)
	}
	rows.Close()
	gs := make([]*hearth.Group, 0, len(groups))
	for _, g := range groups {
		gs = append(gs, g)
	}
	return list, attachGroupLists(ctx, t, gs)
}

// cleanMeeting trims a meeting's text, sorts its days, keeps each type
// and region once (and no empty ones), and checks it.
func cleanMeeting(m *hearth.Meeting) error {
	for _, p := range []*string{&m.Slug, &m.Name, &m.Start, &m.End, &m.TimeZone, &m.Venue,
		&m.FormattedAddress, &m.Address, &m.City, &m.Region, &m.PostalCode, &m.Country,
		&m.ConferenceURL, &m.ConferencePhone} {
		*p = strings.TrimSpace(*p)
	}
	for _, p := range []*string{&m.LocationNotes, &m.ConferenceURLNotes, &m.ConferencePhoneNotes, &m.Notes} {
		*p = strings.TrimRightFunc(*p, unicode.IsSpace)
	}
	m.Days = slices.Compact(slices.Sorted(slices.Values(m.Days)))
	m.Types = cleanStrings(m.Types)
	m.Regions = cleanStrings(m.Regions)
	return m.Validate()
}

// cleanStrings trims the values and drops empty and repeated ones,
// keeping the order.
func cleanStrings(in []string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// attendanceOf is how people attend the meeting when it meets, whether or
// not it is inactive now.
func attendanceOf(m *hearth.Meeting) string {
	x := *m
	x.Inactive = false
	return x.Attendance()
}

// meetingSearchText is the words of a meeting that free text finds it by.
func meetingSearchText(m *hearth.Meeting, groupName string) string {
	texts := append([]string{m.Name, groupName, m.Venue, m.FormattedAddress, m.Address, m.City,
		m.Region, m.LocationNotes, m.Notes}, m.Regions...)
	return searchText(texts...)
}

// latLon are the meeting's coordinates as column values (NULL for none).
func latLon(m *hearth.Meeting) (lat, lon any) {
	if m.Point == nil {
		return nil, nil
	}
	return m.Point.Lat, m.Point.Lon
}

// insertMeeting stores a cleaned meeting of a group whose name is
// groupName, and fills in its ID and times. ECONFLICT when the slug is
// taken.
func insertMeeting(ctx context.Context, t *tx, m *hearth.Meeting, groupName, source string) error {
	if err := insertMeetingRow(ctx, t, m, groupName, source); err != nil {
		return err
	}
	return insertMeetingLists(ctx, t, m)
}

// insertMeetingRow is insertMeeting without the meeting's lists.
func insertMeetingRow(ctx context.Context, t *tx, m *hearth.Meeting, groupName, source string) error {
	m.CreatedAt, m.UpdatedAt = t.now, t.now
	err := t.queryRow(ctx, insertMeetingSQL, insertMeetingArgs(m, groupName, source, t.now)...).Scan(&m.ID)
	return meetingSlugTaken(err)
}

// insertMeetingSQL stores a meeting's row; insertMeetingArgs are its
// arguments.
const insertMeetingSQL = `
	INSERT INTO meetings (group_id, slug, name, start_time, end_time, time_zone,
		venue, formatted_address, address, city, region, postal_code, country,
		approximate, lat, lon, location_notes, conference_url, conference_url_notes,
		conference_phone, conference_phone_notes, notes, attendance, inactive,
		day_set, type_list, region_list, search_text, source, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
		$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30)
	RETURNING id`

func insertMeetingArgs(m *hearth.Meeting, groupName, source string, now time.Time) []any {
	lat, lon := latLon(m)
	return []any{m.GroupID, m.Slug, m.Name, m.Start, m.End, m.TimeZone,
		m.Venue, m.FormattedAddress, m.Address, m.City, m.Region, m.PostalCode, m.Country,
		m.Approximate, lat, lon, m.LocationNotes, m.ConferenceURL, m.ConferenceURLNotes,
		m.ConferencePhone, m.ConferencePhoneNotes, m.Notes, attendanceOf(m), m.Inactive,
		daySet(m.Days), joinList(m.Types), joinList(m.Regions),
		meetingSearchText(m, groupName), source, now}
}

// updateMeetingRow replaces a cleaned meeting's fields, all but its
// creation time and source, and its lists.
func updateMeetingRow(ctx context.Context, t *tx, m *hearth.Meeting, groupName string) error {
	lat, lon := latLon(m)
	m.UpdatedAt = t.now
	err := t.queryRow(ctx, `
		UPDATE meetings SET group_id = $1, slug = $2, name = $3, start_time = $4, end_time = $5,
			time_zone = $6, venue = $7, formatted_address = $8, address = $9, city = $10,
			region = $11, postal_code = $12, country = $13, approximate = $14, lat = $15, lon = $16,
			location_notes = $17, conference_url = $18, conference_url_notes = $19,
			conference_phone = $20, conference_phone_notes = $21, notes = $22, attendance = $23,
			inactive = $24, day_set = $25, type_list = $26, region_list = $27, search_text = $28,
			updated_at = $29
		WHERE id = $30
		RETURNING created_at`,
		m.GroupID, m.Slug, m.Name, m.Start, m.End, m.TimeZone, m.Venue, m.FormattedAddress,
		m.Address, m.City, m.Region, m.PostalCode, m.Country, m.Approximate, lat, lon,
		m.LocationNotes, m.ConferenceURL, m.ConferenceURLNotes, m.ConferencePhone,
		m.ConferencePhoneNotes, m.Notes, attendanceOf(m), m.Inactive,
		daySet(m.Days), joinList(m.Types), joinList(m.Regions),
		meetingSearchText(m, groupName), t.now, m.ID).Scan(scanTime(&m.CreatedAt))
	if err != nil {
		return meetingSlugTaken(err)
	}
	for _, table := range []string{"meeting_days", "meeting_types", "meeting_regions"} {
		if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE meeting_id = $1`, m.ID); err != nil {
			return err
		}
	}
	return insertMeetingLists(ctx, t, m)
}

// meetingSlugTaken says a conflict on a meeting's row in Hearth's words.
func meetingSlugTaken(err error) error {
	if hearth.ErrorCode(err) == hearth.ECONFLICT {
		return &hearth.Error{Code: hearth.ECONFLICT, Message: "error.meeting_slug.taken",
			Fields: map[string]string{"slug": "error.meeting_slug.taken"}, Err: err}
	}
	return err
}

// insertMeetingLists stores a meeting's days, types and regions, each list
// in one statement.
func insertMeetingLists(ctx context.Context, t *tx, m *hearth.Meeting) error {
	insert := func(table, columns string, n int, row func(i int) []any) error {
		if n == 0 {
			return nil
		}
		var b strings.Builder
		args := []any{m.ID}
		b.WriteString(`INSERT INTO ` + table + ` (meeting_id, ` + columns + `) VALUES `)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			vals := row(i)
			b.WriteString("($1, " + placeholders(len(args)+1, len(vals)) + ")")
			args = append(args, vals...)
		}
		_, err := t.exec(ctx, b.String(), args...)
		return err
	}
	if err := insert("meeting_days", "day", len(m.Days), func(i int) []any { return []any{int(m.Days[i])} }); err != nil {
		return err
	}
	if err := insert("meeting_types", "code, position", len(m.Types), func(i int) []any { return []any{m.Types[i], i} }); err != nil {
		return err
	}
	return insert("meeting_regions", "position, name", len(m.Regions), func(i int) []any { return []any{i, m.Regions[i]} })
}

// groupName returns the name of a group, ENOTFOUND.
func groupName(ctx context.Context, t *tx, groupID int64) (string, error) {
	var name string
	err := t.queryRow(ctx, `SELECT name FROM groups WHERE id = $1`, groupID).Scan(&name)
	return name, err
}

// CreateMeeting stores m for its group and fills in its ID and times.
// EINVALID; ENOTFOUND for no such group; EUNAUTHORIZED for a visitor,
// EFORBIDDEN unless the actor is a trusted servant or owner of the group;
// ECONFLICT when the slug is taken.
func (s *Store) CreateMeeting(ctx context.Context, m *hearth.Meeting) error {
	nm := *m
	if err := cleanMeeting(&nm); err != nil {
		return err
	}
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	err := s.inTx(ctx, func(t *tx) error {
		if err := mustServe(ctx, t, nm.GroupID, actor); err != nil {
			return err
		}
		name, err := groupName(ctx, t, nm.GroupID)
		if err != nil {
			return err
		}
		return insertMeeting(ctx, t, &nm, name, "")
	})
	if err != nil {
		return err
	}
	nm.Group = nil
	*m = nm
	return nil
}

// UpdateMeeting replaces the fields of the meeting with m's ID, and fills
// in its times. A meeting moves to another group only when the actor
// serves both. Same errors as CreateMeeting; ENOTFOUND for no such
// meeting.
func (s *Store) UpdateMeeting(ctx context.Context, m *hearth.Meeting) error {
	nm := *m
	if err := cleanMeeting(&nm); err != nil {
		return err
	}
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	err := s.inTx(ctx, func(t *tx) error {
		var current int64
		if err := t.queryRow(ctx, `SELECT group_id FROM meetings WHERE id = $1`, nm.ID).Scan(&current); err != nil {
			return err
		}
		if err := mustServe(ctx, t, current, actor); err != nil {
			return err
		}
		if nm.GroupID == 0 {
			nm.GroupID = current
		}
		if nm.GroupID != current {
			if err := mustServe(ctx, t, nm.GroupID, actor); err != nil {
				return err
			}
		}
		name, err := groupName(ctx, t, nm.GroupID)
		if err != nil {
			return err
		}
		return updateMeetingRow(ctx, t, &nm, name)
	})
	if err != nil {
		return err
	}
	nm.Group = nil
	*m = nm
	return nil
}

// DeleteMeeting removes a meeting; its days, types, regions, follows
// and finder rows go with it (foreign keys and triggers).
func (s *Store) DeleteMeeting(ctx context.Context, id int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		var groupID int64
		if err := t.queryRow(ctx, `SELECT group_id FROM meetings WHERE id = $1`, id).Scan(&groupID); err != nil {
			return err
		}
		if err := mustServe(ctx, t, groupID, actor); err != nil {
			return err
		}
		return t.execOne(ctx, `DELETE FROM meetings WHERE id = $1`, id)
	})
}

// FindMeetingBySlug returns the meeting with its group, active or not;
// ENOTFOUND, also when its group is unlisted and the actor is not a
// member.
func (s *Store) FindMeetingBySlug(ctx context.Context, slug string) (m *hearth.Meeting, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err := findMeetings(ctx, t, s.d.meetingSelect()+`
			WHERE m.slug = $1 AND `+visibleTo(2), slug, hearth.AccountIDFromContext(ctx))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return notFound()
		}
		m = list[0]
		return nil
	})
	return m, err
}

// GroupMeetings lists a group's meetings, inactive ones too, by their
// first day, then time, then name. ENOTFOUND for no such group, or an
// unlisted one the actor is not a member of.
func (s *Store) GroupMeetings(ctx context.Context, groupID int64) (list []*hearth.Meeting, err error) {
	actor := hearth.AccountIDFromContext(ctx)
	err = s.inReadTx(ctx, func(t *tx) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM groups g WHERE g.id = $1 AND `+visibleTo(2), groupID, actor).Scan(&one); err != nil {
			return err
		}
		list, err = findMeetings(ctx, t, s.d.meetingSelect()+` WHERE m.group_id = $1`, groupID)
		return err
	})
	if err != nil {
		return nil, err
	}
	sortByWeek(list)
	return list, nil
}

// sortByWeek orders meetings by their first day of the week, then time,
// then name.
func sortByWeek(list []*hearth.Meeting) {
	slices.SortFunc(list, func(a, b *hearth.Meeting) int {
		return cmp.Or(cmp.Compare(firstDay(a), firstDay(b)), cmp.Compare(a.Start, b.Start),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
}

func firstDay(m *hearth.Meeting) time.Weekday {
	if len(m.Days) == 0 {
		return 7
	}
	return m.Days[0]
}

// scanCacheKiB is SQLite's page cache while a feed reads every meeting.
const scanCacheKiB = 2000

// scanCache gives the SQLite connection conn a small page cache until
// restore is called. The feed of every meeting reads each page of the
// meetings once: a large cache would only fill with pages no one reads
// again (some 25 MB at 120,000 meetings, bench/meetings), and the scan
// would evict the finder's pages from it anyway. (A group's feed reads a
// few pages, and keeps the cache as it is.) restore sets the cache back
// to its size, to grow again as queries need it. It works on the
// connection, not in a transaction: database/sql ends a transaction as
// soon as its context is cancelled, and the cache must be restored even
// then, before the connection goes back to the pool.
func scanCache(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var size int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&size); err != nil {
		return nil, fmt.Errorf("sqlstore: reading the page cache size: %w", err)
	}
	if size < 0 && -size <= scanCacheKiB {
		return func() {}, nil
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, scanCacheKiB)); err != nil {
		return nil, fmt.Errorf("sqlstore: shrinking the page cache: %w", err)
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, size))
	}, nil
}

// EachListedMeeting calls fn with every active meeting of a listed group
// (of group groupID only, when it is not 0), in the order they were
// stored. It reads the meetings with one cursor as it goes, so a feed of
// any size takes little memory, and only what a feed carries: of the
// meeting, all but its creation time; of its Group, the ID, slug, name
// and description.
func (s *Store) EachListedMeeting(ctx context.Context, groupID int64, fn func(*hearth.Meeting) error) error {
	if s.d.name == "postgres" || groupID != 0 {
		return s.inReadTx(ctx, func(t *tx) error { return eachListedMeeting(ctx, t, groupID, fn) })
	}
	// The whole feed on SQLite: on a connection of its own, through a
	// small page cache (see scanCache).
	conn, err := s.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	defer conn.Close()
	restore, err := scanCache(ctx, conn)
	if err != nil {
		return err
	}
	defer restore()
	sqlTx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	t := &tx{tx: sqlTx, d: s.d, now: s.now().UTC().Truncate(time.Microsecond)}
	defer t.rollback()
	return eachListedMeeting(ctx, t, groupID, fn)
}

func eachListedMeeting(ctx context.Context, t *tx, groupID int64, fn func(*hearth.Meeting) error) error {
	q := `SELECT m.id, m.group_id, m.slug, m.name, m.start_time, m.end_time, m.time_zone,
		m.venue, m.formatted_address, m.address, m.city, m.region, m.postal_code, m.country,
		m.approximate, m.lat, m.lon, m.location_notes, m.conference_url, m.conference_url_notes,
		m.conference_phone, m.conference_phone_notes, m.notes, m.updated_at,
		m.day_set, m.type_list, m.region_list, g.slug, g.name, g.description
		FROM meetings m ` + t.d.join() + ` groups g ON g.id = m.group_id
		WHERE g.visibility = 'listed' AND m.inactive = FALSE`
	var args []any
	if groupID != 0 {
		q += ` AND m.group_id = $1`
		args = append(args, groupID)
	}
	rows, err := t.query(ctx, q+` ORDER BY m.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var lat, lon sql.NullFloat64
	var days int64
	var types, regions string
	for rows.Next() {
		m := &hearth.Meeting{Group: &hearth.Group{}}
		g := m.Group
		if err := rows.Scan(&m.ID, &m.GroupID, &m.Slug, &m.Name, &m.Start, &m.End, &m.TimeZone,
			&m.Venue, &m.FormattedAddress, &m.Address, &m.City, &m.Region, &m.PostalCode, &m.Country,
			&m.Approximate, &lat, &lon, &m.LocationNotes, &m.ConferenceURL, &m.ConferenceURLNotes,
			&m.ConferencePhone, &m.ConferencePhoneNotes, &m.Notes, scanTime(&m.UpdatedAt),
			&days, &types, &regions, &g.Slug, &g.Name, &g.Description); err != nil {
			return t.err(err)
		}
		g.ID = m.GroupID
		if lat.Valid && lon.Valid {
			m.Point = &hearth.LatLon{Lat: lat.Float64, Lon: lon.Float64}
		}
		m.Days, m.Types, m.Regions = daysOf(days), splitList(types), splitList(regions)
		if err := fn(m); err != nil {
			return err
		}
	}
	return t.err(rows.Err())
}

// FeedVersion is a number that changes whenever anything the Meeting
// Guide feed carries may have changed. Triggers count changes and
// deletions of meetings and changes of groups (migration 00012); a new
// meeting moves the largest meeting id instead, since ids only grow while
// nothing is deleted. So (count, largest id) never comes back once left:
// a feed written at version v is stale once FeedVersion is not v.
func (s *Store) FeedVersion(ctx context.Context) (int64, error) {
	var changes, maxID int64
	err := s.readRow(ctx, `SELECT version, (SELECT coalesce(max(id), 0) FROM meetings) FROM feed_version WHERE id = 1`).
		Scan(&changes, &maxID)
	return changes<<32 ^ maxID, err
}
