package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hearth"
)

const tokenColumns = `t.id, t.account_id, t.name, t.created_at, t.last_used_on`

func tokenDest(at *hearth.AccessToken) []any {
	return []any{&at.ID, &at.AccountID, &at.Name, scanTime(&at.CreatedAt), scanTime(&at.LastUsedAt)}
}

// dayOf is the UTC day of t, as a time at its midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// CreateAccessToken stores at under tokenHash and fills in its ID; the
// name is trimmed, and a zero CreatedAt is now. EINVALID for a missing or
// overlong name; ENOTFOUND if the account does not exist.
func (s *Store) CreateAccessToken(ctx context.Context, at *hearth.AccessToken, tokenHash []byte) error {
	name := strings.TrimSpace(at.Name)
	if name == "" || utf8.RuneCountInString(name) > hearth.AccessTokenNameMax || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return hearth.FieldErrors{"name": "error.token_name.invalid"}.Err()
	}
	if len(tokenHash) == 0 {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	return s.inTx(ctx, func(t *tx) error {
		created := stamp(at.CreatedAt, t.now)
		var id int64
		if err := t.queryRow(ctx, `
			INSERT INTO access_tokens (account_id, token_hash, name, created_at)
			VALUES ($1, $2, $3, $4)
			RETURNING id`,
			at.AccountID, tokenHash, name, created).Scan(&id); err != nil {
			return err
		}
		at.ID, at.Name, at.CreatedAt, at.LastUsedAt = id, name, created, time.Time{}
		return nil
	})
}

// FindAccessToken returns the token and its account, or ENOTFOUND. It
// records the day of use (UTC); like FindSession it reads in a read-only
// transaction and writes, at most once a day per token, in another.
func (s *Store) FindAccessToken(ctx context.Context, tokenHash []byte, now time.Time) (*hearth.AccessToken, *hearth.Account, error) {
	var at hearth.AccessToken
	var a *hearth.Account
	err := s.inReadTx(ctx, func(t *tx) (err error) {
		a, err = s.scanAccount(t.queryRow(ctx, accountSelect+`, `+tokenColumns+`
			FROM access_tokens t
			JOIN accounts a ON a.id = t.account_id
			LEFT JOIN data_keys k ON k.account_id = a.id
			WHERE t.token_hash = $1`, tokenHash), tokenDest(&at)...)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if today := dayOf(now); !at.LastUsedAt.Equal(today) {
		err := s.inTx(ctx, func(t *tx) error {
			_, err := t.exec(ctx, `UPDATE access_tokens SET last_used_on = $1 WHERE id = $2`, day(today), at.ID)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		at.LastUsedAt = today
	}
	return &at, a, nil
}

// ListAccessTokens lists an account's tokens, newest first.
func (s *Store) ListAccessTokens(ctx context.Context, accountID int64) (list []*hearth.AccessToken, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+tokenColumns+` FROM access_tokens t
			WHERE t.account_id = $1
			ORDER BY t.created_at DESC, t.id DESC`, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at hearth.AccessToken
			if err := rows.Scan(tokenDest(&at)...); err != nil {
				return t.err(err)
			}
			list = append(list, &at)
		}
		return t.err(rows.Err())
	})
	return list, err
}

// DeleteAccessToken revokes one of the account's tokens. ENOTFOUND, also
// when the token is another account's.
func (s *Store) DeleteAccessToken(ctx context.Context, accountID, id int64) error {
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM access_tokens WHERE id = $1 AND account_id = $2`, id, accountID)
	})
}

// deleteAccessTokens revokes every token of the account.
func deleteAccessTokens(ctx context.Context, t *tx, accountID int64) error {
	_, err := t.exec(ctx, `DELETE FROM access_tokens WHERE account_id = $1`, accountID)
	return err
}
