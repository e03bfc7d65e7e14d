package sqlstore

import (
	"context"
	"fmt"
	"time"

	"hearth"
	"hearth/vault"
)

var (
	_ hearth.ClockService   = (*Store)(nil)
	_ hearth.CheckInService = (*Store)(nil)
)

// dateScanner reads a hearth.Date back: a time.Time from PostgreSQL's
// date, text from SQLite. NULL is the zero Date.
type dateScanner struct{ d *hearth.Date }

func scanDate(d *hearth.Date) dateScanner { return dateScanner{d} }

func (s dateScanner) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.d = hearth.Date{}
		return nil
	case time.Time:
		*s.d = hearth.DateOf(v)
		return nil
	case []byte:
		return s.parse(string(v))
	case string:
		return s.parse(v)
	}
	return fmt.Errorf("sqlstore: cannot read a date from %T", src)
}

func (s dateScanner) parse(v string) (err error) {
	*s.d, err = hearth.ParseDate(v)
	return err
}

// actorKey returns the data key of the account acting in ctx, and its id.
func (s *Store) actorKey(ctx context.Context, t *tx) (int64, *vault.DataKey, error) {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return 0, nil, unauthorized()
	}
	var wrapped []byte
	if err := t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, actor).Scan(&wrapped); err != nil {
		return 0, nil, err
	}
	dk, err := s.dataKey(actor, wrapped)
	return actor, dk, err
}

// sealed is one private column of a row: its name and plaintext.
type sealed struct {
	column string
	text   *string
}

// seal writes the row's private columns, sealed with dk and bound to the
// row's id.
func seal(ctx context.Context, t *tx, dk *vault.DataKey, table string, id int64, cols ...sealed) error {
	args := []any{}
	set := ""
	for i, c := range cols {
		if i > 0 {
			set += ", "
		}
		set += fmt.Sprintf("%s = $%d", c.column, i+1)
		args = append(args, dk.SealString(table, c.column, id, *c.text))
	}
	args = append(args, id)
	return t.execOne(ctx, fmt.Sprintf(`UPDATE %s SET %s WHERE id = $%d`, table, set, len(args)), args...)
}

// open reads the row's private columns from what was scanned.
func openSealed(dk *vault.DataKey, table string, id int64, cols []sealed, raw [][]byte) error {
	for i, c := range cols {
		v, err := dk.OpenString(table, c.column, id, raw[i])
		if err != nil {
			return fmt.Errorf("sqlstore: opening %s.%s of row %d: %w", table, c.column, id, err)
		}
		*c.text = v
	}
	return nil
}

// Clocks.

const clockColumns = `c.id, c.account_id, c.kind, c.name, c.start_on, c.start_time, c.schedule,
	c.money_per_day, c.minutes_per_day, c.visibility, c.celebrate, c.created_at, c.updated_at`

// clockScanner scans clocks opened with dk, for queryAll.
func clockScanner(dk *vault.DataKey) func(scanner) (*hearth.Clock, error) {
	return func(sc scanner) (*hearth.Clock, error) { return scanClock(sc, dk) }
}

func scanClock(sc scanner, dk *vault.DataKey) (*hearth.Clock, error) {
	var c hearth.Clock
	var name []byte
	if err := sc.Scan(&c.ID, &c.AccountID, &c.Kind, &name, scanDate(&c.Start), &c.StartTime, &c.Schedule,
		&c.MoneyPerDay, &c.MinutesPerDay, &c.Visibility, &c.Celebrate, scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt)); err != nil {
		return nil, err
	}
	return &c, openSealed(dk, "clocks", c.ID, []sealed{{"name", &c.Name}}, [][]byte{name})
}

// CreateClock stores a new clock of the actor.
func (s *Store) CreateClock(ctx context.Context, c *hearth.Clock, today hearth.Date) error {
	nc := *c
	if err := nc.Validate(today); err != nil {
		return err
	}
	err := s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM clocks WHERE account_id = $1`, actor).Scan(&n); err != nil {
			return err
		}
		if n >= hearth.ClocksMax {
			return hearth.Errorf(hearth.ECONFLICT, "error.clock.too_many")
		}
		nc.AccountID, nc.CreatedAt, nc.UpdatedAt = actor, t.now, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO clocks (account_id, kind, name, start_on, start_time, schedule, money_per_day,
				minutes_per_day, visibility, celebrate, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
			RETURNING id`,
			actor, nc.Kind, []byte{}, nc.Start, nc.StartTime, nc.Schedule, nc.MoneyPerDay,
			nc.MinutesPerDay, nc.Visibility, nc.Celebrate, t.now).Scan(&nc.ID); err != nil {
			return err
		}
		return seal(ctx, t, dk, "clocks", nc.ID, sealed{"name", &nc.Name})
	})
	if err != nil {
		return err
	}
	*c = nc
	return nil
}

