package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hearth"
	"hearth/vault"
)

// handleMax bounds a stored sign-in name, in characters: a pseudonym's
// base, a dot and the drawn number, with room to spare.
const handleMax = 64

// accountSelect reads an account with its sealed email and wrapped data
// key; scanAccount reads its columns in this order.
const accountSelect = `
	SELECT a.id, a.handle, a.display_name, a.pronouns, a.language, a.time_zone,
	       a.country, a.email, a.role, a.created_at, a.updated_at, k.wrapped`

// accountFrom is the FROM clause that goes with accountSelect. The key is
// joined with LEFT JOIN so that an account without one is an error rather
// than silently missing.
const accountFrom = `
	FROM accounts a
	LEFT JOIN data_keys k ON k.account_id = a.id`

type scanner interface{ Scan(dest ...any) error }

// accountPublicSelect reads an account without its private fields, for the
// lookup every request makes: nothing is unsealed that the page may not
// need. scanAccountPublic reads its columns in this order.
const accountPublicSelect = `
	SELECT a.id, a.handle, a.display_name, a.pronouns, a.language, a.time_zone,
	       a.country, a.role, a.created_at, a.updated_at`

// scanAccountPublic scans the columns of accountPublicSelect, then more
// into extra. The account's Email stays empty.
func scanAccountPublic(sc scanner, extra ...any) (*hearth.Account, error) {
	var a hearth.Account
	dest := append([]any{
		&a.ID, &a.Handle, &a.DisplayName, &a.Pronouns, &a.Language, &a.TimeZone,
		&a.Country, &a.Role, scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt),
	}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	return &a, nil
}

// scanAccount scans the columns of accountSelect, then more into extra,
// and opens the account's private fields.
func (s *Store) scanAccount(sc scanner, extra ...any) (*hearth.Account, error) {
	a, _, err := s.scanAccountKey(sc, extra...)
	return a, err
}

// scanAccountKey is scanAccount that also returns the account's data key,
// for callers that seal.
func (s *Store) scanAccountKey(sc scanner, extra ...any) (*hearth.Account, *vault.DataKey, error) {
	var a hearth.Account
	var sealedEmail, wrapped []byte
	dest := append([]any{
		&a.ID, &a.Handle, &a.DisplayName, &a.Pronouns, &a.Language, &a.TimeZone,
		&a.Country, &sealedEmail, &a.Role, scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt), &wrapped,
	}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, nil, err
	}
	dk, err := s.dataKey(a.ID, wrapped)
	if err != nil {
		return nil, nil, err
	}
	if a.Email, err = dk.OpenString("accounts", "email", a.ID, sealedEmail); err != nil {
		return nil, nil, fmt.Errorf("sqlstore: opening the email of account %d: %w", a.ID, err)
	}
	return &a, dk, nil
}

// dataKey unwraps an account's data key as read from data_keys.
func (s *Store) dataKey(accountID int64, wrapped []byte) (*vault.DataKey, error) {
	if s.keys == nil {
		return nil, fmt.Errorf("sqlstore: no server key to open account %d with", accountID)
	}
	if wrapped == nil {
		return nil, fmt.Errorf("sqlstore: account %d has no data key", accountID)
	}
	dk, err := s.keys.Unwrap(accountID, wrapped)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: unwrapping the data key of account %d: %w", accountID, err)
	}
	return dk, nil
}

