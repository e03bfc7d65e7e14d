package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"hearth"
	"hearth/vault"
)

var _ hearth.ReachOutService = (*Store)(nil)

// Reach-outs.
//
// The words a member chose are private: kept sealed with their own data
// key in their plan and in each reach-out they send, and, for each
// recipient, a copy sealed with the recipient's key. So each reads their
// copy with their own key, and erasing either account shreds its copies.

func (s *Store) ReachOutPlan(ctx context.Context) (*hearth.ReachOutPlan, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var p *hearth.ReachOutPlan
	err = s.inReadTx(ctx, func(t *tx) error {
		p, err = s.reachOutPlan(ctx, t, actor)
		return err
	})
	return p, err
}

// reachOutPlan reads a member's plan, or the default one.
func (s *Store) reachOutPlan(ctx context.Context, t *tx, id int64) (*hearth.ReachOutPlan, error) {
	p := hearth.DefaultReachOutPlan
	var words []byte
	err := t.queryRow(ctx, `SELECT partners, sponsor, words, paused_until FROM reach_out_plans WHERE account_id = $1`, id).
		Scan(&p.Partners, &p.Sponsor, &words, scanTime(&p.PausedUntil))
	switch {
	case hearth.ErrorCode(err) == hearth.ENOTFOUND:
		p = hearth.DefaultReachOutPlan
	case err != nil:
		return nil, err
	}
	if words != nil {
		dk, err := s.accountKey(ctx, t, id)
		if err != nil {
			return nil, err
		}
		if p.Words, err = dk.OpenString("reach_out_plans", "words", id, words); err != nil {
			return nil, fmt.Errorf("sqlstore: opening reach-out words: %w", err)
		}
	}
	p.Groups, err = queryAll(ctx, t, func(sc scanner) (int64, error) {
		var g int64
		err := sc.Scan(&g)
		return g, err
	}, `SELECT r.group_id FROM reach_out_groups r
		JOIN group_members m ON m.group_id = r.group_id AND m.account_id = r.account_id
		WHERE r.account_id = $1 ORDER BY r.group_id`, id)
	return &p, err
}

// accountKey reads and opens a member's data key.
func (s *Store) accountKey(ctx context.Context, t *tx, id int64) (*vault.DataKey, error) {
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, id).Scan(&wrapped); err != nil {
		return nil, err
	}
	return s.dataKey(id, wrapped)
}

