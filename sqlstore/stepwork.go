package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"hearth"
	"hearth/vault"
)

var _ hearth.StepService = (*Store)(nil)

// Step work is sealed one record per row: an entry's fields are kept as
// one JSON object sealed with the member's data key (bound to the table,
// the column and the row's id), and a step's status and note likewise.
// A row's fields are always written and read together, so sealing each
// field apart would cost an AEAD operation and 28 bytes of nonce and tag
// per field for nothing; and one sealed record hides which of the row's
// fields are filled in and how long each is (only the row's total length
// shows). What stays readable is the shape: program and worksheet ids,
// the rows' order, dated entries' days, versions and times, who shares
// with whom.

const stepEntryColumns = `e.id, e.account_id, e.program, e.worksheet, e.position, e.on_date, e.fields, e.version, e.created_at, e.updated_at`

func scanStepEntry(sc scanner, dk *vault.DataKey) (*hearth.StepEntry, error) {
	var e hearth.StepEntry
	var raw []byte
	if err := sc.Scan(&e.ID, &e.AccountID, &e.Program, &e.Worksheet, &e.Position, scanDate(&e.On), &raw, &e.Version,
		scanTime(&e.CreatedAt), scanTime(&e.UpdatedAt)); err != nil {
		return nil, err
	}
	var text string
	if err := openSealed(dk, "step_entries", e.ID, []sealed{{"fields", &text}}, [][]byte{raw}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(text), &e.Fields); err != nil {
		return nil, fmt.Errorf("sqlstore: step entry %d: %w", e.ID, err)
	}
	return &e, nil
}

func stepEntryScanner(dk *vault.DataKey) func(scanner) (*hearth.StepEntry, error) {
	return func(sc scanner) (*hearth.StepEntry, error) { return scanStepEntry(sc, dk) }
}

// stepData is a step's progress as sealed.
type stepData struct {
	Status hearth.StepStatus `json:"s"`
	Note   string            `json:"n,omitempty"`
}

func stepProgressScanner(dk *vault.DataKey) func(scanner) (*hearth.StepProgress, error) {
	return func(sc scanner) (*hearth.StepProgress, error) {
		var p hearth.StepProgress
		var id int64
		var raw []byte
		if err := sc.Scan(&id, &p.AccountID, &p.Program, &p.Step, &raw, &p.Version, scanTime(&p.UpdatedAt)); err != nil {
			return nil, err
		}
		var text string
		if err := openSealed(dk, "step_progress", id, []sealed{{"data", &text}}, [][]byte{raw}); err != nil {
			return nil, err
		}
		var d stepData
		if err := json.Unmarshal([]byte(text), &d); err != nil {
			return nil, fmt.Errorf("sqlstore: step progress %d: %w", id, err)
		}
		p.Status, p.Note = d.Status, d.Note
		return &p, nil
	}
}

const stepProgressColumns = `id, account_id, program, step, data, version, updated_at`

// checkStepID checks a program, step or worksheet id as the program
// package writes them; the web layer checks that it names a real one.
func checkStepID(field, id string) error {
	if id == "" || len(id) > 40 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return hearth.FieldErrors{field: "error.steps.unknown"}.Err()
	}
	return nil
}