// CreateAccount stores a new account with a fresh data key and its
// recovery codes; it fills in ID, the stored handle and the times.
// Returns ECONFLICT if the handle is taken, EINVALID if a field is wrong.
func (s *Store) CreateAccount(ctx context.Context, n hearth.NewAccount) error {
	if n.Account == nil {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	a := *n.Account
	a.Handle = hearth.NormalizeHandle(a.Handle)
	if a.Role == "" {
		a.Role = hearth.RoleMember
	}
	if err := validateNewAccount(&a, n.PasswordHash); err != nil {
		return err
	}
	if s.keys == nil {
		return fmt.Errorf("sqlstore: no server key to wrap a data key with")
	}
	err := s.inTx(ctx, func(t *tx) error {
		a.CreatedAt, a.UpdatedAt = t.now, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO accounts (handle, display_name, pronouns, language, time_zone,
			                      country, email, role, password_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
			RETURNING id`,
			a.Handle, a.DisplayName, a.Pronouns, a.Language, a.TimeZone,
			a.Country, []byte{}, a.Role, n.PasswordHash, t.now,
		).Scan(&a.ID); err != nil {
			if hearth.ErrorCode(err) == hearth.ECONFLICT {
				return &hearth.Error{Code: hearth.ECONFLICT, Message: "error.handle.taken", Err: err}
			}
			return err
		}
		// The row id is bound into the sealed email, so the key and the
		// seal can only be made once the row exists.
		dk, wrapped, err := s.keys.NewDataKey(a.ID)
		if err != nil {
			return fmt.Errorf("sqlstore: making a data key: %w", err)
		}
		if _, err := t.exec(ctx, `INSERT INTO data_keys (account_id, wrapped) VALUES ($1, $2)`, a.ID, wrapped); err != nil {
			return err
		}
		if err := setEmail(ctx, t, dk, a.ID, a.Email); err != nil {
			return err
		}
		return insertRecoveryCodes(ctx, t, a.ID, n.RecoveryHashes)
	})
	if err != nil {
		return err
	}
	*n.Account = a
	return nil
}

// validateNewAccount checks what sign-up stores, reporting every field at
// fault at once.
func validateNewAccount(a *hearth.Account, passwordHash string) error {
	f := hearth.FieldErrors{}
	for field, key := range hearth.ErrorFields(a.Validate()) {
		f.Add(field, key)
	}
	switch {
	case a.Handle == "":
		f.Add("handle", "error.handle.required")
	case utf8.RuneCountInString(a.Handle) > handleMax || strings.IndexFunc(a.Handle, notHandleRune) >= 0:
		f.Add("handle", "error.handle.invalid")
	}
	if passwordHash == "" {
		f.Add("password", "error.password.required")
	}
	if !validRole(a.Role) {
		f.Add("role", "error.role.invalid")
	}
	return f.Err()
}

func notHandleRune(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

func validRole(r hearth.Role) bool { return r == hearth.RoleMember || r == hearth.RoleAdmin }

// setEmail seals email for the account's row and stores it. The empty
// string is sealed too, so that whether a member gave an email does not
// show.
func setEmail(ctx context.Context, t *tx, dk *vault.DataKey, id int64, email string) error {
	_, err := t.exec(ctx, `UPDATE accounts SET email = $1 WHERE id = $2`,
		dk.SealString("accounts", "email", id, email), id)
	return err
}

func insertRecoveryCodes(ctx context.Context, t *tx, accountID int64, hashes [][]byte) error {
	for _, h := range hashes {
		if len(h) == 0 {
			return hearth.Errorf(hearth.EINVALID, "error.form")
		}
		if _, err := t.exec(ctx, `INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)`, accountID, h); err != nil {
			return err
		}
	}
	return nil
}

// FindAccountByID returns ENOTFOUND if there is no such account.
func (s *Store) FindAccountByID(ctx context.Context, id int64) (a *hearth.Account, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		a, err = s.findAccountByID(ctx, t, id)
		return err
	})
	return a, err
}

func (s *Store) findAccountByID(ctx context.Context, t *tx, id int64) (*hearth.Account, error) {
	return s.scanAccount(t.queryRow(ctx, accountSelect+accountFrom+` WHERE a.id = $1`, id))
}

// FindAccountByHandle returns the account with this sign-in name, as typed
// or as stored, and its password hash; or ENOTFOUND.
func (s *Store) FindAccountByHandle(ctx context.Context, handle string) (a *hearth.Account, hash string, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		a, err = s.scanAccount(t.queryRow(ctx,
			accountSelect+`, a.password_hash`+accountFrom+` WHERE a.handle = $1`,
			hearth.NormalizeHandle(handle)), &hash)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return a, hash, nil
}

// HandleTaken reports whether a sign-in name is in use.
func (s *Store) HandleTaken(ctx context.Context, handle string) (taken bool, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		var n int
		err := t.queryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE handle = $1`, hearth.NormalizeHandle(handle)).Scan(&n)
		taken = n > 0
		return err
	})
	return taken, err
}

