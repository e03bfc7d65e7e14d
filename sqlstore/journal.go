package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"hearth"
	"hearth/vault"
)

var _ hearth.JournalService = (*Store)(nil)

// Searching a journal.
//
// A journal is sealed with its member's data key, so the database cannot
// look inside it: a search opens the member's entries, in batches, latest
// first, and matches them in memory, keeping only the page of matches
// asked for. Nothing derived from the words is ever stored: no full-text
// index (it would be plaintext under another name) and no encrypted
// tokens either. A token index (a keyed hash per word, say) would still
// tell anyone holding a copy of the database which entries share a word,
// how often each word comes back across the journal, and roughly how long
// each entry is in words; with the frequencies of a language known, the
// commonest words can be guessed, and a rare word shared by two entries
// ("relapse", a name) ties them together. Opening and scanning costs CPU
// per search instead, and a member writes at most some thousands of
// entries in a lifetime: three years of daily entries are searched in
// milliseconds (BenchmarkJournalSearch; bench/README.md, "Journal search
// (issue 5)"). Memory stays bounded by the batch and the page, however
// long the journal.

// journalBatch is how many entries a search opens at a time.
const journalBatch = 200

const journalColumns = `id, account_id, on_date, title, body, created_at, updated_at`

func journalSealed(j *hearth.JournalEntry) []sealed {
	return []sealed{{"title", &j.Title}, {"body", &j.Body}}
}

func scanJournal(sc scanner, dk *vault.DataKey) (*hearth.JournalEntry, error) {
	var j hearth.JournalEntry
	raw := make([][]byte, 2)
	if err := sc.Scan(&j.ID, &j.AccountID, scanDate(&j.On), &raw[0], &raw[1], scanTime(&j.CreatedAt), scanTime(&j.UpdatedAt)); err != nil {
		return nil, err
	}
	return &j, openSealed(dk, "journal_entries", j.ID, journalSealed(&j), raw)
}

// CreateEntry stores a new entry of the actor.
func (s *Store) CreateEntry(ctx context.Context, j *hearth.JournalEntry, today hearth.Date) error {
	nj := *j
	if err := nj.Validate(today); err != nil {
		return err
	}
	err := s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		nj.AccountID, nj.CreatedAt, nj.UpdatedAt = actor, t.now, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO journal_entries (account_id, on_date, title, body, created_at, updated_at)
			VALUES ($1, $2, $3, $3, $4, $4)
			RETURNING id`,
			actor, nj.On, []byte{}, t.now).Scan(&nj.ID); err != nil {
			return err
		}
		return seal(ctx, t, dk, "journal_entries", nj.ID, journalSealed(&nj)...)
	})
	if err != nil {
		return err
	}
	*j = nj
	return nil
}

// ownEntry reads one of the actor's entries; ENOTFOUND for another's.
func ownEntry(ctx context.Context, t *tx, dk *vault.DataKey, actor, id int64) (*hearth.JournalEntry, error) {
	return scanJournal(t.queryRow(ctx, `SELECT `+journalColumns+` FROM journal_entries WHERE id = $1 AND account_id = $2`, id, actor), dk)
}

// UpdateEntry changes one of the actor's entries.
func (s *Store) UpdateEntry(ctx context.Context, id int64, u hearth.JournalUpdate, today hearth.Date) (j *hearth.JournalEntry, err error) {
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if j, err = ownEntry(ctx, t, dk, actor, id); err != nil {
			return err
		}
		u.Apply(j)
		if err := j.Validate(today); err != nil {
			return err
		}
		j.UpdatedAt = t.now
		if err := t.execOne(ctx, `UPDATE journal_entries SET on_date = $1, updated_at = $2 WHERE id = $3`, j.On, j.UpdatedAt, id); err != nil {
			return err
		}
		return seal(ctx, t, dk, "journal_entries", id, journalSealed(j)...)
	})
	if err != nil {
		return nil, err
	}
	return j, nil
}

// DeleteEntry removes one of the actor's entries.
func (s *Store) DeleteEntry(ctx context.Context, id int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM journal_entries WHERE id = $1 AND account_id = $2`, id, actor)
	})
}

// Entry returns one of the actor's entries.
func (s *Store) Entry(ctx context.Context, id int64) (j *hearth.JournalEntry, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		j, err = ownEntry(ctx, t, dk, actor, id)
		return err
	})
	return j, err
}

