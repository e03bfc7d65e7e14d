package sqlstore

import (
	"context"
	"html/template"
	"slices"
	"time"

	"hearth"
	"hearth/markdown"
)

var _ hearth.ShareService = (*Store)(nil)

// shareAccess is a reader's standing in a group, read in the transaction
// that acts on its shares.
type shareAccess struct {
	member    bool // a member (not a pending request)
	suspended bool // a member a trusted servant suspended: reads, may not post
	// moderate: serves the group, or is a site admin.
	moderate bool
	admin    bool
	premod   bool // the group holds new members' first shares for a trusted servant
}

// accessTo reads the actor's standing in the group; ENOTFOUND for no such
// group.
func accessTo(ctx context.Context, t *tx, groupID, actor int64) (shareAccess, error) {
	var a shareAccess
	var role, site string
	err := t.queryRow(ctx, `
		SELECT COALESCE(m.role, ''), COALESCE(m.suspended, FALSE), g.premoderate,
			COALESCE((SELECT role FROM accounts WHERE id = $2), '')
		FROM groups g LEFT JOIN group_members m ON m.group_id = g.id AND m.account_id = $2
		WHERE g.id = $1`, groupID, actor).Scan(&role, &a.suspended, &a.premod, &site)
	a.member = role != ""
	a.admin = site == string(hearth.RoleAdmin)
	a.moderate = hearth.CanServe(role) || a.admin
	return a, err
}

// canRead reports whether the reader may see the group's shares at all.
func (a shareAccess) canRead() bool { return a.member || a.admin }

// shareVisible is the other half of canReadShare, the part that depends
// on the share, in SQL so that no list or lookup can forget it. $1 is the
// reader, $2 whether they moderate the group (shareAccess.moderate):
// what is pending, hidden or removed only its author and moderators see;
// nobody sees what is written by someone they block or who blocks them
// (their own aside); a reply is seen only with its share.
var shareVisible = `(s.status = 'visible' OR s.author_id = $1 OR $2)
	AND (s.author_id = $1 OR NOT ` + blockBetween("s.author_id") + `)
	AND (s.parent_id IS NULL OR EXISTS (SELECT 1 FROM shares p WHERE p.id = s.parent_id
		AND (p.status = 'visible' OR p.author_id = $1 OR $2)))`

// shareColumns reads a share for reader $1 (moderating when $2): the
// author of a share posted as "a member of this group" is left out
// (0, ”) unless the reader wrote it or moderates. Its visible replies
// are counted in shares.replies, which triggers keep (migration 18).
const shareColumns = `SELECT s.id, s.group_id, g.slug, COALESCE(s.parent_id, 0),
	CASE WHEN s.anonymous AND s.author_id <> $1 AND NOT $2 THEN 0 ELSE s.author_id END,
	CASE WHEN s.anonymous AND s.author_id <> $1 AND NOT $2 THEN '' ELSE a.display_name END,
	s.anonymous, s.kind, s.title, s.body, s.html, s.warning, s.status, s.reason, s.created_at, s.edited_at,
	s.replies
	FROM shares s JOIN accounts a ON a.id = s.author_id JOIN groups g ON g.id = s.group_id`

func scanShare(actor int64, moderate bool) func(scanner) (*hearth.Share, error) {
	return func(sc scanner) (*hearth.Share, error) {
		var s hearth.Share
		if err := sc.Scan(&s.ID, &s.GroupID, &s.GroupSlug, &s.ParentID, &s.AuthorID, &s.AuthorName, &s.Anonymous, &s.Kind,
			&s.Title, &s.Body, &s.HTML, &s.Warning, &s.Status, &s.Reason, scanTime(&s.CreatedAt), scanTime(&s.EditedAt),
			&s.Replies); err != nil {
			return nil, err
		}
		s.Own = s.AuthorID == actor
		s.Moderate = moderate
		return &s, nil
	}
}

// blockBetween is the SQL condition that the reader, $1, blocks the
// account in column author or is blocked by it (blockedEitherWay, in Go,
// asks it of two accounts).
func blockBetween(author string) string {
	return `EXISTS (SELECT 1 FROM blocks b
		WHERE (b.blocker = $1 AND b.blocked = ` + author + `) OR (b.blocker = ` + author + ` AND b.blocked = $1))`
}

