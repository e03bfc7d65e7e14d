package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"hearth"
)

// Compile-time check that Store takes imported meetings.
var _ hearth.MeetingImportService = (*Store)(nil)

// inChunk bounds the values of one IN list or multi-row INSERT, well
// within both databases' limits on parameters.
const inChunk = 500

// ImportMeetings stores a batch of meetings read from another directory,
// in one transaction; see hearth.MeetingImportService. Each meeting's
// Group is matched by slug, or created listed and open, without members,
// when there is none. A meeting whose slug is stored is replaced, and
// counts as unchanged when nothing it holds would change; either way it
// is active afterwards and remembered as coming from source. EINVALID
// (naming the meeting's slug in its detail) for a meeting or group at
// fault, and nothing is stored.
func (s *Store) ImportMeetings(ctx context.Context, source string, batch []*hearth.Meeting) ([]string, error) {
	if source == "" {
		return nil, hearth.FieldErrors{"source": "error.form"}.Err()
	}
	clean := make([]*hearth.Meeting, len(batch))
	groups := map[string]*hearth.Group{}
	slugs := make(map[string]bool, len(batch))
	for i, m := range batch {
		if slugs[m.Slug] {
			return nil, invalidImport(m.Slug, hearth.FieldErrors{"slug": "error.meeting_slug.taken"}.Err())
		}
		slugs[m.Slug] = true
		c := *m
		c.Inactive = false
		if err := cleanMeeting(&c); err != nil {
			return nil, invalidImport(m.Slug, err)
		}
		if m.Group == nil {
			return nil, invalidImport(m.Slug, hearth.FieldErrors{"group": "error.form"}.Err())
		}
		if _, ok := groups[m.Group.Slug]; !ok {
			g := *m.Group
			g.Visibility, g.JoinPolicy = hearth.GroupListed, hearth.JoinOpen
			if err := cleanGroup(&g); err != nil {
				return nil, invalidImport(m.Slug, err)
			}
			groups[g.Slug] = &g
		}
		c.Group = groups[m.Group.Slug]
		clean[i] = &c
	}
	outcomes := make([]string, len(batch))
	err := s.inTx(ctx, func(t *tx) error {
		if err := findOrCreateGroups(ctx, t, groups); err != nil {
			return err
		}
		existing, err := meetingsBySlug(ctx, t, clean)
		if err != nil {
			return err
		}
		var created []*hearth.Meeting
		for i, m := range clean {
			m.GroupID = m.Group.ID
			old, ok := existing[m.Slug]
			switch {
			case !ok:
				created = append(created, m)
				outcomes[i] = hearth.MeetingCreated
			case sameMeeting(old.m, m):
				m.ID, m.CreatedAt, m.UpdatedAt = old.m.ID, old.m.CreatedAt, old.m.UpdatedAt
				outcomes[i] = hearth.MeetingUnchanged
			default:
				m.ID = old.m.ID
				if err := updateMeetingRow(ctx, t, m, m.Group.Name); err != nil {
					return err
				}
				outcomes[i] = hearth.MeetingUpdated
			}
			if ok && old.source != source {
				if _, err := t.exec(ctx, `UPDATE meetings SET source = $1 WHERE id = $2`, source, m.ID); err != nil {
					return err
				}
			}
		}
		return insertMeetings(ctx, t, created, source)
	})
	if err != nil {
		return nil, err
	}
	for i, m := range clean {
		batch[i].ID, batch[i].GroupID = m.ID, m.GroupID
		batch[i].CreatedAt, batch[i].UpdatedAt = m.CreatedAt, m.UpdatedAt
	}
	return outcomes, nil
}

func invalidImport(slug string, err error) error {
	return &hearth.Error{Code: hearth.EINVALID, Message: hearth.ErrorMessage(err),
		Fields: hearth.ErrorFields(err), Err: fmt.Errorf("meeting %q", slug)}
}

