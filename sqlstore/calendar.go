package sqlstore

import (
	"context"
	"fmt"

	"hearth"
	"hearth/credential"
)

// Compile-time check that Store keeps calendar tokens.
var _ hearth.CalendarTokenService = (*Store)(nil)

// CalendarTokenPrefix begins every calendar token, so that a secret
// scanner can recognise one that leaked.
const CalendarTokenPrefix = "hcal_"

// NewCalendarToken makes the account a new "my meetings" calendar token
// (256 random bits), replacing any it had, so the old address stops
// working at once. The token's SHA-256 is stored for lookup, and the
// token itself sealed with the account's data key so that it can be shown
// again, and is unreadable once the account is erased. ENOTFOUND.
func (s *Store) NewCalendarToken(ctx context.Context, accountID int64) (string, error) {
	token, hash, err := credential.NewToken(CalendarTokenPrefix)
	if err != nil {
		return "", err
	}
	err = s.inTx(ctx, func(t *tx) error {
		_, dk, err := s.scanAccountKey(t.queryRow(ctx, accountSelect+accountFrom+` WHERE a.id = $1`, accountID))
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `
			INSERT INTO calendar_tokens (account_id, token_hash, token, created_at)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (account_id) DO UPDATE
			SET token_hash = excluded.token_hash, token = excluded.token, created_at = excluded.created_at`,
			accountID, hash, dk.SealString("calendar_tokens", "token", accountID, token), t.now)
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// CalendarToken returns the account's calendar token, ENOTFOUND if it has
// none.
func (s *Store) CalendarToken(ctx context.Context, accountID int64) (token string, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		var sealed, wrapped []byte
		if err := t.queryRow(ctx, `SELECT c.token, k.wrapped FROM calendar_tokens c
			LEFT JOIN data_keys k ON k.account_id = c.account_id
			WHERE c.account_id = $1`, accountID).Scan(&sealed, &wrapped); err != nil {
			return err
		}
		dk, err := s.dataKey(accountID, wrapped)
		if err != nil {
			return err
		}
		if token, err = dk.OpenString("calendar_tokens", "token", accountID, sealed); err != nil {
			return fmt.Errorf("sqlstore: opening the calendar token of account %d: %w", accountID, err)
		}
		return nil
	})
	return token, err
}

// RevokeCalendarToken ends the account's calendar token; ENOTFOUND if it
// has none.
func (s *Store) RevokeCalendarToken(ctx context.Context, accountID int64) error {
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM calendar_tokens WHERE account_id = $1`, accountID)
	})
}

// ResolveCalendarToken returns the account whose calendar token this is
// and the meetings it follows and can still see, active or not, by first
// day and time; ENOTFOUND for a token that is not (or no longer) anyone's.
func (s *Store) ResolveCalendarToken(ctx context.Context, token string) (a *hearth.Account, list []*hearth.Meeting, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		a, err = s.scanAccount(t.queryRow(ctx, accountSelect+`
			FROM calendar_tokens c
			JOIN accounts a ON a.id = c.account_id
			LEFT JOIN data_keys k ON k.account_id = a.id
			WHERE c.token_hash = $1`, credential.HashToken(token)))
		if err != nil {
			return err
		}
		list, err = followedMeetings(ctx, t, a.ID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	sortByWeek(list)
	return a, list, nil
}