// chosenProgram is EINVALID unless the actor works the program.
func chosenProgram(ctx context.Context, t *tx, actor int64, program string) error {
	if err := checkStepID("program", program); err != nil {
		return err
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM step_programs WHERE account_id = $1 AND program = $2`, actor, program).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return hearth.FieldErrors{"program": "error.steps.program_not_chosen"}.Err()
	}
	return nil
}

// chosenKey is the actor and their data key, once it is sure they work
// the program (EINVALID otherwise).
func (s *Store) chosenKey(ctx context.Context, t *tx, program string) (int64, *vault.DataKey, error) {
	actor, dk, err := s.actorKey(ctx, t)
	if err != nil {
		return 0, nil, err
	}
	return actor, dk, chosenProgram(ctx, t, actor, program)
}

// ChooseProgram adds a program the actor works.
func (s *Store) ChooseProgram(ctx context.Context, program string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := checkStepID("program", program); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO step_programs (account_id, program, created_at) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, actor, program, t.now)
		return err
	})
}

// StepPrograms lists the programs the actor chose.
func (s *Store) StepPrograms(ctx context.Context) (list []string, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (p string, err error) { return p, sc.Scan(&p) },
			`SELECT program FROM step_programs WHERE account_id = $1 ORDER BY created_at, program`, actor)
		return err
	})
	return list, err
}

// StepProgress lists where the actor is with a program's steps.
func (s *Store) StepProgress(ctx context.Context, program string) (list []*hearth.StepProgress, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.chosenKey(ctx, t, program)
		if err != nil {
			return err
		}
		list, err = queryAll(ctx, t, stepProgressScanner(dk), `SELECT `+stepProgressColumns+` FROM step_progress
			WHERE account_id = $1 AND program = $2 ORDER BY id`, actor, program)
		return err
	})
	return list, err
}

// SetStepProgress sets where the actor is with a step.
func (s *Store) SetStepProgress(ctx context.Context, p *hearth.StepProgress) error {
	np := *p
	errs := hearth.FieldErrors{}
	if !np.Status.Valid() {
		errs.Add("status", "error.steps.status")
	}
	np.Note = strings.TrimSpace(strings.ToValidUTF8(np.Note, "\uFFFD"))
	if utf8.RuneCountInString(np.Note) > hearth.StepNoteMax {
		errs.Add("note", "error.steps.note_long")
	}
	if err := checkStepID("step", np.Step); err != nil {
		errs.Add("step", "error.steps.unknown")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	plain, err := json.Marshal(stepData{Status: np.Status, Note: np.Note})
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.chosenKey(ctx, t, np.Program)
		if err != nil {
			return err
		}
		var id int64
		var version int
		err = t.queryRow(ctx, `SELECT id, version FROM step_progress WHERE account_id = $1 AND program = $2 AND step = $3`,
			actor, np.Program, np.Step).Scan(&id, &version)
		switch {
		case hearth.ErrorCode(err) == hearth.ENOTFOUND:
			if np.Version != 0 {
				return stale()
			}
			if err := t.queryRow(ctx, `INSERT INTO step_progress (account_id, program, step, data, version, updated_at)
				VALUES ($1, $2, $3, $4, 1, $5) RETURNING id`, actor, np.Program, np.Step, []byte{}, t.now).Scan(&id); err != nil {
				return err
			}
			version = 0
		case err != nil:
			return err
		case version != np.Version:
			return stale()
		default:
			if err := t.execOne(ctx, `UPDATE step_progress SET version = $1, updated_at = $2 WHERE id = $3 AND version = $4`,
				version+1, t.now, id, version); err != nil {
				return err
			}
		}
		text := string(plain)
		np.AccountID, np.Version, np.UpdatedAt = actor, version+1, t.now
		return seal(ctx, t, dk, "step_progress", id, sealed{"data", &text})
	})
	if err != nil {
		return err
	}
	*p = np
	return nil
}

// stale is the answer to a form read at an older version.
func stale() error { return hearth.Errorf(hearth.ECONFLICT, "error.steps.stale") }

// sealFields checks an entry's fields for size and returns them as JSON.
func sealFields(fields map[string]string) (string, error) {
	if len(fields) == 0 {
		return "", hearth.Errorf(hearth.EINVALID, "error.steps.empty")
	}
	size := 0
	for k, v := range fields {
		if checkStepID("field", k) != nil {
			return "", hearth.FieldErrors{k: "error.steps.field_unknown"}.Err()
		}
		size += len(k) + len(v)
	}
	if size > hearth.StepEntryMax {
		return "", hearth.Errorf(hearth.EINVALID, "error.steps.entry_long")
	}
	b, err := json.Marshal(fields)
	return string(b), err
}

// nullDate is a day, or NULL for none.
func nullDate(d hearth.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// CreateStepEntry adds an entry to one of the actor's worksheets.
func (s *Store) CreateStepEntry(ctx context.Context, e *hearth.StepEntry) error {
	ne := *e
	if err := checkStepID("worksheet", ne.Worksheet); err != nil {
		return err
	}
	text, err := sealFields(ne.Fields)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.chosenKey(ctx, t, ne.Program)
		if err != nil {
			return err
		}
		var n, last int
		if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(position), 0) FROM step_entries
			WHERE account_id = $1 AND program = $2 AND worksheet = $3`, actor, ne.Program, ne.Worksheet).Scan(&n, &last); err != nil {
			return err
		}
		if n >= hearth.StepEntriesMax {
			return hearth.Errorf(hearth.EINVALID, "error.steps.too_many")
		}
		ne.AccountID, ne.Position, ne.Version, ne.CreatedAt, ne.UpdatedAt = actor, last+1, 1, t.now, t.now
		if err := t.queryRow(ctx, `INSERT INTO step_entries (account_id, program, worksheet, position, on_date, fields, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id`,
			actor, ne.Program, ne.Worksheet, ne.Position, nullDate(ne.On), []byte{}, t.now).Scan(&ne.ID); err != nil {
			return err
		}
		return seal(ctx, t, dk, "step_entries", ne.ID, sealed{"fields", &text})
	})
	if err != nil {
		return err
	}
	*e = ne
	return nil
}

