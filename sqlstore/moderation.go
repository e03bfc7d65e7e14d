package sqlstore

import (
	"context"
	"slices"

	"hearth"
)

var _ hearth.ModerationService = (*Store)(nil)

// siteAdmin reports whether the account is a site admin.
func siteAdmin(ctx context.Context, t *tx, actor int64) (bool, error) {
	var role string
	err := t.queryRow(ctx, `SELECT role FROM accounts WHERE id = $1`, actor).Scan(&role)
	return role == string(hearth.RoleAdmin), err
}

// mustAdmin returns EFORBIDDEN unless the actor is a site admin.
func mustAdmin(ctx context.Context, t *tx, actor int64) error {
	admin, err := siteAdmin(ctx, t, actor)
	if err != nil {
		return err
	}
	if !admin {
		return forbidden()
	}
	return nil
}

// mustModerate returns EFORBIDDEN unless the actor serves the group or is
// a site admin; groupID 0 is the site's own queue, for admins only.
func mustModerate(ctx context.Context, t *tx, groupID, actor int64) error {
	if groupID == 0 {
		return mustAdmin(ctx, t, actor)
	}
	a, err := accessTo(ctx, t, groupID, actor)
	if err != nil {
		return err
	}
	if !a.moderate {
		return forbidden()
	}
	return nil
}

// logModeration writes a line of the audit log.
func logModeration(ctx context.Context, t *tx, groupID, actor int64, action, kind string, target int64, reason string) error {
	_, err := t.exec(ctx, `INSERT INTO moderation_log (group_id, actor_id, action, target_kind, target_id, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, nullID(groupID), actor, action, kind, target, reason, t.now)
	return err
}

// FileReport records a report from the actor and tells those who would
// act on it.
func (s *Store) FileReport(ctx context.Context, r *hearth.Report) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		switch r.TargetKind {
		case hearth.ReportShare, hearth.ReportReply:
			sh, _, err := findShare(ctx, t, r.TargetID, actor)
			if err != nil {
				return err
			}
			r.GroupID = sh.GroupID
			r.TargetKind = hearth.ReportShare
			if sh.ParentID != 0 {
				r.TargetKind = hearth.ReportReply
			}
		case hearth.ReportMember:
			// Both must be members of the group the report is for.
			var n int
			if err := t.queryRow(ctx, `SELECT count(*) FROM group_members WHERE group_id = $1 AND account_id IN ($2, $3)`,
				r.GroupID, actor, r.TargetID).Scan(&n); err != nil {
				return err
			}
			if n != 2 || actor == r.TargetID {
				return notFound()
			}
		case hearth.ReportStrategy:
			// Strategies belong to no group: the site queue. The library
			// checks the strategy is one the actor may read.
			r.GroupID = 0
		}
		r.ReporterID, r.Status, r.CreatedAt = actor, hearth.ReportOpen, t.now
		if err := t.queryRow(ctx, `INSERT INTO reports (target_kind, target_id, group_id, reason, note, reporter_id, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			r.TargetKind, r.TargetID, nullID(r.GroupID), r.Reason, r.Note, actor, r.Status, t.now).Scan(&r.ID); err != nil {
			return err
		}
		// Those who act on it: the group's trusted servants, or the site
		// admins for the site queue.
		q := `SELECT account_id FROM group_members WHERE group_id = $1 AND role IN ('servant', 'owner')`
		args := []any{r.GroupID}
		if r.GroupID == 0 {
			q, args = `SELECT id FROM accounts WHERE role = 'admin'`, nil
		}
		who, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, q, args...)
		if err != nil {
			return err
		}
		for _, id := range who {
			if err := t.notify(ctx, hearth.Notification{AccountID: id, Kind: hearth.NotifyReport, Group: r.GroupID, Subject: r.ID}, actor); err != nil {
				return err
			}
		}
		return nil
	})
}

