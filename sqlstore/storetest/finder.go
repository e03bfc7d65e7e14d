package storetest

import (
	"math"
	"slices"
	"testing"
	"time"

	"hearth"
)

func (s suite) finder(t *testing.T) {
	e := s.env(t)
	// The clock is Wednesday 2026-03-04 15:16 UTC: 09:16 in Chicago,
	// 16:16 in Madrid, already Thursday 00:16 in Tokyo.
	now := e.clock.Now()
	chicago, madrid, tokyo := hearth.LoadZone("America/Chicago"), hearth.LoadZone("Europe/Madrid"), hearth.LoadZone("Asia/Tokyo")
	downtown := &hearth.LatLon{Lat: 41.8781, Lon: -87.6298}

	owner := e.mustAccount()
	aa := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name, g.Program, g.Languages = "Downtown Group", "aa", []string{"en"} })
	renacer := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name, g.Program, g.Languages = "Grupo Renacer", "na", []string{"es"} })
	hidden := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })

	wed, thu := []time.Weekday{time.Wednesday}, []time.Weekday{time.Thursday}
	for _, m := range []struct {
		slug       string
		group      int64
		days       []time.Weekday
		start, end string
		zone       string
		point      *hearth.LatLon
		types      []string
		online     bool
		inactive   bool
		notes      string
	}{
		{"chi-now", aa.ID, wed, "09:00", "10:00", "America/Chicago", downtown, []string{"O", "D"}, false, false, ""},
		{"chi-soon", aa.ID, wed, "10:00", "11:00", "America/Chicago", &hearth.LatLon{Lat: 41.90, Lon: -87.65}, []string{"O"}, false, false, ""},
		{"evanston", aa.ID, wed, "12:00", "13:00", "America/Chicago", &hearth.LatLon{Lat: 42.0451, Lon: -87.6877}, []string{"O", "D", "S"}, false, false, "Café y galletas."},
		{"chi-tonight", aa.ID, wed, "19:00", "20:00", "America/Chicago", &hearth.LatLon{Lat: 41.85, Lon: -87.65}, []string{"O", "D"}, true, false, ""},
		{"milwaukee", aa.ID, wed, "19:00", "20:00", "America/Chicago", &hearth.LatLon{Lat: 43.0389, Lon: -87.9065}, []string{"O", "D"}, false, false, ""},
		{"chi-thursday", aa.ID, thu, "19:00", "20:00", "America/Chicago", &hearth.LatLon{Lat: 41.88, Lon: -87.62}, []string{"O", "D"}, false, false, ""},
		{"chi-morning", aa.ID, wed, "07:00", "08:00", "America/Chicago", &hearth.LatLon{Lat: 41.87, Lon: -87.63}, []string{"O", "D"}, false, false, ""},
		{"madrid-online", renacer.ID, wed, "23:00", "00:00", "Europe/Madrid", nil, []string{"D"}, true, false, ""},
		{"tokyo", aa.ID, thu, "08:00", "09:00", "Asia/Tokyo", &hearth.LatLon{Lat: 35.6762, Lon: 139.6503}, []string{"O", "D", "EN"}, false, false, ""},
		{"renacer-en", renacer.ID, []time.Weekday{time.Monday}, "20:00", "21:00", "America/Chicago", &hearth.LatLon{Lat: 41.85, Lon: -87.70}, []string{"EN"}, false, false, ""},
		{"hidden", hidden.ID, wed, "19:00", "20:00", "America/Chicago", downtown, []string{"O", "D"}, false, false, ""},
		{"resting", aa.ID, wed, "19:00", "20:00", "America/Chicago", downtown, []string{"O", "D"}, false, true, ""},
		{"fiji", aa.ID, []time.Weekday{time.Saturday}, "10:00", "11:00", "Pacific/Fiji", &hearth.LatLon{Lat: -17.7134, Lon: 179.999}, []string{"O"}, false, false, ""},
	} {
		e.mustMeeting(owner, m.group, func(x *hearth.Meeting) {
			x.Slug, x.Name, x.Days, x.Start, x.End, x.TimeZone = m.slug, "Meeting "+m.slug, m.days, m.start, m.end, m.zone
			x.Point, x.Types, x.Inactive, x.Notes, x.Regions = m.point, m.types, m.inactive, m.notes, nil
			x.ConferenceURL, x.ConferencePhone = "", ""
			if m.online {
				x.ConferenceURL = "https://meet.example.org/" + m.slug
			}
			if m.point == nil {
				x.Venue, x.Address, x.City = "", "", ""
			}
		})
	}

	near := func(f hearth.MeetingFilter) hearth.MeetingFilter {
		f.Near = downtown
		return f
	}
	today := []time.Weekday{time.Wednesday}
	for _, tc := range []struct {
		name   string
		filter hearth.MeetingFilter
		want   []string
	}{
		{"Near", near(hearth.MeetingFilter{RadiusKm: 25}),
			[]string{"chi-now", "chi-soon", "evanston", "chi-tonight", "chi-thursday", "renacer-en", "chi-morning"}},
		{"NearDefaultRadius", near(hearth.MeetingFilter{}),
			[]string{"chi-now", "chi-soon", "evanston", "chi-tonight", "chi-thursday", "renacer-en", "chi-morning"}},
		{"NearSmallRadius", near(hearth.MeetingFilter{RadiusKm: 5}),
			[]string{"chi-now", "chi-soon", "chi-tonight", "chi-thursday", "chi-morning"}},
		{"NearToday", near(hearth.MeetingFilter{RadiusKm: 25, Days: today}),
			[]string{"chi-now", "chi-soon", "evanston", "chi-tonight"}},
		{"NearTodayTwoTypes", near(hearth.MeetingFilter{RadiusKm: 25, Days: today, Types: []string{"O", "D"}}),
			[]string{"chi-now", "evanston", "chi-tonight"}},
		{"NearByDistance", near(hearth.MeetingFilter{RadiusKm: 25, Days: today, Sort: hearth.SortByDistance}),
			[]string{"chi-now", "chi-soon", "chi-tonight", "evanston"}},
		{"Soon", hearth.MeetingFilter{Soon: true}, []string{"chi-now", "chi-soon"}},
		{"SoonToday", hearth.MeetingFilter{Soon: true, Days: today, Types: []string{"D"}}, []string{"chi-now"}},
		{"TheViewersDayNotTheMeetings", hearth.MeetingFilter{Days: today, Types: []string{"EN"}}, []string{"tokyo"}},
		{"TheViewersDayInTokyo", hearth.MeetingFilter{Days: today, Types: []string{"EN"}, Zone: tokyo}, nil},
		{"TheViewersThursdayInTokyo", hearth.MeetingFilter{Days: []time.Weekday{time.Thursday}, Types: []string{"EN"}, Zone: tokyo}, []string{"tokyo"}},
		{"EveningInChicago", hearth.MeetingFilter{Window: hearth.Evening, Types: []string{"D"}},
			[]string{"madrid-online", "tokyo", "chi-tonight", "milwaukee", "chi-thursday"}},
		{"EveningInMadrid", hearth.MeetingFilter{Window: hearth.Evening, Types: []string{"D"}, Zone: madrid},
			[]string{"chi-now", "evanston"}},
		{"NightInMadrid", hearth.MeetingFilter{Window: hearth.Night, Days: today, Types: []string{"D"}, Zone: madrid},
			[]string{"madrid-online"}},
		{"LanguageByType", hearth.MeetingFilter{Language: "S"}, []string{"evanston", "madrid-online"}},
		{"LanguageByTag", hearth.MeetingFilter{Language: "es"}, []string{"evanston", "madrid-online"}},
		{"LanguageByRegionalTag", hearth.MeetingFilter{Language: "es-MX"}, []string{"evanston", "madrid-online"}},
		{"LanguageEnglish", hearth.MeetingFilter{Language: "EN", Days: today, Zone: chicago},
			[]string{"chi-now", "chi-soon", "tokyo", "chi-tonight", "milwaukee"}},
		{"Program", hearth.MeetingFilter{Program: "na"}, []string{"madrid-online", "renacer-en"}},
		{"Online", hearth.MeetingFilter{Attendance: hearth.Online}, []string{"madrid-online", "chi-tonight"}},
		{"Hybrid", hearth.MeetingFilter{Attendance: hearth.Hybrid}, []string{"chi-tonight"}},
		{"OnlineNearIsOnlineFromAnywhere", near(hearth.MeetingFilter{Attendance: hearth.Online}), []string{"madrid-online", "chi-tonight"}},
		{"OnlineNearByDistance", near(hearth.MeetingFilter{Attendance: hearth.Online, Sort: hearth.SortByDistance}), []string{"chi-tonight", "madrid-online"}},
		{"HybridNearIsPlaced", near(hearth.MeetingFilter{Attendance: hearth.Hybrid}), []string{"chi-tonight"}},
		{"InPersonNearToday", near(hearth.MeetingFilter{Attendance: hearth.InPerson, Days: today}),
			[]string{"chi-now", "chi-soon", "evanston", "chi-tonight"}},
		{"QueryGroupName", hearth.MeetingFilter{Query: "renacer"}, []string{"madrid-online", "renacer-en"}},
		{"QueryNotesWithoutAccents", hearth.MeetingFilter{Query: "CAFE"}, []string{"evanston"}},
		{"QueryEveryWordsBeginning", hearth.MeetingFilter{Query: "Meeting THURS"}, []string{"chi-thursday"}},
		{"QueryNothing", hearth.MeetingFilter{Query: "nowhere"}, nil},
		{"Group", hearth.MeetingFilter{GroupID: renacer.ID}, []string{"madrid-online", "renacer-en"}},
		{"AcrossTheAntimeridian", hearth.MeetingFilter{Near: &hearth.LatLon{Lat: -17.7134, Lon: -179.999}, RadiusKm: 10}, []string{"fiji"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.filter
			f.Now = now
			if f.Zone == nil {
				f.Zone = chicago
			}
			f.Limit = 100
			list, total, err := e.Store.FindMeetings(e.ctx, f)
			ok(t, err)
			var got []string
			for _, r := range list {
				got = append(got, r.Meeting.Slug)
				if _, ok := r.Meeting.Next(now); !ok || r.Next.End.Before(now) {
					t.Errorf("%s: next %v is over", r.Meeting.Slug, r.Next)
				}
				if (f.Near != nil && r.Meeting.Point != nil) != (r.DistanceKm != nil) {
					t.Errorf("%s at %v: distance %v with point %v", r.Meeting.Slug, r.Meeting.Point, r.DistanceKm, f.Near)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("found %q, want %q", got, tc.want)
			}
			if total != len(tc.want) {
				t.Errorf("total %d, want %d", total, len(tc.want))
			}
		})
	}

	t.Run("Results", func(t *testing.T) {
		list, _, err := e.Store.FindMeetings(e.ctx, hearth.MeetingFilter{Near: downtown, RadiusKm: 25, Days: today, Now: now, Zone: chicago})
		ok(t, err)
		if len(list) != 4 {
			t.Fatalf("%d results", len(list))
		}
		first := list[0]
		if !first.Next.InProgress(now) || first.Next.Start.In(chicago).Format("Mon 15:04") != "Wed 09:00" {
			t.Errorf("chi-now next %v, want today's, in progress", first.Next)
		}
		if *first.DistanceKm > 0.001 {
			t.Errorf("chi-now is %v km from its own point", *first.DistanceKm)
		}
		evanston := list[2]
		if d := *evanston.DistanceKm; math.Abs(d-19) > 1 {
			t.Errorf("Evanston is %.1f km away, want about 19", d)
		}
		m := evanston.Meeting
		if m.Group == nil || m.Group.Name != "Downtown Group" || !slices.Equal(m.Types, []string{"O", "D", "S"}) || m.Notes != "Café y galletas." {
			t.Errorf("result not read in full: %+v", m)
		}
		if !slices.Equal(m.Group.Languages, []string{"en"}) || !slices.Equal(m.Group.Tags, []string{"lgbtq", "women"}) {
			t.Errorf("group's lists %q and %q, want [en] and [lgbtq women]", m.Group.Languages, m.Group.Tags)
		}
	})

	t.Run("Pages", func(t *testing.T) {
		var all []string
		for offset := 0; ; offset += 3 {
			list, total, err := e.Store.FindMeetings(e.ctx, hearth.MeetingFilter{Near: downtown, Now: now, Zone: chicago, Limit: 3, Offset: offset})
			ok(t, err)
			if total != 7 {
				t.Fatalf("total %d, want 7", total)
			}
			if len(list) == 0 {
				break
			}
			for _, r := range list {
				all = append(all, r.Meeting.Slug)
			}
		}
		if want := []string{"chi-now", "chi-soon", "evanston", "chi-tonight", "chi-thursday", "renacer-en", "chi-morning"}; !slices.Equal(all, want) {
			t.Errorf("pages hold %q, want %q", all, want)
		}
	})

	t.Run("FollowsItsGroup", func(t *testing.T) {
		// The finder sees a group's visibility and program as they change.
		find := func(f hearth.MeetingFilter) int {
			f.GroupID, f.Now, f.Zone = renacer.ID, now, chicago
			_, n, err := e.Store.FindMeetings(e.ctx, f)
			ok(t, err)
			return n
		}
		g := *renacer
		g.Visibility, g.Program = hearth.GroupUnlisted, "aa"
		ok(t, e.Store.UpdateGroup(e.as(owner), &g))
		if n := find(hearth.MeetingFilter{}); n != 0 {
			t.Errorf("%d meetings of an unlisted group found", n)
		}
		g.Visibility = hearth.GroupListed
		ok(t, e.Store.UpdateGroup(e.as(owner), &g))
		if n, na := find(hearth.MeetingFilter{Program: "aa"}), find(hearth.MeetingFilter{Program: "na"}); n != 2 || na != 0 {
			t.Errorf("after the program changed: %d found as AA, %d as NA", n, na)
		}
		g.Program = "na"
		ok(t, e.Store.UpdateGroup(e.as(owner), &g))
	})

	t.Run("LanguagesFollowGroupAndTypes", func(t *testing.T) {
		// The finder keeps each meeting's languages (its types', else
		// its group's) beside its row; changing either changes what is
		// found, with a place and without.
		nuevo := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name, g.Program, g.Languages = "Grupo Nuevo", "aa", []string{"es"} })
		online := e.mustMeeting(owner, nuevo.ID, func(x *hearth.Meeting) {
			x.Slug, x.Days, x.Start, x.End, x.TimeZone, x.Types = "nuevo-online", wed, "19:00", "20:00", "America/Chicago", []string{"D"}
			x.Point, x.Venue, x.Address, x.City, x.Regions = nil, "", "", "", nil
			x.ConferenceURL, x.ConferencePhone = "https://meet.example.org/nuevo", ""
		})
		french := e.mustMeeting(owner, nuevo.ID, func(x *hearth.Meeting) {
			x.Slug, x.Days, x.Start, x.End, x.TimeZone, x.Types = "nuevo-fr", wed, "18:00", "19:00", "America/Chicago", []string{"O", "FR"}
			x.Point, x.Regions = &hearth.LatLon{Lat: 41.88, Lon: -87.64}, nil
			x.ConferenceURL, x.ConferencePhone = "", ""
		})
		find := func(f hearth.MeetingFilter) []string {
			t.Helper()
			f.GroupID, f.Now, f.Zone, f.Limit = nuevo.ID, now, chicago, 100
			list, _, err := e.Store.FindMeetings(e.ctx, f)
			ok(t, err)
			var got []string
			for _, r := range list {
				got = append(got, r.Meeting.Slug)
			}
			return got
		}
		check := func(step string, f hearth.MeetingFilter, want ...string) {
			t.Helper()
			if got := find(f); !slices.Equal(got, want) {
				t.Errorf("%s: %+v found %q, want %q", step, f, got, want)
			}
		}
		spanishOnlineToday := hearth.MeetingFilter{Language: "es", Attendance: hearth.Online, Days: today}
		check("at first", spanishOnlineToday, "nuevo-online")
		check("at first", hearth.MeetingFilter{Language: "fr"}, "nuevo-fr")
		check("at first", near(hearth.MeetingFilter{Language: "es", Attendance: hearth.Online}), "nuevo-online")

		g := *nuevo
		g.Languages = []string{"fr-CA"}
		ok(t, e.Store.UpdateGroup(e.as(owner), &g))
		check("group now French", spanishOnlineToday)
		check("group now French", hearth.MeetingFilter{Language: "es"})
		check("group now French", hearth.MeetingFilter{Language: "fr", Attendance: hearth.Online, Days: today}, "nuevo-online")
		check("group now French", hearth.MeetingFilter{Language: "FR"}, "nuevo-fr", "nuevo-online")
		check("group now French", near(hearth.MeetingFilter{Language: "fr-FR"}), "nuevo-fr")

		g.Languages = nil
		ok(t, e.Store.UpdateGroup(e.as(owner), &g))
		check("group without languages", hearth.MeetingFilter{Language: "fr"}, "nuevo-fr")

		online.Types = []string{"D", "S"}
		ok(t, e.Store.UpdateMeeting(e.as(owner), online))
		check("meeting typed Spanish", spanishOnlineToday, "nuevo-online")
		online.Days = thu
		ok(t, e.Store.UpdateMeeting(e.as(owner), online))
		check("meeting moved to Thursday", spanishOnlineToday)
		check("meeting moved to Thursday", hearth.MeetingFilter{Language: "es", Attendance: hearth.Online, Days: thu}, "nuevo-online")
		online.ConferenceURL = ""
		online.Point = &hearth.LatLon{Lat: 41.88, Lon: -87.64}
		online.Venue, online.Address, online.City = "Hall", "1 Main St", "Chicago"
		ok(t, e.Store.UpdateMeeting(e.as(owner), online))
		check("meeting now in person", hearth.MeetingFilter{Language: "es", Attendance: hearth.Online})
		check("meeting now in person", hearth.MeetingFilter{Language: "es", Attendance: hearth.InPerson}, "nuevo-online")

		// The database's table of language types is Go's.
		online.Types = []string{"D"}
		ok(t, e.Store.UpdateMeeting(e.as(owner), online))
		for _, code := range hearth.LanguageTypes() {
			french.Types = []string{"O", code}
			ok(t, e.Store.UpdateMeeting(e.as(owner), french))
			check("typed "+code, hearth.MeetingFilter{Language: hearth.TypeLanguage(code)}, "nuevo-fr")
			check("typed "+code, hearth.MeetingFilter{Language: code, Attendance: hearth.InPerson, Days: today}, "nuevo-fr")
		}
	})

	t.Run("DefaultsToTheStoresClockAndUTC", func(t *testing.T) {
		list, _, err := e.Store.FindMeetings(e.ctx, hearth.MeetingFilter{Soon: true})
		ok(t, err)
		if len(list) != 2 {
			t.Errorf("%d meetings soon by the store's clock, want 2", len(list))
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			filter hearth.MeetingFilter
			field  string
		}{
			{"Window", hearth.MeetingFilter{Window: "afternoon"}, "window"},
			{"DistanceWithoutAPoint", hearth.MeetingFilter{Sort: hearth.SortByDistance}, "sort"},
			{"Sort", hearth.MeetingFilter{Sort: "popular"}, "sort"},
			{"Radius", hearth.MeetingFilter{Near: downtown, RadiusKm: 1000}, "radius"},
			{"NegativeRadius", hearth.MeetingFilter{Near: downtown, RadiusKm: -1}, "radius"},
			{"Point", hearth.MeetingFilter{Near: &hearth.LatLon{Lat: 100}}, "near"},
			{"Attendance", hearth.MeetingFilter{Attendance: "phone"}, "attendance"},
			{"Day", hearth.MeetingFilter{Days: []time.Weekday{9}}, "days"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := e.Store.FindMeetings(e.ctx, tc.filter)
				wantCode(t, err, hearth.EINVALID)
				if _, found := hearth.ErrorFields(err)[tc.field]; !found {
					t.Errorf("fields %v, want %q at fault", hearth.ErrorFields(err), tc.field)
				}
			})
		}
	})
}