// findOrCreateGroups fills in the IDs of groups, keyed by slug, creating
// those that are not stored; a stored group is left as it is (its name
// too).
func findOrCreateGroups(ctx context.Context, t *tx, groups map[string]*hearth.Group) error {
	slugs := make([]string, 0, len(groups))
	for slug := range groups {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for chunk := range slices.Chunk(slugs, inChunk) {
		args := make([]any, len(chunk))
		for i, s := range chunk {
			args[i] = s
		}
		err := func() error {
			rows, err := t.query(ctx, `SELECT id, slug, name FROM groups WHERE slug IN (`+placeholders(1, len(args))+`)`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var slug, name string
				if err := rows.Scan(&id, &slug, &name); err != nil {
					return t.err(err)
				}
				groups[slug].ID, groups[slug].Name = id, name
			}
			return t.err(rows.Err())
		}()
		if err != nil {
			return err
		}
	}
	var missing []*hearth.Group
	for _, slug := range slugs {
		if g := groups[slug]; g.ID == 0 {
			missing = append(missing, g)
		}
	}
	return insertGroups(ctx, t, missing)
}

// insertGroups stores new groups, many to a statement, and fills in their
// IDs and times.
func insertGroups(ctx context.Context, t *tx, gs []*hearth.Group) error {
	bySlug := make(map[string]*hearth.Group, len(gs))
	var langs, tags [][]any
	for _, g := range gs {
		g.CreatedAt, g.UpdatedAt = t.now, t.now
		bySlug[g.Slug] = g
	}
	err := insertRows(ctx, t, `INSERT INTO groups (slug, name, description, program, time_zone,
		visibility, join_policy, search_text, created_at, updated_at) VALUES `, ` RETURNING id, slug`,
		len(gs), func(i int) []any {
			g := gs[i]
			return []any{g.Slug, g.Name, g.Description, g.Program, g.TimeZone, g.Visibility, g.JoinPolicy,
				searchText(g.Name, g.Description), t.now, t.now}
		}, func(rows *sql.Rows) error {
			var id int64
			var slug string
			if err := rows.Scan(&id, &slug); err != nil {
				return err
			}
			bySlug[slug].ID = id
			return nil
		})
	if err != nil {
		return groupSlugTaken(err)
	}
	for _, g := range gs {
		for i, l := range g.Languages {
			langs = append(langs, []any{g.ID, l, i})
		}
		for i, x := range g.Tags {
			tags = append(tags, []any{g.ID, x, i})
		}
	}
	if err := insertRows(ctx, t, `INSERT INTO group_languages (group_id, language, position) VALUES `, "",
		len(langs), func(i int) []any { return langs[i] }, nil); err != nil {
		return err
	}
	return insertRows(ctx, t, `INSERT INTO group_tags (group_id, tag, position) VALUES `, "",
		len(tags), func(i int) []any { return tags[i] }, nil)
}

// insertRows inserts n rows, as many to a statement as the databases'
// limit on parameters allows: head is the statement up to VALUES, tail
// what follows the rows (a RETURNING clause, whose rows scan reads).
func insertRows(ctx context.Context, t *tx, head, tail string, n int, row func(i int) []any, scan func(*sql.Rows) error) error {
	for from := 0; from < n; {
		var b strings.Builder
		b.WriteString(head)
		var args []any
		i := from
		for ; i < n && len(args) < maxParams; i++ {
			vals := row(i)
			if i > from {
				b.WriteString(", ")
			}
			b.WriteString("(" + t.d.values(len(args)+1, len(vals)) + ")")
			args = append(args, vals...)
		}
		from = i
		b.WriteString(tail)
		if scan == nil {
			if _, err := t.exec(ctx, b.String(), args...); err != nil {
				return err
			}
			continue
		}
		rows, err := t.query(ctx, b.String(), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return t.err(err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return t.err(err)
		}
	}
	return nil
}

// maxParams bounds the parameters of one statement, well within both
// databases' limits (SQLite 32,766, PostgreSQL 65,535): more rows to a
// statement gain nothing measurable (bench/meetings).
const maxParams = 4000

// storedMeeting is a meeting as stored, with where it came from.
type storedMeeting struct {
	m      *hearth.Meeting
	source string
}

// meetingsBySlug reads the stored meetings that have the slugs of ms.
func meetingsBySlug(ctx context.Context, t *tx, ms []*hearth.Meeting) (map[string]storedMeeting, error) {
	out := make(map[string]storedMeeting, len(ms))
	for chunk := range slices.Chunk(ms, inChunk) {
		args := make([]any, len(chunk))
		for i, m := range chunk {
			args[i] = m.Slug
		}
		rows, err := t.query(ctx, t.d.meetingSelect(`, m.source`)+` WHERE m.slug IN (`+placeholders(1, len(args))+`)`, args...)
		if err != nil {
			return nil, err
		}
		err = func() error {
			defer rows.Close()
			for rows.Next() {
				var r meetingRow
				var source string
				if err := rows.Scan(append(r.dest(), &source)...); err != nil {
					return t.err(err)
				}
				m := r.meeting()
				out[m.Slug] = storedMeeting{m: m, source: source}
			}
			return t.err(rows.Err())
		}()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sameMeeting reports whether storing b over a would change nothing a
// member could see.
func sameMeeting(a, b *hearth.Meeting) bool {
	samePoint := (a.Point == nil) == (b.Point == nil) && (a.Point == nil || *a.Point == *b.Point)
	return a.GroupID == b.GroupID && a.Slug == b.Slug && a.Name == b.Name &&
		slices.Equal(a.Days, b.Days) && a.Start == b.Start && a.End == b.End && a.TimeZone == b.TimeZone &&
		a.Venue == b.Venue && a.FormattedAddress == b.FormattedAddress && a.Address == b.Address &&
		a.City == b.City && a.Region == b.Region && a.PostalCode == b.PostalCode && a.Country == b.Country &&
		a.Approximate == b.Approximate && samePoint && a.LocationNotes == b.LocationNotes &&
		slices.Equal(a.Regions, b.Regions) && a.ConferenceURL == b.ConferenceURL &&
		a.ConferenceURLNotes == b.ConferenceURLNotes && a.ConferencePhone == b.ConferencePhone &&
		a.ConferencePhoneNotes == b.ConferencePhoneNotes && slices.Equal(a.Types, b.Types) &&
		a.Notes == b.Notes && a.Inactive == b.Inactive
}

// insertMeetings stores new meetings of groups already stored, many to a
// statement (on SQLite each statement also brings the full-text index up
// to date once, rather than once a meeting), then their days, types and
// regions the same way, and fills in their IDs and times.
func insertMeetings(ctx context.Context, t *tx, ms []*hearth.Meeting, source string) error {
	bySlug := make(map[string]*hearth.Meeting, len(ms))
	for _, m := range ms {
		m.CreatedAt, m.UpdatedAt = t.now, t.now
		bySlug[m.Slug] = m
	}
	head, _, _ := strings.Cut(insertMeetingSQL, "VALUES")
	err := insertRows(ctx, t, head+"VALUES ", " RETURNING id, slug", len(ms), func(i int) []any {
		// created_at and updated_at are one parameter in
		// insertMeetingSQL; here each row gives both.
		args := insertMeetingArgs(ms[i], ms[i].Group.Name, source, t.now)
		return append(args, t.now)
	}, func(rows *sql.Rows) error {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return err
		}
		bySlug[slug].ID = id
		return nil
	})
	if err != nil {
		return meetingSlugTaken(err)
	}
	var days, types, regions [][]any
	for _, m := range ms {
		for _, d := range m.Days {
			days = append(days, []any{m.ID, int(d)})
		}
		for i, c := range m.Types {
			types = append(types, []any{m.ID, c, i})
		}
		for i, r := range m.Regions {
			regions = append(regions, []any{m.ID, i, r})
		}
	}
	for _, l := range []struct {
		head string
		rows [][]any
	}{
		{`INSERT INTO meeting_days (meeting_id, day) VALUES `, days},
		{`INSERT INTO meeting_types (meeting_id, code, position) VALUES `, types},
		{`INSERT INTO meeting_regions (meeting_id, position, name) VALUES `, regions},
	} {
		if err := insertRows(ctx, t, l.head, "", len(l.rows), func(i int) []any { return l.rows[i] }, nil); err != nil {
			return err
		}
	}
	return nil
}

// ImportedMeetingSlugs lists, by slug, the active meetings that came from
// source.
func (s *Store) ImportedMeetingSlugs(ctx context.Context, source string) (slugs []string, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT slug FROM meetings WHERE source = $1 AND inactive = FALSE ORDER BY slug`, source)
		if err != nil {
			return err
		}
		defer rows.Close()
		slugs = []string{}
		for rows.Next() {
			var slug string
			if err := rows.Scan(&slug); err != nil {
				return t.err(err)
			}
			slugs = append(slugs, slug)
		}
		return t.err(rows.Err())
	})
	return slugs, err
}

// DeactivateMeetings marks the active meetings with these slugs inactive,
// in one transaction, and returns how many it marked.
func (s *Store) DeactivateMeetings(ctx context.Context, slugs []string) (n int, err error) {
	err = s.inTx(ctx, func(t *tx) error {
		for chunk := range slices.Chunk(slugs, inChunk) {
			args := []any{t.now}
			for _, s := range chunk {
				args = append(args, s)
			}
			r, err := t.exec(ctx, `UPDATE meetings SET inactive = TRUE, updated_at = $1
				WHERE inactive = FALSE AND slug IN (`+placeholders(2, len(chunk))+`)`, args...)
			if err != nil {
				return err
			}
			k, err := r.RowsAffected()
			if err != nil {
				return fmt.Errorf("sqlstore: rows affected: %w", err)
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}
