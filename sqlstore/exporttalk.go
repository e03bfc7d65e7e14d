package sqlstore

import (
	"context"
	"fmt"
	"time"

	"hearth"
	"hearth/vault"
)

// ExportTalk fills in what the member in the context said to others: their
// shares and replies, the messages they wrote (opened with each
// conversation's key), the messages they reported, their reach-outs, their
// reach-out plan, their muted words, their reactions and their reports. Lists are
// empty, never nil.
func (s *Store) ExportTalk(ctx context.Context, e *hearth.Export) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	words, err := s.MutedWords(ctx)
	if err != nil {
		return err
	}
	e.MutedWords = words
	return s.inReadTx(ctx, func(t *tx) error {
		var err error
		var ids []int64
		e.Shares, err = queryAll(ctx, t, func(sc scanner) (hearth.ExportShare, error) {
			var x hearth.ExportShare
			var id int64
			var parent *int64
			var edited time.Time
			if err := sc.Scan(&id, &x.Group, &parent, &x.Anonymous, &x.Kind, &x.Title, &x.Body, &x.Status,
				scanTime(&x.CreatedAt), scanTime(&edited)); err != nil {
				return x, err
			}
			ids = append(ids, id)
			x.Reply = parent != nil
			x.CreatedAt = x.CreatedAt.UTC()
			if !edited.IsZero() {
				u := edited.UTC()
				x.EditedAt = &u
			}
			return x, nil
		}, `SELECT s.id, g.slug, s.parent_id, s.anonymous, s.kind, s.title, s.body, s.status, s.created_at, s.edited_at
			FROM shares s JOIN groups g ON g.id = s.group_id WHERE s.author_id = $1 ORDER BY s.id`, actor)
		if err != nil {
			return err
		}
		// The words each had before its edits.
		at := make(map[int64]int, len(ids))
		for i, id := range ids {
			at[id] = i
		}
		type version struct {
			share int64
			v     hearth.ExportShareVersion
		}
		versions, err := queryAll(ctx, t, func(sc scanner) (version, error) {
			var x version
			err := sc.Scan(&x.share, &x.v.Title, &x.v.Body, &x.v.Warning, scanTime(&x.v.ReplacedAt))
			x.v.ReplacedAt = x.v.ReplacedAt.UTC()
			return x, err
		}, `SELECT e.share_id, e.title, e.body, e.warning, e.edited_at FROM share_edits e
			JOIN shares s ON s.id = e.share_id WHERE s.author_id = $1 ORDER BY e.id`, actor)
		if err != nil {
			return err
		}
		for _, x := range versions {
			if i, ok := at[x.share]; ok {
				e.Shares[i].Earlier = append(e.Shares[i].Earlier, x.v)
			}
		}
		if e.Messages, err = s.exportMessages(ctx, t, actor); err != nil {
			return err
		}
		reports, err := s.myMessageReports(ctx, t, actor, 0, 1<<31-1)
		if err != nil {
			return err
		}
		e.MessageReports = make([]hearth.ExportMessageReport, 0, len(reports))
		for _, r := range reports {
			x := hearth.ExportMessageReport{Reason: r.Reason, Note: r.Note, Status: r.Status, CreatedAt: r.CreatedAt.UTC(),
				ReadAt: make([]time.Time, 0, len(r.Reads))}
			if !r.HandledAt.IsZero() {
				h := r.HandledAt.UTC()
				x.HandledAt = &h
			}
			for _, at := range r.Reads {
				x.ReadAt = append(x.ReadAt, at.UTC())
			}
			e.MessageReports = append(e.MessageReports, x)
		}
		dk, err := s.accountKey(ctx, t, actor)
		if err != nil {
			return err
		}
		e.ReachOuts, err = queryAll(ctx, t, func(sc scanner) (hearth.ExportReachOut, error) {
			var x hearth.ExportReachOut
			var id int64
			var words []byte
			if err := sc.Scan(&id, &words, scanTime(&x.CreatedAt)); err != nil {
				return x, err
			}
			x.CreatedAt = x.CreatedAt.UTC()
			if words != nil {
				var err error
				if x.Words, err = dk.OpenString("reach_outs", "words", id, words); err != nil {
					return x, fmt.Errorf("sqlstore: opening reach-out %d: %w", id, err)
				}
			}
			return x, nil
		}, `SELECT id, words, created_at FROM reach_outs WHERE sender_id = $1 ORDER BY id`, actor)
		if err != nil {
			return err
		}
		if e.ReachOutPlan, err = s.exportReachOutPlan(ctx, t, actor); err != nil {
			return err
		}
		e.Reactions, err = queryAll(ctx, t, func(sc scanner) (hearth.ExportReaction, error) {
			var x hearth.ExportReaction
			err := sc.Scan(&x.Group, &x.Kind, scanTime(&x.CreatedAt))
			x.CreatedAt = x.CreatedAt.UTC()
			return x, err
		}, `SELECT g.slug, r.kind, r.created_at FROM reactions r JOIN shares s ON s.id = r.share_id JOIN groups g ON g.id = s.group_id
			WHERE r.account_id = $1 ORDER BY r.created_at, r.share_id, r.kind`, actor)
		if err != nil {
			return err
		}
		e.Reports, err = queryAll(ctx, t, func(sc scanner) (hearth.ExportReport, error) {
			var x hearth.ExportReport
			var group *string
			var resolved time.Time
			if err := sc.Scan(&x.Of, &group, &x.Reason, &x.Note, &x.Status, scanTime(&x.CreatedAt), scanTime(&resolved)); err != nil {
				return x, err
			}
			if group != nil {
				x.Group = *group
			}
			x.CreatedAt = x.CreatedAt.UTC()
			if !resolved.IsZero() {
				r := resolved.UTC()
				x.ResolvedAt = &r
			}
			return x, nil
		}, `SELECT r.target_kind, g.slug, r.reason, r.note, r.status, r.created_at, r.resolved_at
			FROM reports r LEFT JOIN groups g ON g.id = r.group_id WHERE r.reporter_id = $1 ORDER BY r.id`, actor)
		return err
	})
}

