package sqlstore

import (
	"context"
	"time"

	"hearth"
)

var _ hearth.PartnerService = (*Store)(nil)

// Sharing is kept as a bit set.
const (
	shareClocks = 1 << iota
	shareCheckIns
	shareMood
	shareNudges
)

func sharingBits(s hearth.Sharing) int {
	bits := 0
	for _, b := range []struct {
		on  bool
		bit int
	}{{s.Clocks, shareClocks}, {s.CheckIns, shareCheckIns}, {s.Mood, shareMood}, {s.Nudges, shareNudges}} {
		if b.on {
			bits |= b.bit
		}
	}
	return bits
}

func sharingOf(bits int) hearth.Sharing {
	return hearth.Sharing{Clocks: bits&shareClocks != 0, CheckIns: bits&shareCheckIns != 0,
		Mood: bits&shareMood != 0, Nudges: bits&shareNudges != 0}
}

// partnershipSelect reads a partnership with the other member (the one
// who is not $1) as anyone may see them.
const partnershipSelect = `SELECT p.id, p.inviter_id, p.invitee_id, p.accepted, p.inviter_shares, p.invitee_shares,
		p.inviter_nudged_at, p.invitee_nudged_at, p.created_at, p.accepted_at,
		a.id, a.handle, a.display_name, a.pronouns, a.language, a.time_zone, a.country, a.role, a.created_at, a.updated_at
	FROM partnerships p
	JOIN accounts a ON a.id = CASE WHEN p.inviter_id = $1 THEN p.invitee_id ELSE p.inviter_id END
	WHERE (p.inviter_id = $1 OR p.invitee_id = $1)`

// partnershipRow is a partnership as read, with both sides' nudge times.
type partnershipRow struct {
	hearth.Partnership
	inviterNudged, inviteeNudged time.Time
}

func scanPartnership(sc scanner, actor int64) (*partnershipRow, error) {
	var r partnershipRow
	var them hearth.Account
	var inviterShares, inviteeShares int
	if err := sc.Scan(&r.ID, &r.Inviter, &r.Invitee, &r.Accepted, &inviterShares, &inviteeShares,
		scanTime(&r.inviterNudged), scanTime(&r.inviteeNudged), scanTime(&r.CreatedAt), scanTime(&r.AcceptedAt),
		&them.ID, &them.Handle, &them.DisplayName, &them.Pronouns, &them.Language, &them.TimeZone, &them.Country,
		&them.Role, scanTime(&them.CreatedAt), scanTime(&them.UpdatedAt)); err != nil {
		return nil, err
	}
	r.Them = &them
	r.Invited = r.Invitee == actor
	r.Mine, r.Theirs = sharingOf(inviterShares), sharingOf(inviteeShares)
	r.NudgedMe = r.inviteeNudged // by the invitee, to the inviter
	if r.Invited {
		r.Mine, r.Theirs = r.Theirs, r.Mine
		r.NudgedMe = r.inviterNudged
	}
	return &r, nil
}

func actorOf(ctx context.Context) (int64, error) {
	if actor := hearth.AccountIDFromContext(ctx); actor != 0 {
		return actor, nil
	}
	return 0, unauthorized()
}

// InvitePartner invites a member by sign-in name.
func (s *Store) InvitePartner(ctx context.Context, handle string) (p *hearth.Partnership, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(t *tx) error {
		var other int64
		if err := t.queryRow(ctx, `SELECT id FROM accounts WHERE handle = $1`, hearth.NormalizeHandle(handle)).Scan(&other); err != nil {
			return err
		}
		if other == actor {
			return notFound()
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM partnerships WHERE inviter_id = $1 OR invitee_id = $1`, actor).Scan(&n); err != nil {
			return err
		}
		if n >= hearth.PartnersMax {
			return hearth.Errorf(hearth.ECONFLICT, "error.partner.too_many")
		}
		var id int64
		err := t.queryRow(ctx, `
			INSERT INTO partnerships (inviter_id, invitee_id, pair_low, pair_high, accepted, inviter_shares, invitee_shares, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
			RETURNING id`,
			actor, other, min(actor, other), max(actor, other), false, sharingBits(hearth.DefaultSharing), t.now).Scan(&id)
		if hearth.ErrorCode(err) == hearth.ECONFLICT {
			return hearth.Errorf(hearth.ECONFLICT, "error.partner.exists")
		}
		if err != nil {
			return err
		}
		r, err := scanPartnership(t.queryRow(ctx, partnershipSelect+` AND p.id = $2`, actor, id), actor)
		if err != nil {
			return err
		}
		p = &r.Partnership
		return nil
	})
	return p, err
}

// Partnerships lists the actor's partnerships.
func (s *Store) Partnerships(ctx context.Context) (list []*hearth.Partnership, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Partnership, error) {
			r, err := scanPartnership(sc, actor)
			if err != nil {
				return nil, err
			}
			return &r.Partnership, nil
		}, partnershipSelect+`
			ORDER BY CASE WHEN NOT p.accepted AND p.invitee_id = $1 THEN 0 WHEN p.accepted THEN 1 ELSE 2 END,
				lower(a.display_name), p.id`, actor)
		return err
	})
	return list, err
}

// AnswerInvitation accepts or declines an invitation to the actor.
func (s *Store) AnswerInvitation(ctx context.Context, id int64, accept bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if !accept {
			return t.execOne(ctx, `DELETE FROM partnerships WHERE id = $1 AND invitee_id = $2 AND NOT accepted`, id, actor)
		}
		return t.execOne(ctx, `UPDATE partnerships SET accepted = $1, accepted_at = $2
			WHERE id = $3 AND invitee_id = $4 AND NOT accepted`, true, t.now, id, actor)
	})
}

// EndPartnership ends a partnership or withdraws an invitation.
func (s *Store) EndPartnership(ctx context.Context, id int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM partnerships WHERE id = $1 AND (inviter_id = $2 OR invitee_id = $2)`, id, actor)
	})
}

