package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hearth"
	"hearth/vault"
)

var _ hearth.MessageReportService = (*Store)(nil)

// Reports of private messages.
//
// A conversation opens for its two members only. A report opens one of
// its messages, and only that one, to the site admins: the reporter's
// request opens the message with the conversation's key (as it does to
// show it to them) and seals a copy, with the reporter's note, with a key
// of the report's own. The server key wraps that key, bound to the
// report's row (vault.NewReportKey); OpenMessageReport, for site admins
// only, is the one path that unwraps it, and it writes each read to
// message_report_reads in the same transaction. Nothing of the report
// opens the conversation's key, or any other message.

// messageReportsMax bounds a list of reports.
const messageReportsMax = 200

// reportKey opens a report's key with the server key.
func (s *Store) reportKey(id int64, wrapped []byte) (*vault.DataKey, error) {
	if s.keys == nil {
		return nil, fmt.Errorf("sqlstore: no server key to open report %d with", id)
	}
	k, err := s.keys.UnwrapReportKey(id, wrapped)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: unwrapping the key of message report %d: %w", id, err)
	}
	return k, nil
}

// sealOptional seals s for a column of a report, NULL when it is empty.
func sealOptional(k *vault.DataKey, table, column string, id int64, s string) any {
	if s == "" {
		return nil
	}
	return k.SealString(table, column, id, s)
}

// openOptional opens what sealOptional made.
func openOptional(k *vault.DataKey, table, column string, id int64, sealed []byte) (string, error) {
	if sealed == nil {
		return "", nil
	}
	s, err := k.OpenString(table, column, id, sealed)
	if err != nil {
		return "", fmt.Errorf("sqlstore: opening %s.%s of %d: %w", table, column, id, err)
	}
	return s, nil
}

