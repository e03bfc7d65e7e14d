package sqlstore

import (
	"context"
	"time"

	"hearth"
	"hearth/vault"
)

var _ hearth.HomeService = (*Store)(nil)

// Home reads a member's dashboard. It runs on every visit to the
// dashboard, so its reads are not wrapped in a transaction (the lists are
// unrelated, and each is read consistently), and it first counts what
// there is in one small statement, then reads only the lists that are
// not empty: a newcomer's dashboard is one statement.
func (s *Store) Home(ctx context.Context, now time.Time, today hearth.Date) (*hearth.Home, error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	h := &hearth.Home{Groups: []*hearth.Group{}, Clocks: []*hearth.Clock{}}
	var meetings []*hearth.Meeting
	err := s.inReads(ctx, func(t *tx) error {
		var groups, follows, clocks int
		if err := t.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM group_members WHERE account_id = $1),
			(SELECT COUNT(*) FROM meeting_follows WHERE account_id = $1),
			(SELECT COUNT(*) FROM clocks WHERE account_id = $1),
			(SELECT COUNT(*) FROM check_ins WHERE account_id = $1 AND on_date >= $2 AND on_date <= $3),
			(SELECT MAX(on_date) FROM check_ins WHERE account_id = $1 AND on_date >= $2 AND on_date <= $3)`,
			actor, today.AddDays(-6), today).Scan(&groups, &follows, &clocks, &h.WeekCheckIns, scanDate(&h.LastCheckIn)); err != nil {
			return err
		}
		var err error
		if groups > 0 {
			if h.Groups, err = homeGroups(ctx, t, actor); err != nil {
				return err
			}
		}
		if follows > 0 {
			if meetings, err = followedMeetings(ctx, t, actor); err != nil {
				return err
			}
		}
		if clocks > 0 {
			h.Clocks, err = s.homeClocks(ctx, t, actor)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	h.Meetings = byNextStart(meetings, now)
	return h, nil
}

// homeGroups reads what links to the member's groups need.
func homeGroups(ctx context.Context, t *tx, actor int64) ([]*hearth.Group, error) {
	return queryAll(ctx, t, func(sc scanner) (*hearth.Group, error) {
		g := new(hearth.Group)
		return g, sc.Scan(&g.ID, &g.Slug, &g.Name)
	}, `SELECT g.id, g.slug, g.name FROM groups g
		JOIN group_members m ON m.group_id = g.id
		WHERE m.account_id = $1
		ORDER BY lower(g.name), g.id`, actor)
}

// homeClocks reads the member's clocks. Their names are opened with the
// member's data key, which is read only when there is a clock to open.
func (s *Store) homeClocks(ctx context.Context, t *tx, actor int64) ([]*hearth.Clock, error) {
	rows, err := t.query(ctx, `SELECT `+clockColumns+`, k.wrapped FROM clocks c
		JOIN data_keys k ON k.account_id = c.account_id
		WHERE c.account_id = $1 ORDER BY c.id`, actor)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*hearth.Clock{}
	var dk *vault.DataKey
	for rows.Next() {
		var c hearth.Clock
		var name, wrapped []byte
		if err := rows.Scan(&c.ID, &c.AccountID, &c.Kind, &name, scanDate(&c.Start), &c.StartTime, &c.Schedule,
			&c.MoneyPerDay, &c.MinutesPerDay, &c.Visibility, &c.Celebrate, scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt), &wrapped); err != nil {
			return nil, t.err(err)
		}
		if dk == nil {
			if dk, err = s.dataKey(actor, wrapped); err != nil {
				return nil, err
			}
		}
		if err := openSealed(dk, "clocks", c.ID, []sealed{{"name", &c.Name}}, [][]byte{name}); err != nil {
			return nil, err
		}
		list = append(list, &c)
	}
	return list, t.err(rows.Err())
}
