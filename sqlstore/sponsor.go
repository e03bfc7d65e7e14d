package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hearth"
	"hearth/vault"
)

var _ hearth.SponsorService = (*Store)(nil)

// SetSponsorMinTime sets the time on a count a member needs, by program,
// to offer to sponsor (the zero value: one year everywhere).
func (s *Store) SetSponsorMinTime(m hearth.SponsorMinTime) { s.sponsorMin = m }

// bitsOf keeps a list as bits, in the order of all.
func bitsOf(list, all []string) int64 {
	var b int64
	for _, v := range list {
		if i := slices.Index(all, v); i >= 0 {
			b |= 1 << i
		}
	}
	return b
}

// listOf reads back a list kept by bitsOf.
func listOf(b int64, all []string) []string {
	out := []string{}
	for i, v := range all {
		if b&(1<<i) != 0 {
			out = append(out, v)
		}
	}
	return out
}

// utcOffset is the zone's offset east of UTC at t, in minutes.
func utcOffset(zone string, t time.Time) int {
	_, off := t.In(hearth.LoadZone(zone)).Zone()
	return off / 60
}

const sponsorProfileColumns = `p.account_id, p.clock_id, p.programs, p.languages, p.time_zone, p.ways, p.welcomes,
	p.substances, p.gender, p.capacity, p.taken, p.paused, p.about, p.created_at, p.updated_at, c.start_on,
	a.id, a.handle, a.display_name, a.pronouns, a.language, a.time_zone`

const sponsorProfileFrom = ` FROM sponsor_profiles p JOIN accounts a ON a.id = p.account_id
	LEFT JOIN clocks c ON c.id = p.clock_id`

func scanSponsorProfile(sc scanner) (*hearth.SponsorProfile, error) {
	var p hearth.SponsorProfile
	var clock *int64
	var programs string
	var langs, ways, welcomes, substances int64
	var a hearth.Account
	if err := sc.Scan(&p.AccountID, &clock, &programs, &langs, &p.TimeZone, &ways, &welcomes, &substances,
		&p.Gender, &p.Capacity, &p.Taken, &p.Paused, &p.About, scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt),
		scanDate(&p.Since), &a.ID, &a.Handle, &a.DisplayName, &a.Pronouns, &a.Language, &a.TimeZone); err != nil {
		return nil, err
	}
	if clock != nil {
		p.ClockID = *clock
	}
	p.Programs = strings.Fields(programs)
	p.Languages = listOf(langs, hearth.SponsorLanguages)
	p.Ways = listOf(ways, hearth.SponsorWays)
	p.Welcomes = listOf(welcomes, hearth.SponsorWelcomes)
	p.Substances = listOf(substances, hearth.SponsorSubstances)
	p.Member = &a
	return &p, nil
}

// SponsorProfile is the actor's own profile.
func (s *Store) SponsorProfile(ctx context.Context) (p *hearth.SponsorProfile, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		p, err = scanSponsorProfile(t.queryRow(ctx, `SELECT `+sponsorProfileColumns+sponsorProfileFrom+` WHERE p.account_id = $1`, actor))
		return err
	})
	return p, err
}

