package sqlstore

import (
	"context"
	"slices"

	"hearth"
)

var _ hearth.NotificationService = (*Store)(nil)

// SetEvents makes the store publish, through ev, the events of every
// transaction that commits (nil for none).
func (s *Store) SetEvents(ev hearth.EventService) { s.events = ev }

// publish hands a committed transaction's events to the event service.
// The change is already kept: an event that cannot be sent is logged, and
// pages see the change on their next load.
func (s *Store) publish(ctx context.Context, events []*hearth.Event) {
	if s.events == nil {
		return
	}
	for _, e := range events {
		if err := s.events.Publish(context.WithoutCancel(ctx), e); err != nil {
			s.log.Warn("event not published", "kind", e.Kind, "err", err)
		}
	}
}

// publish queues e until the transaction commits; a transaction that
// rolls back publishes nothing.
func (t *tx) publish(e *hearth.Event) {
	if e.At.IsZero() {
		e.At = t.now
	}
	t.published = append(t.published, e)
}

// notify tells a member, in this transaction, that something needs them,
// unless they turned that kind off or n is about their own doing (the
// caller passes the actor as from). It publishes an EventNotification on
// their topic when the transaction commits.
func (t *tx) notify(ctx context.Context, n hearth.Notification, from int64) error {
	if n.AccountID == 0 || n.AccountID == from {
		return nil
	}
	var off bool
	err := t.queryRow(ctx, `SELECT NOT enabled FROM notification_prefs WHERE account_id = $1 AND kind = $2`,
		n.AccountID, n.Kind).Scan(&off)
	if err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
		return err
	}
	if off {
		return nil
	}
	var id int64
	if err := t.queryRow(ctx, `INSERT INTO notifications (account_id, kind, group_id, subject_id, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		n.AccountID, n.Kind, nullID(n.Group), nullID(n.Subject), t.now).Scan(&id); err != nil {
		return err
	}
	t.publish(&hearth.Event{Topic: hearth.AccountTopic(n.AccountID), Kind: hearth.EventNotification,
		Group: n.Group, Subject: id})
	return nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// notificationsMax bounds a page of notifications.
const notificationsMax = 100

func (s *Store) Notifications(ctx context.Context, before int64, limit int) ([]*hearth.Notification, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > notificationsMax {
		limit = notificationsMax
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	var list []*hearth.Notification
	err = s.inReads(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Notification, error) {
			var n hearth.Notification
			var group, subject *int64
			if err := sc.Scan(&n.ID, &n.AccountID, &n.Kind, &group, &subject,
				scanTime(&n.CreatedAt), scanTime(&n.ReadAt)); err != nil {
				return nil, err
			}
			if group != nil {
				n.Group = *group
			}
			if subject != nil {
				n.Subject = *subject
			}
			return &n, nil
		}, `SELECT id, account_id, kind, group_id, subject_id, created_at, read_at FROM notifications
			WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, actor, before, limit)
		return err
	})
	return list, err
}

func (s *Store) UnreadNotifications(ctx context.Context) (int, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.readRow(ctx, `SELECT count(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL`, actor).Scan(&n)
	return n, err
}

func (s *Store) MarkNotificationsRead(ctx context.Context, upTo int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if upTo <= 0 {
		upTo = 1<<63 - 1
	}
	return s.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `UPDATE notifications SET read_at = $1
			WHERE account_id = $2 AND id <= $3 AND read_at IS NULL`, t.now, actor, upTo)
		return err
	})
}

func (s *Store) NotificationPrefs(ctx context.Context) (map[string]bool, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	prefs := make(map[string]bool, len(hearth.NotificationKinds))
	for _, k := range hearth.NotificationKinds {
		prefs[k] = true
	}
	err = s.inReads(ctx, func(t *tx) error {
		type pref struct {
			kind string
			on   bool
		}
		list, err := queryAll(ctx, t, func(sc scanner) (pref, error) {
			var p pref
			err := sc.Scan(&p.kind, &p.on)
			return p, err
		}, `SELECT kind, enabled FROM notification_prefs WHERE account_id = $1`, actor)
		for _, p := range list {
			if _, known := prefs[p.kind]; known {
				prefs[p.kind] = p.on
			}
		}
		return err
	})
	return prefs, err
}

func (s *Store) SetNotificationPrefs(ctx context.Context, prefs map[string]bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	for k := range prefs {
		if !slices.Contains(hearth.NotificationKinds, k) {
			return &hearth.Error{Code: hearth.EINVALID, Message: "error.form",
				Fields: map[string]string{"kind": "notifications.kind_unknown"}}
		}
	}
	return s.inTx(ctx, func(t *tx) error {
		for k, on := range prefs {
			if _, err := t.exec(ctx, `INSERT INTO notification_prefs (account_id, kind, enabled) VALUES ($1, $2, $3)
				ON CONFLICT (account_id, kind) DO UPDATE SET enabled = excluded.enabled`, actor, k, on); err != nil {
				return err
			}
		}
		return nil
	})
}
