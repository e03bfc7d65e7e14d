package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hearth"
	"hearth/demo"
	"hearth/sqlstore/storetest/testdb"
)

// plain stands in for the password hasher: the demo's shape is under
// test, not hashing.
type plain struct{}

func (plain) Hash(_ context.Context, pw string) (string, error) { return "plain:" + pw, nil }

func TestFill(t *testing.T) {
	ctx := context.Background()
	st := testdb.MustOpenSQLite(t)
	now := time.Now()
	members, err := demo.Fill(ctx, st, plain{}, now)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := st.ListGroups(ctx, hearth.GroupFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != demo.Groups() {
		t.Fatalf("%d groups, want %d", len(groups), demo.Groups())
	}

	zones := map[string]bool{}
	attendance := map[string]int{}
	total := 0
	for _, g := range groups {
		list, err := st.GroupMeetings(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			t.Errorf("%s has no meetings", g.Slug)
		}
		total += len(list)
		for _, m := range list {
			zones[m.TimeZone] = true
			attendance[m.Attendance()]++
			switch g.Slug {
			case "night-owls-online":
				if m.Attendance() != hearth.Online {
					t.Errorf("Night Owls meets %s in %s", m.Attendance(), m.Slug)
				}
			case "grupo-renacer":
				if !hasType(m, "S") {
					t.Errorf("Grupo Renacer's %s is not Spanish-speaking", m.Slug)
				}
			}
		}
	}
	if total != demo.Meetings() {
		t.Errorf("%d meetings, want %d", total, demo.Meetings())
	}
	if len(zones) < 5 {
		t.Errorf("meetings in %d time zones, want several", len(zones))
	}
	for _, a := range []string{hearth.InPerson, hearth.Online, hearth.Hybrid} {
		if attendance[a] == 0 {
			t.Errorf("no demo meeting is %s", a)
		}
	}

	t.Run("SpanishOnlineTonight", func(t *testing.T) {
		// A newcomer who typed "Los Angeles" looks for a Spanish-speaking
		// online meeting tonight, whatever day it is.
		la := hearth.LoadZone("America/Los_Angeles")
		for d := range 7 {
			now := time.Date(2026, 3, 2+d, 18, 0, 0, 0, la)
			list, _, err := st.FindMeetings(ctx, hearth.MeetingFilter{Near: &hearth.LatLon{Lat: 34.05, Lon: -118.24},
				Language: "es", Attendance: hearth.Online,
				Days: []time.Weekday{now.Weekday()}, Window: hearth.Night, Now: now, Zone: la})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 0 {
				t.Errorf("no Spanish online meeting tonight on %s", now.Weekday())
			}
		}
	})

	t.Run("Recovery", func(t *testing.T) {
		as := func(handle string) (context.Context, hearth.Date) {
			a, _, err := st.FindAccountByHandle(ctx, handle)
			if err != nil {
				t.Fatal(err)
			}
			return hearth.NewContextWithAccount(ctx, a), hearth.Today(now, hearth.LoadZone(a.TimeZone))
		}
		river, today := as("river.0001")
		clocks, err := st.Clocks(river)
		if err != nil || len(clocks) != 2 {
			t.Fatalf("river's counts: %v %v", clocks, err)
		}
		c, setbacks, err := st.Clock(river, clocks[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		h := hearth.HistoryOf(c, setbacks, today)
		if len(setbacks) != 2 || c.Days(today) != 93 || h.TotalDays != 1200 || h.LongestDays != 747 || setbacks[0].Note == "" {
			t.Errorf("river's history: %d setbacks, %d days now, %+v", len(setbacks), c.Days(today), h)
		}
		list, err := st.CheckIns(river, today.AddDays(-100), today, true)
		if err != nil || len(list) != 60 || list[0].On != today || list[0].Gratitude == "" {
			t.Errorf("river's check-ins: %d, %v", len(list), err)
		}
		tired := 0
		for _, c := range list {
			if c.HALT.Has(hearth.Tired) {
				tired++
			}
		}
		if tired < 5 || tired > 30 {
			t.Errorf("%d of 60 days tired: the trends would have nothing to say", tired)
		}
		partners, err := st.Partnerships(river)
		if err != nil || len(partners) != 2 || !partners[0].Accepted {
			t.Fatalf("river's partners: %v %v", partners, err)
		}
		luz, today := as("luz.0002")
		mine, err := st.Partnerships(luz)
		if err != nil || len(mine) != 1 {
			t.Fatalf("luz's partners: %v %v", mine, err)
		}
		status, err := st.PartnerStatus(luz, mine[0].ID, now)
		if err != nil || len(status.Clocks) != 1 || !status.CheckedInToday || len(status.Moods) != 14 {
			t.Errorf("what luz sees of river: %+v, %v", status, err)
		}
		if clocks, _ := st.Clocks(luz); len(clocks) != 1 || clocks[0].Days(today) < 730 {
			t.Errorf("luz's counts: %+v", clocks)
		}
		// River is partway through AA's steps; Grace, their sponsor,
		// sees four resentment rows and nothing else, and Sam (a
		// partner) nothing.
		progress, err := st.StepProgress(river, "aa")
		if err != nil || len(progress) != 4 {
			t.Errorf("river's steps: %v, %v", progress, err)
		}
		grace, _ := as("grace.0010")
		shared, err := st.StepSharesWithMe(grace)
		if err != nil || len(shared) != 4 || shared[0].Worksheet != "resentments" {
			t.Fatalf("shared with grace: %v, %v", shared, err)
		}
		if ok, err := st.IsSponsorOf(ctx, hearth.AccountIDFromContext(grace), hearth.AccountIDFromContext(river)); err != nil || !ok {
			t.Errorf("grace sponsors river: %v, %v", ok, err)
		}
		for _, who := range []string{"sam.0003", "luz.0002"} {
			other, _ := as(who)
			if none, _ := st.StepSharesWithMe(other); len(none) != 0 {
				t.Errorf("shared with %s: %v", who, none)
			}
		}
	})

	t.Run("MyMeetings", func(t *testing.T) {
		for _, m := range members {
			a, _, err := st.FindAccountByHandle(ctx, m.Handle)
			if err != nil {
				t.Fatal(err)
			}
			mine, err := st.MyMeetings(hearth.NewContextWithAccount(ctx, a), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if m.Handle == "luz.0002" && len(mine) != 3 {
				t.Errorf("luz follows %d meetings, want 3", len(mine))
			}
		}
	})
}

func hasType(m *hearth.Meeting, code string) bool {
	for _, t := range m.Types {
		if t == code {
			return true
		}
	}
	return false
}

// TestFillStrategies: the demo library has 40 and more strategies, about
// half in each language, and answers "what helps with cravings at
// night?" in both.
func TestFillStrategies(t *testing.T) {
	ctx := context.Background()
	st := testdb.MustOpenSQLite(t)
	if _, err := demo.Fill(ctx, st, plain{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if demo.Strategies() < 40 {
		t.Errorf("%d demo strategies, want 40 or more", demo.Strategies())
	}
	// The library is for members: read it as one of the demo's.
	reader, _, err := st.FindAccountByHandle(ctx, "river.0001")
	if err != nil {
		t.Fatal(err)
	}
	as := hearth.NewContextWithAccount(ctx, reader)
	count := map[string]int{}
	marked := 0
	for offset := 0; ; offset += hearth.StrategyPageMax {
		list, more, err := st.Strategies(as, hearth.StrategyFilter{Offset: offset, Limit: hearth.StrategyPageMax})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			count[s.Language]++
			if s.Helped > 0 {
				marked++
			}
		}
		if !more {
			break
		}
	}
	if count["en"]+count["es"] != demo.Strategies() || count["en"] < 18 || count["es"] < 18 {
		t.Errorf("strategies by language: %v", count)
	}
	if marked < demo.Strategies()/2 {
		t.Errorf("only %d strategies marked helpful", marked)
	}
	for _, q := range []struct{ lang, question, want string }{
		{"en", "What helps with cravings at night?", "Twenty minutes and a cup of tea"},
		{"es", "¿Qué ayuda con los antojos de noche?", "Cuando llega el antojo de noche"},
	} {
		list, _, err := st.Strategies(as, hearth.StrategyFilter{Query: q.question, Language: q.lang, Sort: hearth.SortRelevance, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, s := range list {
			titles = append(titles, s.Title)
		}
		if len(list) < 3 || !slices.Contains(titles[:3], q.want) {
			t.Errorf("%s: %q, want %q among the first three", q.question, titles, q.want)
		}
		for _, s := range list[:3] {
			if s.Language != q.lang || !slices.Contains(s.Tags, "craving") && !slices.Contains(s.Tags, "night") {
				t.Errorf("%s: %q (%s, %v) among the first three", q.question, s.Title, s.Language, s.Tags)
			}
		}
	}
}

// TestFillSponsors: the demo has sponsors to find (a Spanish speaker
// among them) and two active sponsorships whose agreed check-in is due.
func TestFillSponsors(t *testing.T) {
	ctx := context.Background()
	st := testdb.MustOpenSQLite(t)
	now := time.Now()
	if _, err := demo.Fill(ctx, st, plain{}, now); err != nil {
		t.Fatal(err)
	}
	marisol, _, err := st.FindAccountByHandle(ctx, "marisol.0004")
	if err != nil {
		t.Fatal(err)
	}
	as := func(a *hearth.Account) context.Context { return hearth.NewContextWithAccount(ctx, a) }
	list, err := st.FindSponsors(as(marisol), hearth.SponsorQuery{Program: "aa", Language: "es"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Profile.Member.Handle != "luz.0002" {
		t.Fatalf("Spanish-speaking aa sponsors for Marisol: %d", len(list))
	}
	due := 0
	for _, handle := range []string{"mateo.0009", "theo.0005"} {
		a, _, err := st.FindAccountByHandle(ctx, handle)
		if err != nil {
			t.Fatal(err)
		}
		sps, err := st.Sponsorships(as(a), now)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range sps {
			if sp.Status == hearth.SponsorActive && sp.Due(hearth.Today(now, hearth.LoadZone(a.TimeZone))) {
				due++
			}
			// It began before its first check-in, not today.
			full, err := st.Sponsorship(as(a), sp.ID)
			if err != nil {
				t.Fatal(err)
			}
			began := hearth.DateOf(full.AnsweredAt.In(hearth.LoadZone(a.TimeZone)))
			if n := len(full.CheckIns); n == 0 || !began.Before(full.CheckIns[n-1].On) {
				t.Errorf("%s's sponsorship began %s, not before its first check-in (%d check-ins)", handle, began, n)
			}
		}
	}
	if due != 2 {
		t.Errorf("%d active sponsorships with a check-in due, want 2", due)
	}
}