// Clocks lists the actor's clocks, oldest first.
func (s *Store) Clocks(ctx context.Context) (list []*hearth.Clock, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		list, err = queryAll(ctx, t, clockScanner(dk), `SELECT `+clockColumns+` FROM clocks c WHERE c.account_id = $1 ORDER BY c.id`, actor)
		return err
	})
	return list, err
}

// ownClock reads one of the actor's clocks; ENOTFOUND for another's.
func ownClock(ctx context.Context, t *tx, dk *vault.DataKey, actor, id int64) (*hearth.Clock, error) {
	return scanClock(t.queryRow(ctx, `SELECT `+clockColumns+` FROM clocks c WHERE c.id = $1 AND c.account_id = $2`, id, actor), dk)
}

const setbackColumns = `id, clock_id, on_date, previous_start, note, plan, recorded_at, tell_partners`

func scanSetback(sc scanner, dk *vault.DataKey) (*hearth.Setback, error) {
	var sb hearth.Setback
	var note, plan []byte
	if err := sc.Scan(&sb.ID, &sb.ClockID, scanDate(&sb.On), scanDate(&sb.PreviousStart), &note, &plan, scanTime(&sb.RecordedAt), &sb.TellPartners); err != nil {
		return nil, err
	}
	return &sb, openSealed(dk, "setbacks", sb.ID, []sealed{{"note", &sb.Note}, {"plan", &sb.Plan}}, [][]byte{note, plan})
}

// Clock returns one of the actor's clocks with its setbacks.
func (s *Store) Clock(ctx context.Context, id int64) (c *hearth.Clock, list []*hearth.Setback, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if c, err = ownClock(ctx, t, dk, actor, id); err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.Setback, error) { return scanSetback(sc, dk) },
			`SELECT `+setbackColumns+` FROM setbacks WHERE clock_id = $1 ORDER BY on_date, recorded_at, id`, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return c, list, nil
}

// UpdateClock changes one of the actor's clocks.
func (s *Store) UpdateClock(ctx context.Context, id int64, u hearth.ClockUpdate, today hearth.Date) (c *hearth.Clock, err error) {
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if c, err = ownClock(ctx, t, dk, actor, id); err != nil {
			return err
		}
		u.Apply(c)
		if err := c.Validate(today); err != nil {
			return err
		}
		c.UpdatedAt = t.now
		if err := t.execOne(ctx, `
			UPDATE clocks SET kind = $1, start_on = $2, start_time = $3, schedule = $4, money_per_day = $5,
				minutes_per_day = $6, visibility = $7, celebrate = $8, updated_at = $9
			WHERE id = $10`,
			c.Kind, c.Start, c.StartTime, c.Schedule, c.MoneyPerDay, c.MinutesPerDay, c.Visibility, c.Celebrate,
			c.UpdatedAt, id); err != nil {
			return err
		}
		return seal(ctx, t, dk, "clocks", id, sealed{"name", &c.Name})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteClock removes one of the actor's clocks and its setbacks.
func (s *Store) DeleteClock(ctx context.Context, id int64) error {
	actor := hearth.AccountIDFromContext(ctx)
	if actor == 0 {
		return unauthorized()
	}
	return s.inTx(ctx, func(t *tx) error {
		return t.execOne(ctx, `DELETE FROM clocks WHERE id = $1 AND account_id = $2`, id, actor)
	})
}

// RecordSetback ends the clock's stretch and starts a new one.
func (s *Store) RecordSetback(ctx context.Context, clockID int64, sb *hearth.Setback, today hearth.Date) error {
	ns := *sb
	err := s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		c, err := ownClock(ctx, t, dk, actor, clockID)
		if err != nil {
			return err
		}
		if err := ns.Validate(c.Start, today); err != nil {
			return err
		}
		ns.ClockID, ns.PreviousStart, ns.RecordedAt = clockID, c.Start, t.now
		if err := t.queryRow(ctx, `
			INSERT INTO setbacks (clock_id, account_id, on_date, previous_start, note, plan, recorded_at, tell_partners)
			VALUES ($1, $2, $3, $4, $5, $5, $6, $7)
			RETURNING id`,
			clockID, actor, ns.On, ns.PreviousStart, []byte{}, t.now, ns.TellPartners).Scan(&ns.ID); err != nil {
			return err
		}
		if err := seal(ctx, t, dk, "setbacks", ns.ID, sealed{"note", &ns.Note}, sealed{"plan", &ns.Plan}); err != nil {
			return err
		}
		return t.execOne(ctx, `UPDATE clocks SET start_on = $1, start_time = '', updated_at = $2 WHERE id = $3`, ns.On, t.now, clockID)
	})
	if err != nil {
		return err
	}
	*sb = ns
	return nil
}

