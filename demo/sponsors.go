package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// sponsor is a demo member's offer to sponsor (or mentor), on a count
// made for it years ago (or, with no years, their longest count).
type sponsor struct {
	handle   string
	years    int
	name     string
	schedule string
	profile  hearth.SponsorProfile
}

var sponsors = []sponsor{
	{handle: "luz.0002", profile: hearth.SponsorProfile{Programs: []string{"aa"}, Languages: []string{"es", "en"},
		TimeZone: "America/Mexico_City", Ways: []string{hearth.WayCalls, hearth.WayOnline}, Capacity: 3, Gender: "woman",
		Welcomes: []string{hearth.WelcomesLGBTQ, hearth.WelcomesMAT}, Substances: []string{"alcohol"},
		About: "Voy un día a la vez. Me gusta hablar por teléfono y leer juntos la literatura. / One day at a time; I like phone calls and reading together."}},
	{handle: "grace.0010", years: 8, name: "Alcohol", schedule: "aa", profile: hearth.SponsorProfile{Programs: []string{"aa"},
		Languages: []string{"en"}, TimeZone: "America/Chicago", Ways: []string{hearth.WayInPerson, hearth.WayCalls}, Capacity: 2,
		Gender: "woman", Welcomes: []string{hearth.WelcomesSecular}, Substances: []string{"alcohol", "sedatives"},
		About: "Steady, practical, and I answer the phone. Coffee after the Sunday meeting."}},
	{handle: "jordan.0008", years: 3, name: "Drinking", schedule: "monthly", profile: hearth.SponsorProfile{Programs: []string{"smart"},
		Languages: []string{"en"}, TimeZone: "America/New_York", Ways: []string{hearth.WayOnline}, Capacity: 2,
		Welcomes: []string{hearth.WelcomesSecular, hearth.WelcomesMAT, hearth.WelcomesLGBTQ}, Substances: []string{"alcohol", "gambling"},
		About: "SMART tools, cost-benefit analysis, and a weekly video call."}},
	{handle: "ana.0006", years: 6, name: "Alcohol", schedule: "plain", profile: hearth.SponsorProfile{Programs: []string{"recovery-dharma"},
		Languages: []string{"en"}, TimeZone: "Europe/London", Ways: []string{hearth.WayOnline, hearth.WayCalls}, Capacity: 1,
		Gender: "woman", Welcomes: []string{hearth.WelcomesSecular, hearth.WelcomesLGBTQ}, About: "Meditation first; we go gently."}},
}

// fillSponsors gives some demo members an offer to sponsor, and three
// sponsorships: two with an agreed check-in that is due (Mateo's weekly
// call with Luz, the last eight days ago; Theo's daily text with his
// SMART mentor Jordan, the last yesterday) and River's weekly call with
// Grace, their AA sponsor, held two days ago (River shares step work
// with Grace: see fillSteps).
func fillSponsors(ctx context.Context, st Store, ids map[string]int64, zones map[string]string, now time.Time) error {
	as := func(handle string) context.Context {
		return hearth.NewContextWithAccount(ctx, &hearth.Account{ID: ids[handle], Handle: handle})
	}
	today := func(handle string) hearth.Date { return hearth.Today(now, hearth.LoadZone(zones[handle])) }
	for _, s := range sponsors {
		t := today(s.handle)
		p := s.profile
		if s.years > 0 {
			k := &hearth.Clock{Kind: hearth.ClockAlcohol, Name: s.name, Start: t.AddMonths(-12 * s.years).AddDays(-40),
				Schedule: s.schedule, Visibility: hearth.VisibleToMe}
			if err := st.CreateClock(as(s.handle), k, t); err != nil {
				return fmt.Errorf("demo count of %s: %w", s.handle, err)
			}
			p.ClockID = k.ID
		} else {
			list, err := st.Clocks(as(s.handle))
			if err != nil || len(list) == 0 {
				return fmt.Errorf("demo sponsor %s has no count: %v", s.handle, err)
			}
			p.ClockID = list[0].ID
		}
		if err := st.SaveSponsorProfile(as(s.handle), &p, t); err != nil {
			return fmt.Errorf("demo sponsor %s: %w", s.handle, err)
		}
	}
	for _, r := range []struct {
		sponsee, sponsor, program, message, way string
		every, last                             int
	}{
		{"mateo.0009", "luz.0002", "aa", "Hola Luz, soy nuevo y me vendría bien alguien con experiencia.", "call", 7, 8},
		{"theo.0005", "jordan.0008", "smart", "Hi Jordan, I'd like a mentor for the SMART tools.", "text", 1, 1},
		{"river.0001", "grace.0010", "aa", "Hi Grace, I heard you share on Sunday. Would you sponsor me through the steps?", "call", 7, 2},
	} {
		sp, err := st.RequestSponsor(as(r.sponsee), ids[r.sponsor], r.program, r.message)
		if err != nil {
			return fmt.Errorf("demo sponsorship of %s: %w", r.sponsee, err)
		}
		if err := st.AnswerSponsorRequest(as(r.sponsor), sp.ID, true, ""); err != nil {
			return err
		}
		if err := st.SetCadence(as(r.sponsee), sp.ID, hearth.Cadence{Every: r.every, Way: r.way}); err != nil {
			return err
		}
		t := today(r.sponsor)
		// It began a little before its first check-in.
		if back, ok := st.(backdater); ok {
			first := r.last + 2*r.every + 3
			if err := back.SetSponsorshipTime(ctx, sp.ID, now.Add(-time.Duration(first)*24*time.Hour)); err != nil {
				return err
			}
		}
		for _, d := range []int{r.last + 2*r.every, r.last + r.every, r.last} {
			if err := st.LogSponsorCheckIn(as(r.sponsor), sp.ID, t.AddDays(-d), r.way, t); err != nil {
				return fmt.Errorf("demo check-in of %s: %w", r.sponsee, err)
			}
		}
	}
	return nil
}
