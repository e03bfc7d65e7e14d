package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
)

// newMeeting is a valid hybrid meeting of the group, with a unique slug,
// on Tuesdays and Thursdays at 19:00 in Chicago; opts adjust it.
func newMeeting(groupID int64, opts ...func(*hearth.Meeting)) *hearth.Meeting {
	m := &hearth.Meeting{
		GroupID:              groupID,
		Slug:                 "meeting-" + random(4),
		Name:                 "Tuesday Night Hope",
		Days:                 []time.Weekday{time.Tuesday, time.Thursday},
		Start:                "19:00",
		End:                  "20:00",
		TimeZone:             "America/Chicago",
		Venue:                "St. Mark's Hall",
		Address:              "1048 W Chestnut St",
		City:                 "Chicago",
		Region:               "IL",
		PostalCode:           "60642",
		Country:              "US",
		Point:                &hearth.LatLon{Lat: 41.8982, Lon: -87.6551},
		LocationNotes:        "Side door, downstairs.",
		Regions:              []string{"Illinois", "Chicago", "West Town"},
		ConferenceURL:        "https://zoom.us/j/123456789",
		ConferenceURLNotes:   "Password: hope",
		ConferencePhone:      "+13126266799,,123456789#",
		ConferencePhoneNotes: "Dial in if the video fails.",
		Types:                []string{"O", "D", "X"},
		Notes:                "Newcomers are welcome.",
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// mustMeeting stores a new meeting, as the group's owner.
func (e *env) mustMeeting(owner *hearth.Account, groupID int64, opts ...func(*hearth.Meeting)) *hearth.Meeting {
	e.t.Helper()
	m := newMeeting(groupID, opts...)
	ok(e.t, e.Store.CreateMeeting(e.as(owner), m))
	return m
}

// sameMeeting compares what a member sees of two meetings: every field
// but the group filled in by queries.
func sameMeeting(tb testing.TB, got, want *hearth.Meeting) {
	tb.Helper()
	g, w := *got, *want
	g.Group, w.Group = nil, nil
	if !reflect.DeepEqual(g, w) {
		tb.Errorf("meeting\n%+v\nwant\n%+v", g, w)
	}
}

func (s suite) meeting(t *testing.T) {
	t.Run("CreateMeeting", func(t *testing.T) {
		t.Run("OK", func(t *testing.T) {
			e := s.env(t)
			owner := e.mustAccount()
			g := e.mustGroup(owner.ID)
			m := newMeeting(g.ID, func(m *hearth.Meeting) {
				m.Name = "  Tuesday Night Hope "
				m.Days = []time.Weekday{time.Thursday, time.Tuesday, time.Thursday}
				m.Types = []string{"O", " D", "O", "X", ""}
				m.Regions = []string{"Illinois", " ", "Chicago", "West Town"}
			})
			ok(t, e.Store.CreateMeeting(e.as(owner), m))
			if m.ID == 0 || !m.CreatedAt.Equal(stored(start)) || !m.UpdatedAt.Equal(stored(start)) {
				t.Errorf("ID %d, times %v %v", m.ID, m.CreatedAt, m.UpdatedAt)
			}
			if m.Name != "Tuesday Night Hope" || !slices.Equal(m.Days, []time.Weekday{time.Tuesday, time.Thursday}) ||
				!slices.Equal(m.Types, []string{"O", "D", "X"}) || !slices.Equal(m.Regions, []string{"Illinois", "Chicago", "West Town"}) {
				t.Errorf("not cleaned: %q %v %q %q", m.Name, m.Days, m.Types, m.Regions)
			}
			got, err := e.Store.FindMeetingBySlug(e.ctx, m.Slug)
			ok(t, err)
			sameMeeting(t, got, m)
			if got.Group == nil || got.Group.ID != g.ID || !slices.Equal(got.Group.Languages, g.Languages) {
				t.Errorf("group %+v, want %+v", got.Group, g)
			}
			if got.Attendance() != hearth.Hybrid {
				t.Errorf("attendance %q", got.Attendance())
			}
		})
		t.Run("Minimal", func(t *testing.T) {
			// Online only: no place, no point, no lists.
			e := s.env(t)
			owner := e.mustAccount()
			g := e.mustGroup(owner.ID)
			m := &hearth.Meeting{GroupID: g.ID, Slug: "night-owls", Name: "Night Owls", Days: []time.Weekday{time.Sunday},
				Start: "23:30", End: "00:30", TimeZone: "UTC", ConferenceURL: "https://meet.example.org/owls"}
			ok(t, e.Store.CreateMeeting(e.as(owner), m))
			got, err := e.Store.FindMeetingBySlug(e.ctx, "night-owls")
			ok(t, err)
			if got.Point != nil || len(got.Types) != 0 || len(got.Regions) != 0 || got.Attendance() != hearth.Online {
				t.Errorf("read back %+v", got)
			}
			if got.Types == nil || got.Regions == nil {
				t.Errorf("empty lists are nil: %#v %#v", got.Types, got.Regions)
			}
		})
		t.Run("WhoMay", func(t *testing.T) {
			e := s.env(t)
			owner, servant, member, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
			g := e.mustGroup(owner.ID)
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
			ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
			for _, tc := range []struct {
				name  string
				actor *hearth.Account
				code  string
			}{
				{"Owner", owner, ""},
				{"Servant", servant, ""},
				{"Member", member, hearth.EFORBIDDEN},
				{"Stranger", stranger, hearth.EFORBIDDEN},
				{"Visitor", nil, hearth.EUNAUTHORIZED},
			} {
				t.Run(tc.name, func(t *testing.T) {
					m := newMeeting(g.ID)
					wantCode(t, e.Store.CreateMeeting(e.as(tc.actor), m), tc.code)
					_, err := e.Store.FindMeetingBySlug(e.ctx, m.Slug)
					if tc.code != "" {
						wantCode(t, err, hearth.ENOTFOUND)
					} else {
						ok(t, err)
					}
				})
			}
		})
		t.Run("NoGroup", func(t *testing.T) {
			e := s.env(t)
			wantCode(t, e.Store.CreateMeeting(e.as(e.mustAccount()), newMeeting(999)), hearth.ENOTFOUND)
		})
		t.Run("SlugTaken", func(t *testing.T) {
			e := s.env(t)
			owner := e.mustAccount()
			g := e.mustGroup(owner.ID)
			m := e.mustMeeting(owner, g.ID)
			err := e.Store.CreateMeeting(e.as(owner), newMeeting(g.ID, func(n *hearth.Meeting) { n.Slug = m.Slug }))
			wantCode(t, err, hearth.ECONFLICT)
			if hearth.ErrorFields(err)["slug"] == "" {
				t.Errorf("fields %v, want the slug at fault", hearth.ErrorFields(err))
			}
		})
		t.Run("Invalid", func(t *testing.T) {
			e := s.env(t)
			owner := e.mustAccount()
			g := e.mustGroup(owner.ID)
			for _, tc := range []struct {
				name  string
				edit  func(*hearth.Meeting)
				field string
			}{
				{"BadSlug", func(m *hearth.Meeting) { m.Slug = "Not A Slug" }, "slug"},
				{"NoName", func(m *hearth.Meeting) { m.Name = " " }, "name"},
				{"NoDays", func(m *hearth.Meeting) { m.Days = nil }, "days"},
				{"BadDay", func(m *hearth.Meeting) { m.Days = []time.Weekday{7} }, "days"},
				{"ImpossibleTime", func(m *hearth.Meeting) { m.Start = "25:00" }, "start"},
				{"EndIsStart", func(m *hearth.Meeting) { m.End = m.Start }, "end"},
				{"UnknownZone", func(m *hearth.Meeting) { m.TimeZone = "Mars/Olympus_Mons" }, "time_zone"},
				{"OffTheMap", func(m *hearth.Meeting) { m.Point = &hearth.LatLon{Lat: 91, Lon: 0} }, "point"},
				{"NotHTTP", func(m *hearth.Meeting) { m.ConferenceURL = "javascript:alert(1)" }, "conference_url"},
				{"PhoneWithLetters", func(m *hearth.Meeting) { m.ConferencePhone = "1-800-SOBER-NOW" }, "conference_phone"},
				{"NowhereToMeet", func(m *hearth.Meeting) {
					m.Venue, m.Address, m.ConferenceURL, m.ConferencePhone = "", "", "", ""
				}, "address"},
				{"LongVenue", func(m *hearth.Meeting) { m.Venue = strings.Repeat("v", 256) }, "venue"},
				{"TwoLineCity", func(m *hearth.Meeting) { m.City = "Chi\ncago" }, "city"},
				{"TooManyTypes", func(m *hearth.Meeting) {
					m.Types = nil
					for i := range 33 {
						m.Types = append(m.Types, "T"+strings.Repeat("x", i%15)+string(rune('A'+i/15)))
					}
				}, "types"},
				{"TypeWithComma", func(m *hearth.Meeting) { m.Types = []string{"O,D"} }, "types"},
				{"TooManyRegions", func(m *hearth.Meeting) { m.Regions = strings.Split("a b c d e f g h i", " ") }, "regions"},
				{"LongNotes", func(m *hearth.Meeting) { m.Notes = strings.Repeat("n", 4001) }, "notes"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					m := newMeeting(g.ID, tc.edit)
					err := e.Store.CreateMeeting(e.as(owner), m)
					wantCode(t, err, hearth.EINVALID)
					if _, found := hearth.ErrorFields(err)[tc.field]; !found {
						t.Errorf("fields %v, want %q at fault", hearth.ErrorFields(err), tc.field)
					}
				})
			}
		})
	})

	t.Run("UpdateMeeting", func(t *testing.T) {
		e := s.env(t)
		owner, servant, member, otherOwner := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		other := e.mustGroup(otherOwner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		m := e.mustMeeting(owner, g.ID)
		taken := e.mustMeeting(owner, g.ID)
		edit := func(f func(*hearth.Meeting)) *hearth.Meeting {
			c := *m
			f(&c)
			return &c
		}
		for _, tc := range []struct {
			name  string
			actor *hearth.Account
			m     *hearth.Meeting
			code  string
		}{
			{"Member", member, edit(func(m *hearth.Meeting) { m.Name = "Ours" }), hearth.EFORBIDDEN},
			{"OtherGroupsOwner", otherOwner, edit(func(m *hearth.Meeting) { m.Name = "Ours" }), hearth.EFORBIDDEN},
			{"Visitor", nil, edit(func(m *hearth.Meeting) { m.Name = "Ours" }), hearth.EUNAUTHORIZED},
			{"MoveToAGroupNotServed", servant, edit(func(m *hearth.Meeting) { m.GroupID = other.ID }), hearth.EFORBIDDEN},
			{"SlugTaken", servant, edit(func(m *hearth.Meeting) { m.Slug = taken.Slug }), hearth.ECONFLICT},
			{"Invalid", servant, edit(func(m *hearth.Meeting) { m.End = "99:99" }), hearth.EINVALID},
			{"NoMeeting", servant, edit(func(m *hearth.Meeting) { m.ID += 1000 }), hearth.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, e.Store.UpdateMeeting(e.as(tc.actor), tc.m), tc.code)
				got, err := e.Store.FindMeetingBySlug(e.ctx, m.Slug)
				ok(t, err)
				sameMeeting(t, got, m)
			})
		}
		t.Run("Servant", func(t *testing.T) {
			e.clock.Advance(time.Hour)
			u := edit(func(m *hearth.Meeting) {
				m.Slug, m.Name = "renamed-meeting", "Thursday Big Book"
				m.Days, m.Start, m.End, m.TimeZone = []time.Weekday{time.Thursday}, "07:30", "08:30", "America/New_York"
				m.Point, m.Venue, m.Address, m.City, m.Region, m.PostalCode, m.Country = nil, "", "", "", "", "", ""
				m.Types, m.Regions, m.Inactive = []string{"B", "C"}, nil, true
			})
			ok(t, e.Store.UpdateMeeting(e.as(servant), u))
			if !u.UpdatedAt.Equal(stored(e.clock.Now())) || !u.CreatedAt.Equal(m.CreatedAt) {
				t.Errorf("times %v %v", u.CreatedAt, u.UpdatedAt)
			}
			got, err := e.Store.FindMeetingBySlug(e.ctx, "renamed-meeting")
			ok(t, err)
			u.Regions = []string{}
			sameMeeting(t, got, u)
			if got.Attendance() != hearth.Inactive {
				t.Errorf("attendance %q", got.Attendance())
			}
		})
	})

	t.Run("FindMeetingBySlug", func(t *testing.T) {
		e := s.env(t)
		owner, member, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount()
		listed := e.mustGroup(owner.ID)
		unlisted := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })
		ok(t, e.Store.AddGroupMember(e.ctx, unlisted.ID, member.ID, hearth.GroupMember))
		open := e.mustMeeting(owner, listed.ID)
		hidden := e.mustMeeting(owner, unlisted.ID)
		for _, tc := range []struct {
			name  string
			actor *hearth.Account
			slug  string
			code  string
		}{
			{"ListedToVisitor", nil, open.Slug, ""},
			{"ListedToStranger", stranger, open.Slug, ""},
			{"UnlistedToMember", member, hidden.Slug, ""},
			{"UnlistedToOwner", owner, hidden.Slug, ""},
			{"UnlistedToStranger", stranger, hidden.Slug, hearth.ENOTFOUND},
			{"UnlistedToVisitor", nil, hidden.Slug, hearth.ENOTFOUND},
			{"NoSuchMeeting", owner, "no-such-meeting", hearth.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := e.Store.FindMeetingBySlug(e.as(tc.actor), tc.slug)
				wantCode(t, err, tc.code)
				if tc.code == "" && got.Slug != tc.slug {
					t.Errorf("found %q", got.Slug)
				}
				if tc.code != "" && got != nil {
					t.Errorf("%s with %+v", tc.code, got)
				}
			})
		}
	})

	t.Run("GroupMeetings", func(t *testing.T) {
		e := s.env(t)
		owner, stranger := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		unlisted := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })
		wed := e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Days = []time.Weekday{time.Wednesday}; m.Name = "B" })
		sunLate := e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) {
			m.Days = []time.Weekday{time.Sunday, time.Friday}
			m.Start = "20:00"
			m.End = "21:00"
		})
		sunEarly := e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Days = []time.Weekday{time.Sunday}; m.Start = "08:00"; m.Inactive = true })
		e.mustMeeting(owner, unlisted.ID)
		list, err := e.Store.GroupMeetings(e.ctx, g.ID)
		ok(t, err)
		var got []string
		for _, m := range list {
			got = append(got, m.Slug)
		}
		if want := []string{sunEarly.Slug, sunLate.Slug, wed.Slug}; !slices.Equal(got, want) {
			t.Errorf("meetings %q, want %q (by first day, then time; inactive ones too)", got, want)
		}
		_, err = e.Store.GroupMeetings(e.as(stranger), unlisted.ID)
		wantCode(t, err, hearth.ENOTFOUND)
		list, err = e.Store.GroupMeetings(e.as(owner), unlisted.ID)
		ok(t, err)
		if len(list) != 1 {
			t.Errorf("the owner sees %d meetings of their unlisted group", len(list))
		}
		_, err = e.Store.GroupMeetings(e.ctx, 999)
		wantCode(t, err, hearth.ENOTFOUND)
	})

	t.Run("DeleteMeeting", func(t *testing.T) {
		e := s.env(t)
		owner, servant, member, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, servant.ID, hearth.GroupServant))
		ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember))
		m := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Name = "Closing Circle"; x.Notes = "lighthouse" })
		kept := e.mustMeeting(owner, g.ID)
		ok(t, e.Store.FollowMeeting(e.as(member), m.ID))
		ok(t, e.Store.FollowMeeting(e.as(member), kept.ID))

		byNotes := func() int {
			found, _, err := e.Store.FindMeetings(e.ctx, hearth.MeetingFilter{Query: "lighthouse", Now: start, Zone: time.UTC})
			ok(t, err)
			return len(found)
		}
		if n := byNotes(); n != 1 {
			t.Fatalf("the finder finds %d meetings by their notes before the deletion, want 1", n)
		}
		wantCode(t, e.Store.DeleteMeeting(e.ctx, m.ID), hearth.EUNAUTHORIZED)
		wantCode(t, e.Store.DeleteMeeting(e.as(member), m.ID), hearth.EFORBIDDEN)
		wantCode(t, e.Store.DeleteMeeting(e.as(stranger), m.ID), hearth.EFORBIDDEN)
		if _, err := e.Store.FindMeetingBySlug(e.ctx, m.Slug); err != nil {
			t.Fatalf("a refused deletion removed the meeting: %v", err)
		}
		ok(t, e.Store.DeleteMeeting(e.as(servant), m.ID))
		_, err := e.Store.FindMeetingBySlug(e.ctx, m.Slug)
		wantCode(t, err, hearth.ENOTFOUND)
		wantCode(t, e.Store.DeleteMeeting(e.as(servant), m.ID), hearth.ENOTFOUND)

		mine, err := e.Store.MyMeetings(e.as(member), start)
		ok(t, err)
		if len(mine) != 1 || mine[0].Meeting.ID != kept.ID {
			t.Errorf("after the deletion the member follows %d meetings, want only the other one", len(mine))
		}
		if byNotes() != 0 {
			t.Errorf("the finder still finds the deleted meeting by its notes")
		}
		list, err := e.Store.GroupMeetings(e.ctx, g.ID)
		ok(t, err)
		if len(list) != 1 || list[0].ID != kept.ID {
			t.Errorf("the group lists %d meetings after one of two was deleted", len(list))
		}
		// Its slug is free again, for a new meeting or a re-import.
		e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Slug = m.Slug })
	})

	t.Run("Follow", func(t *testing.T) {
		e := s.env(t)
		owner, m, stranger := e.mustAccount(), e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		unlisted := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })
		// The clock is Wednesday 2026-03-04, 09:16 in Chicago.
		evening := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Days = []time.Weekday{time.Wednesday}; x.Start, x.End = "19:00", "20:00" })
		// 08:00 in Los Angeles is 10:00 in Chicago: sooner.
		morning := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) {
			x.Days = []time.Weekday{time.Wednesday}
			x.Start, x.End, x.TimeZone = "08:00", "09:00", "America/Los_Angeles"
		})
		// In progress since 09:00 in Chicago: first.
		now := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Days = []time.Weekday{time.Wednesday}; x.Start, x.End = "09:00", "10:00" })
		resting := e.mustMeeting(owner, g.ID, func(x *hearth.Meeting) { x.Inactive = true })
		secret := e.mustMeeting(owner, unlisted.ID)

		for _, x := range []*hearth.Meeting{evening, resting, morning, now} {
			ok(t, e.Store.FollowMeeting(e.as(m), x.ID))
		}
		ok(t, e.Store.FollowMeeting(e.as(m), evening.ID)) // again: no change
		wantCode(t, e.Store.FollowMeeting(e.as(m), secret.ID), hearth.ENOTFOUND)
		wantCode(t, e.Store.FollowMeeting(e.as(m), 999), hearth.ENOTFOUND)
		wantCode(t, e.Store.FollowMeeting(e.ctx, evening.ID), hearth.EUNAUTHORIZED)

		list, err := e.Store.MyMeetings(e.as(m), e.clock.Now())
		ok(t, err)
		var got []string
		for _, r := range list {
			got = append(got, r.Meeting.Slug)
		}
		if want := []string{now.Slug, morning.Slug, evening.Slug, resting.Slug}; !slices.Equal(got, want) {
			t.Errorf("my meetings %q, want %q (next first, inactive last)", got, want)
		}
		if len(list) > 0 && !list[0].Next.InProgress(e.clock.Now()) {
			t.Errorf("first %+v is not in progress", list[0].Next)
		}
		// The dashboard reads the same list, with the member's groups.
		home, err := e.Store.Home(e.as(m), e.clock.Now(), today)
		ok(t, err)
		var onHome []string
		for _, r := range home.Meetings {
			onHome = append(onHome, r.Meeting.Slug)
		}
		if !slices.Equal(onHome, got) {
			t.Errorf("the dashboard's meetings %q, want %q as in my meetings", onHome, got)
		}
		if len(home.Groups) != 0 {
			t.Errorf("the dashboard shows %d groups of a member of none", len(home.Groups))
		}
		_, err = e.Store.Home(e.ctx, e.clock.Now(), today)
		wantCode(t, err, hearth.EUNAUTHORIZED)
		ok(t, e.Store.UnfollowMeeting(e.as(m), evening.ID))
		ok(t, e.Store.UnfollowMeeting(e.as(m), evening.ID))
		wantCode(t, e.Store.UnfollowMeeting(e.as(m), 999), hearth.ENOTFOUND)
		wantCode(t, e.Store.UnfollowMeeting(e.ctx, evening.ID), hearth.EUNAUTHORIZED)
		list, err = e.Store.MyMeetings(e.as(m), e.clock.Now())
		ok(t, err)
		if len(list) != 3 {
			t.Errorf("%d meetings after unfollowing one of 4", len(list))
		}
		if list, _ := e.Store.MyMeetings(e.as(stranger), e.clock.Now()); len(list) != 0 {
			t.Errorf("a stranger follows %d meetings", len(list))
		}
		_, err = e.Store.MyMeetings(e.ctx, e.clock.Now())
		wantCode(t, err, hearth.EUNAUTHORIZED)

		t.Run("LeavingAnUnlistedGroupHidesItsMeetings", func(t *testing.T) {
			ok(t, e.Store.AddGroupMember(e.ctx, unlisted.ID, stranger.ID, hearth.GroupMember))
			ok(t, e.Store.FollowMeeting(e.as(stranger), secret.ID))
			ok(t, e.Store.LeaveGroup(e.as(stranger), unlisted.ID))
			list, err := e.Store.MyMeetings(e.as(stranger), e.clock.Now())
			ok(t, err)
			if len(list) != 0 {
				t.Errorf("a former member still sees %q", list[0].Meeting.Slug)
			}
			home, err := e.Store.Home(e.as(stranger), e.clock.Now(), today)
			ok(t, err)
			if len(home.Meetings) != 0 || len(home.Groups) != 0 {
				t.Errorf("a former member's dashboard shows %d meetings and %d groups", len(home.Meetings), len(home.Groups))
			}
		})
	})

	t.Run("FeedVersion", func(t *testing.T) {
		// The version moves with every change the feed carries, whoever
		// makes it, and with nothing else.
		e := s.env(t)
		owner, member := e.mustAccount(), e.mustAccount()
		g := e.mustGroup(owner.ID)
		version := func() int64 {
			v, err := e.Store.FeedVersion(e.ctx)
			ok(t, err)
			return v
		}
		v := version()
		step := func(name string, moves bool, change func()) {
			t.Helper()
			change()
			switch now := version(); {
			case moves && now == v:
				t.Errorf("%s: the feed's version did not move", name)
			case !moves && now != v:
				t.Errorf("%s: the feed's version moved (%d to %d)", name, v, now)
			}
			v = version()
		}
		var m *hearth.Meeting
		step("meeting added", true, func() { m = e.mustMeeting(owner, g.ID) })
		step("meeting changed", true, func() {
			m.Notes = "Side door"
			ok(t, e.Store.UpdateMeeting(e.as(owner), m))
		})
		step("member joined", false, func() { ok(t, e.Store.AddGroupMember(e.ctx, g.ID, member.ID, hearth.GroupMember)) })
		step("meeting followed", false, func() { ok(t, e.Store.FollowMeeting(e.as(member), m.ID)) })
		step("group renamed", true, func() {
			g.Name = "Renamed Circle"
			ok(t, e.Store.UpdateGroup(e.as(owner), g))
		})
		step("meeting deleted", true, func() { ok(t, e.Store.DeleteMeeting(e.as(owner), m.ID)) })
		// SQLite may give the new meeting the deleted one's id.
		step("meeting added after a deletion", true, func() { e.mustMeeting(owner, g.ID) })
		step("another meeting added", true, func() { e.mustMeeting(owner, g.ID) })
	})

	t.Run("EachListedMeeting", func(t *testing.T) {
		e := s.env(t)
		owner := e.mustAccount()
		g := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Name = "Listed" })
		other := e.mustGroup(owner.ID)
		unlisted := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Visibility = hearth.GroupUnlisted })
		b := e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Slug = "b" })
		a := e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Slug = "a" })
		c := e.mustMeeting(owner, other.ID, func(m *hearth.Meeting) { m.Slug = "c" })
		e.mustMeeting(owner, g.ID, func(m *hearth.Meeting) { m.Slug = "resting"; m.Inactive = true })
		e.mustMeeting(owner, unlisted.ID, func(m *hearth.Meeting) { m.Slug = "hidden" })
		each := func(groupID int64) []*hearth.Meeting {
			var out []*hearth.Meeting
			ok(t, e.Store.EachListedMeeting(e.ctx, groupID, func(m *hearth.Meeting) error {
				out = append(out, m)
				return nil
			}))
			return out
		}
		all := each(0)
		if len(all) != 3 {
			t.Fatalf("%d meetings, want 3 (active, of listed groups)", len(all))
		}
		for i, m := range []*hearth.Meeting{b, a, c} {
			want := *m
			want.CreatedAt = time.Time{} // a feed does not carry it
			sameMeeting(t, all[i], &want)
		}
		if all[0].Group == nil || all[0].Group.Name != "Listed" {
			t.Errorf("group %+v", all[0].Group)
		}
		if mine := each(g.ID); len(mine) != 2 || mine[0].Slug != "b" || mine[1].Slug != "a" {
			t.Errorf("the group's feed has %d meetings", len(mine))
		}
		if none := each(unlisted.ID); len(none) != 0 {
			t.Errorf("an unlisted group's feed has %d meetings", len(none))
		}
		stop := hearth.Errorf(hearth.EINTERNAL, "stop")
		n := 0
		err := e.Store.EachListedMeeting(e.ctx, 0, func(*hearth.Meeting) error { n++; return stop })
		if err != stop || n != 1 {
			t.Errorf("fn's error: got %v after %d calls", err, n)
		}
	})
}
