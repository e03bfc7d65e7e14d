package sqlstore

import (
	"context"
	"time"

	"hearth"
)

var _ hearth.CelebrationService = (*Store)(nil)

// celebrationColumns reads counts others may celebrate (c), with their
// owners (a) as anyone may see them, and whether $1 congratulated them
// lately (the latest milestone date they did, NULL for never).
const celebrationColumns = `SELECT c.id, c.start_on, c.schedule,
		a.id, a.handle, a.display_name, a.pronouns, a.language, a.time_zone, a.country, a.role, a.created_at, a.updated_at,
		(SELECT MAX(g.milestone_on) FROM congratulations g WHERE g.clock_id = c.id AND g.from_id = $1)`

// celebrationSelect is celebrationColumns from the counts and their
// owners; the conditions on c follow.
const celebrationSelect = celebrationColumns + `
	FROM clocks c
	JOIN accounts a ON a.id = c.account_id`

func scanCelebration(sc scanner) (*hearth.Celebration, error) {
	var c hearth.Celebration
	var a hearth.Account
	if err := sc.Scan(&c.ClockID, scanDate(&c.Start), &c.Schedule,
		&a.ID, &a.Handle, &a.DisplayName, &a.Pronouns, &a.Language, &a.TimeZone, &a.Country, &a.Role,
		scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt), scanDate(&c.CongratulatedOn)); err != nil {
		return nil, err
	}
	c.Member = &a
	return &c, nil
}

// GroupCelebrations lists the counts the group's other members share
// with it; with groupID 0, those of every group of the actor's.
func (s *Store) GroupCelebrations(ctx context.Context, groupID int64) (list []*hearth.Celebration, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if groupID != 0 {
			var one int
			if err := t.queryRow(ctx, `SELECT 1 FROM group_members WHERE group_id = $1 AND account_id = $2`, groupID, actor).Scan(&one); err != nil {
				return err
			}
			// One group's members, by its key, then their counts, then
			// the owners of those: the query for every group of the
			// actor's (below) gathered the members of all their groups
			// first, and a group's page, asked for one, paid for twenty
			// or two hundred. CROSS JOIN keeps SQLite to that order (it
			// read every member's account first, counts or none);
			// PostgreSQL plans it as any join.
			list, err = queryAll(ctx, t, scanCelebration, celebrationColumns+`
				FROM group_members theirs CROSS JOIN clocks c CROSS JOIN accounts a
				WHERE theirs.group_id = $4 AND c.account_id = theirs.account_id AND a.id = c.account_id
				AND c.celebrate = $2 AND c.visibility = $3 AND c.account_id <> $1
				ORDER BY lower(a.display_name), c.id`, actor, true, hearth.VisibleToGroups, groupID)
			return err
		}
		list, err = queryAll(ctx, t, scanCelebration, celebrationSelect+`
			WHERE c.celebrate = $2 AND c.visibility = $3 AND c.account_id <> $1
			AND c.account_id IN (SELECT theirs.account_id FROM group_members theirs
				JOIN group_members mine ON mine.group_id = theirs.group_id AND mine.account_id = $1)
			ORDER BY lower(a.display_name), c.id`, actor, true, hearth.VisibleToGroups)
		return err
	})
	return list, err
}

// partnersOf is a subquery of the accounts that are $1's active partners.
const partnersOf = `(SELECT CASE WHEN p.inviter_id = $1 THEN p.invitee_id ELSE p.inviter_id END
		FROM partnerships p WHERE p.accepted = $2 AND (p.inviter_id = $1 OR p.invitee_id = $1))`

// PartnerCelebrations lists the counts the actor's partners share with
// them to celebrate.
func (s *Store) PartnerCelebrations(ctx context.Context) (list []*hearth.Celebration, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, scanCelebration, celebrationSelect+`
			WHERE c.account_id IN `+partnersOf+` AND c.celebrate = $2 AND c.visibility <> $3
			ORDER BY lower(a.display_name), c.id`, actor, true, hearth.VisibleToMe)
		return err
	})
	return list, err
}

// Congratulate records the actor's congratulations, once.
func (s *Store) Congratulate(ctx context.Context, clockID int64, milestoneOn hearth.Date) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		// The actor may celebrate the count: a partner of its owner (the
		// count not kept private), or a member of a group its owner is in
		// (the count shown to groups); never their own.
		var one int
		err := t.queryRow(ctx, `SELECT 1 FROM clocks c
			WHERE c.id = $3 AND c.celebrate = $2 AND c.account_id <> $1 AND (
				(c.visibility <> $4 AND c.account_id IN `+partnersOf+`)
				OR (c.visibility = $5 AND EXISTS (SELECT 1 FROM group_members mine
					JOIN group_members theirs ON theirs.group_id = mine.group_id
					WHERE mine.account_id = $1 AND theirs.account_id = c.account_id)))`,
			actor, true, clockID, hearth.VisibleToMe, hearth.VisibleToGroups).Scan(&one)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO congratulations (clock_id, from_id, milestone_on, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (clock_id, milestone_on, from_id) DO NOTHING`, clockID, actor, milestoneOn, t.now)
		return err
	})
}

// Congratulations lists the congratulations on one of the actor's clocks.
func (s *Store) Congratulations(ctx context.Context, clockID int64) (list []*hearth.Congratulation, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM clocks WHERE id = $1 AND account_id = $2`, clockID, actor).Scan(&one); err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Congratulation, error) {
			c := &hearth.Congratulation{From: &hearth.Account{}}
			return c, sc.Scan(scanDate(&c.MilestoneOn), scanTime(&c.At), &c.From.ID, &c.From.Handle, &c.From.DisplayName, &c.From.Pronouns)
		}, `SELECT g.milestone_on, g.created_at, a.id, a.handle, a.display_name, a.pronouns
			FROM congratulations g JOIN accounts a ON a.id = g.from_id
			WHERE g.clock_id = $1 ORDER BY g.created_at DESC, a.id`, clockID)
		return err
	})
	return list, err
}

// BirthdayMeetings lists the birthday meetings among the actor's groups'
// and followed meetings.
func (s *Store) BirthdayMeetings(ctx context.Context, now time.Time) ([]hearth.MeetingResult, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.Meeting
	err = s.inReadTx(ctx, func(t *tx) (err error) {
		list, err = findMeetings(ctx, t, `SELECT `+meetingColumns+`
			FROM meetings m
			`+t.d.join()+` groups g ON g.id = m.group_id
			WHERE NOT m.inactive AND m.id IN (SELECT meeting_id FROM meeting_types WHERE code = 'H')
			AND (m.group_id IN (SELECT group_id FROM group_members WHERE account_id = $1)
				OR m.id IN (SELECT meeting_id FROM meeting_follows WHERE account_id = $1))`, actor)
		return err
	})
	if err != nil {
		return nil, err
	}
	return byNextStart(list, now), nil
}