// Reports lists a queue's open reports, at-risk first, then oldest. The
// reporter is never given.
func (s *Store) Reports(ctx context.Context, groupID int64) (list []*hearth.Report, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		where, args := queueScope("r", groupID)
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Report, error) {
			var r hearth.Report
			var group, share *int64
			var excerpt, name, status *string
			err := sc.Scan(&r.ID, &r.TargetKind, &r.TargetID, &group, &r.Reason, &r.Note, &r.Status, scanTime(&r.CreatedAt),
				&excerpt, &name, &status, &share)
			if group != nil {
				r.GroupID = *group
			}
			if excerpt != nil {
				r.Excerpt = *excerpt
			}
			if name != nil {
				r.AuthorName = *name
			}
			if status != nil {
				r.TargetStatus = *status
			}
			if share != nil {
				r.ShareID = *share
			}
			return &r, err
		}, `SELECT r.id, r.target_kind, r.target_id, r.group_id, r.reason, r.note, r.status, r.created_at,
				COALESCE(sh.body, st.title), COALESCE(sa.display_name, ma.display_name),
				COALESCE(sh.status, CASE WHEN gm.suspended THEN 'suspended' WHEN gm.account_id IS NOT NULL THEN 'member' END),
				COALESCE(sh.parent_id, sh.id)
			FROM reports r
			LEFT JOIN shares sh ON r.target_kind IN ('share', 'reply') AND sh.id = r.target_id
			LEFT JOIN strategies st ON r.target_kind = 'strategy' AND st.id = r.target_id
			LEFT JOIN accounts sa ON sa.id = sh.author_id
			LEFT JOIN accounts ma ON r.target_kind = 'member' AND ma.id = r.target_id
			LEFT JOIN group_members gm ON r.target_kind = 'member' AND gm.group_id = r.group_id AND gm.account_id = r.target_id
			WHERE `+where+` AND r.status = 'open'
			ORDER BY CASE r.reason WHEN 'at-risk' THEN 0 ELSE 1 END, r.id`, args...)
		return err
	})
	return list, err
}

// Moderate hides, restores or removes a share or reply.
func (s *Store) Moderate(ctx context.Context, shareID int64, action, reason string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	status := map[string]string{hearth.ModHide: hearth.ShareHidden, hearth.ModRestore: hearth.ShareVisible,
		hearth.ModRemove: hearth.ShareRemoved}[action]
	if status == "" {
		return hearth.FieldErrors{"action": "error.moderation.action"}.Err()
	}
	if action == hearth.ModRestore {
		reason = ""
	} else if !slices.Contains(hearth.ReportReasons, reason) {
		return hearth.FieldErrors{"reason": "error.report.reason"}.Err()
	}
	return s.inTx(ctx, func(t *tx) error {
		var groupID, author int64
		var parent *int64
		if err := t.queryRow(ctx, `SELECT group_id, author_id, parent_id FROM shares WHERE id = $1`, shareID).Scan(&groupID, &author, &parent); err != nil {
			return err
		}
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		kind := hearth.ReportShare
		if parent != nil {
			kind = hearth.ReportReply
		}
		if err := t.execOne(ctx, `UPDATE shares SET status = $1, reason = $2 WHERE id = $3`, status, reason, shareID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE reports SET status = 'resolved', resolved_at = $1
			WHERE target_kind = $2 AND target_id = $3 AND status = 'open'`, t.now, kind, shareID); err != nil {
			return err
		}
		if err := logModeration(ctx, t, groupID, actor, action, kind, shareID, reason); err != nil {
			return err
		}
		ev := hearth.EventShareChanged
		if status == hearth.ShareVisible && parent == nil {
			ev = hearth.EventShare // shown again: pages insert it
		}
		t.publish(&hearth.Event{Topic: hearth.GroupTopic(groupID), Kind: ev, Group: groupID, Subject: shareID})
		return t.notify(ctx, hearth.Notification{AccountID: author, Kind: hearth.NotifyModeration, Group: groupID, Subject: shareID}, actor)
	})
}

// DismissReport closes a report with nothing done.
func (s *Store) DismissReport(ctx context.Context, reportID int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		var group *int64
		var kind string
		var target int64
		if err := t.queryRow(ctx, `SELECT group_id, target_kind, target_id FROM reports WHERE id = $1 AND status = 'open'`,
			reportID).Scan(&group, &kind, &target); err != nil {
			return err
		}
		var groupID int64
		if group != nil {
			groupID = *group
		}
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE reports SET status = 'resolved', resolved_at = $1 WHERE id = $2`, t.now, reportID); err != nil {
			return err
		}
		return logModeration(ctx, t, groupID, actor, hearth.ModDismiss, kind, target, "")
	})
}