// PasswordHash returns the stored hash, or ENOTFOUND.
func (s *Store) PasswordHash(ctx context.Context, id int64) (hash string, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT password_hash FROM accounts WHERE id = $1`, id).Scan(&hash)
	})
	return hash, err
}

// UpdateAccount changes the profile and returns the account as stored.
// EINVALID, ENOTFOUND.
func (s *Store) UpdateAccount(ctx context.Context, id int64, u hearth.AccountUpdate) (a *hearth.Account, err error) {
	defer s.forgetSessions(id)
	err = s.inTx(ctx, func(t *tx) error {
		var dk *vault.DataKey
		if a, dk, err = s.scanAccountKey(t.queryRow(ctx, accountSelect+accountFrom+` WHERE a.id = $1`, id)); err != nil {
			return err
		}
		u.Apply(a)
		if err := a.Validate(); err != nil {
			return err
		}
		a.UpdatedAt = t.now
		if _, err := t.exec(ctx, `
			UPDATE accounts
			SET display_name = $1, pronouns = $2, language = $3, time_zone = $4,
			    country = $5, updated_at = $6
			WHERE id = $7`,
			a.DisplayName, a.Pronouns, a.Language, a.TimeZone, a.Country, a.UpdatedAt, id); err != nil {
			return err
		}
		return setEmail(ctx, t, dk, id, a.Email)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// SetPassword stores a new password hash, ends every session of the
// account except keepSession (0 ends all) and revokes every access
// token, in one transaction: whoever held the old password keeps no way
// in. ENOTFOUND.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, keepSession int64) error {
	if hash == "" {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	defer s.forgetSessions(id)
	return s.inTx(ctx, func(t *tx) error {
		if err := setPassword(ctx, t, id, hash); err != nil {
			return err
		}
		return signOutEverywhere(ctx, t, id, keepSession)
	})
}

func setPassword(ctx context.Context, t *tx, id int64, hash string) error {
	return t.execOne(ctx, `UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, t.now, id)
}

// RehashPassword replaces the stored hash with newHash, a hash of the
// same password under the hasher's current parameters, when the stored
// hash is still oldHash. The password is unchanged, so no session ends
// and no token is revoked. ENOTFOUND when the account is gone or its
// password changed since oldHash was read.
func (s *Store) RehashPassword(ctx context.Context, id int64, oldHash, newHash string) error {
	if oldHash == "" || newHash == "" {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE accounts SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, newHash, id, oldHash)
	})
}

// RedeemRecoveryCode spends an unused recovery code and sets a new
// password, ending every session and revoking every access token, in
// one transaction. A code is spent once, even when two requests race for
// it: the conditional UPDATE lets one of them through. Returns ENOTFOUND
// when the account has no such unused code.
func (s *Store) RedeemRecoveryCode(ctx context.Context, id int64, codeHash []byte, passwordHash string) error {
	defer s.forgetSessions(id)
	if passwordHash == "" {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := t.execOne(ctx, `
			UPDATE recovery_codes SET used_at = $1
			WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			t.now, id, codeHash); err != nil {
			return err
		}
		if err := setPassword(ctx, t, id, passwordHash); err != nil {
			return err
		}
		return signOutEverywhere(ctx, t, id, 0)
	})
}

// RecoveryCodesLeft counts the account's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, id int64) (n int, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL`, id).Scan(&n)
	})
	return n, err
}

