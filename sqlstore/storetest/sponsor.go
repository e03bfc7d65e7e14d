package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"hearth"
)

// mustSponsor makes a member with a count of years and a profile offering
// to sponsor in program; opts adjust the profile.
func (e *env) mustSponsor(years int, program string, opts ...func(*hearth.SponsorProfile)) *hearth.Account {
	e.t.Helper()
	a := e.mustAccount()
	k := e.mustClock(a, func(c *hearth.Clock) { c.Start = today.AddMonths(-12 * years).AddDays(-10) })
	p := &hearth.SponsorProfile{Programs: []string{program}, ClockID: k.ID, Languages: []string{"en"},
		TimeZone: "America/Chicago", Ways: []string{hearth.WayCalls}, Capacity: 2}
	for _, o := range opts {
		o(p)
	}
	ok(e.t, e.Store.SaveSponsorProfile(e.as(a), p, today))
	return a
}

// matchIDs are the accounts of matches, in order.
func matchIDs(list []*hearth.SponsorMatch) []int64 {
	ids := []int64{}
	for _, m := range list {
		ids = append(ids, m.Profile.AccountID)
	}
	return ids
}

func (e *env) find(seeker *hearth.Account, q hearth.SponsorQuery) []*hearth.SponsorMatch {
	e.t.Helper()
	list, err := e.Store.FindSponsors(e.as(seeker), q, e.clock.Now())
	ok(e.t, err)
	return list
}

func hasReason(m *hearth.SponsorMatch, r hearth.Reason) bool { return slices.Contains(m.Reasons, r) }