// SaveSponsorProfile creates or changes the actor's profile.
func (s *Store) SaveSponsorProfile(ctx context.Context, p *hearth.SponsorProfile, today hearth.Date) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	np := *p
	if err := np.Validate(); err != nil {
		return err
	}
	for _, prog := range np.Programs {
		if len(prog) > 40 {
			return hearth.FieldErrors{"programs": "error.sponsor.programs"}.Err()
		}
	}
	err = s.inTx(ctx, func(t *tx) error {
		var since hearth.Date
		err := t.queryRow(ctx, `SELECT start_on FROM clocks WHERE id = $1 AND account_id = $2`, np.ClockID, actor).Scan(scanDate(&since))
		if hearth.ErrorCode(err) == hearth.ENOTFOUND {
			return hearth.FieldErrors{"clock": "error.sponsor.clock"}.Err()
		}
		if err != nil {
			return err
		}
		for _, prog := range np.Programs {
			if since.After(s.sponsorMin.Cutoff(prog, today)) {
				return hearth.FieldErrors{"programs": "error.sponsor.too_soon"}.Err()
			}
		}
		if _, err := t.exec(ctx, `
			INSERT INTO sponsor_profiles (account_id, clock_id, programs, languages, time_zone, ways, welcomes, substances,
				gender, capacity, paused, about, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
			ON CONFLICT (account_id) DO UPDATE SET clock_id = excluded.clock_id, programs = excluded.programs,
				languages = excluded.languages, time_zone = excluded.time_zone, ways = excluded.ways,
				welcomes = excluded.welcomes, substances = excluded.substances, gender = excluded.gender,
				capacity = excluded.capacity, paused = excluded.paused, about = excluded.about,
				updated_at = excluded.updated_at`,
			actor, np.ClockID, strings.Join(np.Programs, " "), bitsOf(np.Languages, hearth.SponsorLanguages), np.TimeZone,
			bitsOf(np.Ways, hearth.SponsorWays), bitsOf(np.Welcomes, hearth.SponsorWelcomes),
			bitsOf(np.Substances, hearth.SponsorSubstances), np.Gender, np.Capacity, np.Paused, np.About, t.now); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM sponsor_offers WHERE account_id = $1`, actor); err != nil {
			return err
		}
		for _, prog := range np.Programs {
			if _, err := t.exec(ctx, `
				INSERT INTO sponsor_offers (program, account_id, clock_id, since, since_day, utc_offset, languages, ways, welcomes,
					substances, gender, space)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)`,
				prog, actor, np.ClockID, since, epochDay(since), utcOffset(np.TimeZone, t.now), bitsOf(np.Languages, hearth.SponsorLanguages),
				bitsOf(np.Ways, hearth.SponsorWays), bitsOf(np.Welcomes, hearth.SponsorWelcomes),
				bitsOf(np.Substances, hearth.SponsorSubstances), np.Gender); err != nil {
				return err
			}
		}
		return recountSponsees(ctx, t, actor)
	})
	if err != nil {
		return err
	}
	np.AccountID = actor
	*p = np
	return nil
}

// recountSponsees counts a sponsor's active sponsees again and sets the
// places their offers show (none while paused or full).
func recountSponsees(ctx context.Context, t *tx, sponsor int64) error {
	if _, err := t.exec(ctx, `UPDATE sponsor_profiles SET taken = (SELECT COUNT(*) FROM sponsorships
		WHERE sponsor_id = $1 AND status = 'active') WHERE account_id = $1`, sponsor); err != nil {
		return err
	}
	_, err := t.exec(ctx, `UPDATE sponsor_offers SET space = (SELECT CASE WHEN p.paused OR p.taken >= p.capacity
		THEN 0 ELSE p.capacity - p.taken END FROM sponsor_profiles p WHERE p.account_id = $1) WHERE account_id = $1`, sponsor)
	return err
}

// PauseSponsoring pauses or resumes the actor's profile.
func (s *Store) PauseSponsoring(ctx context.Context, paused bool) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		if err := t.execOne(ctx, `UPDATE sponsor_profiles SET paused = $1, updated_at = $2 WHERE account_id = $3`,
			paused, t.now, actor); err != nil {
			return err
		}
		return recountSponsees(ctx, t, actor)
	})
}

// matchPool is how many of the best candidates by the database's part of
// the score are ranked here (beside every sponsor sharing a group or a
// meeting with the seeker): more than SponsorMatchesMax, so that a few
// blocked ones still leave a full list.
const matchPool = 100

// sharedMax bounds the sponsors sharing groups or meetings ranked.
const sharedMax = 500

// FindSponsors ranks the sponsors who fit q for the actor. The database
// filters on the offers' indexed columns and bit sets and orders them by
// the part of the score it can see (language, time zone, years, places,
// ways: hearth.RankSponsor's, less what is shared), returning the best
// matchPool; the sponsors who share a group or a followed meeting with
// the seeker are read apart. Both are ranked here, with their reasons,
// and only the best are read in full.
func (s *Store) FindSponsors(ctx context.Context, q hearth.SponsorQuery, now time.Time) (list []*hearth.SponsorMatch, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		var zone, lang string
		if err := t.queryRow(ctx, `SELECT time_zone, language FROM accounts WHERE id = $1`, actor).Scan(&zone, &lang); err != nil {
			return err
		}
		today := hearth.Today(now, hearth.LoadZone(zone))
		offset := utcOffset(zone, now)
		groups, err := sharedCounts(ctx, t, `SELECT o.account_id, COUNT(*) FROM group_members me
			JOIN group_members m ON m.group_id = me.group_id AND m.account_id <> me.account_id
			JOIN sponsor_offers o ON o.account_id = m.account_id AND o.program = $2
			WHERE me.account_id = $1 GROUP BY o.account_id`, actor, q.Program)
		if err != nil {
			return err
		}
		meetings, err := sharedCounts(ctx, t, `SELECT o.account_id, COUNT(*) FROM meeting_follows me
			JOIN meeting_follows m ON m.meeting_id = me.meeting_id AND m.account_id <> me.account_id
			JOIN sponsor_offers o ON o.account_id = m.account_id AND o.program = $2
			WHERE me.account_id = $1 GROUP BY o.account_id`, actor, q.Program)
		if err != nil {
			return err
		}

		// Who the seeker asked, has, or was declined by lately: never shown.
		asked, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
			var id int64
			err := sc.Scan(&id)
			return id, err
		}, `SELECT sponsor_id FROM sponsorships WHERE sponsee_id = $1 AND sponsor_id IS NOT NULL
			AND (status IN ('requested', 'active') OR (status = 'declined' AND answered_at > $2))`,
			actor, now.Add(-hearth.SponsorDeclineDays*24*time.Hour))
		if err != nil {
			return err
		}
		args := []any{q.Program, epochDay(s.sponsorMin.Cutoff(q.Program, today)), actor}
		arg := func(v any) string {
			args = append(args, v)
			return fmt.Sprintf("$%d", len(args))
		}
		cond := ""
		if q.ZoneWindow > 0 {
			cond += " AND o.utc_offset >= " + arg(offset-60*q.ZoneWindow) + " AND o.utc_offset <= " + arg(offset+60*q.ZoneWindow)
		}
		if q.Language != "" {
			cond += " AND (o.languages & " + arg(bitsOf([]string{q.Language}, hearth.SponsorLanguages)) + ") <> 0"
		}
		if len(q.Ways) > 0 {
			cond += " AND (o.ways & " + arg(bitsOf(q.Ways, hearth.SponsorWays)) + ") <> 0"
		}
		if b := bitsOf(q.Welcomes, hearth.SponsorWelcomes); b != 0 {
			n := arg(b)
			cond += " AND (o.welcomes & " + n + ") = " + n
		}
		if b := bitsOf(q.Substances, hearth.SponsorSubstances); b != 0 {
			n := arg(b)
			cond += " AND (o.substances & " + n + ") = " + n
		}
		if q.Gender != "" {
			cond += " AND o.gender = " + arg(q.Gender)
		}
		const columns = `SELECT o.account_id, o.since, o.utc_offset, o.languages, o.ways, o.welcomes, o.substances, o.gender, o.space
			FROM sponsor_offers o`
		for _, id := range asked {
			cond += " AND o.account_id <> " + arg(id)
		}
		where := ` WHERE o.program = $1 AND o.space > 0 AND o.since_day <= $2 AND o.account_id <> $3` + cond
		scan := func(sc scanner) (*hearth.SponsorMatch, error) {
			p := &hearth.SponsorProfile{}
			var langs, ways, welcomes, substances int64
			var off int
			if err := sc.Scan(&p.AccountID, scanDate(&p.Since), &off, &langs, &ways, &welcomes, &substances,
				&p.Gender, &p.Capacity); err != nil {
				return nil, err
			}
			p.Languages = listOf(langs, hearth.SponsorLanguages)
			p.Ways = listOf(ways, hearth.SponsorWays)
			p.Welcomes = listOf(welcomes, hearth.SponsorWelcomes)
			p.Substances = listOf(substances, hearth.SponsorSubstances)
			// Capacity holds the places left until the profile is read.
			return &hearth.SponsorMatch{Profile: p, ZoneHours: (abs(off-offset) + 30) / 60}, nil
		}
		var candidates []*hearth.SponsorMatch
		// Those who share a group or a meeting, the most shared first.
		shared := make([]int64, 0, len(groups)+len(meetings))
		for id := range groups {
			shared = append(shared, id)
		}
		for id := range meetings {
			if _, ok := groups[id]; !ok {
				shared = append(shared, id)
			}
		}
		slices.SortFunc(shared, func(a, b int64) int {
			return cmpInts(groups[b]*3+meetings[b]*2, groups[a]*3+meetings[a]*2, a, b)
		})
		if len(shared) > sharedMax {
			shared = shared[:sharedMax]
		}
		if len(shared) > 0 {
			ids := make([]any, len(shared))
			for i, id := range shared {
				ids[i] = id
			}
			in := " AND o.account_id IN (" + placeholders(len(args)+1, len(ids)) + ")"
			list, err := queryAll(ctx, t, scan, columns+where+in, append(slices.Clone(args), ids...)...)
			if err != nil {
				return err
			}
			candidates = append(candidates, list...)
		}
		if !q.Shared {
			// The database's part of hearth.RankSponsor's score.
			seekerLang := q.Language
			if seekerLang == "" {
				seekerLang = lang
			}
			score := "(CASE WHEN (o.languages & " + arg(bitsOf([]string{seekerLang}, hearth.SponsorLanguages)) + ") <> 0 THEN 25 ELSE 0 END)"
			hours := "((abs(o.utc_offset - " + arg(offset) + ") + 30) / 60)"
			score += " + (CASE WHEN " + hours + " >= 8 THEN 0 ELSE 24 - 3 * " + hours + " END)"
			// Whole years, near enough (a day either side of an
			// anniversary): the ranking here counts them exactly.
			score += " + (CASE WHEN o.since_day <= " + arg(epochDay(today.AddMonths(-120))) + " THEN 20 ELSE ((" +
				arg(epochDay(today)) + " - o.since_day) * 4 / 1461) * 2 END)"
			score += " + (CASE WHEN o.space >= 3 THEN 9 ELSE 3 * o.space END)"
			for _, w := range q.Ways {
				score += " + (CASE WHEN (o.ways & " + arg(bitsOf([]string{w}, hearth.SponsorWays)) + ") <> 0 THEN 5 ELSE 0 END)"
			}
			list, err := queryAll(ctx, t, scan, columns+where+` ORDER BY `+score+` DESC, o.account_id LIMIT `+arg(matchPool), args...)
			if err != nil {
				return err
			}
			for _, m := range list {
				if !slices.ContainsFunc(candidates, func(c *hearth.SponsorMatch) bool { return c.Profile.AccountID == m.Profile.AccountID }) {
					candidates = append(candidates, m)
				}
			}
		}
		for _, m := range candidates {
			m.SharedGroups, m.SharedMeetings = groups[m.Profile.AccountID], meetings[m.Profile.AccountID]
			hearth.RankSponsor(m, &q, lang, today)
		}
		hearth.SortMatches(candidates)
		list = []*hearth.SponsorMatch{}
		for _, m := range candidates {
			if len(list) == hearth.SponsorMatchesMax {
				break
			}
			blocked, err := blockedEitherWay(ctx, t, actor, m.Profile.AccountID)
			if err != nil {
				return err
			}
			if !blocked {
				list = append(list, m)
			}
		}
		return s.fillProfiles(ctx, t, list)
	})
	return list, err
}

// epochDay is a date as days since 1970-01-01.
func epochDay(d hearth.Date) int {
	return d.DaysSince(hearth.Date{Year: 1970, Month: time.January, Day: 1})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// cmpInts orders by x against y, then by the ids a and b.
func cmpInts(x, y int, a, b int64) int {
	if x != y {
		return x - y
	}
	return int(a - b)
}

// sharedCounts reads account → count pairs.
func sharedCounts(ctx context.Context, t *tx, query string, args ...any) (map[int64]int, error) {
	type pair struct {
		id int64
		n  int
	}
	rows, err := queryAll(ctx, t, func(sc scanner) (pair, error) {
		var p pair
		err := sc.Scan(&p.id, &p.n)
		return p, err
	}, query, args...)
	out := make(map[int64]int, len(rows))
	for _, p := range rows {
		out[p.id] = p.n
	}
	return out, err
}

// fillProfiles reads the matches' whole profiles.
func (s *Store) fillProfiles(ctx context.Context, t *tx, list []*hearth.SponsorMatch) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]any, len(list))
	for i, m := range list {
		ids[i] = m.Profile.AccountID
	}
	profiles, err := queryAll(ctx, t, scanSponsorProfile,
		`SELECT `+sponsorProfileColumns+sponsorProfileFrom+` WHERE p.account_id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	for _, m := range list {
		for _, p := range profiles {
			if p.AccountID == m.Profile.AccountID {
				m.Profile = p
			}
		}
	}
	return nil
}