// shareBatch is how many shares one query over a list of them reads
// (their reactions, their replies): the query's text stays the same (its
// statement is prepared once), the list padded with 0.
const shareBatch = hearth.SharePageMax

// paddedArgs are the arguments of a query over up to n IDs: first, then
// the IDs, padded with 0 to n, so that the query's text (and so its
// prepared statement) is the same for any number of them.
func paddedArgs(first any, ids []int64, n int) []any {
	args := make([]any, 1, n+1)
	args[0] = first
	for _, id := range ids {
		args = append(args, id)
	}
	for len(args) < n+1 {
		args = append(args, 0)
	}
	return args
}

// addReactions fills in the reader's own reactions to the shares, and the
// counts of those the reader wrote.
func addReactions(ctx context.Context, t *tx, actor int64, list []*hearth.Share) error {
	var own, others []*hearth.Share
	for _, s := range list {
		if s.Own {
			own = append(own, s)
		} else {
			others = append(others, s)
		}
	}
	if err := addMine(ctx, t, actor, others); err != nil {
		return err
	}
	return addCounts(ctx, t, actor, own)
}

// addMine fills in the reader's own reactions to shares others wrote: one
// range of the index on account and share (from the lowest share's ID to
// the highest), the few that are not in the list left aside. Nobody else's
// reactions are read: others' counts are for their authors.
func addMine(ctx context.Context, t *tx, actor int64, list []*hearth.Share) error {
	if len(list) == 0 {
		return nil
	}
	lo, hi := list[0].ID, list[0].ID
	byID := make(map[int64]*hearth.Share, len(list))
	for _, s := range list {
		lo, hi = min(lo, s.ID), max(hi, s.ID)
		byID[s.ID] = s
	}
	type mine struct {
		id   int64
		kind string
	}
	reactions, err := queryAll(ctx, t, func(sc scanner) (mine, error) {
		var m mine
		err := sc.Scan(&m.id, &m.kind)
		return m, err
	}, `SELECT share_id, kind FROM reactions WHERE account_id = $1 AND share_id BETWEEN $2 AND $3
		ORDER BY share_id, kind`, actor, lo, hi)
	if err != nil {
		return err
	}
	for _, m := range reactions {
		if s := byID[m.id]; s != nil {
			s.Mine = append(s.Mine, m.kind)
		}
	}
	return nil
}

// addCounts fills in the counts of each kind of reaction to the reader's
// own shares, and which they gave themselves.
func addCounts(ctx context.Context, t *tx, actor int64, list []*hearth.Share) error {
	for len(list) > 0 {
		batch := list[:min(len(list), shareBatch)]
		list = list[len(batch):]
		ids := make([]int64, len(batch))
		byID := make(map[int64]*hearth.Share, len(batch))
		for i, s := range batch {
			ids[i] = s.ID
			byID[s.ID] = s
		}
		args := paddedArgs(actor, ids, shareBatch)
		type count struct {
			id      int64
			kind    string
			n, mine int
		}
		counts, err := queryAll(ctx, t, func(sc scanner) (count, error) {
			var c count
			err := sc.Scan(&c.id, &c.kind, &c.n, &c.mine)
			return c, err
		}, `SELECT x.share_id, x.kind, count(*), max(CASE WHEN x.account_id = $1 THEN 1 ELSE 0 END)
			FROM reactions x WHERE x.share_id IN (`+placeholders(2, shareBatch)+`)
			GROUP BY x.share_id, x.kind`, args...)
		if err != nil {
			return err
		}
		for _, c := range counts {
			s := byID[c.id]
			if s == nil {
				continue
			}
			if c.mine > 0 {
				s.Mine = append(s.Mine, c.kind)
			}
			if s.Reactions == nil {
				s.Reactions = map[string]int{}
			}
			s.Reactions[c.kind] = c.n
		}
	}
	return nil
}

