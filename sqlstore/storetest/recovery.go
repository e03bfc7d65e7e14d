package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"hearth"
)

// today is the members' date in the recovery tests.
var today = hearth.Date{Year: 2026, Month: time.March, Day: 4}

func newClock(opts ...func(*hearth.Clock)) *hearth.Clock {
	c := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: "Alcohol", Start: today.AddDays(-93), Schedule: "aa", Visibility: hearth.VisibleToMe}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (e *env) mustClock(a *hearth.Account, opts ...func(*hearth.Clock)) *hearth.Clock {
	e.t.Helper()
	c := newClock(opts...)
	ok(e.t, e.Store.CreateClock(e.as(a), c, today))
	return c
}

// The private fields of a member's recovery, for the canary scan.

func clockField(name string, field func(*hearth.Clock) *string) privateField {
	return privateField{
		name:  name,
		after: func(e *env, a *hearth.Account, v string) { e.mustClock(a, func(c *hearth.Clock) { *field(c) = v }) },
		update: func(e *env, a *hearth.Account, v string) {
			list, err := e.Store.Clocks(e.as(a))
			ok(e.t, err)
			_, err = e.Store.UpdateClock(e.as(a), list[0].ID, hearth.ClockUpdate{Name: &v}, today)
			ok(e.t, err)
		},
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.Clocks(e.as(a))
			ok(e.t, err)
			return *field(list[0])
		},
	}
}

func setbackField(name string, field func(*hearth.Setback) *string) privateField {
	record := func(e *env, a *hearth.Account, v string) {
		list, err := e.Store.Clocks(e.as(a))
		ok(e.t, err)
		sb := &hearth.Setback{On: today}
		*field(sb) = v
		ok(e.t, e.Store.RecordSetback(e.as(a), list[0].ID, sb, today))
	}
	return privateField{
		name: name,
		after: func(e *env, a *hearth.Account, v string) {
			e.mustClock(a)
			record(e, a, v)
		},
		update: record, // a second setback; the latest is read
		read: func(e *env, a *hearth.Account) string {
			list, err := e.Store.Clocks(e.as(a))
			ok(e.t, err)
			_, setbacks, err := e.Store.Clock(e.as(a), list[0].ID)
			ok(e.t, err)
			return *field(setbacks[len(setbacks)-1])
		},
	}
}

func checkInField(name string, field func(*hearth.CheckIn) *string) privateField {
	return privateField{
		name: name,
		after: func(e *env, a *hearth.Account, v string) {
			c := &hearth.CheckIn{On: today, Mood: 3, Craving: -1, SleepTenths: -1}
			*field(c) = v
			ok(e.t, e.Store.SaveCheckIn(e.as(a), c, today))
		},
		update: func(e *env, a *hearth.Account, v string) {
			c, err := e.Store.CheckInOn(e.as(a), today)
			ok(e.t, err)
			*field(c) = v
			ok(e.t, e.Store.SaveCheckIn(e.as(a), c, today))
		},
		read: func(e *env, a *hearth.Account) string {
			c, err := e.Store.CheckInOn(e.as(a), today)
			ok(e.t, err)
			return *field(c)
		},
	}
}