func ownStepEntry(ctx context.Context, t *tx, dk *vault.DataKey, actor, id int64) (*hearth.StepEntry, error) {
	return scanStepEntry(t.queryRow(ctx, `SELECT `+stepEntryColumns+` FROM step_entries e WHERE e.id = $1 AND e.account_id = $2`, id, actor), dk)
}

// UpdateStepEntry replaces an entry's fields when the version still holds.
func (s *Store) UpdateStepEntry(ctx context.Context, id int64, fields map[string]string, on hearth.Date, version int) (e *hearth.StepEntry, err error) {
	text, err := sealFields(fields)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if e, err = ownStepEntry(ctx, t, dk, actor, id); err != nil {
			return err
		}
		if e.Version != version {
			return stale()
		}
		if err := t.execOne(ctx, `UPDATE step_entries SET on_date = $1, version = $2, updated_at = $3
			WHERE id = $4 AND version = $5`, nullDate(on), version+1, t.now, id, version); err != nil {
			return err
		}
		e.Fields, e.On, e.Version, e.UpdatedAt = fields, on, version+1, t.now
		return seal(ctx, t, dk, "step_entries", id, sealed{"fields", &text})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// MoveStepEntry swaps a row with its neighbour above or below.
func (s *Store) MoveStepEntry(ctx context.Context, id int64, by int) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		var program, worksheet string
		var pos int
		if err := t.queryRow(ctx, `SELECT program, worksheet, position FROM step_entries WHERE id = $1 AND account_id = $2`,
			id, actor).Scan(&program, &worksheet, &pos); err != nil {
			return err
		}
		q := `SELECT id, position FROM step_entries WHERE account_id = $1 AND program = $2 AND worksheet = $3
			AND position < $4 ORDER BY position DESC LIMIT 1`
		if by > 0 {
			q = `SELECT id, position FROM step_entries WHERE account_id = $1 AND program = $2 AND worksheet = $3
			AND position > $4 ORDER BY position LIMIT 1`
		}
		var other int64
		var otherPos int
		err := t.queryRow(ctx, q, actor, program, worksheet, pos).Scan(&other, &otherPos)
		if hearth.ErrorCode(err) == hearth.ENOTFOUND {
			return nil // already first (or last)
		}
		if err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE step_entries SET position = $1 WHERE id = $2`, otherPos, id); err != nil {
			return err
		}
		return t.execOne(ctx, `UPDATE step_entries SET position = $1 WHERE id = $2`, pos, other)
	})
}

// DeleteStepEntry removes one of the actor's entries.
func (s *Store) DeleteStepEntry(ctx context.Context, id int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `DELETE FROM step_shares WHERE entry_id = $1 AND owner_id = $2`, id, actor); err != nil {
			return err
		}
		return t.execOne(ctx, `DELETE FROM step_entries WHERE id = $1 AND account_id = $2`, id, actor)
	})
}

// StepEntry returns one of the actor's entries.
func (s *Store) StepEntry(ctx context.Context, id int64) (e *hearth.StepEntry, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		e, err = ownStepEntry(ctx, t, dk, actor, id)
		return err
	})
	return e, err
}

// worksheetEntries reads an owner's entries of a worksheet opened with dk.
func worksheetEntries(ctx context.Context, t *tx, dk *vault.DataKey, owner int64, program, worksheet string, f hearth.StepEntryFilter) ([]*hearth.StepEntry, error) {
	q := `SELECT ` + stepEntryColumns + ` FROM step_entries e WHERE e.account_id = $1 AND e.program = $2 AND e.worksheet = $3`
	args := []any{owner, program, worksheet}
	if !f.From.IsZero() {
		args = append(args, f.From)
		q += fmt.Sprintf(` AND e.on_date >= $%d`, len(args))
	}
	if !f.To.IsZero() {
		args = append(args, f.To)
		q += fmt.Sprintf(` AND e.on_date <= $%d`, len(args))
	}
	return queryAll(ctx, t, stepEntryScanner(dk), q+` ORDER BY e.on_date DESC, e.position, e.id DESC`, args...)
}

// StepEntries lists the actor's entries of a worksheet.
func (s *Store) StepEntries(ctx context.Context, program, worksheet string, f hearth.StepEntryFilter) (list []*hearth.StepEntry, err error) {
	if err := checkStepID("worksheet", worksheet); err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.chosenKey(ctx, t, program)
		if err != nil {
			return err
		}
		list, err = worksheetEntries(ctx, t, dk, actor, program, worksheet, f)
		return err
	})
	return list, err
}

// Sharing.

// canReceiveStepWork says whether recipient may be shared owner's step
// work: today, an accountability partner of theirs (an accepted
// partnership) or their sponsor (an active sponsorship). Every share,
// and every read of one, asks here: when the partnership or sponsorship
// ends, the recipient's view ends with it.
func canReceiveStepWork(ctx context.Context, t *tx, owner, recipient int64) (bool, error) {
	if owner == recipient {
		return false, nil
	}
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM partnerships
		WHERE pair_low = $1 AND pair_high = $2 AND accepted = $3`, min(owner, recipient), max(owner, recipient), true).Scan(&n)
	if err != nil || n > 0 {
		return n > 0, err
	}
	return isSponsorOf(ctx, t, recipient, owner)
}