// SuspendMember stops (or lets again) a member posting in the group.
// EFORBIDDEN unless the actor serves the group or is a site admin;
// ENOTFOUND unless the account is a member; ECONFLICT for one who serves.
func (s *Store) SuspendMember(ctx context.Context, groupID, accountID int64, on bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		role, err := groupRole(ctx, t, groupID, accountID)
		if err != nil {
			return err
		}
		if role == "" {
			return notFound()
		}
		if hearth.CanServe(role) {
			return hearth.Errorf(hearth.ECONFLICT, "error.moderation.serves")
		}
		if err := t.execOne(ctx, `UPDATE group_members SET suspended = $1 WHERE group_id = $2 AND account_id = $3`,
			on, groupID, accountID); err != nil {
			return err
		}
		action := hearth.ModSuspend
		if !on {
			action = "unsuspend"
		} else if _, err := t.exec(ctx, `UPDATE reports SET status = 'resolved', resolved_at = $1
			WHERE target_kind = 'member' AND target_id = $2 AND group_id = $3 AND status = 'open'`, t.now, accountID, groupID); err != nil {
			return err // suspending answers the reports about the member in the group
		}
		if err := logModeration(ctx, t, groupID, actor, action, hearth.ReportMember, accountID, ""); err != nil {
			return err
		}
		// Told kindly, with no subject: the group's page says where
		// things stand.
		return t.notify(ctx, hearth.Notification{AccountID: accountID, Kind: hearth.NotifyModeration, Group: groupID}, actor)
	})
}

// SetPremoderation turns on or off the holding of new members' first
// shares for a trusted servant. EFORBIDDEN unless the actor serves.
func (s *Store) SetPremoderation(ctx context.Context, groupID int64, on bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := mustServe(ctx, t, groupID, actor); err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE groups SET premoderate = $1 WHERE id = $2`, on, groupID); err != nil {
			return err
		}
		action := "premoderate_on"
		if !on {
			action = "premoderate_off"
		}
		return logModeration(ctx, t, groupID, actor, action, "group", groupID, "")
	})
}

// Premoderated says whether the group holds new members' first shares.
func (s *Store) Premoderated(ctx context.Context, groupID int64) (on bool, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return false, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT premoderate FROM groups WHERE id = $1`, groupID).Scan(&on)
	})
	return on, err
}

// PendingShares lists the shares held for a trusted servant, oldest
// first. EFORBIDDEN unless the actor moderates the group.
func (s *Store) PendingShares(ctx context.Context, groupID int64) (list []*hearth.Share, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		list, err = queryAll(ctx, t, scanShare(actor, true), shareColumns+`
			WHERE s.group_id = $3 AND s.status = 'pending' ORDER BY s.id`, actor, true, groupID)
		return err
	})
	return list, err
}