// Sponsorships.

const sponsorshipColumns = `s.id, s.sponsor_id, s.sponsee_id, s.program, s.status, s.message, s.decline_reason,
	s.cadence_days, s.cadence_way, s.thanks, s.ended_by, s.created_at, s.answered_at, s.ended_at,
	sp.handle, sp.display_name, sp.pronouns, sp.time_zone, se.handle, se.display_name, se.pronouns, se.time_zone`

const sponsorshipFrom = ` FROM sponsorships s
	LEFT JOIN accounts sp ON sp.id = s.sponsor_id
	LEFT JOIN accounts se ON se.id = s.sponsee_id`

// sponsorshipRow is a sponsorship as read, its sealed texts not yet open.
type sponsorshipRow struct {
	hearth.Sponsorship
	message, thanks []byte
}

func scanSponsorship(sc scanner, actor int64) (*sponsorshipRow, error) {
	var r sponsorshipRow
	var sponsor, sponsee, endedBy *int64
	var spHandle, spName, spPronouns, spZone, seHandle, seName, sePronouns, seZone *string
	if err := sc.Scan(&r.ID, &sponsor, &sponsee, &r.Program, &r.Status, &r.message, &r.DeclineReason,
		&r.Cadence.Every, &r.Cadence.Way, &r.thanks, &endedBy, scanTime(&r.CreatedAt), scanTime(&r.AnsweredAt),
		scanTime(&r.EndedAt), &spHandle, &spName, &spPronouns, &spZone, &seHandle, &seName, &sePronouns, &seZone); err != nil {
		return nil, err
	}
	if sponsor != nil && spHandle != nil {
		r.Sponsor = &hearth.Account{ID: *sponsor, Handle: *spHandle, DisplayName: *spName, Pronouns: *spPronouns, TimeZone: *spZone}
	}
	if sponsee != nil && seHandle != nil {
		r.Sponsee = &hearth.Account{ID: *sponsee, Handle: *seHandle, DisplayName: *seName, Pronouns: *sePronouns, TimeZone: *seZone}
	}
	if endedBy != nil {
		r.EndedBy = *endedBy
	}
	r.ImSponsor = sponsor != nil && *sponsor == actor
	return &r, nil
}

