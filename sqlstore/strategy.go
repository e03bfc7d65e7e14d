package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"hearth"
)

var _ hearth.StrategyService = (*Store)(nil)

// The library of strategies: see strategytext.go for how it is searched.
// A strategy's text is for every member of the community, so it is kept as written
// (not sealed); who marked it is kept only to count once and undo.

// strategyColumns reads a strategy s for the actor, $1.
const strategyColumns = `s.id, s.author_id, s.language, s.title, s.body, s.program, s.tag_list, s.share_id, s.helped,
	s.hidden_at IS NOT NULL AS hidden, s.hidden_reason, s.created_at, s.updated_at,
	EXISTS (SELECT 1 FROM strategy_helped h WHERE h.strategy_id = s.id AND h.account_id = $1) AS helped_me`

// strategyOuterColumns reads strategyColumns back from a subquery.
const strategyOuterColumns = `id, author_id, language, title, body, program, tag_list, share_id, helped,
	hidden, hidden_reason, created_at, updated_at, helped_me`

func scanStrategy(sc scanner, actor int64) (*hearth.Strategy, error) {
	var st hearth.Strategy
	var tags string
	var share sql.NullInt64
	if err := sc.Scan(&st.ID, &st.AuthorID, &st.Language, &st.Title, &st.Body, &st.Program, &tags, &share, &st.Helped,
		&st.Hidden, &st.HiddenReason, scanTime(&st.CreatedAt), scanTime(&st.UpdatedAt), &st.HelpedMe); err != nil {
		return nil, err
	}
	st.Tags = strings.Fields(tags)
	st.ShareID = share.Int64
	st.Mine = actor != 0 && st.AuthorID == actor
	return &st, nil
}

// CreateStrategy adds a strategy written by the actor.
func (s *Store) CreateStrategy(ctx context.Context, st *hearth.Strategy) error {
	return s.addStrategy(ctx, 0, st)
}

// SaveShareAsStrategy adds a strategy made from one of the actor's shares.
func (s *Store) SaveShareAsStrategy(ctx context.Context, shareID int64, st *hearth.Strategy) error {
	if shareID <= 0 {
		return hearth.FieldErrors{"share": "error.not_found"}.Err()
	}
	return s.addStrategy(ctx, shareID, st)
}