const publicColumns = `%[1]s.id, %[1]s.handle, %[1]s.display_name, %[1]s.pronouns, %[1]s.language, %[1]s.time_zone, %[1]s.country, %[1]s.role, %[1]s.created_at, %[1]s.updated_at`

func publicDest(a *hearth.Account) []any {
	return []any{&a.ID, &a.Handle, &a.DisplayName, &a.Pronouns, &a.Language, &a.TimeZone, &a.Country, &a.Role,
		scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt)}
}

var stepShareSelect = `SELECT sh.id, sh.owner_id, sh.recipient_id, sh.kind, COALESCE(sh.entry_id, 0), sh.program, sh.worksheet, sh.created_at, ` +
	fmt.Sprintf(publicColumns, "o") + `, ` + fmt.Sprintf(publicColumns, "r") + `
	FROM step_shares sh JOIN accounts o ON o.id = sh.owner_id JOIN accounts r ON r.id = sh.recipient_id`

func scanStepShare(sc scanner) (*hearth.StepShare, error) {
	sh := hearth.StepShare{Owner: &hearth.Account{}, Recipient: &hearth.Account{}}
	dest := append([]any{&sh.ID, &sh.OwnerID, &sh.RecipientID, &sh.Kind, &sh.EntryID, &sh.Program, &sh.Worksheet, scanTime(&sh.CreatedAt)},
		publicDest(sh.Owner)...)
	if err := sc.Scan(append(dest, publicDest(sh.Recipient)...)...); err != nil {
		return nil, err
	}
	return &sh, nil
}