// uncountBlocked takes out of the shares' reply counts the replies the
// reader cannot see for a block, either way. shares.replies counts a
// share's visible replies once for everyone; a count that took in a reply
// its thread does not show the reader would tell them that someone they
// block, or who blocks them, had answered. For a reader with no block
// either way, which is most, it is one look into each index of blocks.
func uncountBlocked(ctx context.Context, t *tx, actor int64, list []*hearth.Share) error {
	counted := make(map[int64]*hearth.Share, len(list))
	for _, s := range list {
		if s.ParentID == 0 && s.Replies > 0 {
			counted[s.ID] = s
		}
	}
	if len(counted) == 0 {
		return nil
	}
	blocks, err := queryAll(ctx, t, func(sc scanner) (int, error) {
		var one int
		err := sc.Scan(&one)
		return one, err
	}, `SELECT 1 FROM blocks WHERE blocker = $1 UNION ALL SELECT 1 FROM blocks WHERE blocked = $1 LIMIT 1`, actor)
	if err != nil || len(blocks) == 0 {
		return err
	}
	ids := make([]int64, 0, len(counted))
	for id := range counted {
		ids = append(ids, id)
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), shareBatch)]
		ids = ids[len(batch):]
		args := paddedArgs(actor, batch, shareBatch)
		type hidden struct {
			parent int64
			n      int
		}
		rows, err := queryAll(ctx, t, func(sc scanner) (hidden, error) {
			var h hidden
			err := sc.Scan(&h.parent, &h.n)
			return h, err
		}, `SELECT r.parent_id, count(*) FROM shares r
			WHERE r.parent_id IN (`+placeholders(2, shareBatch)+`) AND r.status = 'visible' AND r.author_id <> $1
			AND `+blockBetween("r.author_id")+`
			GROUP BY r.parent_id`, args...)
		if err != nil {
			return err
		}
		for _, h := range rows {
			if s := counted[h.parent]; s != nil {
				s.Replies = max(0, s.Replies-h.n)
			}
		}
	}
	return nil
}

// GroupShares lists a group's shares, newest first.
func (s *Store) GroupShares(ctx context.Context, groupID int64, f hearth.ShareFilter) (list []*hearth.Share, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > hearth.SharePageMax {
		f.Limit = hearth.SharePageMax
	}
	if f.Before <= 0 {
		f.Before = 1<<63 - 1
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		a, err := accessTo(ctx, t, groupID, actor)
		if err != nil {
			return err
		}
		if !a.canRead() {
			return forbidden()
		}
		list, err = queryAll(ctx, t, scanShare(actor, a.moderate), shareColumns+`
			WHERE s.group_id = $3 AND s.parent_id IS NULL AND s.id < $4 AND `+shareVisible+`
			ORDER BY s.id DESC LIMIT $5`, actor, a.moderate, groupID, f.Before, f.Limit)
		if err != nil {
			return err
		}
		if err := uncountBlocked(ctx, t, actor, list); err != nil {
			return err
		}
		return addReactions(ctx, t, actor, list)
	})
	return list, err
}

// findShare reads a share or reply the actor may read, ENOTFOUND
// otherwise (a share of a group they are not in included).
func findShare(ctx context.Context, t *tx, id, actor int64) (*hearth.Share, shareAccess, error) {
	var groupID int64
	if err := t.queryRow(ctx, `SELECT group_id FROM shares WHERE id = $1`, id).Scan(&groupID); err != nil {
		return nil, shareAccess{}, err
	}
	a, err := accessTo(ctx, t, groupID, actor)
	if err != nil {
		return nil, a, err
	}
	if !a.canRead() {
		return nil, a, notFound()
	}
	sh, err := scanShare(actor, a.moderate)(t.queryRow(ctx, shareColumns+`
		WHERE s.id = $3 AND `+shareVisible, actor, a.moderate, id))
	return sh, a, err
}

// FindShare returns a share or reply the actor may read.
func (s *Store) FindShare(ctx context.Context, id int64) (sh *hearth.Share, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		if sh, _, err = findShare(ctx, t, id, actor); err != nil {
			return err
		}
		if err := uncountBlocked(ctx, t, actor, []*hearth.Share{sh}); err != nil {
			return err
		}
		return addReactions(ctx, t, actor, []*hearth.Share{sh})
	})
	return sh, err
}

