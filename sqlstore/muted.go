package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"hearth"
)

var _ hearth.MutedWordService = (*Store)(nil)

func (s *Store) MutedWords(ctx context.Context) ([]string, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	words := []string{}
	err = s.inReadTx(ctx, func(t *tx) error {
		var sealed []byte
		err := t.queryRow(ctx, `SELECT words FROM muted_words WHERE account_id = $1`, actor).Scan(&sealed)
		if hearth.ErrorCode(err) == hearth.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		dk, err := s.accountKey(ctx, t, actor)
		if err != nil {
			return err
		}
		raw, err := dk.OpenString("muted_words", "words", actor, sealed)
		if err != nil {
			return fmt.Errorf("sqlstore: opening muted words: %w", err)
		}
		return json.Unmarshal([]byte(raw), &words)
	})
	return words, err
}

func (s *Store) SetMutedWords(ctx context.Context, words []string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	words, err = hearth.CleanMutedWords(words)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if len(words) == 0 {
			_, err := t.exec(ctx, `DELETE FROM muted_words WHERE account_id = $1`, actor)
			return err
		}
		dk, err := s.accountKey(ctx, t, actor)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(words)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO muted_words (account_id, words) VALUES ($1, $2)
			ON CONFLICT (account_id) DO UPDATE SET words = excluded.words`,
			actor, dk.SealString("muted_words", "words", actor, string(raw)))
		return err
	})
}

func (s *Store) BlockedMembers(ctx context.Context) ([]*hearth.Account, error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	var list []*hearth.Account
	err = s.inReads(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Account, error) {
			var a hearth.Account
			err := sc.Scan(&a.ID, &a.Handle, &a.DisplayName, &a.Pronouns)
			return &a, err
		}, `SELECT a.id, a.handle, a.display_name, a.pronouns FROM blocks b JOIN accounts a ON a.id = b.blocked
			WHERE b.blocker = $1 ORDER BY a.handle`, actor)
		return err
	})
	return list, err
}