// keyCache opens the data keys of the members whose words a call reads,
// once each; an erased member's (gone) opens nothing.
type keyCache struct {
	s    *Store
	t    *tx
	keys map[int64]*vault.DataKey
}

func (k *keyCache) open(ctx context.Context, owner int64, table, column string, id int64, raw []byte) (string, error) {
	if owner == 0 || len(raw) == 0 {
		return "", nil
	}
	dk, ok := k.keys[owner]
	if !ok {
		var wrapped []byte
		err := k.t.queryRow(ctx, `SELECT wrapped FROM data_keys WHERE account_id = $1`, owner).Scan(&wrapped)
		if err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return "", err
		}
		if wrapped != nil {
			if dk, err = k.s.dataKey(owner, wrapped); err != nil {
				return "", err
			}
		}
		k.keys[owner] = dk
	}
	if dk == nil {
		return "", nil
	}
	v, err := dk.OpenString(table, column, id, raw)
	if err != nil {
		return "", fmt.Errorf("sqlstore: opening %s.%s of row %d: %w", table, column, id, err)
	}
	return v, nil
}

// openTexts opens a sponsorship's message (the sponsee's words) and
// thank-you (the words of whoever ended it).
func (k *keyCache) openTexts(ctx context.Context, r *sponsorshipRow) (err error) {
	var sponsee int64
	if r.Sponsee != nil {
		sponsee = r.Sponsee.ID
	}
	if r.Message, err = k.open(ctx, sponsee, "sponsorships", "message", r.ID, r.message); err != nil {
		return err
	}
	r.Thanks, err = k.open(ctx, r.EndedBy, "sponsorships", "thanks", r.ID, r.thanks)
	return err
}