// UndoSetback takes back the clock's latest setback.
func (s *Store) UndoSetback(ctx context.Context, clockID, setbackID int64, now time.Time) error {
	return s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if _, err := ownClock(ctx, t, dk, actor, clockID); err != nil {
			return err
		}
		latest, err := scanSetback(t.queryRow(ctx, `SELECT `+setbackColumns+` FROM setbacks
			WHERE clock_id = $1 ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1`, clockID), dk)
		if err != nil {
			return err
		}
		if latest.ID != setbackID {
			return notFound()
		}
		if now.Sub(latest.RecordedAt) > hearth.SetbackUndoWindow {
			return hearth.Errorf(hearth.ECONFLICT, "error.setback.too_late")
		}
		if err := t.execOne(ctx, `DELETE FROM setbacks WHERE id = $1`, setbackID); err != nil {
			return err
		}
		return t.execOne(ctx, `UPDATE clocks SET start_on = $1, updated_at = $2 WHERE id = $3`, latest.PreviousStart, t.now, clockID)
	})
}

// Check-ins.

const checkInColumns = `id, account_id, on_date, mood, craving, halt, sleep_tenths, gratitude, commitment, note,
	review, created_at, updated_at`

func checkInSealed(c *hearth.CheckIn) []sealed {
	return []sealed{{"gratitude", &c.Gratitude}, {"commitment", &c.Commitment}, {"note", &c.Note}}
}

func scanCheckIn(sc scanner, dk *vault.DataKey, withNotes bool) (*hearth.CheckIn, error) {
	var c hearth.CheckIn
	raw := make([][]byte, 3)
	var halt int
	if err := sc.Scan(&c.ID, &c.AccountID, scanDate(&c.On), &c.Mood, &c.Craving, &halt, &c.SleepTenths,
		&raw[0], &raw[1], &raw[2], &c.Review, scanTime(&c.CreatedAt), scanTime(&c.UpdatedAt)); err != nil {
		return nil, err
	}
	c.HALT = hearth.HALT(halt)
	if !withNotes {
		return &c, nil
	}
	return &c, openSealed(dk, "check_ins", c.ID, checkInSealed(&c), raw)
}

// SaveCheckIn stores the actor's check-in.
func (s *Store) SaveCheckIn(ctx context.Context, c *hearth.CheckIn, today hearth.Date) error {
	nc := *c
	if err := nc.Validate(today); err != nil {
		return err
	}
	err := s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		nc.AccountID, nc.UpdatedAt = actor, t.now
		if nc.ID == 0 {
			nc.CreatedAt = t.now
			err := t.queryRow(ctx, `
				INSERT INTO check_ins (account_id, on_date, mood, craving, halt, sleep_tenths, gratitude, commitment,
					note, review, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7, $8, $9, $9)
				RETURNING id`,
				actor, nc.On, nc.Mood, nc.Craving, int(nc.HALT), nc.SleepTenths, []byte{}, nc.Review, t.now).Scan(&nc.ID)
			if hearth.ErrorCode(err) == hearth.ECONFLICT {
				return hearth.Errorf(hearth.ECONFLICT, "error.checkin.exists")
			}
			if err != nil {
				return err
			}
			return seal(ctx, t, dk, "check_ins", nc.ID, checkInSealed(&nc)...)
		}
		// An edit knows its row: one statement, the fields sealed first.
		return t.queryRow(ctx, `
			UPDATE check_ins SET mood = $1, craving = $2, halt = $3, sleep_tenths = $4, review = $5, updated_at = $6,
				gratitude = $7, commitment = $8, note = $9
			WHERE id = $10 AND account_id = $11 AND on_date = $12
			RETURNING created_at`,
			nc.Mood, nc.Craving, int(nc.HALT), nc.SleepTenths, nc.Review, t.now,
			dk.SealString("check_ins", "gratitude", nc.ID, nc.Gratitude), dk.SealString("check_ins", "commitment", nc.ID, nc.Commitment),
			dk.SealString("check_ins", "note", nc.ID, nc.Note), nc.ID, actor, nc.On).Scan(scanTime(&nc.CreatedAt))
	})
	if err != nil {
		return err
	}
	*c = nc
	return nil
}

// CheckInOn returns the actor's check-in for a date.
func (s *Store) CheckInOn(ctx context.Context, on hearth.Date) (c *hearth.CheckIn, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		c, err = scanCheckIn(t.queryRow(ctx, `SELECT `+checkInColumns+` FROM check_ins
			WHERE account_id = $1 AND on_date = $2`, actor, on), dk, true)
		return err
	})
	return c, err
}

// CheckIns lists the actor's check-ins between two dates, latest first.
func (s *Store) CheckIns(ctx context.Context, from, to hearth.Date, withNotes bool) (list []*hearth.CheckIn, err error) {
	err = s.inReadTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		list, err = queryAll(ctx, t, func(sc scanner) (*hearth.CheckIn, error) { return scanCheckIn(sc, dk, withNotes) },
			`SELECT `+checkInColumns+` FROM check_ins
			WHERE account_id = $1 AND on_date >= $2 AND on_date <= $3
			ORDER BY on_date DESC`, actor, from, to)
		return err
	})
	return list, err
}