// exportReachOutPlan is the member's reach-out plan as it stands (Hearth's
// default until they choose), its groups by name.
func (s *Store) exportReachOutPlan(ctx context.Context, t *tx, actor int64) (hearth.ExportReachOutPlan, error) {
	p, err := s.reachOutPlan(ctx, t, actor)
	if err != nil {
		return hearth.ExportReachOutPlan{}, err
	}
	x := hearth.ExportReachOutPlan{Partners: p.Partners, Sponsor: p.Sponsor, Words: p.Words, Groups: []string{}}
	if !p.PausedUntil.IsZero() {
		at := p.PausedUntil.UTC()
		x.PausedUntil = &at
	}
	for _, id := range p.Groups {
		var name string
		if err := t.queryRow(ctx, `SELECT name FROM groups WHERE id = $1`, id).Scan(&name); err != nil {
			return x, err
		}
		x.Groups = append(x.Groups, name)
	}
	return x, nil
}

// exportMessages opens the messages the member wrote, conversation by
// conversation, oldest first.
func (s *Store) exportMessages(ctx context.Context, t *tx, actor int64) ([]hearth.ExportMessage, error) {
	sides, err := queryAll(ctx, t, func(sc scanner) (*convSide, error) { return scanConv(sc, actor) },
		convSelect+` ORDER BY c.id`, actor)
	if err != nil {
		return nil, err
	}
	out := []hearth.ExportMessage{}
	for _, c := range sides {
		key, err := s.convKey(ctx, t, c)
		if err != nil {
			return nil, err
		}
		to := ""
		if c.with != nil {
			to = c.with.Handle
		}
		list, err := queryAll(ctx, t, func(sc scanner) (hearth.ExportMessage, error) {
			m := hearth.ExportMessage{To: to}
			var id int64
			var body []byte
			if err := sc.Scan(&id, &body, scanTime(&m.CreatedAt)); err != nil {
				return m, err
			}
			m.CreatedAt = m.CreatedAt.UTC()
			var err error
			m.Body, err = openMessage(key, id, body)
			return m, err
		}, `SELECT id, body, created_at FROM messages WHERE conversation_id = $1 AND sender_id = $2 ORDER BY id`, c.convID, actor)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// openMessage opens a message's body with its conversation's key.
func openMessage(key *vault.DataKey, id int64, body []byte) (string, error) {
	s, err := key.OpenString("messages", "body", id, body)
	if err != nil {
		return "", fmt.Errorf("sqlstore: opening message %d: %w", id, err)
	}
	return s, nil
}