// RequestSponsor asks a sponsor, in a program, with a short message.
func (s *Store) RequestSponsor(ctx context.Context, sponsorID int64, program, message string) (sp *hearth.Sponsorship, err error) {
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > hearth.SponsorMessageMax {
		return nil, hearth.FieldErrors{"message": "error.sponsor.message_long"}.Err()
	}
	err = s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		if sponsorID == actor {
			return notFound()
		}
		if blocked, err := blockedEitherWay(ctx, t, actor, sponsorID); err != nil || blocked {
			return cmpErr(err, notFound())
		}
		var zone string
		if err := t.queryRow(ctx, `SELECT time_zone FROM accounts WHERE id = $1`, actor).Scan(&zone); err != nil {
			return err
		}
		var since hearth.Date
		var paused bool
		var taken, capacity int
		if err := t.queryRow(ctx, `SELECT c.start_on, p.paused, p.taken, p.capacity FROM sponsor_offers o
			JOIN sponsor_profiles p ON p.account_id = o.account_id JOIN clocks c ON c.id = o.clock_id
			WHERE o.program = $1 AND o.account_id = $2`, program, sponsorID).Scan(scanDate(&since), &paused, &taken, &capacity); err != nil {
			return err
		}
		if since.After(s.sponsorMin.Cutoff(program, hearth.Today(t.now, hearth.LoadZone(zone)))) {
			return notFound()
		}
		switch {
		case paused:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.paused")
		case taken >= capacity:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.full")
		}
		var active, open, pending, declined int
		if err := t.queryRow(ctx, `SELECT
			COALESCE(SUM(CASE WHEN status = 'active' AND program = $2 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status IN ('requested', 'active') AND sponsor_id = $3 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = 'requested' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = 'declined' AND sponsor_id = $3 AND answered_at > $4 THEN 1 ELSE 0 END), 0)
			FROM sponsorships WHERE sponsee_id = $1`,
			actor, program, sponsorID, t.now.Add(-hearth.SponsorDeclineDays*24*time.Hour)).Scan(&active, &open, &pending, &declined); err != nil {
			return err
		}
		switch {
		case open > 0:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.already_asked")
		case active > 0:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.have_one")
		case declined > 0:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.declined_recently")
		case pending >= hearth.SponsorPendingMax:
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.too_many_requests")
		}
		var id int64
		err = t.queryRow(ctx, `INSERT INTO sponsorships (sponsor_id, sponsee_id, program, status, message, thanks, created_at)
			VALUES ($1, $2, $3, 'requested', $4, $4, $5) RETURNING id`, sponsorID, actor, program, []byte{}, t.now).Scan(&id)
		if hearth.ErrorCode(err) == hearth.ECONFLICT {
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.already_asked")
		}
		if err != nil {
			return err
		}
		if message != "" {
			if err := t.execOne(ctx, `UPDATE sponsorships SET message = $1 WHERE id = $2`,
				dk.SealString("sponsorships", "message", id, message), id); err != nil {
				return err
			}
		}
		if err := t.notify(ctx, hearth.Notification{AccountID: sponsorID, Kind: hearth.NotifySponsorRequest, Subject: id}, actor); err != nil {
			return err
		}
		r, err := scanSponsorship(t.queryRow(ctx, `SELECT `+sponsorshipColumns+sponsorshipFrom+` WHERE s.id = $1`, id), actor)
		if err != nil {
			return err
		}
		r.Message = message
		sp = &r.Sponsorship
		return nil
	})
	return sp, err
}

// cmpErr is err, else other.
func cmpErr(err, other error) error {
	if err != nil {
		return err
	}
	return other
}

// AnswerSponsorRequest accepts or declines a request to the actor.
func (s *Store) AnswerSponsorRequest(ctx context.Context, id int64, accept bool, reason string) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !accept && !slices.Contains(hearth.SponsorDeclineReasons, reason) {
		reason = "not_now"
	}
	return s.inTx(ctx, func(t *tx) error {
		var sponsee int64
		var program string
		if err := t.queryRow(ctx, `SELECT sponsee_id, program FROM sponsorships
			WHERE id = $1 AND sponsor_id = $2 AND status = 'requested' AND sponsee_id IS NOT NULL`, id, actor).
			Scan(&sponsee, &program); err != nil {
			return err
		}
		if !accept {
			if err := t.execOne(ctx, `UPDATE sponsorships SET status = 'declined', decline_reason = $1, answered_at = $2
				WHERE id = $3`, reason, t.now, id); err != nil {
				return err
			}
			return t.notify(ctx, hearth.Notification{AccountID: sponsee, Kind: hearth.NotifySponsorAnswer, Subject: id}, actor)
		}
		var taken, capacity int
		if err := t.queryRow(ctx, `SELECT taken, capacity FROM sponsor_profiles WHERE account_id = $1`, actor).
			Scan(&taken, &capacity); err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return err
		}
		if taken >= capacity {
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.you_are_full")
		}
		err := t.execOne(ctx, `UPDATE sponsorships SET status = 'active', answered_at = $1 WHERE id = $2`, t.now, id)
		if hearth.ErrorCode(err) == hearth.ECONFLICT {
			return hearth.Errorf(hearth.ECONFLICT, "error.sponsor.found_one")
		}
		if err != nil {
			return err
		}
		// The seeker's other requests in the program are answered for them:
		// they have a sponsor now.
		if _, err := t.exec(ctx, `UPDATE sponsorships SET status = 'withdrawn', answered_at = $1
			WHERE sponsee_id = $2 AND program = $3 AND status = 'requested'`, t.now, sponsee, program); err != nil {
			return err
		}
		if err := recountSponsees(ctx, t, actor); err != nil {
			return err
		}
		return t.notify(ctx, hearth.Notification{AccountID: sponsee, Kind: hearth.NotifySponsorAnswer, Subject: id}, actor)
	})
}

// mySponsorship reads a sponsorship the actor is in.
func mySponsorship(ctx context.Context, t *tx, actor, id int64) (*sponsorshipRow, error) {
	return scanSponsorship(t.queryRow(ctx, `SELECT `+sponsorshipColumns+sponsorshipFrom+`
		WHERE s.id = $1 AND (s.sponsor_id = $2 OR s.sponsee_id = $2)`, id, actor), actor)
}

