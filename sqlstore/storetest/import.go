package storetest

import (
	"slices"
	"testing"
	"time"

	"hearth"
)

// importGroup is a group as an import names it.
func importGroup(slug, name string) *hearth.Group {
	return &hearth.Group{Slug: slug, Name: name, Program: "aa", TimeZone: "America/Chicago", Description: "From the intergroup's feed."}
}

// imported is a valid meeting of group for ImportMeetings.
func imported(slug string, g *hearth.Group, opts ...func(*hearth.Meeting)) *hearth.Meeting {
	m := newMeeting(0, func(m *hearth.Meeting) { m.Slug, m.Group = slug, g })
	for _, o := range opts {
		o(m)
	}
	return m
}

func (s suite) importing(t *testing.T) {
	t.Run("ImportMeetings", func(t *testing.T) {
		e := s.env(t)
		owner := e.mustAccount()
		existing := e.mustGroup(owner.ID, func(g *hearth.Group) { g.Slug, g.Name = "lakeview", "Lakeview Group" })
		mine := e.mustMeeting(owner, existing.ID, func(m *hearth.Meeting) { m.Slug = "made-in-hearth" })
		lakeview, hope := importGroup("lakeview", "Lakeview (as the feed says)"), importGroup("hope", "Hope")

		batch := []*hearth.Meeting{
			imported("monday-hope", hope),
			imported("tuesday-hope", hope, func(m *hearth.Meeting) { m.Days = []time.Weekday{time.Tuesday} }),
			imported("lakeview-noon", lakeview),
		}
		outcomes, err := e.Store.ImportMeetings(e.ctx, "intergroup", batch)
		ok(t, err)
		if want := []string{hearth.MeetingCreated, hearth.MeetingCreated, hearth.MeetingCreated}; !slices.Equal(outcomes, want) {
			t.Errorf("outcomes %q, want %q", outcomes, want)
		}
		g, err := e.Store.FindGroupBySlug(e.ctx, "hope")
		ok(t, err)
		if g.Name != "Hope" || g.Visibility != hearth.GroupListed || g.JoinPolicy != hearth.JoinOpen || g.Program != "aa" {
			t.Errorf("created group %+v", g)
		}
		got, err := e.Store.FindMeetingBySlug(e.ctx, "lakeview-noon")
		ok(t, err)
		if got.GroupID != existing.ID || got.Group.Name != "Lakeview Group" {
			t.Errorf("joined to group %d %q, want the stored %d, unchanged", got.GroupID, got.Group.Name, existing.ID)
		}
		want := *batch[2]
		want.Group = nil
		sameMeeting(t, got, &want)

		t.Run("Again", func(t *testing.T) {
			e.clock.Advance(time.Hour)
			again := []*hearth.Meeting{imported("monday-hope", hope), imported("tuesday-hope", hope, func(m *hearth.Meeting) {
				m.Days = []time.Weekday{time.Tuesday}
			}), imported("lakeview-noon", lakeview)}
			outcomes, err := e.Store.ImportMeetings(e.ctx, "intergroup", again)
			ok(t, err)
			if want := []string{hearth.MeetingUnchanged, hearth.MeetingUnchanged, hearth.MeetingUnchanged}; !slices.Equal(outcomes, want) {
				t.Errorf("outcomes %q, want %q", outcomes, want)
			}
			got, err := e.Store.FindMeetingBySlug(e.ctx, "monday-hope")
			ok(t, err)
			if !got.UpdatedAt.Equal(stored(start)) {
				t.Errorf("an unchanged meeting was updated at %v", got.UpdatedAt)
			}
		})
		t.Run("Changed", func(t *testing.T) {
			e.clock.Advance(time.Hour)
			changed := []*hearth.Meeting{
				imported("monday-hope", hope, func(m *hearth.Meeting) { m.Start, m.End = "18:30", "19:30" }),
				imported("made-in-hearth", hope),
				imported("lakeview-noon", lakeview, func(m *hearth.Meeting) { m.Point = nil; m.Types = []string{"C"} }),
			}
			outcomes, err := e.Store.ImportMeetings(e.ctx, "intergroup", changed)
			ok(t, err)
			if want := []string{hearth.MeetingUpdated, hearth.MeetingUpdated, hearth.MeetingUpdated}; !slices.Equal(outcomes, want) {
				t.Errorf("outcomes %q, want %q", outcomes, want)
			}
			got, err := e.Store.FindMeetingBySlug(e.ctx, "monday-hope")
			ok(t, err)
			if got.Start != "18:30" || !got.UpdatedAt.Equal(stored(e.clock.Now())) {
				t.Errorf("updated to %q at %v", got.Start, got.UpdatedAt)
			}
			got, err = e.Store.FindMeetingBySlug(e.ctx, "made-in-hearth")
			ok(t, err)
			if got.ID != mine.ID || got.Group.Slug != "hope" {
				t.Errorf("a meeting made in Hearth was not taken over by slug: %+v", got)
			}
			got, err = e.Store.FindMeetingBySlug(e.ctx, "lakeview-noon")
			ok(t, err)
			if got.Point != nil || !slices.Equal(got.Types, []string{"C"}) {
				t.Errorf("point %v types %q", got.Point, got.Types)
			}
		})
		t.Run("ImportedMeetingSlugs", func(t *testing.T) {
			slugs, err := e.Store.ImportedMeetingSlugs(e.ctx, "intergroup")
			ok(t, err)
			if want := []string{"lakeview-noon", "made-in-hearth", "monday-hope", "tuesday-hope"}; !slices.Equal(slugs, want) {
				t.Errorf("slugs %q, want %q", slugs, want)
			}
			slugs, err = e.Store.ImportedMeetingSlugs(e.ctx, "elsewhere")
			ok(t, err)
			if len(slugs) != 0 {
				t.Errorf("another source has %q", slugs)
			}
		})
		t.Run("DeactivateAndReactivate", func(t *testing.T) {
			n, err := e.Store.DeactivateMeetings(e.ctx, []string{"tuesday-hope", "no-such-meeting"})
			ok(t, err)
			if n != 1 {
				t.Errorf("deactivated %d, want 1", n)
			}
			if n, _ := e.Store.DeactivateMeetings(e.ctx, []string{"tuesday-hope"}); n != 0 {
				t.Errorf("deactivated %d again", n)
			}
			got, err := e.Store.FindMeetingBySlug(e.ctx, "tuesday-hope")
			ok(t, err)
			if !got.Inactive {
				t.Error("still active")
			}
			slugs, _ := e.Store.ImportedMeetingSlugs(e.ctx, "intergroup")
			if slices.Contains(slugs, "tuesday-hope") {
				t.Errorf("an inactive meeting among %q", slugs)
			}
			outcomes, err := e.Store.ImportMeetings(e.ctx, "intergroup", []*hearth.Meeting{
				imported("tuesday-hope", hope, func(m *hearth.Meeting) { m.Days = []time.Weekday{time.Tuesday} }),
			})
			ok(t, err)
			if outcomes[0] != hearth.MeetingUpdated {
				t.Errorf("a meeting back in the feed is %q", outcomes[0])
			}
			got, _ = e.Store.FindMeetingBySlug(e.ctx, "tuesday-hope")
			if got.Inactive {
				t.Error("a meeting back in the feed is still inactive")
			}
		})
	})

	t.Run("InvalidBatchStoresNothing", func(t *testing.T) {
		e := s.env(t)
		hope := importGroup("hope", "Hope")
		for _, tc := range []struct {
			name string
			bad  *hearth.Meeting
		}{
			{"Meeting", imported("bad-time", hope, func(m *hearth.Meeting) { m.Start = "7pm" })},
			{"Group", imported("bad-group", importGroup("Bad Group", "Bad"))},
			{"NoGroup", imported("no-group", nil)},
			{"RepeatedSlug", imported("good", hope)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.Store.ImportMeetings(e.ctx, "intergroup", []*hearth.Meeting{imported("good", hope), tc.bad})
				if err == nil {
					t.Fatal("stored")
				}
				if _, err := e.Store.FindMeetingBySlug(e.ctx, "good"); hearth.ErrorCode(err) != hearth.ENOTFOUND {
					t.Errorf("the good meeting of a failed batch was stored (%v)", err)
				}
				if _, err := e.Store.FindGroupBySlug(e.ctx, "hope"); hearth.ErrorCode(err) != hearth.ENOTFOUND {
					t.Errorf("the group of a failed batch was stored (%v)", err)
				}
			})
		}
	})
}
