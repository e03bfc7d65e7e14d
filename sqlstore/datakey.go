package sqlstore

import (
	"context"
	"fmt"

	"hearth/vault"
)

// rewrapBatch is how many keys RewrapDataKeys rewraps per transaction.
const rewrapBatch = 200

// RewrapDataKeys wraps every account's data key, and every message
// report's key, again with keys' primary server key and returns how many
// changed. It works in batches, each its own transaction, so that a large
// site does not hold one long write; if it stops half-way the keys not yet
// rewrapped still open with the older server keys, and running it again
// carries on. Used by "hearth admin rotate-key" before the old server keys
// are dropped.
//
// A key that no server key in keys opens stops the run with an error.
func (s *Store) RewrapDataKeys(ctx context.Context, keys *vault.Keyring) (changed int, err error) {
	if keys == nil {
		return 0, fmt.Errorf("sqlstore: no server key to rewrap with")
	}
	for _, w := range []wrappedKeys{
		{"data_keys", "account_id", "wrapped", "the data key of account", keys.Rewrap},
		{"message_reports", "id", "report_key", "the key of message report", keys.RewrapReportKey},
	} {
		n, err := s.rewrapAll(ctx, w)
		changed += n
		if err != nil {
			return changed, err
		}
	}
	// Keys wrapped by the old server key must not linger in the files
	// either: rotation is often done because that key may have leaked.
	s.afterErase(ctx)
	return changed, nil
}

// wrappedKeys names a table of wrapped keys: its id and key columns, what
// a key is (for errors), and how one is rewrapped.
type wrappedKeys struct {
	table, id, key string
	what           string
	rewrap         func(id int64, wrapped []byte) ([]byte, bool, error)
}

// rewrapAll rewraps every key of a table, batch by batch.
func (s *Store) rewrapAll(ctx context.Context, w wrappedKeys) (changed int, err error) {
	var after int64
	for {
		var done bool
		err := s.inTx(ctx, func(t *tx) error {
			batch, err := readWrapped(ctx, t, w, after)
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				done = true
				return nil
			}
			for _, k := range batch {
				out, ch, err := w.rewrap(k.id, k.wrapped)
				if err != nil {
					return fmt.Errorf("sqlstore: rewrapping %s %d: %w", w.what, k.id, err)
				}
				if !ch {
					continue
				}
				// Compare-and-set: a key that changed or went away since
				// it was read is left alone.
				r, err := t.exec(ctx, `UPDATE `+w.table+` SET `+w.key+` = $1 WHERE `+w.id+` = $2 AND `+w.key+` = $3`,
					out, k.id, k.wrapped)
				if err != nil {
					return err
				}
				if n, err := r.RowsAffected(); err == nil && n == 1 {
					changed++
				}
			}
			after = batch[len(batch)-1].id
			return nil
		})
		if err != nil || done {
			return changed, err
		}
	}
}

type wrappedKey struct {
	id      int64
	wrapped []byte
}

func readWrapped(ctx context.Context, t *tx, w wrappedKeys, after int64) ([]wrappedKey, error) {
	return queryAll(ctx, t, func(sc scanner) (wrappedKey, error) {
		var k wrappedKey
		return k, sc.Scan(&k.id, &k.wrapped)
	}, `SELECT `+w.id+`, `+w.key+` FROM `+w.table+` WHERE `+w.id+` > $1 ORDER BY `+w.id+` LIMIT $2`, after, rewrapBatch)
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

// WrappedReportKey returns a message report's key as stored, wrapped, for
// audits and tests, as WrappedDataKey. ENOTFOUND.
func (s *Store) WrappedReportKey(ctx context.Context, reportID int64) (wrapped []byte, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT report_key FROM message_reports WHERE id = $1`, reportID).Scan(&wrapped)
	})
	return wrapped, err
}