// activeSponsorship reads an active sponsorship of the actor's.
func activeSponsorship(ctx context.Context, t *tx, actor, id int64) (*sponsorshipRow, error) {
	r, err := mySponsorship(ctx, t, actor, id)
	if err != nil {
		return nil, err
	}
	if r.Status != hearth.SponsorActive {
		return nil, notFound()
	}
	return r, nil
}

// lastCheckIn reads the day of a sponsorship's latest check-in, all
// that Schedule needs (zero for none).
func lastCheckIn(ctx context.Context, t *tx, id int64) (hearth.Date, error) {
	days, err := queryAll(ctx, t, func(sc scanner) (hearth.Date, error) {
		var d hearth.Date
		err := sc.Scan(scanDate(&d))
		return d, err
	}, `SELECT on_date FROM sponsor_check_ins WHERE sponsorship_id = $1 ORDER BY on_date DESC LIMIT 1`, id)
	if err != nil || len(days) == 0 {
		return hearth.Date{}, err
	}
	return days[0], nil
}

// setNextDue keeps the day the next agreed check-in is due, for the
// reminders.
func setNextDue(ctx context.Context, t *tx, r *sponsorshipRow) error {
	last, err := lastCheckIn(ctx, t, r.ID)
	if err != nil {
		return err
	}
	r.Schedule(last)
	var due any
	if !r.NextDue.IsZero() {
		due = r.NextDue
	}
	return t.execOne(ctx, `UPDATE sponsorships SET next_due = $1 WHERE id = $2`, due, r.ID)
}

// SetCadence agrees a check-in cadence on an active sponsorship.
func (s *Store) SetCadence(ctx context.Context, id int64, c hearth.Cadence) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(t *tx) error {
		r, err := activeSponsorship(ctx, t, actor, id)
		if err != nil {
			return err
		}
		if err := t.execOne(ctx, `UPDATE sponsorships SET cadence_days = $1, cadence_way = $2 WHERE id = $3`,
			c.Every, c.Way, id); err != nil {
			return err
		}
		r.Cadence = c
		return setNextDue(ctx, t, r)
	})
}

// LogSponsorCheckIn records that a check-in happened on a day.
func (s *Store) LogSponsorCheckIn(ctx context.Context, id int64, on hearth.Date, way string, today hearth.Date) error {
	actor, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if way != "" && !slices.Contains(hearth.CadenceWays, way) {
		return hearth.FieldErrors{"way": "error.sponsor.cadence_way"}.Err()
	}
	return s.inTx(ctx, func(t *tx) error {
		r, err := activeSponsorship(ctx, t, actor, id)
		if err != nil {
			return err
		}
		switch {
		case on.IsZero():
			return hearth.FieldErrors{"on": "error.sponsor.check_in_day"}.Err()
		case on.After(today):
			return hearth.FieldErrors{"on": "error.sponsor.check_in_future"}.Err()
		case on.Before(today.AddDays(-hearth.SponsorCheckInBackDays)):
			return hearth.FieldErrors{"on": "error.sponsor.check_in_early"}.Err()
		}
		if way == "" {
			way = cmpStr(r.Cadence.Way, "text")
		}
		if _, err := t.exec(ctx, `INSERT INTO sponsor_check_ins (sponsorship_id, on_date, way, logged_by, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sponsorship_id, on_date) DO NOTHING`, id, on, way, actor, t.now); err != nil {
			return err
		}
		return setNextDue(ctx, t, r)
	})
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// EndSponsorship ends an active sponsorship or withdraws a request.
func (s *Store) EndSponsorship(ctx context.Context, id int64, thanks string) error {
	thanks = strings.TrimSpace(thanks)
	if utf8.RuneCountInString(thanks) > hearth.SponsorThanksMax {
		return hearth.FieldErrors{"thanks": "error.sponsor.thanks_long"}.Err()
	}
	return s.inTx(ctx, func(t *tx) error {
		actor, dk, err := s.actorKey(ctx, t)
		if err != nil {
			return err
		}
		r, err := mySponsorship(ctx, t, actor, id)
		if err != nil {
			return err
		}
		switch {
		case r.Status == hearth.SponsorRequested && !r.ImSponsor:
			return t.execOne(ctx, `UPDATE sponsorships SET status = 'withdrawn', answered_at = $1 WHERE id = $2`, t.now, id)
		case r.Status != hearth.SponsorActive:
			return notFound()
		}
		if err := t.execOne(ctx, `UPDATE sponsorships SET status = 'ended', ended_at = $1, ended_by = $2, thanks = $3,
			next_due = NULL WHERE id = $4`, t.now, actor, dk.SealString("sponsorships", "thanks", id, thanks), id); err != nil {
			return err
		}
		if r.Sponsor != nil {
			return recountSponsees(ctx, t, r.Sponsor.ID)
		}
		return nil
	})
}

// actorToday is the actor's today at now, in their time zone.
func actorToday(ctx context.Context, t *tx, actor int64, now time.Time) (hearth.Date, error) {
	var zone string
	if err := t.queryRow(ctx, `SELECT time_zone FROM accounts WHERE id = $1`, actor).Scan(&zone); err != nil {
		return hearth.Date{}, err
	}
	return hearth.Today(now, hearth.LoadZone(zone)), nil
}

// Sponsorships lists the actor's sponsorships.
func (s *Store) Sponsorships(ctx context.Context, now time.Time) (list []*hearth.Sponsorship, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		today, err := actorToday(ctx, t, actor, now)
		if err != nil {
			return err
		}
		rows, err := queryAll(ctx, t, func(sc scanner) (*sponsorshipRow, error) { return scanSponsorship(sc, actor) },
			`SELECT `+sponsorshipColumns+sponsorshipFrom+` WHERE s.sponsor_id = $1 OR s.sponsee_id = $1 ORDER BY s.id DESC`, actor)
		if err != nil {
			return err
		}
		keys := &keyCache{s: s, t: t, keys: map[int64]*vault.DataKey{}}
		list = make([]*hearth.Sponsorship, 0, len(rows))
		for _, r := range rows {
			if err := keys.openTexts(ctx, r); err != nil {
				return err
			}
			if r.Status == hearth.SponsorActive || r.Status == hearth.SponsorEnded {
				last, err := lastCheckIn(ctx, t, r.ID)
				if err != nil {
					return err
				}
				r.Schedule(last)
			}
			list = append(list, &r.Sponsorship)
		}
		slices.SortStableFunc(list, func(a, b *hearth.Sponsorship) int { return sponsorshipOrder(a, today) - sponsorshipOrder(b, today) })
		return nil
	})
	return list, err
}