func (s *Store) ReportMessage(ctx context.Context, messageID int64, reason, note string) (*hearth.MessageReport, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if note, err = hearth.CleanReportNote(reason, note); err != nil {
		return nil, err
	}
	var out *hearth.MessageReport
	err = s.inTx(ctx, func(t *tx) error {
		var convID int64
		var sender *int64
		var body []byte
		var at time.Time
		if err := t.queryRow(ctx, `SELECT conversation_id, sender_id, body, created_at FROM messages WHERE id = $1`,
			messageID).Scan(&convID, &sender, &body, scanTime(&at)); err != nil {
			return err
		}
		// The actor must hold the conversation: readConv is ENOTFOUND
		// otherwise. Blocking either way does not stop a report.
		c, err := s.readConv(ctx, t, actor, convID)
		if err != nil {
			return err
		}
		if sender != nil && *sender == actor {
			return notFound()
		}
		var earlier int64
		err = t.queryRow(ctx, `SELECT id FROM message_reports WHERE reporter_id = $1 AND message_id = $2`,
			actor, messageID).Scan(&earlier)
		switch {
		case err == nil:
			mine, err := s.myMessageReports(ctx, t, actor, earlier, 1)
			if err != nil {
				return err
			}
			if len(mine) != 1 {
				return notFound()
			}
			out = mine[0]
			out.Again = true
			return nil
		case hearth.ErrorCode(err) != hearth.ENOTFOUND:
			return err
		}
		key, err := s.convKey(ctx, t, c)
		if err != nil {
			return err
		}
		text, err := openMessage(key, messageID, body)
		if err != nil {
			return err
		}
		mine, err := s.accountKey(ctx, t, actor)
		if err != nil {
			return err
		}
		out = &hearth.MessageReport{MessageID: messageID, Reason: reason, Note: note, Status: hearth.MessageReportOpen,
			ReporterID: actor, CreatedAt: t.now, ConversationID: convID, Reads: []time.Time{}}
		// The row is made first for its id, which the key and the sealed
		// copy are bound to.
		if err := t.queryRow(ctx, `INSERT INTO message_reports (message_id, reporter_id, author_id, message_at, reason,
				report_key, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`,
			messageID, actor, sender, at, reason, []byte{}, t.now).Scan(&out.ID); err != nil {
			return err
		}
		if s.keys == nil {
			return fmt.Errorf("sqlstore: no server key to seal report %d with", out.ID)
		}
		rk, wrapped, err := s.keys.NewReportKey(out.ID)
		if err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE message_reports SET report_key = $1, body = $2, note = $3, reporter_note = $4
			WHERE id = $5`, wrapped, rk.SealString("message_reports", "body", out.ID, text),
			sealOptional(rk, "message_reports", "note", out.ID, note),
			sealOptional(mine, "message_reports", "reporter_note", out.ID, note), out.ID); err != nil {
			return err
		}
		// The site admins are told, in words that hold nothing of it.
		admins, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, `SELECT id FROM accounts WHERE role = 'admin'`)
		if err != nil {
			return err
		}
		for _, id := range admins {
			if err := t.notify(ctx, hearth.Notification{AccountID: id, Kind: hearth.NotifyReport, Subject: out.ID}, actor); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reportReads returns the times report ids were read by a site admin,
// earliest first.
func reportReads(ctx context.Context, t *tx, ids []int64) (map[int64][]time.Time, error) {
	reads := map[int64][]time.Time{}
	if len(ids) == 0 {
		return reads, nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", i+1)
		args[i] = id
	}
	type read struct {
		id int64
		at time.Time
	}
	list, err := queryAll(ctx, t, func(sc scanner) (read, error) {
		var r read
		return r, sc.Scan(&r.id, scanTime(&r.at))
	}, `SELECT report_id, read_at FROM message_report_reads WHERE report_id IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
	for _, r := range list {
		reads[r.id] = append(reads[r.id], r.at)
	}
	return reads, err
}

// withReads fills in each report's reads.
func withReads(ctx context.Context, t *tx, list []*hearth.MessageReport) error {
	ids := make([]int64, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	reads, err := reportReads(ctx, t, ids)
	for _, r := range list {
		r.Reads = append([]time.Time{}, reads[r.ID]...)
	}
	return err
}

func (s *Store) MyMessageReports(ctx context.Context) ([]*hearth.MessageReport, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.MessageReport
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = s.myMessageReports(ctx, t, actor, 0, messageReportsMax)
		return err
	})
	return list, err
}

// myMessageReports lists the actor's reports (only report id, when not
// 0), newest first, at most limit, with their notes opened with the
// actor's key.
func (s *Store) myMessageReports(ctx context.Context, t *tx, actor, id int64, limit int) ([]*hearth.MessageReport, error) {
	dk, err := s.accountKey(ctx, t, actor)
	if err != nil {
		return nil, err
	}
	list, err := queryAll(ctx, t, func(sc scanner) (*hearth.MessageReport, error) {
		r := &hearth.MessageReport{ReporterID: actor}
		var message, conv *int64
		var note []byte
		if err := sc.Scan(&r.ID, &message, &conv, &r.Reason, &note, &r.Status, scanTime(&r.CreatedAt), scanTime(&r.HandledAt)); err != nil {
			return nil, err
		}
		if message != nil {
			r.MessageID = *message
		}
		if conv != nil {
			r.ConversationID = *conv
		}
		var err error
		r.Note, err = openOptional(dk, "message_reports", "reporter_note", r.ID, note)
		return r, err
	}, `SELECT r.id, r.message_id, m.conversation_id, r.reason, r.reporter_note, r.status, r.created_at, r.handled_at
		FROM message_reports r LEFT JOIN messages m ON m.id = r.message_id
		WHERE r.reporter_id = $1 AND ($2 = 0 OR r.id = $2) ORDER BY r.id DESC LIMIT $3`, actor, id, limit)
	if err != nil {
		return nil, err
	}
	return list, withReads(ctx, t, list)
}

func (s *Store) MessageReports(ctx context.Context) ([]*hearth.MessageReport, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.MessageReport
	err = s.inReadTx(ctx, func(t *tx) error {
		if err := mustAdmin(ctx, t, actor); err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.MessageReport, error) {
			r := &hearth.MessageReport{}
			var message *int64
			err := sc.Scan(&r.ID, &message, &r.Reason, &r.Status, scanTime(&r.CreatedAt))
			if message != nil {
				r.MessageID = *message
			}
			return r, err
		}, `SELECT id, message_id, reason, status, created_at FROM message_reports WHERE status = 'open'
			ORDER BY CASE reason WHEN 'at-risk' THEN 0 ELSE 1 END, id LIMIT $1`, messageReportsMax)
		if err != nil {
			return err
		}
		return withReads(ctx, t, list)
	})
	return list, err
}

func (s *Store) MessageReport(ctx context.Context, id int64) (*hearth.MessageReport, error) {
	return s.adminReport(ctx, id, false)
}

func (s *Store) OpenMessageReport(ctx context.Context, id int64) (*hearth.MessageReport, error) {
	return s.adminReport(ctx, id, true)
}