func (s suite) recovery(t *testing.T) {
	t.Run("Clocks", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		c := e.mustClock(a, func(c *hearth.Clock) {
			c.Kind, c.Name, c.StartTime, c.MoneyPerDay, c.MinutesPerDay = hearth.ClockBehaviour, "  Gambling ", "21:30", 1250, 90
			c.Schedule, c.Visibility, c.Celebrate = "na", hearth.VisibleToSupporters, true
		})
		if c.ID == 0 || c.AccountID != a.ID || c.Name != "Gambling" || !c.CreatedAt.Equal(stored(start)) {
			t.Fatalf("created %+v", c)
		}
		got, setbacks, err := e.Store.Clock(e.as(a), c.ID)
		ok(t, err)
		if *got != *c || len(setbacks) != 0 {
			t.Errorf("read back\n%+v\nwant\n%+v (setbacks %v)", got, c, setbacks)
		}
		e.mustClock(a, func(c *hearth.Clock) { c.Name = "Nicotine"; c.Kind = hearth.ClockSubstance })
		list, err := e.Store.Clocks(e.as(a))
		ok(t, err)
		if len(list) != 2 || list[0].Name != "Gambling" || list[1].Name != "Nicotine" {
			t.Errorf("clocks %v", list)
		}
		if list, _ := e.Store.Clocks(e.as(b)); len(list) != 0 {
			t.Errorf("another member sees %d clocks", len(list))
		}

		// Another member's clock does not exist for them.
		_, _, err = e.Store.Clock(e.as(b), c.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		name := "Taken"
		_, err = e.Store.UpdateClock(e.as(b), c.ID, hearth.ClockUpdate{Name: &name}, today)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteClock(e.as(b), c.ID), hearth.ENOTFOUND)
		wantCode(t, e.Store.RecordSetback(e.as(b), c.ID, &hearth.Setback{On: today}, today), hearth.ENOTFOUND)
		_, err = e.Store.Clocks(e.ctx)
		wantCode(t, err, hearth.EUNAUTHORIZED)

		updated, err := e.Store.UpdateClock(e.as(a), c.ID, hearth.ClockUpdate{Name: &name}, today)
		ok(t, err)
		if updated.Name != "Taken" || updated.Schedule != "na" || updated.MoneyPerDay != 1250 {
			t.Errorf("after a name change %+v", updated)
		}
		ok(t, e.Store.DeleteClock(e.as(a), c.ID))
		_, _, err = e.Store.Clock(e.as(a), c.ID)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("BadClocks", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		for _, tc := range []struct {
			name  string
			edit  func(*hearth.Clock)
			field string
		}{
			{"FutureStart", func(c *hearth.Clock) { c.Start = today.AddDays(1) }, "start"},
			{"Before1900", func(c *hearth.Clock) { c.Start = hearth.Date{Year: 1899, Month: 12, Day: 31} }, "start"},
			{"NoName", func(c *hearth.Clock) { c.Name = "  " }, "name"},
			{"LongName", func(c *hearth.Clock) { c.Name = strings.Repeat("x", hearth.ClockNameMax+1) }, "name"},
			{"Kind", func(c *hearth.Clock) { c.Kind = "wine" }, "kind"},
			{"StartTime", func(c *hearth.Clock) { c.StartTime = "25:00" }, "start_time"},
			{"Money", func(c *hearth.Clock) { c.MoneyPerDay = -5 }, "money_per_day"},
			{"Visibility", func(c *hearth.Clock) { c.Visibility = "everyone" }, "visibility"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := e.Store.CreateClock(e.as(a), newClock(tc.edit), today)
				wantCode(t, err, hearth.EINVALID)
				if f := hearth.ErrorFields(err); f[tc.field] == "" {
					t.Errorf("problems %v, want one with %s", f, tc.field)
				}
			})
		}
		if list, _ := e.Store.Clocks(e.as(a)); len(list) != 0 {
			t.Errorf("refused clocks were stored: %d", len(list))
		}
		for range hearth.ClocksMax {
			e.mustClock(a)
		}
		wantCode(t, e.Store.CreateClock(e.as(a), newClock(), today), hearth.ECONFLICT)
	})

	t.Run("Setbacks", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		first := today.AddDays(-400)
		c := e.mustClock(a, func(c *hearth.Clock) { c.Start = first })

		for name, on := range map[string]hearth.Date{"Future": today.AddDays(1), "BeforeStart": first.AddDays(-1)} {
			t.Run(name, func(t *testing.T) {
				wantCode(t, e.Store.RecordSetback(e.as(a), c.ID, &hearth.Setback{On: on}, today), hearth.EINVALID)
			})
		}
		wantCode(t, e.Store.RecordSetback(e.as(a), c.ID, &hearth.Setback{On: today, Note: strings.Repeat("x", hearth.RecoveryNoteMax+1)}, today), hearth.EINVALID)

		s1 := &hearth.Setback{On: today.AddDays(-300), Note: "a wedding", Plan: "leave early, call my sponsor"}
		ok(t, e.Store.RecordSetback(e.as(a), c.ID, s1, today))
		s2 := &hearth.Setback{On: today.AddDays(-100)}
		ok(t, e.Store.RecordSetback(e.as(a), c.ID, s2, today))
		got, setbacks, err := e.Store.Clock(e.as(a), c.ID)
		ok(t, err)
		if got.Start != s2.On || len(setbacks) != 2 || setbacks[0].Note != "a wedding" || setbacks[0].PreviousStart != first ||
			setbacks[1].PreviousStart != s1.On {
			t.Fatalf("after two setbacks: start %s, setbacks %+v", got.Start, setbacks)
		}
		h := hearth.HistoryOf(got, setbacks, today)
		if h.TotalDays != 400 || h.LongestDays != 200 || h.AverageBetween != 200 || len(h.Stretches) != 3 || h.Stretches[2].Days != 100 {
			t.Errorf("history %+v, want 400 days in all, 200 the longest, 200 between setbacks", h)
		}

		// A setback can be undone for a day, and only the latest.
		wantCode(t, e.Store.UndoSetback(e.as(a), c.ID, s1.ID, start), hearth.ENOTFOUND)
		wantCode(t, e.Store.UndoSetback(e.as(a), c.ID, s2.ID, s2.RecordedAt.Add(hearth.SetbackUndoWindow+time.Second)), hearth.ECONFLICT)
		ok(t, e.Store.UndoSetback(e.as(a), c.ID, s2.ID, s2.RecordedAt.Add(time.Hour)))
		got, setbacks, err = e.Store.Clock(e.as(a), c.ID)
		ok(t, err)
		if got.Start != s1.On || len(setbacks) != 1 {
			t.Errorf("after undoing: start %s (want %s), %d setbacks", got.Start, s1.On, len(setbacks))
		}
		wantCode(t, e.Store.UndoSetback(e.as(e.mustAccount()), c.ID, s1.ID, start), hearth.ENOTFOUND)
	})

	t.Run("CheckIns", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		c := &hearth.CheckIn{On: today, Mood: 4, Craving: 2, HALT: hearth.Tired | hearth.Lonely, SleepTenths: 75,
			Gratitude: " my sister called ", Commitment: "go to the noon meeting", Note: "steady day", Review: "not_bad"}
		ok(t, e.Store.SaveCheckIn(e.as(a), c, today))
		got, err := e.Store.CheckInOn(e.as(a), today)
		ok(t, err)
		if *got != *c || got.Gratitude != "my sister called" || !got.HALT.Has(hearth.Tired) || got.HALT.Has(hearth.Angry) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, c)
		}
		_, err = e.Store.CheckInOn(e.as(b), today)
		wantCode(t, err, hearth.ENOTFOUND)

		// A second new check-in for the day changes nothing.
		again := &hearth.CheckIn{On: today, Mood: 1, Craving: -1, SleepTenths: -1}
		wantCode(t, e.Store.SaveCheckIn(e.as(a), again, today), hearth.ECONFLICT)
		if got, _ := e.Store.CheckInOn(e.as(a), today); got.Mood != 4 {
			t.Errorf("a refused second check-in changed the mood to %d", got.Mood)
		}
		// Editing it does.
		got.Review, got.Note = "hard", "evening was rough"
		ok(t, e.Store.SaveCheckIn(e.as(a), got, today))
		if again, _ := e.Store.CheckInOn(e.as(a), today); again.Review != "hard" || again.Note != "evening was rough" || !again.CreatedAt.Equal(c.CreatedAt) {
			t.Errorf("after the edit %+v", again)
		}
		// Not another member's, and not onto another date.
		other := *got
		wantCode(t, e.Store.SaveCheckIn(e.as(b), &other, today), hearth.ENOTFOUND)
		other.On = today.AddDays(-1)
		wantCode(t, e.Store.SaveCheckIn(e.as(a), &other, today), hearth.ENOTFOUND)

		for _, tc := range []struct {
			name  string
			edit  func(*hearth.CheckIn)
			field string
		}{
			{"Craving11", func(c *hearth.CheckIn) { c.Craving = 11 }, "craving"},
			{"Mood6", func(c *hearth.CheckIn) { c.Mood = 6 }, "mood"},
			{"NoteOf1MB", func(c *hearth.CheckIn) { c.Note = strings.Repeat("n", 1<<20) }, "note"},
			{"Tomorrow", func(c *hearth.CheckIn) { c.On = today.AddDays(1) }, "on"},
			{"LastWeek", func(c *hearth.CheckIn) { c.On = today.AddDays(-7) }, "on"},
			{"Empty", func(c *hearth.CheckIn) { c.Mood = 0 }, "mood"},
			{"Review", func(c *hearth.CheckIn) { c.Review = "terrible" }, "review"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := &hearth.CheckIn{On: today.AddDays(-1), Mood: 3, Craving: -1, SleepTenths: -1}
				tc.edit(c)
				err := e.Store.SaveCheckIn(e.as(b), c, today)
				wantCode(t, err, hearth.EINVALID)
				if f := hearth.ErrorFields(err); f[tc.field] == "" {
					t.Errorf("problems %v, want one with %s", f, tc.field)
				}
			})
		}

		// Yesterday's, late, for the evening review; then the list.
		ok(t, e.Store.SaveCheckIn(e.as(a), &hearth.CheckIn{On: today.AddDays(-1), Mood: 2, Craving: 7, SleepTenths: -1, Note: "n"}, today))
		list, err := e.Store.CheckIns(e.as(a), today.AddDays(-30), today, false)
		ok(t, err)
		if len(list) != 2 || list[0].On != today || list[1].Craving != 7 || list[0].Note != "" {
			t.Errorf("check-ins %+v (latest first, without notes)", list)
		}
		if list, _ := e.Store.CheckIns(e.as(a), today, today, true); len(list) != 1 || list[0].Note == "" {
			t.Errorf("today's check-in with notes: %+v", list)
		}
	})

	t.Run("Home", func(t *testing.T) {
		e := s.env(t)
		a, b := e.mustAccount(), e.mustAccount()
		home, err := e.Store.Home(e.as(a), start, today)
		ok(t, err)
		if len(home.Clocks) != 0 || home.WeekCheckIns != 0 || !home.LastCheckIn.IsZero() {
			t.Errorf("a new member's dashboard: %+v", home)
		}
		e.mustClock(a, func(c *hearth.Clock) { c.Name = "Gambling" })
		e.mustClock(a, func(c *hearth.Clock) { c.Name = "Alcohol" })
		e.mustClock(b, func(c *hearth.Clock) { c.Name = "Theirs" })
		for _, d := range []int{0, 2, 6, 7} {
			ok(t, e.Store.SaveCheckIn(e.as(a), &hearth.CheckIn{On: today.AddDays(-d), Mood: 3, Craving: -1, SleepTenths: -1}, today.AddDays(-d)))
		}
		ok(t, e.Store.SaveCheckIn(e.as(b), &hearth.CheckIn{On: today.AddDays(-1), Mood: 3, Craving: -1, SleepTenths: -1}, today))
		home, err = e.Store.Home(e.as(a), start, today)
		ok(t, err)
		if len(home.Clocks) != 2 || home.Clocks[0].Name != "Gambling" || home.Clocks[1].Name != "Alcohol" {
			t.Errorf("dashboard counts %+v", home.Clocks)
		}
		if home.WeekCheckIns != 3 || home.LastCheckIn != today {
			t.Errorf("the week's check-ins: %d, the latest %s; want 3 (not a week ago, not another member's) and today", home.WeekCheckIns, home.LastCheckIn)
		}
		// Yesterday's dashboard: today's check-in is not yet made.
		home, err = e.Store.Home(e.as(a), start, today.AddDays(-1))
		ok(t, err)
		if home.WeekCheckIns != 3 || home.LastCheckIn != today.AddDays(-2) {
			t.Errorf("a day earlier: %d check-ins, the latest %s", home.WeekCheckIns, home.LastCheckIn)
		}
	})

	// Two tabs send today's first check-in at once: exactly one is stored,
	// and the other is told so.
	t.Run("CheckInRace", func(t *testing.T) {
		e := s.env(t)
		a := e.mustAccount()
		const tabs = 4
		var wg sync.WaitGroup
		errs := make([]error, tabs)
		for i := range tabs {
			wg.Go(func() {
				errs[i] = e.Store.SaveCheckIn(e.as(a), &hearth.CheckIn{On: today, Mood: i + 1, Craving: -1, SleepTenths: -1}, today)
			})
		}
		wg.Wait()
		stored := 0
		for _, err := range errs {
			switch hearth.ErrorCode(err) {
			case "":
				stored++
			case hearth.ECONFLICT:
			default:
				t.Errorf("a racing check-in: %v", err)
			}
		}
		list, err := e.Store.CheckIns(e.as(a), today, today, false)
		ok(t, err)
		if stored != 1 || len(list) != 1 {
			t.Errorf("%d saves succeeded and %d check-ins are stored, want 1 and 1", stored, len(list))
		}
	})
}