// sponsorshipOrder is where a sponsorship goes in the actor's list.
func sponsorshipOrder(s *hearth.Sponsorship, today hearth.Date) int {
	switch {
	case s.Status == hearth.SponsorRequested && s.ImSponsor:
		return 0
	case s.Overdue(today):
		return 1
	case s.Status == hearth.SponsorActive:
		return 2
	case s.Status == hearth.SponsorRequested:
		return 3
	}
	return 4
}

// Sponsorship is one of the actor's, with its check-ins.
func (s *Store) Sponsorship(ctx context.Context, id int64) (sp *hearth.Sponsorship, err error) {
	actor, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.inReadTx(ctx, func(t *tx) error {
		r, err := mySponsorship(ctx, t, actor, id)
		if err != nil {
			return err
		}
		keys := &keyCache{s: s, t: t, keys: map[int64]*vault.DataKey{}}
		if err := keys.openTexts(ctx, r); err != nil {
			return err
		}
		r.CheckIns, err = queryAll(ctx, t, func(sc scanner) (*hearth.SponsorCheckIn, error) {
			var c hearth.SponsorCheckIn
			var by *int64
			if err := sc.Scan(&c.ID, scanDate(&c.On), &c.Way, &by, scanTime(&c.At)); err != nil {
				return nil, err
			}
			if by != nil {
				c.LoggedBy = *by
			}
			return &c, nil
		}, `SELECT id, on_date, way, logged_by, created_at FROM sponsor_check_ins WHERE sponsorship_id = $1
			ORDER BY on_date DESC LIMIT $2`, id, hearth.SponsorCheckInsMax)
		if err != nil {
			return err
		}
		var last hearth.Date
		if len(r.CheckIns) > 0 {
			last = r.CheckIns[0].On // newest first
		}
		r.Schedule(last)
		if r.ImSponsor && r.Status == hearth.SponsorActive && r.Sponsee != nil {
			if r.Clocks, err = s.sharedClocks(ctx, t, r.Sponsee.ID); err != nil {
				return err
			}
		}
		sp = &r.Sponsorship
		return nil
	})
	return sp, err
}

// IsSponsorOf reports whether sponsor is the active sponsor of sponsee.
func (s *Store) IsSponsorOf(ctx context.Context, sponsor, sponsee int64) (bool, error) {
	var is bool
	err := s.inReads(ctx, func(t *tx) (err error) {
		is, err = isSponsorOf(ctx, t, sponsor, sponsee)
		return err
	})
	return is, err
}

