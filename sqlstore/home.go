package sqlstore

import (
	"context"
	"time"

	"hearth"
)

var _ hearth.HomeService = (*Store)(nil)

// Home reads a member's dashboard. It runs on every visit to the
// dashboard, so its reads are not wrapped in a transaction: the groups
// and the meetings are unrelated lists, and each is read consistently.
func (s *Store) Home(ctx context.Context, now time.Time) (*hearth.Home, error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	h := &hearth.Home{Groups: []*hearth.Group{}}
	var meetings []*hearth.Meeting
	err := s.inReads(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT g.id, g.slug, g.name FROM groups g
			JOIN group_members m ON m.group_id = g.id
			WHERE m.account_id = $1
			ORDER BY lower(g.name), g.id`, actor)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			g := new(hearth.Group)
			if err := rows.Scan(&g.ID, &g.Slug, &g.Name); err != nil {
				return t.err(err)
			}
			h.Groups = append(h.Groups, g)
		}
		if err := rows.Err(); err != nil {
			return t.err(err)
		}
		rows.Close()
		meetings, err = followedMeetings(ctx, t, actor)
		return err
	})
	if err != nil {
		return nil, err
	}
	h.Meetings = byNextStart(meetings, now)
	return h, nil
}