// ShareReplies lists the replies the actor may read, oldest first.
func (s *Store) ShareReplies(ctx context.Context, shareID int64) (list []*hearth.Share, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		parent, a, err := findShare(ctx, t, shareID, actor)
		if err != nil {
			return err
		}
		if parent.ParentID != 0 {
			return notFound()
		}
		list, err = queryAll(ctx, t, scanShare(actor, a.moderate), shareColumns+`
			WHERE s.parent_id = $3 AND `+shareVisible+` ORDER BY s.id`, actor, a.moderate, shareID)
		if err != nil {
			return err
		}
		return addReactions(ctx, t, actor, list)
	})
	return list, err
}

// cleanText checks and cleans a share's title and body (package
// markdown), returning the field problems.
func cleanText(sh *hearth.Share) error {
	errs := hearth.FieldErrors{}
	var err error
	var html template.HTML
	if html, sh.Body, err = markdown.Render(sh.Body); err != nil {
		errs.Add("body", err.Error())
	}
	sh.HTML = string(html)
	if sh.Title, err = markdown.Clean(sh.Title); err != nil {
		errs.Add("title", err.Error())
	}
	return errs.Err()
}

// CreateShare posts a share or reply as the actor.
func (s *Store) CreateShare(ctx context.Context, sh *hearth.Share) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := sh.Validate(); err != nil {
		return err
	}
	if err := cleanText(sh); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		var parentAuthor int64
		if sh.ParentID != 0 {
			parent, _, err := findShare(ctx, t, sh.ParentID, actor)
			if err != nil {
				return err
			}
			if parent.ParentID != 0 || parent.Status != hearth.ShareVisible {
				return notFound()
			}
			sh.GroupID = parent.GroupID
			if err := t.queryRow(ctx, `SELECT author_id FROM shares WHERE id = $1`, parent.ID).Scan(&parentAuthor); err != nil {
				return err
			}
		}
		a, err := accessTo(ctx, t, sh.GroupID, actor)
		if err != nil {
			return err
		}
		if !a.member {
			return forbidden()
		}
		if a.suspended {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.share.suspended")
		}
		sh.Status = hearth.ShareVisible
		if a.premod && !a.moderate {
			// A member's first share waits for a trusted servant.
			var before int
			if err := t.queryRow(ctx, `SELECT count(*) FROM shares WHERE group_id = $1 AND author_id = $2 AND status = 'visible'`,
				sh.GroupID, actor).Scan(&before); err != nil {
				return err
			}
			if before == 0 {
				sh.Status = hearth.SharePending
			}
		}
		if err := t.queryRow(ctx, `INSERT INTO shares (group_id, parent_id, author_id, anonymous, kind, title, body, html, warning, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			sh.GroupID, nullID(sh.ParentID), actor, sh.Anonymous, sh.Kind, sh.Title, sh.Body, sh.HTML, sh.Warning, sh.Status, t.now).Scan(&sh.ID); err != nil {
			return err
		}
		sh.AuthorID, sh.CreatedAt, sh.Own = actor, t.now, true
		if sh.Status != hearth.ShareVisible {
			return nil
		}
		if sh.ParentID == 0 {
			t.publish(&hearth.Event{Topic: hearth.GroupTopic(sh.GroupID), Kind: hearth.EventShare, Group: sh.GroupID, Subject: sh.ID})
			return nil
		}
		t.publish(&hearth.Event{Topic: hearth.GroupTopic(sh.GroupID), Kind: hearth.EventReply, Group: sh.GroupID, Subject: sh.ID})
		return t.notify(ctx, hearth.Notification{AccountID: parentAuthor, Kind: hearth.NotifyReply, Group: sh.GroupID, Subject: sh.ID}, actor)
	})
}

// EditShare changes the actor's own share or reply, keeping the old text.
func (s *Store) EditShare(ctx context.Context, sh *hearth.Share) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := sh.Validate(); err != nil {
		return err
	}
	if err := cleanText(sh); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		old, _, err := findShare(ctx, t, sh.ID, actor)
		if err != nil {
			return err
		}
		if !old.Own {
			return notFound()
		}
		if old.ParentID != sh.ParentID {
			return notFound()
		}
		if _, err := t.exec(ctx, `INSERT INTO share_edits (share_id, title, body, warning, edited_at) VALUES ($1, $2, $3, $4, $5)`,
			old.ID, old.Title, old.Body, old.Warning, t.now); err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE shares SET kind = $1, title = $2, body = $3, html = $4, warning = $5, edited_at = $6
			WHERE id = $7 AND author_id = $8`, sh.Kind, sh.Title, sh.Body, sh.HTML, sh.Warning, t.now, sh.ID, actor); err != nil {
			return err
		}
		sh.GroupID, sh.EditedAt, sh.Status = old.GroupID, t.now, old.Status
		t.publish(&hearth.Event{Topic: hearth.GroupTopic(old.GroupID), Kind: hearth.EventShareChanged, Group: old.GroupID, Subject: old.ID})
		return nil
	})
}