func (s *Store) addStrategy(ctx context.Context, shareID int64, st *hearth.Strategy) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	ns := *st
	ns.Tags = append([]string(nil), st.Tags...)
	if err := ns.Validate(); err != nil {
		return err
	}
	var share any
	if shareID != 0 {
		share = shareID
	}
	err = s.inTx(ctx, func(t *tx) error {
		if shareID != 0 {
			var n int
			if err := t.queryRow(ctx, `SELECT count(*) FROM shares WHERE id = $1 AND author_id = $2`, shareID, actor).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return hearth.Errorf(hearth.EFORBIDDEN, "error.strategy.not_your_share")
			}
		}
		ns.AuthorID, ns.ShareID, ns.CreatedAt, ns.UpdatedAt = actor, shareID, t.now, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO strategies (author_id, language, title, body, program, tag_list, share_id, search_text, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
			RETURNING id`,
			actor, ns.Language, ns.Title, ns.Body, ns.Program, strings.Join(ns.Tags, " "), share, strategySearchText(&ns), t.now).Scan(&ns.ID); err != nil {
			return err
		}
		return setStrategyTags(ctx, t, ns.ID, ns.Tags)
	})
	if err != nil {
		return err
	}
	ns.Mine = true
	*st = ns
	return nil
}

// setStrategyTags replaces a strategy's rows in strategy_tags.
func setStrategyTags(ctx context.Context, t *tx, id int64, tags []string) error {
	if _, err := t.exec(ctx, `DELETE FROM strategy_tags WHERE strategy_id = $1`, id); err != nil {
		return err
	}
	args := []any{id}
	rows := make([]string, len(tags))
	for i, tag := range tags {
		rows[i] = fmt.Sprintf("($1, $%d)", i+2)
		args = append(args, tag)
	}
	_, err := t.exec(ctx, `INSERT INTO strategy_tags (strategy_id, tag) VALUES `+strings.Join(rows, ", "), args...)
	return err
}

// readStrategy reads a strategy as the actor may see it: a hidden one is
// ENOTFOUND but to its author and site admins.
func (s *Store) readStrategy(ctx context.Context, t *tx, actor, id int64) (*hearth.Strategy, error) {
	st, err := scanStrategy(t.queryRow(ctx, `SELECT `+strategyColumns+` FROM strategies s WHERE s.id = $2`, actor, id), actor)
	if err != nil {
		return nil, err
	}
	if st.Hidden && !st.Mine {
		admin, err := isAdmin(ctx, t, actor)
		if err != nil {
			return nil, err
		}
		if !admin {
			return nil, notFound()
		}
	}
	return st, nil
}

// isAdmin says whether the account is a site admin, as the database has
// it now.
func isAdmin(ctx context.Context, t *tx, id int64) (bool, error) {
	if id == 0 {
		return false, nil
	}
	var role string
	err := t.queryRow(ctx, `SELECT role FROM accounts WHERE id = $1`, id).Scan(&role)
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return false, nil
	}
	return hearth.Role(role) == hearth.RoleAdmin, err
}

// ownStrategy reads a strategy the actor may change: EFORBIDDEN for
// another's.
func (s *Store) ownStrategy(ctx context.Context, t *tx, actor, id int64) (*hearth.Strategy, error) {
	st, err := s.readStrategy(ctx, t, actor, id)
	if err != nil {
		return nil, err
	}
	if !st.Mine {
		return nil, forbidden()
	}
	return st, nil
}

// UpdateStrategy changes one of the actor's strategies.
func (s *Store) UpdateStrategy(ctx context.Context, id int64, u hearth.StrategyUpdate) (st *hearth.Strategy, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(t *tx) error {
		if st, err = s.ownStrategy(ctx, t, actor, id); err != nil {
			return err
		}
		u.Apply(st)
		if err := st.Validate(); err != nil {
			return err
		}
		st.UpdatedAt = t.now
		if err := t.execOne(ctx, `UPDATE strategies SET language = $1, title = $2, body = $3, program = $4, tag_list = $5,
			search_text = $6, updated_at = $7 WHERE id = $8`,
			st.Language, st.Title, st.Body, st.Program, strings.Join(st.Tags, " "), strategySearchText(st), t.now, id); err != nil {
			return err
		}
		return setStrategyTags(ctx, t, id, st.Tags)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// DeleteStrategy deletes one of the actor's strategies.
func (s *Store) DeleteStrategy(ctx context.Context, id int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if _, err := s.ownStrategy(ctx, t, actor, id); err != nil {
			return err
		}
		return t.execOne(ctx, `DELETE FROM strategies WHERE id = $1`, id)
	})
}

// Strategy returns one strategy, to a member.
func (s *Store) Strategy(ctx context.Context, id int64) (st *hearth.Strategy, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		st, err = s.readStrategy(ctx, t, actor, id)
		return err
	})
	return st, err
}

// Strategies lists a page of the library.
func (s *Store) Strategies(ctx context.Context, f hearth.StrategyFilter) (list []*hearth.Strategy, more bool, err error) {
	f = f.Normal()
	errs := hearth.FieldErrors{}
	if utf8.RuneCountInString(f.Query) > hearth.StrategyQueryMax {
		errs.Add("q", "error.strategy.query_long")
	}
	if f.Tag != "" && !hearth.IsStrategyTag(f.Tag) {
		errs.Add("tag", "error.strategy.tag")
	}
	if !hearth.IsStrategyProgram(f.Program) {
		errs.Add("program", "error.strategy.program")
	}
	if err := errs.Err(); err != nil {
		return nil, false, err
	}
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, false, err
	}
	args := []any{actor, f.Language}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	from := `strategies s`
	where := []string{`s.hidden_at IS NULL`}
	if f.Mine {
		where = []string{`s.author_id = $1`}
	}
	rank, with := "", ""
	if terms := strategyTerms(strings.ToValidUTF8(f.Query, "")); len(terms) > 0 {
		var q any
		with, q = s.d.strategyMatch(terms, len(args)+1)
		args = append(args, q)
		from += ` JOIN m ON m.id = s.id`
		rank = `m.rnk`
	} else if strings.TrimSpace(f.Query) != "" {
		// Nothing but stop words: nothing to look for.
		return []*hearth.Strategy{}, false, nil
	}
	if f.Tag != "" {
		// +s.id: SQLite reads the order's index and tests each row against
		// the situation, rather than sorting all of its strategies.
		where = append(where, `+s.id IN (SELECT strategy_id FROM strategy_tags WHERE tag = `+arg(f.Tag)+`)`)
	}
	if f.Program != "" {
		where = append(where, `s.program IN ('', `+arg(f.Program)+`)`)
	}
	// The member's language first: two branches, each in the order asked
	// for and cut at the end of the page, so that each reads its index
	// (language, order) rather than sorting the whole library; the page
	// is taken from the two. Newest is by id, which rises with time.
	var inner, outer []string
	switch {
	case rank == "":
		rank = "0"
		if f.Sort == hearth.SortNewest {
			inner, outer = []string{`s.id DESC`}, []string{`id DESC`}
		} else {
			inner, outer = []string{`s.helped DESC`, `s.id DESC`}, []string{`helped DESC`, `id DESC`}
		}
	case f.Sort == hearth.SortRelevance:
		inner, outer = []string{rank, `s.helped DESC`, `s.id DESC`}, []string{`rnk`, `helped DESC`, `id DESC`}
	case f.Sort == hearth.SortNewest:
		inner, outer = []string{`s.id DESC`}, []string{`id DESC`}
	default:
		inner, outer = []string{`s.helped DESC`, rank, `s.id DESC`}, []string{`helped DESC`, `rnk`, `id DESC`}
	}
	n := arg(f.Offset + f.Limit + 1)
	branch := func(group int, cmp string) string {
		return fmt.Sprintf(`SELECT * FROM (SELECT %s, %s AS rnk, %d AS grp FROM %s WHERE %s AND s.language %s $2 ORDER BY %s LIMIT %s) b%d`,
			strategyColumns, rank, group, from, strings.Join(where, ` AND `), cmp, strings.Join(inner, `, `), n, group)
	}
	query := with + `SELECT ` + strategyOuterColumns + ` FROM (` + branch(0, "=") + ` UNION ALL ` + branch(1, "<>") + `) u
		ORDER BY grp, ` + strings.Join(outer, `, `) + ` LIMIT ` + arg(f.Limit+1) + ` OFFSET ` + arg(f.Offset)
	err = s.inReads(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Strategy, error) { return scanStrategy(sc, actor) }, query, args...)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if len(list) > f.Limit {
		list, more = list[:f.Limit], true
	}
	return list, more, nil
}

// MarkHelped marks or unmarks a strategy "this helped me" for the actor.
func (s *Store) MarkHelped(ctx context.Context, id int64, helped bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		st, err := s.readStrategy(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if st.Hidden {
			return notFound()
		}
		if st.Mine {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.strategy.own_helped")
		}
		if helped {
			_, err = t.exec(ctx, `INSERT INTO strategy_helped (strategy_id, account_id, created_at) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, id, actor, t.now)
		} else {
			_, err = t.exec(ctx, `DELETE FROM strategy_helped WHERE strategy_id = $1 AND account_id = $2`, id, actor)
		}
		return err
	})
}