// SetSharing sets what the actor shares in a partnership.
func (s *Store) SetSharing(ctx context.Context, id int64, sh hearth.Sharing) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE partnerships SET
			inviter_shares = CASE WHEN inviter_id = $1 THEN $2 ELSE inviter_shares END,
			invitee_shares = CASE WHEN invitee_id = $1 THEN $2 ELSE invitee_shares END
			WHERE id = $3 AND (inviter_id = $1 OR invitee_id = $1)`, actor, sharingBits(sh), id)
	})
}

// activePartnership reads an accepted partnership of the actor.
func activePartnership(ctx context.Context, t *tx, actor, id int64) (*partnershipRow, error) {
	r, err := scanPartnership(t.queryRow(ctx, partnershipSelect+` AND p.id = $2`, actor, id), actor)
	if err != nil {
		return nil, err
	}
	if !r.Accepted {
		return nil, notFound()
	}
	return r, nil
}

// PartnerStatus is what the actor sees of an active partner.
func (s *Store) PartnerStatus(ctx context.Context, id int64, now time.Time) (st *hearth.PartnerStatus, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		r, err := activePartnership(ctx, t, actor, id)
		if err != nil {
			return err
		}
		st = &hearth.PartnerStatus{Partnership: r.Partnership, Nudged: r.inviterNudged}
		if r.Invited {
			st.Nudged = r.inviteeNudged
		}
		them := r.Them.ID
		today := hearth.Today(now, hearth.LoadZone(r.Them.TimeZone))
		// A hard day they chose to tell their partners about.
		if err := t.queryRow(ctx, `SELECT MAX(on_date) FROM setbacks
			WHERE account_id = $1 AND tell_partners = $2 AND on_date >= $3`, them, true, today.AddDays(-6)).
			Scan(scanDate(&st.HardDay)); err != nil {
			return err
		}
		if r.Theirs.Clocks {
			// Their counts, those they keep to themselves aside, opened
			// with their key because they chose to share them.
			if st.Clocks, err = s.sharedClocks(ctx, t, them); err != nil {
				return err
			}
		}
		if r.Theirs.CheckIns {
			var last hearth.Date
			if err := t.queryRow(ctx, `SELECT COUNT(*), MAX(on_date) FROM check_ins
				WHERE account_id = $1 AND on_date >= $2 AND on_date <= $3`, them, today.AddDays(-6), today).
				Scan(&st.WeekCheckIns, scanDate(&last)); err != nil {
				return err
			}
			st.CheckedInToday = last == today
		}
		if r.Theirs.Mood {
			from := today.AddDays(-13)
			st.Moods = make([]int, 14)
			rows, err := t.query(ctx, `SELECT on_date, mood FROM check_ins
				WHERE account_id = $1 AND on_date >= $2 AND on_date <= $3`, them, from, today)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var d hearth.Date
				var mood int
				if err := rows.Scan(scanDate(&d), &mood); err != nil {
					return t.err(err)
				}
				if i := d.DaysSince(from); i >= 0 && i < len(st.Moods) {
					st.Moods[i] = mood
				}
			}
			return t.err(rows.Err())
		}
		return nil
	})
	return st, err
}

// sharedClocks reads a member's counts that they do not keep to
// themselves.
func (s *Store) sharedClocks(ctx context.Context, t *tx, owner int64) ([]*hearth.Clock, error) {
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, owner).Scan(&wrapped); err != nil {
		return nil, err
	}
	dk, err := s.dataKey(owner, wrapped)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, t, clockScanner(dk), `SELECT `+clockColumns+` FROM clocks c
		WHERE c.account_id = $1 AND c.visibility <> $2 ORDER BY c.id`, owner, hearth.VisibleToMe)
}

// Nudge tells an active partner the actor is thinking of them.
func (s *Store) Nudge(ctx context.Context, id int64, now time.Time) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		r, err := activePartnership(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if !r.Theirs.Nudges {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.partner.no_nudges")
		}
		last, column := r.inviterNudged, "inviter_nudged_at"
		if r.Invited {
			last, column = r.inviteeNudged, "invitee_nudged_at"
		}
		if !last.IsZero() && now.Sub(last) < hearth.NudgeInterval {
			return hearth.Errorf(hearth.ERATELIMIT, "error.partner.nudged")
		}
		return t.execOne(ctx, `UPDATE partnerships SET `+column+` = $1 WHERE id = $2`, now, id)
	})
}

// ExportPartnerships fills in the actor's partnerships for their export:
// the other member by display name, and what the actor shares.
func (s *Store) ExportPartnerships(ctx context.Context, e *hearth.Export) error {
	list, err := s.Partnerships(ctx)
	if err != nil {
		return err
	}
	e.Partnerships = make([]hearth.ExportPartnership, 0, len(list))
	for _, p := range list {
		e.Partnerships = append(e.Partnerships, p.Export())
	}
	return nil
}