// ModerationLog lists a group's moderation actions, newest first.
func (s *Store) ModerationLog(ctx context.Context, groupID int64) (list []*hearth.ModerationEntry, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustModerate(ctx, t, groupID, actor); err != nil {
			return err
		}
		where, args := queueScope("l", groupID)
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.ModerationEntry, error) {
			var e hearth.ModerationEntry
			var group *int64
			err := sc.Scan(&e.ID, &group, &e.ActorName, &e.Action, &e.TargetKind, &e.TargetID, &e.Reason, scanTime(&e.At))
			if group != nil {
				e.GroupID = *group
			}
			return &e, err
		}, `SELECT l.id, l.group_id, COALESCE(a.display_name, ''), l.action, l.target_kind, l.target_id, l.reason, l.created_at
			FROM moderation_log l LEFT JOIN accounts a ON a.id = l.actor_id
			WHERE `+where+` ORDER BY l.id DESC LIMIT 200`, args...)
		return err
	})
	return list, err
}

// Block makes the account and the actor disappear for each other.
func (s *Store) Block(ctx context.Context, accountID int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if accountID == actor {
		return hearth.Errorf(hearth.EINVALID, "error.block.self")
	}
	return s.inTx(ctx, func(t *tx) error { return block(ctx, t, actor, accountID) })
}

func block(ctx context.Context, t *tx, actor, accountID int64) error {
	_, err := t.exec(ctx, `INSERT INTO blocks (blocker, blocked, created_at) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, actor, accountID, t.now)
	return err
}

// BlockAuthor blocks the author of a share the actor can read, unless
// it was posted as a member of the group and the actor may not know who
// wrote it: the block would tell them (Settings › Quiet names it).
func (s *Store) BlockAuthor(ctx context.Context, shareID int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		sh, _, err := findShare(ctx, t, shareID, actor)
		if err != nil {
			return err
		}
		if sh.Own {
			return hearth.Errorf(hearth.EINVALID, "error.block.self")
		}
		if sh.AuthorHidden() {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.block.anonymous")
		}
		var author int64
		if err := t.queryRow(ctx, `SELECT author_id FROM shares WHERE id = $1`, shareID).Scan(&author); err != nil {
			return err
		}
		return block(ctx, t, actor, author)
	})
}

// Unblock ends the actor's block of the account.
func (s *Store) Unblock(ctx context.Context, accountID int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM blocks WHERE blocker = $1 AND blocked = $2`, actor, accountID)
		return err
	})
}

// Blocked reports whether a blocks b or b blocks a.
func (s *Store) Blocked(ctx context.Context, a, b int64) (bool, error) {
	var blocked bool
	err := s.inReads(ctx, func(t *tx) (err error) {
		blocked, err = blockedEitherWay(ctx, t, a, b)
		return err
	})
	return blocked, err
}

// queueScope is the WHERE condition and arguments that pick a group's
// queue (or log) from the table aliased alias, or the site's (group 0).
// GroupQueues lists the groups with open reports for a site admin, those
// with at-risk reports first, then the most, then by name.
func (s *Store) GroupQueues(ctx context.Context) (list []*hearth.GroupQueue, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustAdmin(ctx, t, actor); err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.GroupQueue, error) {
			q := &hearth.GroupQueue{}
			err := sc.Scan(&q.GroupID, &q.Slug, &q.Name, &q.Open, &q.AtRisk)
			return q, err
		}, `SELECT g.id, g.slug, g.name, COUNT(*), SUM(CASE WHEN r.reason = 'at-risk' THEN 1 ELSE 0 END)
			FROM reports r JOIN groups g ON g.id = r.group_id
			WHERE r.status = 'open'
			GROUP BY g.id, g.slug, g.name
			ORDER BY SUM(CASE WHEN r.reason = 'at-risk' THEN 1 ELSE 0 END) DESC, COUNT(*) DESC, g.name, g.id
			LIMIT $1`, hearth.GroupQueuesMax)
		return err
	})
	return list, err
}

func queueScope(alias string, groupID int64) (string, []any) {
	if groupID == 0 {
		return alias + `.group_id IS NULL`, nil
	}
	return alias + `.group_id = $1`, []any{groupID}
}