// Entries lists a page of the actor's entries, latest first.
func (s *Store) Entries(ctx context.Context, p hearth.JournalPage) (list []*hearth.JournalEntry, more bool, err error) {
	p = p.Normal()
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT `+journalColumns+` FROM journal_entries WHERE account_id = $1
			ORDER BY on_date DESC, id DESC LIMIT $2 OFFSET $3`, actor, p.Limit+1, p.Offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		list = []*hearth.JournalEntry{}
		for rows.Next() {
			j, err := scanJournal(rows, dk)
			if err != nil {
				return t.err(err)
			}
			list = append(list, j)
		}
		return t.err(rows.Err())
	})
	if err != nil {
		return nil, false, err
	}
	if len(list) > p.Limit {
		list, more = list[:p.Limit], true
	}
	return list, more, nil
}

// SearchEntries opens the actor's entries batch by batch, latest first,
// and keeps those that hold every word of the query: see "Searching a
// journal" above for why nothing is indexed.
func (s *Store) SearchEntries(ctx context.Context, query string, p hearth.JournalPage) (list []*hearth.JournalEntry, more bool, err error) {
	p = p.Normal()
	if utf8.RuneCountInString(query) > hearth.JournalQueryMax {
		return nil, false, hearth.FieldErrors{"q": "error.journal.query_long"}.Err()
	}
	m := newJournalMatcher(strings.ToValidUTF8(query, "\uFFFD"))
	if m == nil {
		return nil, false, hearth.FieldErrors{"q": "error.journal.query_empty"}.Err()
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		list = []*hearth.JournalEntry{}
		skip := p.Offset
		var after *hearth.JournalEntry // the last entry of the batch before
		for {
			var rows *sql.Rows
			if after == nil {
				rows, err = t.query(ctx, `SELECT `+journalColumns+` FROM journal_entries WHERE account_id = $1
					ORDER BY on_date DESC, id DESC LIMIT $2`, actor, journalBatch)
			} else {
				rows, err = t.query(ctx, `SELECT `+journalColumns+` FROM journal_entries WHERE account_id = $1
					AND (on_date < $2 OR (on_date = $2 AND id < $3))
					ORDER BY on_date DESC, id DESC LIMIT $4`, actor, after.On, after.ID, journalBatch)
			}
			if err != nil {
				return err
			}
			n, done, err := s.searchBatch(rows, dk, m, &skip, &list, p.Limit+1, &after)
			rows.Close()
			if err != nil {
				return t.err(err)
			}
			if done || n < journalBatch {
				return nil
			}
		}
	})
	if err != nil {
		return nil, false, err
	}
	if len(list) > p.Limit {
		list, more = list[:p.Limit], true
	}
	return list, more, nil
}

// searchBatch matches one batch of rows: it counts them, skips the first
// *skip matches, adds the next to *list until it holds want, and says
// when it does.
func (s *Store) searchBatch(rows *sql.Rows, dk *vault.DataKey, m *journalMatcher, skip *int,
	list *[]*hearth.JournalEntry, want int, after **hearth.JournalEntry) (n int, done bool, err error) {
	for rows.Next() {
		j, err := scanJournal(rows, dk)
		if err != nil {
			return n, false, err
		}
		n++
		*after = j
		if !m.match(j) {
			continue
		}
		if *skip > 0 {
			*skip--
			continue
		}
		*list = append(*list, j)
		if len(*list) == want {
			return n, true, nil
		}
	}
	return n, false, rows.Err()
}

// journalMatcher holds a search's folded words, a buffer to fold entries
// into (reused from entry to entry), and the foldings of the letters
// beyond ASCII it has met.
type journalMatcher struct {
	words [][]byte // each with a space before it: " word"
	buf   []byte
	runes map[rune]string
}

// newJournalMatcher returns a matcher for the query, or nil when it has
// no words.
func newJournalMatcher(query string) *journalMatcher {
	words := queryWords(query)
	if len(words) == 0 {
		return nil
	}
	m := &journalMatcher{runes: map[rune]string{}}
	for _, w := range words {
		m.words = append(m.words, []byte(" "+w))
	}
	return m
}

// match says whether every word of the search starts a word of the
// entry's title or body.
func (m *journalMatcher) match(j *hearth.JournalEntry) bool {
	m.buf = append(m.buf[:0], ' ')
	m.buf = m.fold(m.buf, j.Title)
	m.buf = append(m.buf, ' ')
	m.buf = m.fold(m.buf, j.Body)
	for _, w := range m.words {
		if !bytes.Contains(m.buf, w) {
			return false
		}
	}
	return true
}

// fold appends s to dst folded as foldWords folds it (lower case, accents
// off, anything but letters and digits a space between words). ASCII is
// folded byte by byte; any other character on its own, decomposed and
// remembered: since folding drops every combining mark and decomposition
// never joins characters, character by character is the same as the
// whole text at once.
func (m *journalMatcher) fold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			dst = append(dst, foldASCII[c])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		f, ok := m.runes[r]
		if !ok {
			f = foldRune(r)
			m.runes[r] = f
		}
		dst = append(dst, f...)
	}
	return dst
}

// foldASCII folds each ASCII character: letters to lower case, digits
// kept, anything else a space.
var foldASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		default:
			t[c] = ' '
		}
	}
	return t
}()

// foldRune is one character folded: its letters and digits, lower case,
// without accents; a space when it has none.
func foldRune(r rune) string {
	var b []byte
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case unicode.Is(unicode.Mn, d):
		case unicode.IsLetter(d) || unicode.IsDigit(d):
			b = utf8.AppendRune(b, unicode.ToLower(d))
		default:
			if len(b) == 0 || b[len(b)-1] != ' ' {
				b = append(b, ' ')
			}
		}
	}
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// ExportJournal fills in the journal of the member in the context, their
// entries opened, oldest first. It sets e.Journal, never nil.
func (s *Store) ExportJournal(ctx context.Context, e *hearth.Export) error {
	return s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		rows, err := t.query(ctx, `SELECT `+journalColumns+` FROM journal_entries WHERE account_id = $1
			ORDER BY on_date, id`, actor)
		if err != nil {
			return err
		}
		defer rows.Close()
		list := []hearth.ExportJournalEntry{}
		for rows.Next() {
			j, err := scanJournal(rows, dk)
			if err != nil {
				return t.err(err)
			}
			list = append(list, hearth.ExportJournalEntry{On: j.On.String(), Title: j.Title, Body: j.Body,
				CreatedAt: j.CreatedAt.UTC(), UpdatedAt: j.UpdatedAt.UTC()})
		}
		if err := rows.Err(); err != nil {
			return t.err(err)
		}
		e.Journal = list
		return nil
	})
}