// ModerateStrategy hides, restores or removes a strategy.
func (s *Store) ModerateStrategy(ctx context.Context, id int64, action, reason string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(strings.ToValidUTF8(reason, "\uFFFD"))
	errs := hearth.FieldErrors{}
	switch action {
	case hearth.ModerateHide, hearth.ModerateRestore, hearth.ModerateRemove:
	default:
		errs.Add("action", "error.strategy.action")
	}
	switch {
	case reason == "":
		errs.Add("reason", "error.strategy.reason_required")
	case utf8.RuneCountInString(reason) > hearth.StrategyReasonMax:
		errs.Add("reason", "error.strategy.reason_long")
	}
	return s.inTx(ctx, func(t *tx) error {
		admin, err := isAdmin(ctx, t, actor)
		if err != nil {
			return err
		}
		if !admin {
			return forbidden()
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if _, err := s.readStrategy(ctx, t, actor, id); err != nil {
			return err
		}
		switch action {
		case hearth.ModerateHide:
			err = t.execOne(ctx, `UPDATE strategies SET hidden_at = $1, hidden_reason = $2 WHERE id = $3`, t.now, reason, id)
		case hearth.ModerateRestore:
			err = t.execOne(ctx, `UPDATE strategies SET hidden_at = NULL, hidden_reason = '' WHERE id = $1`, id)
		case hearth.ModerateRemove:
			err = t.execOne(ctx, `DELETE FROM strategies WHERE id = $1`, id)
		}
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO strategy_audits (strategy_id, admin_id, action, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
			id, actor, action, reason, t.now)
		return err
	})
}

// StrategyAudits lists a strategy's moderation, latest first.
func (s *Store) StrategyAudits(ctx context.Context, id int64) (list []*hearth.StrategyAudit, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		admin, err := isAdmin(ctx, t, actor)
		if err != nil {
			return err
		}
		if !admin {
			return forbidden()
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.StrategyAudit, error) {
			var a hearth.StrategyAudit
			var by sql.NullInt64
			err := sc.Scan(&a.StrategyID, &by, &a.Action, &a.Reason, scanTime(&a.At))
			a.AdminID = by.Int64
			return &a, err
		}, `SELECT strategy_id, admin_id, action, reason, created_at FROM strategy_audits WHERE strategy_id = $1 ORDER BY id DESC`, id)
		return err
	})
	return list, err
}

// ExportStrategies fills in the strategies the member in the context
// shared, oldest first, and those they marked. It sets e.Strategies and
// e.HelpedStrategies, never nil.
func (s *Store) ExportStrategies(ctx context.Context, e *hearth.Export) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inReadTx(ctx, func(t *tx) error {
		list, err := queryAll(ctx, t, func(sc scanner) (hearth.ExportStrategy, error) {
			st, err := scanStrategy(sc, actor)
			if err != nil {
				return hearth.ExportStrategy{}, err
			}
			return hearth.ExportStrategy{ID: st.ID, Language: st.Language, Title: st.Title, Body: st.Body, Tags: st.Tags, Program: st.Program,
				Helped: st.Helped, Hidden: st.Hidden, CreatedAt: st.CreatedAt.UTC(), UpdatedAt: st.UpdatedAt.UTC()}, nil
		}, `SELECT `+strategyColumns+` FROM strategies s WHERE s.author_id = $1 ORDER BY s.id`, actor)
		if err != nil {
			return err
		}
		helped, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
			var id int64
			return id, sc.Scan(&id)
		}, `SELECT strategy_id FROM strategy_helped WHERE account_id = $1 ORDER BY strategy_id`, actor)
		if err != nil {
			return err
		}
		e.Strategies, e.HelpedStrategies = list, helped
		return nil
	})
}