func (s *Store) SetReachOutPlan(ctx context.Context, p *hearth.ReachOutPlan) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	np := *p
	if err := np.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		var words []byte
		if np.Words != "" {
			dk, err := s.accountKey(ctx, t, actor)
			if err != nil {
				return err
			}
			words = dk.SealString("reach_out_plans", "words", actor, np.Words)
		}
		var paused any
		if !np.PausedUntil.IsZero() {
			paused = np.PausedUntil
		}
		if _, err := t.exec(ctx, `INSERT INTO reach_out_plans (account_id, partners, sponsor, words, paused_until)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (account_id) DO UPDATE SET partners = excluded.partners, sponsor = excluded.sponsor,
				words = excluded.words, paused_until = excluded.paused_until`,
			actor, np.Partners, np.Sponsor, words, paused); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM reach_out_groups WHERE account_id = $1`, actor); err != nil {
			return err
		}
		for _, g := range slices.Compact(slices.Sorted(slices.Values(np.Groups))) {
			var n int
			if err := t.queryRow(ctx, `SELECT count(*) FROM group_members WHERE group_id = $1 AND account_id = $2`, g, actor).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &hearth.Error{Code: hearth.ENOTFOUND, Message: "error.not_found",
					Fields: map[string]string{"groups": "error.reach_out.group_unknown"}}
			}
			if _, err := t.exec(ctx, `INSERT INTO reach_out_groups (account_id, group_id) VALUES ($1, $2)`, actor, g); err != nil {
				return err
			}
		}
		return nil
	})
}

// reachOutRecipients lists who receives a member's reach-out as their
// plan stands: their partners, sponsors and chosen groups' trusted
// servants, less those who paused receiving or block or are blocked.
func (s *Store) reachOutRecipients(ctx context.Context, t *tx, actor int64, p *hearth.ReachOutPlan) ([]int64, error) {
	var ids []int64
	add := func(query string, args ...any) error {
		list, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
			var id int64
			err := sc.Scan(&id)
			return id, err
		}, query, args...)
		ids = append(ids, list...)
		return err
	}
	if p.Partners {
		if err := add(`SELECT CASE WHEN inviter_id = $1 THEN invitee_id ELSE inviter_id END FROM partnerships
			WHERE (inviter_id = $1 OR invitee_id = $1) AND accepted = TRUE`, actor); err != nil {
			return nil, err
		}
	}
	if p.Sponsor {
		sponsors, err := sponsorsOf(ctx, t, actor)
		if err != nil {
			return nil, err
		}
		ids = append(ids, sponsors...)
	}
	if len(p.Groups) > 0 {
		if err := add(`SELECT s.account_id FROM reach_out_groups r
			JOIN group_members me ON me.group_id = r.group_id AND me.account_id = r.account_id
			JOIN group_members s ON s.group_id = r.group_id AND s.role IN ('servant', 'owner')
			WHERE r.account_id = $1`, actor); err != nil {
			return nil, err
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := ids[:0]
	for _, id := range ids {
		if id == actor {
			continue
		}
		var paused int
		if err := t.queryRow(ctx, `SELECT count(*) FROM reach_out_plans WHERE account_id = $1 AND paused_until > $2`,
			id, t.now).Scan(&paused); err != nil {
			return nil, err
		}
		blocked, err := blockedEitherWay(ctx, t, actor, id)
		if err != nil {
			return nil, err
		}
		if paused == 0 && !blocked {
			out = append(out, id)
		}
	}
	return out, nil
}

func (s *Store) ReachOut(ctx context.Context) (*hearth.ReachOut, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *hearth.ReachOut
	var limited bool
	err = s.inTx(ctx, func(t *tx) error {
		var lastID int64
		var last time.Time
		err := t.queryRow(ctx, `SELECT id, created_at FROM reach_outs WHERE sender_id = $1 ORDER BY id DESC LIMIT 1`, actor).
			Scan(&lastID, scanTime(&last))
		if err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return err
		}
		if lastID != 0 && t.now.Sub(last) < hearth.ReachOutInterval {
			limited = true
			out, err = s.myReachOut(ctx, t, actor, lastID)
			return err
		}
		p, err := s.reachOutPlan(ctx, t, actor)
		if err != nil {
			return err
		}
		to, err := s.reachOutRecipients(ctx, t, actor, p)
		if err != nil {
			return err
		}
		var id int64
		if err := t.queryRow(ctx, `INSERT INTO reach_outs (sender_id, created_at) VALUES ($1, $2) RETURNING id`,
			actor, t.now).Scan(&id); err != nil {
			return err
		}
		if p.Words != "" {
			dk, err := s.accountKey(ctx, t, actor)
			if err != nil {
				return err
			}
			if err := t.execOne(ctx, `UPDATE reach_outs SET words = $1 WHERE id = $2`,
				dk.SealString("reach_outs", "words", id, p.Words), id); err != nil {
				return err
			}
		}
		for _, r := range to {
			var words []byte
			if p.Words != "" {
				dk, err := s.accountKey(ctx, t, r)
				if err != nil {
					return err
				}
				words = dk.SealString("reach_out_recipients", "words", id, p.Words)
			}
			if _, err := t.exec(ctx, `INSERT INTO reach_out_recipients (reach_out_id, account_id, words) VALUES ($1, $2, $3)`,
				id, r, words); err != nil {
				return err
			}
			t.publish(&hearth.Event{Topic: hearth.AccountTopic(r), Kind: hearth.EventReachOut, Subject: id})
			if err := t.notify(ctx, hearth.Notification{AccountID: r, Kind: hearth.NotifyReachOut, Subject: id}, actor); err != nil {
				return err
			}
		}
		out, err = s.myReachOut(ctx, t, actor, id)
		return err
	})
	if err == nil && limited {
		err = hearth.Errorf(hearth.ERATELIMIT, "error.reach_out.just_sent")
	}
	return out, err
}

// myReachOut reads one of the sender's reach-outs with its recipients.
func (s *Store) myReachOut(ctx context.Context, t *tx, actor, id int64) (*hearth.ReachOut, error) {
	list, err := s.myReachOuts(ctx, t, actor, `AND r.id = $3`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound()
	}
	return list[0], nil
}

// myReachOuts reads the sender's recent reach-outs, narrowed by where.
func (s *Store) myReachOuts(ctx context.Context, t *tx, actor int64, where string, args ...any) ([]*hearth.ReachOut, error) {
	dk, err := s.accountKey(ctx, t, actor)
	if err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, t, func(sc scanner) (*hearth.ReachOut, error) {
		var r hearth.ReachOut
		var words []byte
		if err := sc.Scan(&r.ID, &words, scanTime(&r.CreatedAt)); err != nil {
			return nil, err
		}
		if words != nil {
			var err error
			if r.Words, err = dk.OpenString("reach_outs", "words", r.ID, words); err != nil {
				return nil, fmt.Errorf("sqlstore: opening reach-out %d: %w", r.ID, err)
			}
		}
		r.Recipients = []*hearth.ReachOutRecipient{}
		return &r, nil
	}, `SELECT r.id, r.words, r.created_at FROM reach_outs r WHERE r.sender_id = $1 AND r.created_at > $2 `+where+`
		ORDER BY r.id DESC`, append([]any{actor, t.now.Add(-hearth.ReachOutRecent)}, args...)...)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		r.Recipients, err = queryAll(ctx, t, func(sc scanner) (*hearth.ReachOutRecipient, error) {
			rc := hearth.ReachOutRecipient{Account: &hearth.Account{}}
			err := sc.Scan(&rc.Account.ID, &rc.Account.Handle, &rc.Account.DisplayName, &rc.Account.Pronouns,
				scanTime(&rc.SeenAt), scanTime(&rc.AnsweredAt))
			return &rc, err
		}, `SELECT a.id, a.handle, a.display_name, a.pronouns, x.seen_at, x.answered_at
			FROM reach_out_recipients x JOIN accounts a ON a.id = x.account_id
			WHERE x.reach_out_id = $1 ORDER BY a.handle`, r.ID)
		if err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (s *Store) MyReachOuts(ctx context.Context) ([]*hearth.ReachOut, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.ReachOut
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = s.myReachOuts(ctx, t, actor, "")
		return err
	})
	return list, err
}

// reachOutsTo reads what a member received, narrowed by where.
func (s *Store) reachOutsTo(ctx context.Context, t *tx, actor int64, where string, args ...any) ([]*hearth.ReachOut, error) {
	dk, err := s.accountKey(ctx, t, actor)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, t, func(sc scanner) (*hearth.ReachOut, error) {
		r := hearth.ReachOut{Sender: &hearth.Account{}}
		me := hearth.ReachOutRecipient{Account: &hearth.Account{ID: actor}}
		var words []byte
		if err := sc.Scan(&r.ID, scanTime(&r.CreatedAt), &words, scanTime(&me.SeenAt), scanTime(&me.AnsweredAt),
			&r.Sender.ID, &r.Sender.Handle, &r.Sender.DisplayName, &r.Sender.Pronouns); err != nil {
			return nil, err
		}
		if words != nil {
			var err error
			if r.Words, err = dk.OpenString("reach_out_recipients", "words", r.ID, words); err != nil {
				return nil, fmt.Errorf("sqlstore: opening reach-out %d: %w", r.ID, err)
			}
		}
		r.Recipients = []*hearth.ReachOutRecipient{&me}
		return &r, nil
	}, `SELECT r.id, r.created_at, x.words, x.seen_at, x.answered_at, a.id, a.handle, a.display_name, a.pronouns
		FROM reach_out_recipients x
		JOIN reach_outs r ON r.id = x.reach_out_id
		JOIN accounts a ON a.id = r.sender_id
		WHERE x.account_id = $1 AND r.created_at > $2 `+where+` ORDER BY r.id DESC`,
		append([]any{actor, t.now.Add(-hearth.ReachOutRecent)}, args...)...)
}

func (s *Store) ReachOutsToMe(ctx context.Context) ([]*hearth.ReachOut, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.ReachOut
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = s.reachOutsTo(ctx, t, actor, "")
		return err
	})
	return list, err
}

// receivedReachOut reads one reach-out the actor received and marks it
// seen (and answered, when answer), telling the sender. answered says
// it was answered now, not before.
func (s *Store) receivedReachOut(ctx context.Context, t *tx, actor, id int64, answer bool) (r *hearth.ReachOut, answered bool, err error) {
	list, err := s.reachOutsTo(ctx, t, actor, `AND r.id = $3`, id)
	if err != nil {
		return nil, false, err
	}
	if len(list) == 0 {
		return nil, false, notFound()
	}
	r, me := list[0], list[0].Recipients[0]
	seen := me.SeenAt.IsZero()
	if seen {
		me.SeenAt = t.now
	}
	if answered = answer && me.AnsweredAt.IsZero(); answered {
		me.AnsweredAt = t.now
	}
	if seen || answered {
		var answeredAt any
		if !me.AnsweredAt.IsZero() {
			answeredAt = me.AnsweredAt
		}
		if err := t.execOne(ctx, `UPDATE reach_out_recipients SET seen_at = $1, answered_at = $2
			WHERE reach_out_id = $3 AND account_id = $4`, me.SeenAt, answeredAt, id, actor); err != nil {
			return nil, false, err
		}
		t.publish(&hearth.Event{Topic: hearth.AccountTopic(r.Sender.ID), Kind: hearth.EventReachOutSeen, Subject: id})
	}
	return r, answered, nil
}

func (s *Store) SeeReachOut(ctx context.Context, id int64) (*hearth.ReachOut, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var r *hearth.ReachOut
	err = s.inTx(ctx, func(t *tx) error {
		r, _, err = s.receivedReachOut(ctx, t, actor, id, false)
		return err
	})
	return r, err
}

func (s *Store) AnswerReachOut(ctx context.Context, id int64) (*hearth.Conversation, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var c *hearth.Conversation
	err = s.inTx(ctx, func(t *tx) error {
		r, answered, err := s.receivedReachOut(ctx, t, actor, id, true)
		if err != nil {
			return err
		}
		// They asked for support: the answer opens a conversation whatever
		// either chose about messages.
		if c, err = s.openConversation(ctx, t, actor, r.Sender.ID, false); err != nil {
			return err
		}
		if !answered {
			return nil
		}
		return t.notify(ctx, hearth.Notification{AccountID: r.Sender.ID, Kind: hearth.NotifyAnswered, Subject: c.ID}, actor)
	})
	return c, err
}
