package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// clock is a demo member's count: how long ago it started, and the
// setbacks along the way (days before today).
type clock struct {
	handle, kind, name, schedule string
	started                      int // days before today of the first start
	setbacks                     []int
	notes                        [][2]string // per setback: what happened, what might help
	moneyPerDay                  int64
	visibility                   string
	celebrate                    bool
}

var clocks = []clock{
	{handle: "river.0001", kind: hearth.ClockAlcohol, name: "Alcohol", schedule: "aa", started: 1200, setbacks: []int{840, 93},
		notes:       [][2]string{{"A funeral, and I stopped calling anyone.", "Call before the day, not after."}, {"Work trip, alone in a hotel.", "Meetings online when I travel."}},
		moneyPerDay: 1500, visibility: hearth.VisibleToSupporters},
	{handle: "river.0001", kind: hearth.ClockSubstance, name: "Nicotine", schedule: "monthly", started: 45, visibility: hearth.VisibleToMe},
	// Luz reached two years three days ago, and asked her groups to
	// celebrate with her.
	{handle: "luz.0002", kind: hearth.ClockAlcohol, name: "Alcohol", schedule: "aa", started: 730 + 3, visibility: hearth.VisibleToGroups, celebrate: true},
	{handle: "sam.0003", kind: hearth.ClockSubstance, name: "Opioids", schedule: "na", started: 400, setbacks: []int{60},
		notes: [][2]string{{"", "Tell my sponsor when the cravings start."}}, visibility: hearth.VisibleToSupporters},
	{handle: "theo.0005", kind: hearth.ClockBehaviour, name: "Gambling", schedule: "plain", started: 30, moneyPerDay: 4000, visibility: hearth.VisibleToMe},
	{handle: "kai.0007", kind: hearth.ClockSubstance, name: "Cocaine", schedule: "aa", started: 90, visibility: hearth.VisibleToSupporters},
	{handle: "mateo.0009", kind: hearth.ClockAlcohol, name: "Alcohol", schedule: "aa", started: 9, visibility: hearth.VisibleToMe},
}

// checkInDays is how many days of check-ins the demo members who check in
// have: two months.
const checkInDays = 60

// fillRecovery gives some demo members counts with their history, and
// River and Sam two months of check-ins, as of now in each member's zone.
func fillRecovery(ctx context.Context, st Store, ids map[string]int64, zones map[string]string, now time.Time) error {
	as := func(handle string) context.Context {
		return hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids[handle], Handle: handle})
	}
	today := func(handle string) hearth.Date { return hearth.Today(now, hearth.LoadZone(zones[handle])) }
	for _, c := range clocks {
		t := today(c.handle)
		k := &hearth.Clock{Kind: c.kind, Name: c.name, Start: t.AddDays(-c.started), Schedule: c.schedule,
			MoneyPerDay: c.moneyPerDay, Visibility: c.visibility, Celebrate: c.celebrate}
		if err := st.CreateClock(as(c.handle), k, t); err != nil {
			return fmt.Errorf("demo count of %s: %w", c.handle, err)
		}
		for i, d := range c.setbacks {
			sb := &hearth.Setback{On: t.AddDays(-d)}
			if i < len(c.notes) {
				sb.Note, sb.Plan = c.notes[i][0], c.notes[i][1]
			}
			if err := st.RecordSetback(as(c.handle), k.ID, sb, t); err != nil {
				return fmt.Errorf("demo setback of %s: %w", c.handle, err)
			}
		}
	}
	// Luz and River walk together; River shares everything, Sam and River
	// too, with Sam sharing check-ins only.
	for _, pair := range []struct {
		from, to string
		shares   hearth.Sharing
	}{
		{"luz.0002", "river.0001", hearth.Sharing{Clocks: true, CheckIns: true, Mood: true, Nudges: true}},
		{"sam.0003", "river.0001", hearth.Sharing{Clocks: true, CheckIns: true, Mood: true, Nudges: true}},
	} {
		p, err := st.InvitePartner(as(pair.from), pair.to)
		if err != nil {
			return fmt.Errorf("demo partners %s and %s: %w", pair.from, pair.to, err)
		}
		if err := st.AnswerInvitation(as(pair.to), p.ID, true); err != nil {
			return err
		}
		if err := st.SetSharing(as(pair.to), p.ID, pair.shares); err != nil {
			return err
		}
	}
	for _, handle := range []string{"river.0001", "sam.0003"} {
		t := today(handle)
		for d := checkInDays - 1; d >= 0; d-- {
			c := demoCheckIn(handle, d)
			c.On = t.AddDays(-d)
			// Saved as on its own day, as the member made it.
			if err := st.SaveCheckIn(as(handle), c, c.On); err != nil {
				return fmt.Errorf("demo check-in of %s: %w", handle, err)
			}
		}
	}
	return nil
}

var (
	gratitudes  = []string{"A call from my sister.", "Coffee with my sponsor.", "Sleeping through the night.", "The walk by the river.", "Someone said my share helped them."}
	commitments = []string{"Go to the noon meeting.", "Call one person before lunch.", "Eat a real dinner.", "Be in bed by eleven.", "Read the daily reflection."}
)

// demoCheckIn is a believable day d days ago: mostly steady, harder when
// tired, sometimes a day skipped (no one checks in every day).
func demoCheckIn(handle string, d int) *hearth.CheckIn {
	seed := d*7 + len(handle)
	c := &hearth.CheckIn{Mood: 3 + seed%3, Craving: seed % 4, SleepTenths: 60 + (seed%5)*5, Review: hearth.Reviews[seed%3],
		Gratitude: gratitudes[seed%len(gratitudes)], Commitment: commitments[(seed/3)%len(commitments)]}
	if seed%5 == 0 {
		c.HALT = hearth.Tired
		c.Craving += 3
		c.Mood = max(1, c.Mood-2)
		c.Review = "hard"
	}
	if seed%11 == 0 {
		c.HALT |= hearth.Lonely
	}
	return c
}