// ShareHistory lists what a share said before its edits.
func (s *Store) ShareHistory(ctx context.Context, id int64) (list []*hearth.Share, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		sh, a, err := findShare(ctx, t, id, actor)
		if err != nil {
			return err
		}
		if !sh.Own && !a.moderate {
			return notFound()
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Share, error) {
			v := *sh
			v.Reactions, v.Mine = nil, nil
			err := sc.Scan(&v.Title, &v.Body, &v.Warning, scanTime(&v.EditedAt))
			return &v, err
		}, `SELECT title, body, warning, edited_at FROM share_edits WHERE share_id = $1 ORDER BY id DESC`, id)
		return err
	})
	return list, err
}

// DeleteShare deletes the actor's own share or reply.
func (s *Store) DeleteShare(ctx context.Context, id int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		var groupID int64
		if err := t.queryRow(ctx, `DELETE FROM shares WHERE id = $1 AND author_id = $2 RETURNING group_id`, id, actor).Scan(&groupID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM reports WHERE target_kind IN ('share', 'reply') AND target_id = $1`, id); err != nil {
			return err
		}
		t.publish(&hearth.Event{Topic: hearth.GroupTopic(groupID), Kind: hearth.EventShareChanged, Group: groupID, Subject: id})
		return nil
	})
}

// React adds or takes back a reaction. The author hears of reactions at
// most once until they read it: a notification is made only when they
// have no unread one for that share, so that ten reactions are one
// notification, not ten.
func (s *Store) React(ctx context.Context, id int64, kind string, on bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(hearth.Reactions, kind) {
		return hearth.FieldErrors{"kind": "error.reaction.kind"}.Err()
	}
	return s.inTx(ctx, func(t *tx) error {
		sh, a, err := findShare(ctx, t, id, actor)
		if err != nil {
			return err
		}
		if !a.member || sh.Status != hearth.ShareVisible {
			return notFound()
		}
		if !on {
			_, err := t.exec(ctx, `DELETE FROM reactions WHERE share_id = $1 AND kind = $2 AND account_id = $3`, id, kind, actor)
			return err
		}
		r, err := t.exec(ctx, `INSERT INTO reactions (share_id, kind, account_id, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, id, kind, actor, t.now)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return nil
		}
		var author int64
		if err := t.queryRow(ctx, `SELECT author_id FROM shares WHERE id = $1`, id).Scan(&author); err != nil {
			return err
		}
		var waiting int
		if err := t.queryRow(ctx, `SELECT count(*) FROM notifications WHERE account_id = $1 AND kind = $2
			AND subject_id = $3 AND read_at IS NULL`, author, hearth.NotifyReaction, id).Scan(&waiting); err != nil {
			return err
		}
		if waiting > 0 {
			return nil
		}
		return t.notify(ctx, hearth.Notification{AccountID: author, Kind: hearth.NotifyReaction, Group: sh.GroupID, Subject: id}, actor)
	})
}

// SetSponsorshipTime sets when a sponsorship was asked for and accepted,
// for demo data whose check-ins go back weeks. It is no part of any
// service.
func (s *Store) SetSponsorshipTime(ctx context.Context, id int64, at time.Time) error {
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE sponsorships SET created_at = $1, answered_at = $1 WHERE id = $2`, at.UTC().Truncate(time.Microsecond), id)
	})
}

// SetShareTime sets when a share or reply was written, for demo data
// spread over past weeks. It is no part of any service.
func (s *Store) SetShareTime(ctx context.Context, id int64, at time.Time) error {
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE shares SET created_at = $1 WHERE id = $2`, at.UTC().Truncate(time.Microsecond), id)
	})
}