// ReplaceRecoveryCodes discards the old codes, used or not, and stores
// new ones. ENOTFOUND.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, id int64, hashes [][]byte) error {
	return s.inTx(ctx, func(t *tx) error {
		if err := accountExists(ctx, t, id); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM recovery_codes WHERE account_id = $1`, id); err != nil {
			return err
		}
		return insertRecoveryCodes(ctx, t, id, hashes)
	})
}

// accountExists returns ENOTFOUND unless the account exists.
func accountExists(ctx context.Context, t *tx, id int64) error {
	var one int
	return t.queryRow(ctx, `SELECT 1 FROM accounts WHERE id = $1`, id).Scan(&one)
}

// SetRole sets the site role of the account with this handle. EINVALID
// for an unknown role, ENOTFOUND.
func (s *Store) SetRole(ctx context.Context, handle string, role hearth.Role) error {
	if !validRole(role) {
		return hearth.FieldErrors{"role": "error.role.invalid"}.Err()
	}
	defer s.forgetSessions(0) // by handle: forget every account's
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `UPDATE accounts SET role = $1, updated_at = $2 WHERE handle = $3`,
			role, t.now, hearth.NormalizeHandle(handle))
	})
}

// accountRows names, in the order they are erased, the tables that hold
// an account's rows, with the column naming the account. The data key goes
// first: once it is gone nothing sealed with it can be read, wherever a
// copy may be. Tables that come later (step work, shares, messages) are
// added here, before the account itself.
var accountRows = []struct{ table, column string }{
	{"data_keys", "account_id"},
	{"calendar_tokens", "account_id"},
	{"sessions", "account_id"},
	{"access_tokens", "account_id"},
	{"recovery_codes", "account_id"},
	{"partnerships", "inviter_id"},
	{"partnerships", "invitee_id"},
	{"step_views", "owner_id"},
	{"step_views", "viewer_id"},
	{"step_comments", "owner_id"},
	{"step_comments", "author_id"},
	{"step_shares", "owner_id"},
	{"step_shares", "recipient_id"},
	{"step_entries", "account_id"},
	{"step_progress", "account_id"},
	{"step_programs", "account_id"},
	{"sponsor_profiles", "account_id"},
	{"journal_entries", "account_id"},
	{"check_ins", "account_id"},
	{"setbacks", "account_id"},
	{"clocks", "account_id"},
	{"meeting_follows", "account_id"},
	{"group_requests", "account_id"},
	{"group_members", "account_id"},
	{"accounts", "id"},
}

// DeleteAccount removes the account: its data key first (so whatever is
// left anywhere can no longer be read), then every row that is its, in one
// transaction. On SQLite the write-ahead log is then emptied, so that
// neither database file keeps the sign-in name or the wrapped key.
// ENOTFOUND.
func (s *Store) DeleteAccount(ctx context.Context, id int64) error {
	defer s.forgetSessions(id)
	err := s.inTx(ctx, func(t *tx) error {
		if err := accountExists(ctx, t, id); err != nil {
			return err
		}
		if err := eraseConversations(ctx, t, id); err != nil {
			return fmt.Errorf("erasing conversations: %w", err)
		}
		if err := detachSponsorships(ctx, t, id); err != nil {
			return err
		}
		// Reports the member made stay with the site admins (sealed with
		// their own keys, the reporter a "former member"); the member's
		// copy of their note, sealed with their data key, goes.
		if _, err := t.exec(ctx, `UPDATE message_reports SET reporter_note = NULL WHERE reporter_id = $1`, id); err != nil {
			return fmt.Errorf("erasing message reports' notes: %w", err)
		}
		for _, r := range accountRows {
			if _, err := t.exec(ctx, `DELETE FROM `+r.table+` WHERE `+r.column+` = $1`, id); err != nil {
				return fmt.Errorf("erasing %s: %w", r.table, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.afterErase(ctx)
	return nil
}

// afterEraseTimeout bounds the clean-up after an erasure.
const afterEraseTimeout = 30 * time.Second

// afterErase runs the dialect's clean-up after rows were erased. The
// erasure itself has committed, so the clean-up goes on when the caller
// has gone away, and a failure is logged, not returned: the data key is
// gone and the next checkpoint finishes the job.
func (s *Store) afterErase(ctx context.Context) {
	if s.d.afterErase == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), afterEraseTimeout)
	defer cancel()
	if err := s.d.afterErase(ctx, s.write); err != nil {
		s.log.Warn("erased rows may linger in the database files until the next checkpoint", "err", err)
	}
}

// CountAccounts counts the accounts.
func (s *Store) CountAccounts(ctx context.Context) (n int, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n)
	})
	return n, err
}