func (s suite) sponsors(t *testing.T) {
	t.Run("Profile", func(t *testing.T) {
		e := s.env(t)
		a, other := e.mustAccount(), e.mustAccount()
		young := e.mustClock(a, func(c *hearth.Clock) { c.Start = today.AddDays(-200) })
		old := e.mustClock(a, func(c *hearth.Clock) { c.Start = today.AddMonths(-30) })
		theirs := e.mustClock(other, func(c *hearth.Clock) { c.Start = today.AddMonths(-60) })
		_, err := e.Store.SponsorProfile(e.as(a))
		wantCode(t, err, hearth.ENOTFOUND)
		p := &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: young.ID, Languages: []string{"es", "en", "es"},
			TimeZone: "America/Chicago", Ways: []string{hearth.WayOnline}, Capacity: 3, Welcomes: []string{hearth.WelcomesLGBTQ},
			About: "  Patient, one day at a time.  "}
		wantCode(t, e.Store.SaveSponsorProfile(e.ctx, p, today), hearth.EUNAUTHORIZED)
		err = e.Store.SaveSponsorProfile(e.as(a), p, today)
		if he, _ := err.(*hearth.Error); he == nil || he.Fields["programs"] != "error.sponsor.too_soon" {
			t.Fatalf("a count of 200 days: %v, want too_soon", err)
		}
		// The operator's threshold by program: six months for SMART.
		e.Store.SetSponsorMinTime(hearth.SponsorMinTime{Programs: map[string]hearth.Span{"smart": {Months: 6}}})
		p.Programs = []string{"smart"}
		ok(t, e.Store.SaveSponsorProfile(e.as(a), p, today))
		p.ClockID = theirs.ID
		if he, _ := e.Store.SaveSponsorProfile(e.as(a), p, today).(*hearth.Error); he == nil || he.Fields["clock"] == "" {
			t.Errorf("another member's count was taken: %v", he)
		}
		bad := &hearth.SponsorProfile{Programs: nil, ClockID: old.ID, Languages: []string{"xx"}, TimeZone: "Mars/Base",
			Ways: []string{"telepathy"}, Capacity: 11, Gender: "?", About: string(make([]rune, 700))}
		he, _ := e.Store.SaveSponsorProfile(e.as(a), bad, today).(*hearth.Error)
		for _, f := range []string{"programs", "languages", "time_zone", "ways", "capacity", "gender", "about"} {
			if he == nil || he.Fields[f] == "" {
				t.Errorf("field %s of a bad profile not refused: %v", f, he)
			}
		}
		p.ClockID, p.Programs = old.ID, []string{"aa", "smart"}
		ok(t, e.Store.SaveSponsorProfile(e.as(a), p, today))
		got, err := e.Store.SponsorProfile(e.as(a))
		ok(t, err)
		if got.ClockID != old.ID || !slices.Equal(got.Programs, []string{"aa", "smart"}) || !slices.Equal(got.Languages, []string{"en", "es"}) ||
			got.About != "Patient, one day at a time." || got.Capacity != 3 || got.Since != old.Start || got.Member.ID != a.ID || got.Paused {
			t.Errorf("profile read back %+v", got)
		}
		seeker := e.mustAccount()
		if n := len(e.find(seeker, hearth.SponsorQuery{Program: "aa"})); n != 1 {
			t.Fatalf("%d matches, want 1", n)
		}
		// Paused: never shown; resumed: shown again.
		ok(t, e.Store.PauseSponsoring(e.as(a), true))
		if n := len(e.find(seeker, hearth.SponsorQuery{Program: "aa"})); n != 0 {
			t.Errorf("a paused sponsor is shown")
		}
		ok(t, e.Store.PauseSponsoring(e.as(a), false))
		if n := len(e.find(seeker, hearth.SponsorQuery{Program: "aa"})); n != 1 {
			t.Errorf("a resumed sponsor is not shown")
		}
		// A setback on the count below the threshold hides them.
		ok(t, e.Store.RecordSetback(e.as(a), old.ID, &hearth.Setback{On: today.AddDays(-3)}, today))
		if n := len(e.find(seeker, hearth.SponsorQuery{Program: "aa"})); n != 0 {
			t.Errorf("a sponsor whose count restarted is still shown")
		}
		wantCode(t, e.Store.PauseSponsoring(e.as(seeker), true), hearth.ENOTFOUND)
	})

	t.Run("Matching", func(t *testing.T) {
		e := s.env(t)
		seeker := e.mustAccount(func(a *hearth.Account) { a.Language = "es"; a.TimeZone = "America/Chicago" })
		spanish := e.mustSponsor(4, "aa", func(p *hearth.SponsorProfile) { p.Languages = []string{"es", "en"} })
		english := e.mustSponsor(12, "aa")
		far := e.mustSponsor(2, "aa", func(p *hearth.SponsorProfile) { p.TimeZone = "Europe/Madrid"; p.Languages = []string{"es"} })
		affirming := e.mustSponsor(3, "aa", func(p *hearth.SponsorProfile) {
			p.Welcomes = []string{hearth.WelcomesLGBTQ, hearth.WelcomesMAT}
			p.Substances = []string{"opioids"}
			p.Gender = "woman"
			p.Ways = []string{hearth.WayInPerson}
		})
		na := e.mustSponsor(5, "na")
		young := e.mustAccount()
		k := e.mustClock(young, func(c *hearth.Clock) { c.Start = today.AddMonths(-13) })
		ok(t, e.Store.SaveSponsorProfile(e.as(young), &hearth.SponsorProfile{Programs: []string{"aa"}, ClockID: k.ID,
			Languages: []string{"en"}, TimeZone: "America/Chicago", Ways: []string{hearth.WayCalls}, Capacity: 1}, today))

		all := e.find(seeker, hearth.SponsorQuery{Program: "aa"})
		if ids := matchIDs(all); len(ids) != 5 || slices.Contains(ids, na.ID) || slices.Contains(ids, seeker.ID) {
			t.Fatalf("aa matches %v", ids)
		}
		// Spanish speaker near by first: speaks the seeker's language (25),
		// same zone (24), 4 years (8), 2 places (6).
		if all[0].Profile.AccountID != spanish.ID || all[0].Score != 25+24+8+6 {
			t.Errorf("first match %d (score %d), want the Spanish speaker", all[0].Profile.AccountID, all[0].Score)
		}
		m := all[0]
		for _, r := range []hearth.Reason{{Kind: hearth.ReasonLanguage, Value: "es"}, {Kind: hearth.ReasonZone, N: 0},
			{Kind: hearth.ReasonTime, Value: "2_5", N: 4}, {Kind: hearth.ReasonSpace, N: 2}} {
			if !hasReason(m, r) {
				t.Errorf("reasons %+v lack %+v", m.Reasons, r)
			}
		}
		if m.Profile.Member == nil || m.Profile.Member.DisplayName == "" || m.Profile.Member.Email != "" || m.TimeRange != "2_5" {
			t.Errorf("match profile %+v", m.Profile)
		}
		// Each filter keeps only who fits.
		for _, tc := range []struct {
			name string
			q    hearth.SponsorQuery
			want []int64
		}{
			{"language", hearth.SponsorQuery{Language: "es"}, []int64{spanish.ID, far.ID}},
			{"zone window", hearth.SponsorQuery{ZoneWindow: 2}, []int64{spanish.ID, english.ID, affirming.ID, young.ID}},
			{"language and zone", hearth.SponsorQuery{Language: "es", ZoneWindow: 3}, []int64{spanish.ID}},
			{"way", hearth.SponsorQuery{Ways: []string{hearth.WayInPerson}}, []int64{affirming.ID}},
			{"welcomes all of", hearth.SponsorQuery{Welcomes: []string{hearth.WelcomesLGBTQ, hearth.WelcomesMAT}}, []int64{affirming.ID}},
			{"welcomes, one missing", hearth.SponsorQuery{Welcomes: []string{hearth.WelcomesLGBTQ, hearth.WelcomesSecular}}, []int64{}},
			{"substance", hearth.SponsorQuery{Substances: []string{"opioids"}}, []int64{affirming.ID}},
			{"gender", hearth.SponsorQuery{Gender: "woman"}, []int64{affirming.ID}},
			{"shared, none yet", hearth.SponsorQuery{Shared: true}, []int64{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.q.Program = "aa"
				got := e.find(seeker, tc.q)
				if ids := matchIDs(got); !slices.Equal(ids, tc.want) {
					t.Errorf("matches %v, want %v", ids, tc.want)
				}
				for _, m := range got {
					for _, w := range tc.q.Welcomes {
						if !hasReason(m, hearth.Reason{Kind: hearth.ReasonWelcomes, Value: w}) {
							t.Errorf("reasons %+v do not say %s", m.Reasons, w)
						}
					}
					if tc.q.Gender != "" && !hasReason(m, hearth.Reason{Kind: hearth.ReasonGender, Value: tc.q.Gender}) {
						t.Errorf("reasons %+v do not say the gender", m.Reasons)
					}
				}
			})
		}
		// Sharing groups and meetings ranks a sponsor up and says so.
		g := e.mustGroup(english.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, seeker.ID, hearth.GroupMember))
		g2 := e.mustGroup(english.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g2.ID, seeker.ID, hearth.GroupMember))
		mt := e.mustMeeting(english, g.ID)
		ok(t, e.Store.FollowMeeting(e.as(english), mt.ID))
		ok(t, e.Store.FollowMeeting(e.as(seeker), mt.ID))
		got := e.find(seeker, hearth.SponsorQuery{Program: "aa", Shared: true})
		if ids := matchIDs(got); !slices.Equal(ids, []int64{english.ID}) {
			t.Fatalf("shared matches %v", ids)
		}
		if !hasReason(got[0], hearth.Reason{Kind: hearth.ReasonGroups, N: 2}) || !hasReason(got[0], hearth.Reason{Kind: hearth.ReasonMeetings, N: 1}) ||
			!hasReason(got[0], hearth.Reason{Kind: hearth.ReasonTime, Value: "10_plus", N: 12}) {
			t.Errorf("reasons %+v", got[0].Reasons)
		}
		if all := e.find(seeker, hearth.SponsorQuery{Program: "aa"}); all[0].Profile.AccountID != english.ID {
			t.Errorf("two groups and a meeting in common do not rank first: %v", matchIDs(all))
		}
		// Bad input.
		_, err := e.Store.FindSponsors(e.as(seeker), hearth.SponsorQuery{}, start)
		wantCode(t, err, hearth.EINVALID)
		_, err = e.Store.FindSponsors(e.as(seeker), hearth.SponsorQuery{Program: "aa", ZoneWindow: 99, Language: "zz"}, start)
		wantCode(t, err, hearth.EINVALID)
		_, err = e.Store.FindSponsors(e.ctx, hearth.SponsorQuery{Program: "aa"}, start)
		wantCode(t, err, hearth.EUNAUTHORIZED)
	})

	// An offer's time zone moves with daylight saving time: London is
	// four hours from Dubai in March and three from the end of the month,
	// once the offers' offsets are brought up to date.
	t.Run("DaylightSaving", func(t *testing.T) {
		e := s.env(t)
		london := e.mustSponsor(3, "aa", func(p *hearth.SponsorProfile) { p.TimeZone = "Europe/London" })
		seeker := e.mustAccount(func(a *hearth.Account) { a.TimeZone = "Asia/Dubai" })
		q := hearth.SponsorQuery{Program: "aa", ZoneWindow: 3}
		if got := e.find(seeker, q); len(got) != 0 {
			t.Fatalf("on %s London is within 3 hours of Dubai: %v", e.clock.Now().Format(time.DateOnly), matchIDs(got))
		}
		if n, err := e.Store.RefreshSponsorOffsets(e.ctx, e.clock.Now()); err != nil || n != 0 {
			t.Errorf("offsets refreshed before any change: %d, %v", n, err)
		}
		e.clock.Advance(40 * 24 * time.Hour) // mid-April: British Summer Time
		n, err := e.Store.RefreshSponsorOffsets(e.ctx, e.clock.Now())
		if err != nil || n != 1 {
			t.Fatalf("offsets refreshed in April: %d, %v; want 1", n, err)
		}
		got := e.find(seeker, q)
		if ids := matchIDs(got); !slices.Equal(ids, []int64{london.ID}) || got[0].ZoneHours != 3 {
			t.Fatalf("in April, within 3 hours of Dubai: %v; want London, 3 hours apart", ids)
		}
	})

	t.Run("Relationship", func(t *testing.T) {
		e := s.env(t)
		sponsor := e.mustSponsor(6, "aa", func(p *hearth.SponsorProfile) { p.Capacity = 1 })
		second := e.mustSponsor(3, "aa")
		seeker, other := e.mustAccount(), e.mustAccount()

		_, err := e.Store.RequestSponsor(e.as(seeker), seeker.ID, "aa", "")
		wantCode(t, err, hearth.ENOTFOUND)
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsor.ID, "na", "")
		wantCode(t, err, hearth.ENOTFOUND) // not offered in that program
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsor.ID, "aa", string(make([]rune, 501)))
		wantCode(t, err, hearth.EINVALID)
		req, err := e.Store.RequestSponsor(e.as(seeker), sponsor.ID, "aa", "Hi, I am new and would be grateful.")
		ok(t, err)
		if req.Status != hearth.SponsorRequested || req.Sponsor.ID != sponsor.ID || req.Sponsee.ID != seeker.ID || req.ImSponsor {
			t.Errorf("request %+v", req)
		}
		// Nothing sent twice.
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsor.ID, "aa", "again")
		if hearth.ErrorMessage(err) != "error.sponsor.already_asked" {
			t.Errorf("a second request: %v", err)
		}
		// The sponsor was told, without the message.
		notes, err := e.Store.Notifications(e.as(sponsor), 0, 10)
		ok(t, err)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifySponsorRequest || notes[0].Subject != req.ID {
			t.Errorf("sponsor's notifications %+v", notes)
		}
		req2, err := e.Store.RequestSponsor(e.as(seeker), second.ID, "aa", "")
		ok(t, err)
		// The sponsor sees the message; nobody else sees the request.
		got, err := e.Store.Sponsorship(e.as(sponsor), req.ID)
		ok(t, err)
		if got.Message != "Hi, I am new and would be grateful." || !got.ImSponsor {
			t.Errorf("the sponsor reads %+v", got)
		}
		_, err = e.Store.Sponsorship(e.as(other), req.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.AnswerSponsorRequest(e.as(seeker), req.ID, true, ""), hearth.ENOTFOUND)

		ok(t, e.Store.AnswerSponsorRequest(e.as(sponsor), req.ID, true, ""))
		// The other request is answered for the seeker: they have a sponsor.
		got, err = e.Store.Sponsorship(e.as(second), req2.ID)
		ok(t, err)
		if got.Status != hearth.SponsorWithdrawn {
			t.Errorf("the seeker's other request is %s", got.Status)
		}
		if ok, err := e.Store.IsSponsorOf(e.ctx, sponsor.ID, seeker.ID); err != nil || !ok {
			t.Errorf("IsSponsorOf = %v, %v", ok, err)
		}
		if ok, _ := e.Store.IsSponsorOf(e.ctx, seeker.ID, sponsor.ID); ok {
			t.Errorf("IsSponsorOf the wrong way round")
		}
		// Full now: not shown, and a request is kindly refused.
		if ids := matchIDs(e.find(other, hearth.SponsorQuery{Program: "aa"})); slices.Contains(ids, sponsor.ID) {
			t.Errorf("a full sponsor is shown")
		}
		_, err = e.Store.RequestSponsor(e.as(other), sponsor.ID, "aa", "")
		if hearth.ErrorMessage(err) != "error.sponsor.full" {
			t.Errorf("asking a full sponsor: %v", err)
		}
		// One sponsor per program.
		_, err = e.Store.RequestSponsor(e.as(seeker), second.ID, "aa", "")
		if hearth.ErrorMessage(err) != "error.sponsor.have_one" {
			t.Errorf("a second sponsor for aa: %v", err)
		}
		// Paused: refused kindly.
		ok(t, e.Store.PauseSponsoring(e.as(second), true))
		_, err = e.Store.RequestSponsor(e.as(other), second.ID, "aa", "")
		if hearth.ErrorMessage(err) != "error.sponsor.paused" {
			t.Errorf("asking a paused sponsor: %v", err)
		}
		ok(t, e.Store.PauseSponsoring(e.as(second), false))

		// Cadence and check-ins.
		wantCode(t, e.Store.SetCadence(e.as(seeker), req.ID, hearth.Cadence{Every: 0, Way: "call"}), hearth.EINVALID)
		wantCode(t, e.Store.SetCadence(e.as(other), req.ID, hearth.Cadence{Every: 7, Way: "call"}), hearth.ENOTFOUND)
		ok(t, e.Store.SetCadence(e.as(seeker), req.ID, hearth.Cadence{Every: 7, Way: "call"}))
		sToday := hearth.Today(start, hearth.LoadZone(sponsor.TimeZone))
		got, err = e.Store.Sponsorship(e.as(sponsor), req.ID)
		ok(t, err)
		if got.Cadence != (hearth.Cadence{Every: 7, Way: "call"}) || got.NextDue != hearth.DateOf(start).AddDays(7) {
			t.Errorf("after agreeing: %+v", got)
		}
		wantCode(t, e.Store.LogSponsorCheckIn(e.as(sponsor), req.ID, sToday.AddDays(1), "", sToday), hearth.EINVALID)
		wantCode(t, e.Store.LogSponsorCheckIn(e.as(sponsor), req.ID, sToday.AddDays(-31), "", sToday), hearth.EINVALID)
		wantCode(t, e.Store.LogSponsorCheckIn(e.as(other), req.ID, sToday, "", sToday), hearth.ENOTFOUND)
		ok(t, e.Store.LogSponsorCheckIn(e.as(sponsor), req.ID, sToday, "", sToday))
		ok(t, e.Store.LogSponsorCheckIn(e.as(seeker), req.ID, sToday, "call", sToday)) // the same day: one check-in
		got, err = e.Store.Sponsorship(e.as(seeker), req.ID)
		ok(t, err)
		if len(got.CheckIns) != 1 || got.CheckIns[0].LoggedBy != sponsor.ID || got.CheckIns[0].Way != "call" ||
			got.LastCheckIn != sToday || got.NextDue != sToday.AddDays(7) {
			t.Errorf("after a check-in: %+v, %+v", got, got.CheckIns)
		}
		// A week on, the next is due: both are told once.
		e.clock.Advance(8 * 24 * time.Hour)
		n, err := e.Store.NotifyDueCheckIns(e.ctx, e.clock.Now())
		ok(t, err)
		if n != 1 {
			t.Errorf("NotifyDueCheckIns told of %d", n)
		}
		if n, _ := e.Store.NotifyDueCheckIns(e.ctx, e.clock.Now()); n != 0 {
			t.Errorf("told twice of the same due check-in")
		}
		for _, a := range []*hearth.Account{sponsor, seeker} {
			notes, _ := e.Store.Notifications(e.as(a), 0, 10)
			if len(notes) == 0 || notes[0].Kind != hearth.NotifySponsorDue {
				t.Errorf("%d was not told a check-in is due: %+v", a.ID, notes)
			}
		}
		list, err := e.Store.Sponsorships(e.as(sponsor), e.clock.Now())
		ok(t, err)
		if len(list) != 1 || !list[0].Overdue(hearth.Today(e.clock.Now(), time.UTC)) || list[0].Sponsee.ID != seeker.ID {
			t.Errorf("the sponsor's dashboard: %+v", list)
		}

		// Ending, with thanks: history stays for both.
		wantCode(t, e.Store.EndSponsorship(e.as(other), req.ID, ""), hearth.ENOTFOUND)
		ok(t, e.Store.EndSponsorship(e.as(seeker), req.ID, "Thank you for everything."))
		for _, a := range []*hearth.Account{sponsor, seeker} {
			got, err := e.Store.Sponsorship(e.as(a), req.ID)
			ok(t, err)
			if got.Status != hearth.SponsorEnded || got.Thanks != "Thank you for everything." || got.EndedBy != seeker.ID || len(got.CheckIns) != 1 {
				t.Errorf("ended, as %d: %+v", a.ID, got)
			}
		}
		if ok, _ := e.Store.IsSponsorOf(e.ctx, sponsor.ID, seeker.ID); ok {
			t.Errorf("IsSponsorOf after the end")
		}
		wantCode(t, e.Store.LogSponsorCheckIn(e.as(sponsor), req.ID, sToday, "", sToday), hearth.ENOTFOUND)
		// A place is free again.
		if ids := matchIDs(e.find(other, hearth.SponsorQuery{Program: "aa"})); !slices.Contains(ids, sponsor.ID) {
			t.Errorf("the sponsor with a free place is not shown")
		}
	})

	t.Run("DeclineAndFlood", func(t *testing.T) {
		e := s.env(t)
		seeker := e.mustAccount()
		var sponsors []*hearth.Account
		for range 5 {
			sponsors = append(sponsors, e.mustSponsor(2, "aa"))
		}
		r, err := e.Store.RequestSponsor(e.as(seeker), sponsors[0].ID, "aa", "")
		ok(t, err)
		ok(t, e.Store.AnswerSponsorRequest(e.as(sponsors[0]), r.ID, false, "better_fit"))
		got, err := e.Store.Sponsorship(e.as(seeker), r.ID)
		ok(t, err)
		if got.Status != hearth.SponsorDeclined || got.DeclineReason != "better_fit" {
			t.Errorf("declined: %+v", got)
		}
		notes, _ := e.Store.Notifications(e.as(seeker), 0, 10)
		if len(notes) != 1 || notes[0].Kind != hearth.NotifySponsorAnswer {
			t.Errorf("the seeker was not told of the answer: %+v", notes)
		}
		// Declined recently: not shown, not asked again.
		if ids := matchIDs(e.find(seeker, hearth.SponsorQuery{Program: "aa"})); slices.Contains(ids, sponsors[0].ID) || len(ids) != 4 {
			t.Errorf("matches after a decline %v", ids)
		}
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsors[0].ID, "aa", "")
		if hearth.ErrorMessage(err) != "error.sponsor.declined_recently" {
			t.Errorf("asking again after a decline: %v", err)
		}
		// A flood: three open requests at most; each refused kindly after.
		for i := 1; i <= hearth.SponsorPendingMax; i++ {
			_, err := e.Store.RequestSponsor(e.as(seeker), sponsors[i].ID, "aa", "")
			ok(t, err)
		}
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsors[4].ID, "aa", "")
		if hearth.ErrorMessage(err) != "error.sponsor.too_many_requests" {
			t.Errorf("a fourth open request: %v", err)
		}
		// Withdrawing one makes room; a sponsor cannot withdraw it for them.
		wantCode(t, e.Store.EndSponsorship(e.as(sponsors[1]), 0, ""), hearth.ENOTFOUND)
		list, err := e.Store.Sponsorships(e.as(seeker), start)
		ok(t, err)
		var open int64
		for _, sp := range list {
			if sp.Status == hearth.SponsorRequested {
				open = sp.ID
			}
		}
		ok(t, e.Store.EndSponsorship(e.as(seeker), open, ""))
		_, err = e.Store.RequestSponsor(e.as(seeker), sponsors[4].ID, "aa", "")
		ok(t, err)
		// Ninety days on, the one who declined is shown again.
		e.clock.Advance(91 * 24 * time.Hour)
		if ids := matchIDs(e.find(e.mustAccount(), hearth.SponsorQuery{Program: "aa"})); len(ids) != 5 {
			t.Errorf("another seeker sees %v", ids)
		}
	})

	// Who may do what to a sponsorship: only its two members act on it;
	// everyone else finds nothing there.
	t.Run("Authorization", func(t *testing.T) {
		e := s.env(t)
		sponsor := e.mustSponsor(5, "aa", func(p *hearth.SponsorProfile) { p.Capacity = 3 })
		sponsee, exSponsee, seeker := e.mustAccount(), e.mustAccount(), e.mustAccount()
		partner, unrelated, servant, admin := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		ok(t, e.Store.SetRole(e.ctx, admin.Handle, hearth.RoleAdmin))
		g := e.mustGroup(servant.ID)
		for _, a := range []*hearth.Account{sponsor, sponsee} {
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, a.ID, hearth.GroupMember))
		}
		p, err := e.Store.InvitePartner(e.as(sponsee), partner.Handle)
		ok(t, err)
		ok(t, e.Store.AnswerInvitation(e.as(partner), p.ID, true))
		active := func() int64 {
			r, err := e.Store.RequestSponsor(e.as(sponsee), sponsor.ID, "aa", "hello")
			ok(t, err)
			ok(t, e.Store.AnswerSponsorRequest(e.as(sponsor), r.ID, true, ""))
			return r.ID
		}
		ex, err := e.Store.RequestSponsor(e.as(exSponsee), sponsor.ID, "aa", "")
		ok(t, err)
		ok(t, e.Store.AnswerSponsorRequest(e.as(sponsor), ex.ID, true, ""))
		ok(t, e.Store.EndSponsorship(e.as(exSponsee), ex.ID, ""))
		id := active()
		pending, err := e.Store.RequestSponsor(e.as(seeker), sponsor.ID, "aa", "")
		ok(t, err)

		d := hearth.Today(start, hearth.LoadZone(sponsor.TimeZone))
		actions := map[string]func(ctx context.Context) error{
			"read": func(ctx context.Context) error { _, err := e.Store.Sponsorship(ctx, id); return err },
			"cadence": func(ctx context.Context) error {
				return e.Store.SetCadence(ctx, id, hearth.Cadence{Every: 7, Way: "call"})
			},
			"check-in": func(ctx context.Context) error { return e.Store.LogSponsorCheckIn(ctx, id, d, "", d) },
			"answer": func(ctx context.Context) error {
				return e.Store.AnswerSponsorRequest(ctx, pending.ID, false, "not_now")
			},
		}
		type want map[string]string
		for _, tc := range []struct {
			role string
			ctx  context.Context
			want want
		}{
			{"sponsor", e.as(sponsor), want{"read": "", "cadence": "", "check-in": "", "answer": ""}},
			{"sponsee", e.as(sponsee), want{"read": "", "cadence": "", "check-in": "", "answer": hearth.ENOTFOUND}},
			{"seeker", e.as(seeker), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"ex-sponsee", e.as(exSponsee), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"partner", e.as(partner), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"unrelated", e.as(unrelated), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"trusted servant", e.as(servant), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"admin", e.as(admin), want{"read": hearth.ENOTFOUND, "cadence": hearth.ENOTFOUND, "check-in": hearth.ENOTFOUND, "answer": hearth.ENOTFOUND}},
			{"anonymous", e.ctx, want{"read": hearth.EUNAUTHORIZED, "cadence": hearth.EUNAUTHORIZED, "check-in": hearth.EUNAUTHORIZED, "answer": hearth.EUNAUTHORIZED}},
		} {
			for _, name := range []string{"read", "cadence", "check-in", "answer"} {
				t.Run(tc.role+"/"+name, func(t *testing.T) {
					if got := hearth.ErrorCode(actions[name](tc.ctx)); got != tc.want[name] {
						t.Errorf("%s %s: %q, want %q", tc.role, name, got, tc.want[name])
					}
				})
			}
		}
		// Ending, last: only its two members.
		for _, a := range []*hearth.Account{exSponsee, partner, unrelated, servant, admin, seeker} {
			wantCode(t, e.Store.EndSponsorship(e.as(a), id, ""), hearth.ENOTFOUND)
		}
		wantCode(t, e.Store.EndSponsorship(e.ctx, id, ""), hearth.EUNAUTHORIZED)
		ok(t, e.Store.EndSponsorship(e.as(sponsor), id, ""))
	})

	// An erased member leaves a "former member" in the other's history,
	// and nothing they wrote.
	t.Run("Erase", func(t *testing.T) {
		e := s.env(t)
		sponsor := e.mustSponsor(5, "aa", func(p *hearth.SponsorProfile) { p.Capacity = 1 })
		sponsee := e.mustAccount()
		r, err := e.Store.RequestSponsor(e.as(sponsee), sponsor.ID, "aa", "my words")
		ok(t, err)
		ok(t, e.Store.AnswerSponsorRequest(e.as(sponsor), r.ID, true, ""))
		var ex hearth.Export
		ok(t, e.Store.ExportSponsorships(e.as(sponsee), &ex))
		if len(ex.Sponsorships) != 1 || ex.Sponsorships[0].Role != "sponsee" || ex.Sponsorships[0].Message != "my words" ||
			ex.Sponsorships[0].Other != sponsor.DisplayName || ex.SponsorProfile != nil {
			t.Errorf("the sponsee's export %+v", ex.Sponsorships)
		}
		// The request's words are the sponsee's: never in the sponsor's
		// export.
		ok(t, e.Store.ExportSponsorships(e.as(sponsor), &ex))
		if len(ex.Sponsorships) != 1 || ex.Sponsorships[0].Role != "sponsor" || ex.Sponsorships[0].Message != "" {
			t.Errorf("the sponsor's export %+v", ex.Sponsorships)
		}
		ok(t, e.Store.DeleteAccount(e.ctx, sponsee.ID))
		got, err := e.Store.Sponsorship(e.as(sponsor), r.ID)
		ok(t, err)
		if got.Status != hearth.SponsorEnded || got.Sponsee != nil || got.Message != "" {
			t.Errorf("after the sponsee was erased: %+v", got)
		}
		ex = hearth.Export{}
		ok(t, e.Store.ExportSponsorships(e.as(sponsor), &ex))
		if len(ex.Sponsorships) != 1 || ex.Sponsorships[0].Other != hearth.FormerMember || ex.SponsorProfile == nil {
			t.Errorf("the sponsor's export %+v", ex)
		}
		// Their place is free again.
		if ids := matchIDs(e.find(e.mustAccount(), hearth.SponsorQuery{Program: "aa"})); !slices.Equal(ids, []int64{sponsor.ID}) {
			t.Errorf("matches after the erasure %v", ids)
		}
		ok(t, e.Store.DeleteAccount(e.ctx, sponsor.ID))
		if ids := matchIDs(e.find(e.mustAccount(), hearth.SponsorQuery{Program: "aa"})); len(ids) != 0 {
			t.Errorf("an erased sponsor is shown")
		}
	})
}