// ShareStepWork shares an item of the actor's step work.
func (s *Store) ShareStepWork(ctx context.Context, sh *hearth.StepShare) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	n := *sh
	n.OwnerID = actor
	err = s.inTx(ctx, func(t *tx) error {
		ok, err := canReceiveStepWork(ctx, t, actor, n.RecipientID)
		if err != nil {
			return err
		}
		if !ok {
			return hearth.FieldErrors{"recipient": "error.steps.recipient"}.Err()
		}
		var entry any
		switch n.Kind {
		case hearth.ShareEntry:
			if err := t.queryRow(ctx, `SELECT program, worksheet FROM step_entries WHERE id = $1 AND account_id = $2`,
				n.EntryID, actor).Scan(&n.Program, &n.Worksheet); err != nil {
				return err
			}
			entry = n.EntryID
		case hearth.ShareWorksheet:
			if err := checkStepID("worksheet", n.Worksheet); err != nil {
				return err
			}
			n.EntryID = 0
		case hearth.ShareProgress:
			n.EntryID, n.Worksheet = 0, ""
		default:
			return hearth.FieldErrors{"kind": "error.steps.unknown"}.Err()
		}
		if err := chosenProgram(ctx, t, actor, n.Program); err != nil {
			return err
		}
		var dup int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM step_shares WHERE owner_id = $1 AND recipient_id = $2 AND kind = $3
			AND COALESCE(entry_id, 0) = $4 AND program = $5 AND worksheet = $6`,
			actor, n.RecipientID, n.Kind, n.EntryID, n.Program, n.Worksheet).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return hearth.Errorf(hearth.ECONFLICT, "error.steps.already_shared")
		}
		n.CreatedAt = t.now
		return t.queryRow(ctx, `INSERT INTO step_shares (owner_id, recipient_id, kind, entry_id, program, worksheet, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, actor, n.RecipientID, n.Kind, entry, n.Program, n.Worksheet, t.now).Scan(&n.ID)
	})
	if err != nil {
		return err
	}
	*sh = n
	return nil
}

// StepShares lists what the actor shares.
func (s *Store) StepShares(ctx context.Context) (list []*hearth.StepShare, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, scanStepShare, stepShareSelect+` WHERE sh.owner_id = $1 ORDER BY sh.id DESC`, actor)
		return err
	})
	return list, err
}

// StepSharesWithMe lists what partners share with the actor, while they
// may.
func (s *Store) StepSharesWithMe(ctx context.Context) (list []*hearth.StepShare, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		all, err := queryAll(ctx, t, scanStepShare, stepShareSelect+` WHERE sh.recipient_id = $1 ORDER BY sh.id DESC`, actor)
		if err != nil {
			return err
		}
		list = []*hearth.StepShare{}
		for _, sh := range all {
			ok, err := canReceiveStepWork(ctx, t, sh.OwnerID, actor)
			if err != nil {
				return err
			}
			if ok {
				list = append(list, sh)
			}
		}
		return nil
	})
	return list, err
}

// RevokeStepShare ends one of the actor's shares.
func (s *Store) RevokeStepShare(ctx context.Context, id int64) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM step_shares WHERE id = $1 AND owner_id = $2`, id, actor)
	})
}

// readableShare reads a share the actor owns or may still receive, and
// its owner's data key to open it with; ENOTFOUND otherwise.
func (s *Store) readableShare(ctx context.Context, t *tx, actor, id int64) (*hearth.StepShare, *vault.DataKey, error) {
	sh, err := scanStepShare(t.queryRow(ctx, stepShareSelect+` WHERE sh.id = $1 AND (sh.owner_id = $2 OR sh.recipient_id = $2)`, id, actor))
	if err != nil {
		return nil, nil, err
	}
	if sh.OwnerID != actor {
		ok, err := canReceiveStepWork(ctx, t, sh.OwnerID, actor)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, notFound()
		}
	}
	dk, err := s.keyOf(ctx, t, sh.OwnerID)
	return sh, dk, err
}

// keyOf opens an account's data key, for what it shared.
func (s *Store) keyOf(ctx context.Context, t *tx, account int64) (*vault.DataKey, error) {
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, account).Scan(&wrapped); err != nil {
		return nil, err
	}
	return s.dataKey(account, wrapped)
}

const stepCommentSelect = `SELECT c.id, c.share_id, c.author_id, c.body, c.created_at, ` + `a.id, a.handle, a.display_name, a.pronouns,
	a.language, a.time_zone, a.country, a.role, a.created_at, a.updated_at
	FROM step_comments c JOIN accounts a ON a.id = c.author_id`

func stepCommentScanner(dk *vault.DataKey) func(scanner) (*hearth.StepComment, error) {
	return func(sc scanner) (*hearth.StepComment, error) {
		c := hearth.StepComment{Author: &hearth.Account{}}
		var raw []byte
		if err := sc.Scan(append([]any{&c.ID, &c.ShareID, &c.AuthorID, &raw, scanTime(&c.CreatedAt)}, publicDest(c.Author)...)...); err != nil {
			return nil, err
		}
		return &c, openSealed(dk, "step_comments", c.ID, []sealed{{"body", &c.Body}}, [][]byte{raw})
	}
}

// SharedStepWork reads a shared item for its recipient or owner.
func (s *Store) SharedStepWork(ctx context.Context, id int64) (w *hearth.SharedStepWork, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(t *tx) error {
		sh, dk, err := s.readableShare(ctx, t, actor, id)
		if err != nil {
			return err
		}
		w = &hearth.SharedStepWork{Share: sh}
		switch sh.Kind {
		case hearth.ShareEntry:
			e, err := ownStepEntry(ctx, t, dk, sh.OwnerID, sh.EntryID)
			if err != nil {
				return err
			}
			w.Entries = []*hearth.StepEntry{e}
		case hearth.ShareWorksheet:
			if w.Entries, err = worksheetEntries(ctx, t, dk, sh.OwnerID, sh.Program, sh.Worksheet, hearth.StepEntryFilter{}); err != nil {
				return err
			}
		case hearth.ShareProgress:
			if w.Progress, err = queryAll(ctx, t, stepProgressScanner(dk), `SELECT `+stepProgressColumns+` FROM step_progress
				WHERE account_id = $1 AND program = $2 ORDER BY id`, sh.OwnerID, sh.Program); err != nil {
				return err
			}
		}
		if w.Comments, err = queryAll(ctx, t, stepCommentScanner(dk), stepCommentSelect+` WHERE c.share_id = $1 ORDER BY c.id`, id); err != nil {
			return err
		}
		if actor == sh.OwnerID {
			return nil
		}
		_, err = t.exec(ctx, `INSERT INTO step_views (owner_id, viewer_id, share_id, kind, program, worksheet, viewed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, sh.OwnerID, actor, sh.ID, sh.Kind, sh.Program, sh.Worksheet, t.now)
		return err
	})
	return w, err
}