// adminReport reads a report for a site admin; when open, it opens the
// copy, the note and the outcome, names those involved, and logs the read.
func (s *Store) adminReport(ctx context.Context, id int64, open bool) (*hearth.MessageReport, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	r := &hearth.MessageReport{ID: id, Opened: open}
	run := s.inReadTx
	if open {
		run = s.inTx
	}
	err = run(ctx, func(t *tx) error {
		if err := mustAdmin(ctx, t, actor); err != nil {
			return err
		}
		var message *int64
		var wrapped, body, note, outcome []byte
		var author, reporter *string
		if err := t.queryRow(ctx, `SELECT r.message_id, r.reason, r.status, r.created_at, r.handled_at, r.message_at,
				r.report_key, r.body, r.note, r.outcome, au.display_name, rp.display_name
			FROM message_reports r
			LEFT JOIN accounts au ON au.id = r.author_id
			LEFT JOIN accounts rp ON rp.id = r.reporter_id
			WHERE r.id = $1`, id).Scan(&message, &r.Reason, &r.Status, scanTime(&r.CreatedAt), scanTime(&r.HandledAt),
			scanTime(&r.MessageAt), &wrapped, &body, &note, &outcome, &author, &reporter); err != nil {
			return err
		}
		if message != nil {
			r.MessageID = *message
		}
		if !open {
			r.MessageAt = time.Time{}
			return withReads(ctx, t, []*hearth.MessageReport{r})
		}
		r.AuthorName, r.ReporterName = deref(author), deref(reporter)
		k, err := s.reportKey(id, wrapped)
		if err != nil {
			return err
		}
		if r.Body, err = openOptional(k, "message_reports", "body", id, body); err != nil {
			return err
		}
		if r.Note, err = openOptional(k, "message_reports", "note", id, note); err != nil {
			return err
		}
		if r.Outcome, err = openOptional(k, "message_reports", "outcome", id, outcome); err != nil {
			return err
		}
		// Every read is written down, in the same transaction: the
		// reporter sees it, and so does the moderation log.
		if _, err := t.exec(ctx, `INSERT INTO message_report_reads (report_id, admin_id, read_at) VALUES ($1, $2, $3)`,
			id, actor, t.now); err != nil {
			return err
		}
		if err := logModeration(ctx, t, 0, actor, hearth.ModRead, hearth.ReportMessage, id, ""); err != nil {
			return err
		}
		return withReads(ctx, t, []*hearth.MessageReport{r})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (s *Store) HandleMessageReport(ctx context.Context, id int64, status, outcome string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	errs := hearth.FieldErrors{}
	if !slices.Contains([]string{hearth.MessageReportDismissed, hearth.MessageReportActed}, status) {
		errs.Add("status", "error.report.status")
	}
	outcome = strings.TrimSpace(strings.ToValidUTF8(outcome, "\uFFFD"))
	if utf8.RuneCountInString(outcome) > hearth.MessageReportOutcomeMax {
		errs.Add("outcome", "error.report.outcome_long")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := mustAdmin(ctx, t, actor); err != nil {
			return err
		}
		var now string
		var wrapped []byte
		var reporter *int64
		if err := t.queryRow(ctx, `SELECT status, report_key, reporter_id FROM message_reports WHERE id = $1`, id).Scan(&now, &wrapped, &reporter); err != nil {
			return err
		}
		if now != hearth.MessageReportOpen {
			return hearth.Errorf(hearth.ECONFLICT, "error.report.handled")
		}
		k, err := s.reportKey(id, wrapped)
		if err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE message_reports SET status = $1, outcome = $2, handled_by = $3, handled_at = $4
			WHERE id = $5 AND status = 'open'`, status, sealOptional(k, "message_reports", "outcome", id, outcome), actor, t.now, id); err != nil {
			return err
		}
		action := hearth.ModDismiss
		if status == hearth.MessageReportActed {
			action = hearth.ModAct
		}
		if err := logModeration(ctx, t, 0, actor, action, hearth.ReportMessage, id, ""); err != nil {
			return err
		}
		if reporter == nil {
			return nil // erased since
		}
		// The reporter hears that it was looked at; what was decided is on
		// their messages page, never in the notification.
		return t.notify(ctx, hearth.Notification{AccountID: *reporter, Kind: hearth.NotifyReportClosed, Subject: id}, actor)
	})
}
