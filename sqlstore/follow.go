package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"hearth"
)

// refreshMeetingSearch recomputes the search text of the meetings m
// matching cond (after a change to what it is made of, such as their
// group's name).
func refreshMeetingSearch(ctx context.Context, t *tx, cond string, args ...any) error {
	list, err := findMeetings(ctx, t, t.d.meetingSelect()+` WHERE `+cond, args...)
	if err != nil {
		return err
	}
	for _, m := range list {
		if _, err := t.exec(ctx, `UPDATE meetings SET search_text = $1 WHERE id = $2`,
			meetingSearchText(m, m.Group.Name), m.ID); err != nil {
			return err
		}
	}
	return nil
}

// visibleMeeting returns ENOTFOUND unless the meeting exists and the
// account may see it.
func visibleMeeting(ctx context.Context, t *tx, meetingID, accountID int64) error {
	var one int
	return t.queryRow(ctx, `SELECT 1 FROM meetings m JOIN groups g ON g.id = m.group_id
		WHERE m.id = $1 AND `+visibleTo(2), meetingID, accountID).Scan(&one)
}

// FollowMeeting adds the meeting to the actor's "my meetings"; following
// it again changes nothing. EUNAUTHORIZED for a visitor; ENOTFOUND for a
// meeting they cannot see.
func (s *Store) FollowMeeting(ctx context.Context, meetingID int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := visibleMeeting(ctx, t, meetingID, actor); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO meeting_follows (account_id, meeting_id, followed_at)
			VALUES ($1, $2, $3) ON CONFLICT (account_id, meeting_id) DO NOTHING`, actor, meetingID, t.now)
		return err
	})
}

// UnfollowMeeting takes the meeting off the actor's "my meetings", if it
// was there. EUNAUTHORIZED for a visitor; ENOTFOUND for no such meeting.
func (s *Store) UnfollowMeeting(ctx context.Context, meetingID int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		var one int
		if err := t.queryRow(ctx, `SELECT 1 FROM meetings WHERE id = $1`, meetingID).Scan(&one); err != nil {
			return err
		}
		_, err := t.exec(ctx, `DELETE FROM meeting_follows WHERE account_id = $1 AND meeting_id = $2`, actor, meetingID)
		return err
	})
}

// MyMeetings lists the meetings the actor follows and can still see, the
// one in progress or next to start at now first; inactive meetings come
// last. EUNAUTHORIZED for a visitor.
func (s *Store) MyMeetings(ctx context.Context, now time.Time) ([]hearth.MeetingResult, error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return nil, unauthorized()
	}
	var list []*hearth.Meeting
	err := s.inReadTx(ctx, func(t *tx) (err error) {
		list, err = followedMeetings(ctx, t, actor)
		return err
	})
	if err != nil {
		return nil, err
	}
	return byNextStart(list, now), nil
}

// followedMeetings lists the meetings an account follows and may see.
func followedMeetings(ctx context.Context, t *tx, accountID int64) ([]*hearth.Meeting, error) {
	return findMeetings(ctx, t, `SELECT `+meetingColumns+`
		FROM meeting_follows f
		`+t.d.join()+` meetings m ON m.id = f.meeting_id
		`+t.d.join()+` groups g ON g.id = m.group_id
		WHERE f.account_id = $1 AND `+visibleTo(1), accountID)
}

// byNextStart pairs meetings with their next occurrence at now and sorts
// them by it, inactive meetings last.
func byNextStart(list []*hearth.Meeting, now time.Time) []hearth.MeetingResult {
	out := make([]hearth.MeetingResult, 0, len(list))
	for _, m := range list {
		o, _ := m.Next(now)
		out = append(out, hearth.MeetingResult{Meeting: m, Next: o})
	}
	slices.SortFunc(out, func(a, b hearth.MeetingResult) int {
		if a.Meeting.Inactive != b.Meeting.Inactive {
			if a.Meeting.Inactive {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Next.Start.Compare(b.Next.Start), cmp.Compare(a.Meeting.Name, b.Meeting.Name),
			cmp.Compare(a.Meeting.ID, b.Meeting.ID))
	})
	return out
}
