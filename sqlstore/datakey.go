package sqlstore

import (
	"context"
	"fmt"

	"hearth/vault"
)

// rewrapBatch is how many data keys RewrapDataKeys rewraps per transaction.
const rewrapBatch = 200

// RewrapDataKeys wraps every account's data key again with keys' primary
// server key and returns how many changed. It works in batches, each its
// own transaction, so that a large site does not hold one long write; if
// it stops half-way the keys not yet rewrapped still open with the older
// server keys, and running it again carries on. Used by
// "hearth admin rotate-key" before the old server keys are dropped.
//
// A key that no server key in keys opens stops the run with an error.
func (s *Store) RewrapDataKeys(ctx context.Context, keys *vault.Keyring) (changed int, err error) {
	if keys == nil {
		return 0, fmt.Errorf("sqlstore: no server key to rewrap with")
	}
	var after int64
	for {
		var done bool
		err := s.inTx(ctx, func(t *tx) error {
			batch, err := readDataKeys(ctx, t, after)
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				done = true
				return nil
			}
			for _, k := range batch {
				out, ch, err := keys.Rewrap(k.accountID, k.wrapped)
				if err != nil {
					return fmt.Errorf("sqlstore: rewrapping the data key of account %d: %w", k.accountID, err)
				}
				if !ch {
					continue
				}
				// Compare-and-set: a key that changed or went away since
				// it was read is left alone.
				r, err := t.exec(ctx, `UPDATE data_keys SET wrapped = $1 WHERE account_id = $2 AND wrapped = $3`,
					out, k.accountID, k.wrapped)
				if err != nil {
					return err
				}
				if n, err := r.RowsAffected(); err == nil && n == 1 {
					changed++
				}
			}
			after = batch[len(batch)-1].accountID
			return nil
		})
		if err != nil {
			return changed, err
		}
		if done {
			break
		}
	}
	// Keys wrapped by the old server key must not linger in the files
	// either: rotation is often done because that key may have leaked.
	s.afterErase(ctx)
	return changed, nil
}

type wrappedKey struct {
	accountID int64
	wrapped   []byte
}

func readDataKeys(ctx context.Context, t *tx, after int64) ([]wrappedKey, error) {
	rows, err := t.query(ctx, `SELECT account_id, wrapped FROM data_keys
		WHERE account_id > $1 ORDER BY account_id LIMIT $2`, after, rewrapBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []wrappedKey
	for rows.Next() {
		var k wrappedKey
		if err := rows.Scan(&k.accountID, &k.wrapped); err != nil {
			return nil, t.err(err)
		}
		batch = append(batch, k)
	}
	return batch, t.err(rows.Err())
}

// WrappedDataKey returns an account's data key as stored, wrapped. It is
// for audits and for tests that check a key is gone from every copy of
// the database. ENOTFOUND.
func (s *Store) WrappedDataKey(ctx context.Context, accountID int64) (wrapped []byte, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, accountID).Scan(&wrapped)
	})
	return wrapped, err
}
