package sqlstore

import (
	"context"

	"hearth"
)

// ExportMemberships fills in the part of a member's export that groups
// and meetings keep: the groups they belong to (with their role) or asked
// to join, and the meetings they follow. It sets e.Groups and e.Meetings,
// never nil, by name.
func (s *Store) ExportMemberships(ctx context.Context, accountID int64, e *hearth.Export) error {
	return s.inReadTx(ctx, func(t *tx) error {
		groups := []hearth.ExportGroup{}
		rows, err := t.query(ctx, `
			SELECT g.slug, g.name, m.role, FALSE, m.joined_at, lower(g.name)
			FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.account_id = $1
			UNION ALL
			SELECT g.slug, g.name, '', TRUE, r.requested_at, lower(g.name)
			FROM group_requests r JOIN groups g ON g.id = r.group_id WHERE r.account_id = $1
			ORDER BY 6, 1`, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var g hearth.ExportGroup
			var sortKey string
			if err := rows.Scan(&g.Slug, &g.Name, &g.Role, &g.Pending, scanTime(&g.JoinedAt), &sortKey); err != nil {
				return t.err(err)
			}
			groups = append(groups, g)
		}
		if err := rows.Err(); err != nil {
			return t.err(err)
		}
		rows.Close()

		meetings := []hearth.ExportMeeting{}
		rows, err = t.query(ctx, `
			SELECT m.slug, m.name, g.name, f.followed_at
			FROM meeting_follows f
			JOIN meetings m ON m.id = f.meeting_id
			JOIN groups g ON g.id = m.group_id
			WHERE f.account_id = $1
			ORDER BY lower(m.name), m.slug`, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m hearth.ExportMeeting
			if err := rows.Scan(&m.Slug, &m.Name, &m.Group, scanTime(&m.FollowedAt)); err != nil {
				return t.err(err)
			}
			meetings = append(meetings, m)
		}
		if err := rows.Err(); err != nil {
			return t.err(err)
		}
		e.Groups, e.Meetings = groups, meetings
		return nil
	})
}
