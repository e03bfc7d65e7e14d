package sqlstore

import (
	"context"
	"time"
	"unicode/utf8"

	"hearth"
)

// deviceMax bounds a session's device label, in characters.
const deviceMax = 64

// sessionColumns are read by sessionDest, in this order.
const sessionColumns = `s.id, s.account_id, s.device, s.created_at, s.last_seen_at, s.expires_at`

func sessionDest(ss *hearth.Session) []any {
	return []any{
		&ss.ID, &ss.AccountID, &ss.Device,
		scanTime(&ss.CreatedAt), scanTime(&ss.LastSeenAt), scanTime(&ss.ExpiresAt),
	}
}

// stamp is t as the database keeps it (UTC, microseconds), or def when t
// is zero.
func stamp(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t.UTC().Truncate(time.Microsecond)
}

// CreateSession stores ss under tokenHash and fills in its ID. A zero
// CreatedAt is now and a zero LastSeenAt is CreatedAt; times are kept in
// UTC to the microsecond, and ss is given them as kept. EINVALID without a
// token hash or an absolute end, or for an overlong device label;
// ENOTFOUND if the account does not exist.
func (s *Store) CreateSession(ctx context.Context, ss *hearth.Session, tokenHash []byte) error {
	if len(tokenHash) == 0 || ss.ExpiresAt.IsZero() || utf8.RuneCountInString(ss.Device) > deviceMax {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	return s.inTx(ctx, func(t *tx) error {
		created := stamp(ss.CreatedAt, t.now)
		lastSeen := stamp(ss.LastSeenAt, created)
		expires := stamp(ss.ExpiresAt, time.Time{})
		var id int64
		if err := t.queryRow(ctx, `
			INSERT INTO sessions (account_id, token_hash, device, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			RETURNING id`,
			ss.AccountID, tokenHash, ss.Device, created, lastSeen, expires).Scan(&id); err != nil {
			return err
		}
		ss.ID, ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = id, created, lastSeen, expires
		return nil
	})
}

// FindSession returns the live session with this token hash and its
// account. A session idle since before idleSince, or at or past its
// absolute end, is removed and ENOTFOUND is returned.
//
// It runs on every request, so it answers from the session cache when it
// can (see sessionCache), else with one SELECT, and takes the write pool,
// in a transaction of its own, only on the rare call that finds a session
// to remove.
func (s *Store) FindSession(ctx context.Context, tokenHash []byte, now, idleSince time.Time) (*hearth.Session, *hearth.Account, error) {
	now, idleSince = stamp(now, now), stamp(idleSince, idleSince)
	live := func(ss *hearth.Session) bool {
		return ss.ExpiresAt.After(now) && !ss.LastSeenAt.Before(idleSince)
	}
	ss, a, epoch := s.sessions.get(tokenHash)
	if ss != nil && live(ss) {
		return ss, a, nil
	}
	ss = new(hearth.Session)
	a, err := scanAccountPublic(s.readRow(ctx, accountPublicSelect+`, `+sessionColumns+`
		FROM sessions s
		JOIN accounts a ON a.id = s.account_id
		WHERE s.token_hash = $1`, tokenHash), sessionDest(ss)...)
	if err != nil {
		return nil, nil, err
	}
	if live(ss) {
		s.sessions.put(tokenHash, ss, a, epoch)
		return ss, a, nil
	}
	err = s.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `
			DELETE FROM sessions
			WHERE id = $1 AND (expires_at <= $2 OR last_seen_at < $3)`, ss.ID, now, idleSince)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return nil, nil, notFound()
}

// TouchSession records activity at now. ENOTFOUND.
func (s *Store) TouchSession(ctx context.Context, id int64, now time.Time) error {
	now = stamp(now, now)
	err := s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now, id)
	})
	if err == nil {
		s.sessions.touched(id, now)
	}
	return err
}

// ListSessions lists an account's sessions, newest activity first.
func (s *Store) ListSessions(ctx context.Context, accountID int64) (list []*hearth.Session, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+sessionColumns+` FROM sessions s
			WHERE s.account_id = $1
			ORDER BY s.last_seen_at DESC, s.id DESC`, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ss hearth.Session
			if err := rows.Scan(sessionDest(&ss)...); err != nil {
				return t.err(err)
			}
			list = append(list, &ss)
		}
		return t.err(rows.Err())
	})
	return list, err
}

// DeleteSession ends one session of the account. ENOTFOUND, also when
// the session is another account's.
func (s *Store) DeleteSession(ctx context.Context, accountID, id int64) error {
	defer s.forgetSessions(accountID)
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM sessions WHERE id = $1 AND account_id = $2`, id, accountID)
	})
}

// DeleteSessions ends all of the account's sessions but except (0: all)
// and revokes all of its access tokens, in one transaction.
func (s *Store) DeleteSessions(ctx context.Context, accountID, except int64) error {
	defer s.forgetSessions(accountID)
	return s.inTx(ctx, func(t *tx) error { return signOutEverywhere(ctx, t, accountID, except) })
}

// signOutEverywhere ends the account's sessions but except (0: all) and
// revokes its access tokens: what a new password, a recovery code and
// "sign out everywhere" each do, so that nothing opened with the old
// password, a browser's or a program's, still works after.
func signOutEverywhere(ctx context.Context, t *tx, accountID, except int64) error {
	if err := deleteSessions(ctx, t, accountID, except); err != nil {
		return err
	}
	return deleteAccessTokens(ctx, t, accountID)
}

func deleteSessions(ctx context.Context, t *tx, accountID, except int64) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account_id = $1 AND id <> $2`, accountID, except)
	return err
}

// DeleteExpiredSessions removes the sessions past either lifetime and
// says how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) (n int, err error) {
	err = s.inTx(ctx, func(t *tx) error {
		r, err := t.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`, now, idleSince)
		if err != nil {
			return err
		}
		affected, err := r.RowsAffected()
		n = int(affected)
		return t.err(err)
	})
	return n, err
}