// CommentOnStepWork adds a comment to a shared item.
func (s *Store) CommentOnStepWork(ctx context.Context, id int64, body string) (c *hearth.StepComment, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	body = strings.TrimSpace(strings.ToValidUTF8(body, "\uFFFD"))
	switch {
	case body == "":
		return nil, hearth.FieldErrors{"body": "error.steps.comment_required"}.Err()
	case utf8.RuneCountInString(body) > hearth.StepCommentMax:
		return nil, hearth.FieldErrors{"body": "error.steps.comment_long"}.Err()
	}
	err = s.inTx(ctx, func(t *tx) error {
		sh, dk, err := s.readableShare(ctx, t, actor, id)
		if err != nil {
			return err
		}
		c = &hearth.StepComment{ShareID: id, AuthorID: actor, Body: body, CreatedAt: t.now}
		if err := t.queryRow(ctx, `INSERT INTO step_comments (share_id, owner_id, author_id, body, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, sh.OwnerID, actor, []byte{}, t.now).Scan(&c.ID); err != nil {
			return err
		}
		return seal(ctx, t, dk, "step_comments", c.ID, sealed{"body", &c.Body})
	})
	return c, err
}

// stepViewsMax is how many looks StepViews lists.
const stepViewsMax = 200

// StepViews lists who looked at the actor's shared items.
func (s *Store) StepViews(ctx context.Context) (list []*hearth.StepView, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.StepView, error) {
			v := hearth.StepView{Viewer: &hearth.Account{}}
			return &v, sc.Scan(append([]any{&v.ShareID, &v.Kind, &v.Program, &v.Worksheet, scanTime(&v.At)}, publicDest(v.Viewer)...)...)
		}, `SELECT v.share_id, v.kind, v.program, v.worksheet, v.viewed_at, `+fmt.Sprintf(publicColumns, "a")+`
			FROM step_views v JOIN accounts a ON a.id = v.viewer_id
			WHERE v.owner_id = $1 ORDER BY v.viewed_at DESC, v.id DESC LIMIT $2`, actor, stepViewsMax)
		return err
	})
	return list, err
}

// ExportSteps fills in the step work of the member in the context.
func (s *Store) ExportSteps(ctx context.Context, e *hearth.Export) error {
	return s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		w := hearth.ExportStepWork{Progress: []hearth.ExportStepProgress{}, Entries: []hearth.ExportStepEntry{}}
		if w.Programs, err = queryAll(ctx, t, func(sc scanner) (p string, err error) { return p, sc.Scan(&p) },
			`SELECT program FROM step_programs WHERE account_id = $1 ORDER BY created_at, program`, actor); err != nil {
			return err
		}
		progress, err := queryAll(ctx, t, stepProgressScanner(dk), `SELECT `+stepProgressColumns+` FROM step_progress
			WHERE account_id = $1 ORDER BY program, id`, actor)
		if err != nil {
			return err
		}
		for _, p := range progress {
			w.Progress = append(w.Progress, hearth.ExportStepProgress{Program: p.Program, Step: p.Step,
				Status: strings.TrimPrefix(p.Status.Key(), "steps.status."), Note: p.Note, UpdatedAt: p.UpdatedAt.UTC()})
		}
		entries, err := queryAll(ctx, t, stepEntryScanner(dk), `SELECT `+stepEntryColumns+` FROM step_entries e
			WHERE e.account_id = $1 ORDER BY e.program, e.worksheet, e.on_date, e.position, e.id`, actor)
		if err != nil {
			return err
		}
		for _, x := range entries {
			ex := hearth.ExportStepEntry{Program: x.Program, Worksheet: x.Worksheet, Fields: x.Fields,
				CreatedAt: x.CreatedAt.UTC(), UpdatedAt: x.UpdatedAt.UTC()}
			if x.On.IsZero() {
				ex.Position = x.Position
			} else {
				ex.On = x.On.String()
			}
			w.Entries = append(w.Entries, ex)
		}
		if w.Shares, err = exportStepShares(ctx, t, actor); err != nil {
			return err
		}
		if w.Comments, err = s.exportStepComments(ctx, t, actor, dk); err != nil {
			return err
		}
		e.StepWork = w
		return nil
	})
}

// exportStepShares lists what the member shares, with whom (by display
// name), oldest first.
func exportStepShares(ctx context.Context, t *tx, actor int64) ([]hearth.ExportStepShare, error) {
	shares, err := queryAll(ctx, t, scanStepShare, stepShareSelect+` WHERE sh.owner_id = $1 ORDER BY sh.id`, actor)
	if err != nil {
		return nil, err
	}
	list := make([]hearth.ExportStepShare, 0, len(shares))
	for _, sh := range shares {
		list = append(list, hearth.ExportStepShare{Kind: sh.Kind, Program: sh.Program, Worksheet: sh.Worksheet,
			With: sh.Recipient.DisplayName, CreatedAt: sh.CreatedAt.UTC()})
	}
	return list, nil
}

// exportStepComments opens the comments the member wrote on shared step
// work, oldest first: each is sealed with the key of the item's owner,
// the member or another. Comments others wrote are theirs, and left out.
func (s *Store) exportStepComments(ctx context.Context, t *tx, actor int64, own *vault.DataKey) ([]hearth.ExportStepComment, error) {
	type row struct {
		id, owner int64
		ownerName string
		raw       []byte
		x         hearth.ExportStepComment
	}
	rows, err := queryAll(ctx, t, func(sc scanner) (*row, error) {
		var r row
		err := sc.Scan(&r.id, &r.owner, &r.ownerName, &r.x.Kind, &r.x.Program, &r.x.Worksheet, &r.raw, scanTime(&r.x.CreatedAt))
		return &r, err
	}, `SELECT c.id, c.owner_id, o.display_name, sh.kind, sh.program, sh.worksheet, c.body, c.created_at
		FROM step_comments c JOIN step_shares sh ON sh.id = c.share_id JOIN accounts o ON o.id = c.owner_id
		WHERE c.author_id = $1 ORDER BY c.id`, actor)
	if err != nil {
		return nil, err
	}
	keys := map[int64]*vault.DataKey{actor: own}
	list := make([]hearth.ExportStepComment, 0, len(rows))
	for _, r := range rows {
		dk, ok := keys[r.owner]
		if !ok {
			if dk, err = s.keyOf(ctx, t, r.owner); err != nil {
				return nil, err
			}
			keys[r.owner] = dk
		}
		if err := openSealed(dk, "step_comments", r.id, []sealed{{"body", &r.x.Body}}, [][]byte{r.raw}); err != nil {
			return nil, err
		}
		if r.owner != actor {
			r.x.Owner = r.ownerName
		}
		r.x.CreatedAt = r.x.CreatedAt.UTC()
		list = append(list, r.x)
	}
	return list, nil
}