// isSponsorOf says whether sponsor is, today, a sponsor (or mentor) of
// sponsee: their sponsorship is active.
func isSponsorOf(ctx context.Context, t *tx, sponsor, sponsee int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM sponsorships WHERE sponsor_id = $1 AND sponsee_id = $2 AND status = 'active'`,
		sponsor, sponsee).Scan(&n)
	return n > 0, err
}

// sponsorsOf lists a member's sponsors (and mentors) of active
// sponsorships.
func sponsorsOf(ctx context.Context, t *tx, sponsee int64) ([]int64, error) {
	return queryAll(ctx, t, func(sc scanner) (int64, error) {
		var id int64
		err := sc.Scan(&id)
		return id, err
	}, `SELECT sponsor_id FROM sponsorships WHERE sponsee_id = $1 AND status = 'active' AND sponsor_id IS NOT NULL`, sponsee)
}

// NotifyDueCheckIns tells both members of every active sponsorship whose
// agreed check-in is due on now's UTC day (or overdue) and who were not
// yet told of that due day. It returns how many sponsorships it told of.
// The server runs it every few minutes.
func (s *Store) NotifyDueCheckIns(ctx context.Context, now time.Time) (n int, err error) {
	today := hearth.DateOf(now.UTC())
	err = s.inTx(ctx, func(t *tx) error {
		type due struct {
			id, sponsor, sponsee int64
			on                   hearth.Date
		}
		list, err := queryAll(ctx, t, func(sc scanner) (due, error) {
			var d due
			var sponsor, sponsee *int64
			if err := sc.Scan(&d.id, &sponsor, &sponsee, scanDate(&d.on)); err != nil {
				return d, err
			}
			if sponsor != nil {
				d.sponsor = *sponsor
			}
			if sponsee != nil {
				d.sponsee = *sponsee
			}
			return d, nil
		}, `SELECT id, sponsor_id, sponsee_id, next_due FROM sponsorships
			WHERE status = 'active' AND next_due <= $1 AND (due_told IS NULL OR due_told < next_due)`, today)
		if err != nil {
			return err
		}
		for _, d := range list {
			for _, who := range []int64{d.sponsor, d.sponsee} {
				if err := t.notify(ctx, hearth.Notification{AccountID: who, Kind: hearth.NotifySponsorDue, Subject: d.id}, 0); err != nil {
					return err
				}
			}
			if err := t.execOne(ctx, `UPDATE sponsorships SET due_told = $1 WHERE id = $2`, d.on, d.id); err != nil {
				return err
			}
		}
		n = len(list)
		return nil
	})
	return n, err
}

// RefreshSponsorOffsets brings every offer's UTC offset up to date with
// its sponsor's time zone as of now, and returns how many it changed.
// Offers keep the offset so that the matching can filter a time-zone
// window in the database, but a zone's offset moves with daylight saving
// time; the server runs this every few minutes.
func (s *Store) RefreshSponsorOffsets(ctx context.Context, now time.Time) (n int, err error) {
	err = s.inTx(ctx, func(t *tx) error {
		zones, err := queryAll(ctx, t, func(sc scanner) (string, error) {
			var z string
			err := sc.Scan(&z)
			return z, err
		}, `SELECT DISTINCT time_zone FROM sponsor_profiles`)
		if err != nil {
			return err
		}
		for _, z := range zones {
			r, err := t.exec(ctx, `UPDATE sponsor_offers SET utc_offset = $1 WHERE utc_offset <> $1
				AND account_id IN (SELECT account_id FROM sponsor_profiles WHERE time_zone = $2)`, utcOffset(z, now), z)
			if err != nil {
				return err
			}
			k, err := r.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}

// detachSponsorships, as a member is erased, ends their sponsorships and
// requests (the other member keeps the history, with a "former member"),
// forgets what they wrote and counts their sponsors' places again.
func detachSponsorships(ctx context.Context, t *tx, id int64) error {
	sponsors, err := queryAll(ctx, t, func(sc scanner) (int64, error) {
		var v int64
		err := sc.Scan(&v)
		return v, err
	}, `SELECT sponsor_id FROM sponsorships WHERE sponsee_id = $1 AND status = 'active' AND sponsor_id IS NOT NULL`, id)
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE sponsorships SET
		status = CASE WHEN status = 'active' THEN 'ended' WHEN status = 'requested' THEN 'withdrawn' ELSE status END,
		ended_at = CASE WHEN status = 'active' THEN $2 ELSE ended_at END,
		answered_at = CASE WHEN status = 'requested' THEN $2 ELSE answered_at END,
		next_due = NULL,
		message = CASE WHEN sponsee_id = $1 THEN $3 ELSE message END,
		thanks = CASE WHEN ended_by = $1 THEN $3 ELSE thanks END,
		sponsor_id = CASE WHEN sponsor_id = $1 THEN NULL ELSE sponsor_id END,
		sponsee_id = CASE WHEN sponsee_id = $1 THEN NULL ELSE sponsee_id END,
		ended_by = CASE WHEN ended_by = $1 THEN NULL ELSE ended_by END
		WHERE sponsor_id = $1 OR sponsee_id = $1`, id, t.now, []byte{}); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `UPDATE sponsor_check_ins SET logged_by = NULL WHERE logged_by = $1`, id); err != nil {
		return err
	}
	for _, sp := range sponsors {
		if err := recountSponsees(ctx, t, sp); err != nil {
			return err
		}
	}
	return nil
}

// ExportSponsorships fills in the actor's sponsor profile and
// sponsorships for their export.
func (s *Store) ExportSponsorships(ctx context.Context, e *hearth.Export) error {
	list, err := s.Sponsorships(ctx, s.now())
	if err != nil {
		return err
	}
	e.Sponsorships = []hearth.ExportSponsorship{}
	for _, sp := range list {
		x := hearth.ExportSponsorship{Program: sp.Program, Status: sp.Status, Role: "sponsee", Other: hearth.FormerMember,
			DeclineReason: sp.DeclineReason, CadenceDays: sp.Cadence.Every, CadenceWay: sp.Cadence.Way,
			CreatedAt: sp.CreatedAt.UTC()}
		// The request's message is the sponsee's words: in their export
		// only, never in their sponsor's.
		if sp.ImSponsor {
			x.Role = "sponsor"
		} else {
			x.Message = sp.Message
		}
		if o := sp.Other(); o != nil {
			x.Other = o.DisplayName
		}
		if sp.EndedBy == hearth.AccountIDFromContext(ctx) {
			x.Thanks = sp.Thanks
		}
		if !sp.EndedAt.IsZero() {
			t := sp.EndedAt.UTC()
			x.EndedAt = &t
		}
		full, err := s.Sponsorship(ctx, sp.ID)
		if err != nil {
			return err
		}
		for _, c := range full.CheckIns {
			x.CheckIns = append(x.CheckIns, c.On.String())
		}
		e.Sponsorships = append(e.Sponsorships, x)
	}
	p, err := s.SponsorProfile(ctx)
	switch hearth.ErrorCode(err) {
	case "":
		x := p.Export()
		e.SponsorProfile = &x
	case hearth.ENOTFOUND:
	default:
		return err
	}
	return nil
}
