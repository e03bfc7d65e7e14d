package meetingfeed_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/meetingfeed"
	"hearth/meetingguide"
	"hearth/sqlstore"
	"hearth/sqlstore/storetest"
	"hearth/sqlstore/storetest/testdb"
)

// sample is the hand-written feed Hearth ships for trying an import.
const sample = "../testdata/meeting-guide.json"

var clock = time.Date(2026, 3, 4, 15, 16, 17, 0, time.UTC)

// stores runs f on a fresh store of each database (PostgreSQL when
// HEARTH_TEST_POSTGRES is set).
func stores(t *testing.T, f func(t *testing.T, st *sqlstore.Store)) {
	for _, db := range []struct {
		name string
		open storetest.Opener
	}{{"SQLite", testdb.SQLite}, {"PostgreSQL", testdb.Postgres}} {
		t.Run(db.name, func(t *testing.T) {
			f(t, db.open(t, func() time.Time { return clock }).Store)
		})
	}
}

func mustImport(t *testing.T, st *sqlstore.Store, feed []byte, o meetingfeed.ImportOptions) *meetingfeed.Report {
	t.Helper()
	rep, err := meetingfeed.Import(context.Background(), st, bytes.NewReader(feed), o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func readSample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lines returns the report's lines of a kind as "slug: reason".
func lines(rep *meetingfeed.Report, kind string) map[string]string {
	out := map[string]string{}
	for _, l := range rep.Lines {
		if l.Kind == kind {
			out[l.Slug] += l.Reason()
		}
	}
	return out
}

func TestImportSample(t *testing.T) {
	stores(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		rep := mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
		want := meetingfeed.Report{Records: 30, Meetings: 29, Created: 28, Rejected: 2, Adjusted: 6}
		got := *rep
		got.Lines = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("report %+v\nwant %+v", got, want)
		}
		rejected, adjusted := lines(rep, meetingfeed.Rejected), lines(rep, meetingfeed.Adjusted)
		for slug, reason := range map[string]string{
			"broken-clock":    `"25:99" is not`,
			"Downtown_Nooner": "lower-case letters",
		} {
			if !strings.Contains(rejected[slug], reason) {
				t.Errorf("rejected %s: %q, want it to say %q", slug, rejected[slug], reason)
			}
		}
		for slug, reason := range map[string]string{
			"sunset-strip-speakers":  "end_time",
			"evanston-early-birds":   "07:00",
			"buhos-nocturnos":        "conference_phone",
			"women-online-worldwide": "XYZ",
			"wicker-park-women":      "venmo, contacts",
		} {
			if !strings.Contains(adjusted[slug], reason) {
				t.Errorf("adjusted %s: %q, want it to say %q", slug, adjusted[slug], reason)
			}
		}

		// Each reason is also a code and its parameters, which the admin
		// page says in the admin's language.
		codes := map[string]string{}
		for _, l := range rep.Lines {
			if len(l.Reasons) == 0 {
				t.Errorf("%s %s: no reason", l.Kind, l.Slug)
			}
			for _, r := range l.Reasons {
				if !slices.Contains(meetingfeed.ReasonCodes, r.Code) {
					t.Errorf("%s %s: code %q is not in ReasonCodes", l.Kind, l.Slug, r.Code)
				}
				codes[l.Slug] += string(r.Code) + "(" + r.Field + strings.Join(r.Fields, ",") + ") "
			}
		}
		for slug, want := range map[string]string{
			"broken-clock":          "invalid(time)",
			"sunset-strip-speakers": "defaulted(end_time)",
			"wicker-park-women":     "left_out(venmo,contacts)",
			"Downtown_Nooner":       "hearth_rule(slug)",
		} {
			if !strings.Contains(codes[slug], want) {
				t.Errorf("%s: reasons %q, want %s", slug, codes[slug], want)
			}
		}

		for _, tc := range []struct {
			slug  string
			check func(m *hearth.Meeting) bool
		}{
			{"40123", func(m *hearth.Meeting) bool { return m.Group.Name == "Chelsea Sunrise" }},
			{"noon-lifeline", func(m *hearth.Meeting) bool {
				return slices.Equal(m.Days, []time.Weekday{1, 2, 3, 4, 5}) && m.Group.Slug == "loop-lifeline"
			}},
			{"sunset-strip-speakers", func(m *hearth.Meeting) bool { return m.End == "21:00" }},
			{"grupo-nueva-vida", func(m *hearth.Meeting) bool {
				return slices.Equal(m.Group.Languages, []string{"es"}) && m.Group.Program == "aa" &&
					m.Attendance() == hearth.InPerson && slices.Equal(m.Regions, []string{"Illinois", "Chicago", "Pilsen"})
			}},
			{"rainbow-hybrid", func(m *hearth.Meeting) bool { return m.Attendance() == hearth.Hybrid }},
			{"renacer-en-linea", func(m *hearth.Meeting) bool {
				return m.Attendance() == hearth.Online && m.Group.Slug == "grupo-renacer" && m.FormattedAddress == "Ciudad de México, México"
			}},
			{"chicago-monday-step", func(m *hearth.Meeting) bool {
				return m.Group.Description == "A home group for West Town since 1987." && m.Venue == "St. Mark's Parish Hall"
			}},
		} {
			m, err := st.FindMeetingBySlug(ctx, tc.slug)
			if err != nil {
				t.Errorf("%s: %v", tc.slug, err)
				continue
			}
			if !tc.check(m) {
				t.Errorf("%s stored as %+v, group %+v", tc.slug, m, m.Group)
			}
		}

		t.Run("Again", func(t *testing.T) {
			rep := mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
			if rep.Unchanged != 28 || rep.Created+rep.Updated+rep.Missing != 0 {
				t.Errorf("the same feed again: %s", rep.Summary())
			}
		})
	})
}

// edit changes the sample: records for which f returns false are left
// out.
func edit(t *testing.T, f func(r map[string]any) bool) []byte {
	t.Helper()
	var records []map[string]any
	if err := jsonUnmarshal(readSample(t), &records); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, r := range records {
		if f(r) {
			out = append(out, r)
		}
	}
	return jsonMarshal(t, out)
}

func TestImportChanges(t *testing.T) {
	stores(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
		changed := edit(t, func(r map[string]any) bool {
			switch r["slug"] {
			case "harlem-hope":
				r["time"], r["end_time"] = "18:30", "19:30"
			case "bondi-beginners", "night-owls":
				return false
			case "broken-clock":
				// Rejected again: not missing, though not imported.
			}
			return true
		})
		rep := mustImport(t, st, changed, meetingfeed.ImportOptions{})
		if rep.Updated != 1 || rep.Unchanged != 25 || rep.Missing != 2 || rep.Deactivated != 0 {
			t.Errorf("a changed feed: %s", rep.Summary())
		}
		if m := lines(rep, meetingfeed.Missing); len(m) != 2 || m["bondi-beginners"] == "" || m["night-owls"] == "" {
			t.Errorf("missing lines %v", m)
		}
		m, err := st.FindMeetingBySlug(ctx, "harlem-hope")
		if err != nil || m.Start != "18:30" {
			t.Fatalf("harlem-hope: %v %v", m, err)
		}
		if m, _ := st.FindMeetingBySlug(ctx, "bondi-beginners"); m == nil || m.Inactive {
			t.Errorf("a missing meeting was marked inactive without being asked to")
		}

		rep = mustImport(t, st, changed, meetingfeed.ImportOptions{DeactivateMissing: true})
		if rep.Missing != 2 || rep.Deactivated != 2 || rep.Updated != 0 {
			t.Errorf("deactivating the missing: %s", rep.Summary())
		}
		if d := lines(rep, meetingfeed.Deactivated); len(d) != 2 {
			t.Errorf("deactivated lines %v", d)
		}
		if m, _ := st.FindMeetingBySlug(ctx, "bondi-beginners"); m == nil || !m.Inactive {
			t.Errorf("bondi-beginners is not inactive: %+v", m)
		}
		rep = mustImport(t, st, changed, meetingfeed.ImportOptions{DeactivateMissing: true})
		if rep.Missing != 0 || rep.Unchanged != 26 {
			t.Errorf("inactive meetings are missing again: %s", rep.Summary())
		}

		t.Run("AnEmptyFeedDeactivatesNothing", func(t *testing.T) {
			rep := mustImport(t, st, []byte("[]"), meetingfeed.ImportOptions{DeactivateMissing: true})
			if rep.Deactivated != 0 || rep.Missing != 26 {
				t.Errorf("an empty feed: %s", rep.Summary())
			}
		})
		t.Run("BackInTheFeed", func(t *testing.T) {
			rep := mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
			if rep.Updated != 3 {
				t.Errorf("back to the sample: %s", rep.Summary())
			}
			if m, _ := st.FindMeetingBySlug(ctx, "bondi-beginners"); m == nil || m.Inactive {
				t.Errorf("bondi-beginners is still inactive")
			}
		})
		t.Run("AnotherSource", func(t *testing.T) {
			rep := mustImport(t, st, edit(t, func(r map[string]any) bool { return r["slug"] == "harlem-hope" }),
				meetingfeed.ImportOptions{Source: "elsewhere", DeactivateMissing: true})
			if rep.Missing != 0 {
				t.Errorf("another source's import finds the first's meetings missing: %s", rep.Summary())
			}
		})
	})
}

// endless is an endless stream of one valid record after another.
type endless struct {
	rec []byte
	at  int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.rec[e.at:])
		n += c
		e.at = (e.at + c) % len(e.rec)
	}
	return n, nil
}

func TestImportRefusesBadFeeds(t *testing.T) {
	record := `{"name":"Late Night","slug":"late-night","day":1,"time":"23:00","timezone":"America/Chicago","address":"1 Main St","city":"Chicago","notes":"` +
		strings.Repeat("Newcomers welcome. ", 20) + `"},`
	for _, tc := range []struct {
		name string
		feed func() io.Reader
		want error
	}{
		{"NotJSON", func() io.Reader { return strings.NewReader("<html>Meetings</html>") }, meetingguide.ErrSyntax},
		{"NotAnArray", func() io.Reader { return strings.NewReader(`{"meetings": []}`) }, meetingguide.ErrNotArray},
		{"CutShort", func() io.Reader { return strings.NewReader("[" + record + `{"name": "Half`) }, meetingguide.ErrSyntax},
		{"BadAtTheEnd", func() io.Reader { return strings.NewReader("[" + strings.Repeat(record, 1200) + "}") }, meetingguide.ErrSyntax},
		{"DeeplyNested", func() io.Reader { return strings.NewReader(strings.Repeat("[", 100) + strings.Repeat("]", 100)) }, meetingguide.ErrTooDeep},
		{"Over50MiB", func() io.Reader {
			return io.MultiReader(strings.NewReader("["), &endless{rec: []byte(strings.ReplaceAll(record, "late-night", "x"))})
		}, meetingguide.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testdb.SQLite(t, func() time.Time { return clock }).Store
			ctx := context.Background()
			mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
			before := feedOf(t, st, meetingfeed.FeedOptions{})
			rep, err := meetingfeed.Import(ctx, st, tc.feed(), meetingfeed.ImportOptions{DeactivateMissing: true})
			var fe *meetingfeed.FeedError
			if !errors.As(err, &fe) || !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want a *FeedError for %v", err, tc.want)
			}
			if rep != nil {
				t.Errorf("a report for a refused feed: %+v", rep)
			}
			if !strings.Contains(err.Error(), "nothing changed") {
				t.Errorf("error %q does not say nothing changed", err)
			}
			if after := feedOf(t, st, meetingfeed.FeedOptions{}); !bytes.Equal(before, after) {
				t.Error("a refused feed changed the stored meetings")
			}
		})
	}
}

func feedOf(t *testing.T, st *sqlstore.Store, o meetingfeed.FeedOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := meetingfeed.Write(context.Background(), st, &b, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// kept is what Hearth keeps of a feed's meeting: everything but what the
// package documentation lists as left out.
func kept(m meetingguide.Meeting) meetingguide.Meeting {
	m.URL, m.EditURL, m.FeedbackURL, m.FeedbackEmails = "", "", "", nil
	m.Venmo, m.Square, m.PayPal, m.HomegroupOnline = "", "", "", ""
	m.Contacts = [3]meetingguide.Contact{}
	m.Entity = meetingguide.Entity{}
	m.Updated = time.Time{}
	m.GroupNotes = ""
	return m
}

func TestRoundTrip(t *testing.T) {
	stores(t, func(t *testing.T, st *sqlstore.Store) {
		in, err := meetingguide.DecodeAll(bytes.NewReader(readSample(t)), meetingguide.Options{})
		if err != nil {
			t.Fatal(err)
		}
		mustImport(t, st, readSample(t), meetingfeed.ImportOptions{})
		written := feedOf(t, st, meetingfeed.FeedOptions{})
		out, err := meetingguide.DecodeAll(bytes.NewReader(written), meetingguide.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Rejected) != 0 {
			t.Errorf("Hearth's feed has rejected records: %v", out.Rejected)
		}
		for _, rec := range out.Adjusted {
			// An unknown type code is kept, and said again on every read.
			for _, a := range rec.Adjustments {
				if a.Code != meetingguide.CodeUnknown {
					t.Errorf("Hearth's feed has an adjusted record: %s: %+v", rec.Slug, a)
				}
			}
		}
		bySlug := map[string]meetingguide.Meeting{}
		for _, m := range out.Meetings {
			bySlug[m.Slug] = m
			if !m.Updated.Equal(clock.Truncate(time.Second)) {
				t.Errorf("%s: updated %v, want the store's clock in UTC", m.Slug, m.Updated)
			}
		}
		for _, want := range in.Meetings {
			if want.Slug == "Downtown_Nooner" {
				continue // Hearth refused it
			}
			got, found := bySlug[want.Slug]
			if !found {
				t.Errorf("%s is not in Hearth's feed", want.Slug)
				continue
			}
			if g, w := kept(got), kept(want); !reflect.DeepEqual(g, w) {
				t.Errorf("%s came back as\n%+v\nwant\n%+v", want.Slug, g, w)
			}
		}
		if len(bySlug) != 28 {
			t.Errorf("%d meetings in Hearth's feed, want 28", len(bySlug))
		}

		t.Run("ReadBackByHearth", func(t *testing.T) {
			again := testdb.SQLite(t, func() time.Time { return clock }).Store
			rep := mustImport(t, again, written, meetingfeed.ImportOptions{})
			if rep.Created != 28 || rep.Rejected != 0 || rep.Adjusted != 1 {
				t.Errorf("importing Hearth's own feed: %s\n%v", rep.Summary(), rep.Lines)
			}
			if second := feedOf(t, again, meetingfeed.FeedOptions{}); !bytes.Equal(second, written) {
				t.Error("Hearth's feed, imported and written again, is not the same")
			}
		})
	})
}

func TestWrite(t *testing.T) {
	stores(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		owner := &hearth.Account{Handle: "river.0001", DisplayName: "River", Language: "en", TimeZone: "UTC", Role: hearth.RoleMember}
		if err := st.CreateAccount(ctx, hearth.NewAccount{Account: owner, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		as := hearth.NewContextWithAccount(ctx, owner)
		group := func(slug, visibility string) *hearth.Group {
			g := &hearth.Group{Slug: slug, Name: "Group " + slug, Program: "aa", TimeZone: "UTC", Visibility: visibility, JoinPolicy: hearth.JoinOpen}
			if err := st.CreateGroup(ctx, g, owner.ID); err != nil {
				t.Fatal(err)
			}
			return g
		}
		owls, hidden := group("owls", hearth.GroupListed), group("hidden", hearth.GroupUnlisted)
		for _, m := range []*hearth.Meeting{
			// Online with no address at all.
			{GroupID: owls.ID, Slug: "owls-online", Name: "Owls", Days: []time.Weekday{1}, Start: "23:00", End: "00:00",
				TimeZone: "America/Los_Angeles", ConferenceURL: "https://meet.example.org/owls"},
			// A phone Hearth takes (7 digits, spaces) and the feed does not.
			{GroupID: owls.ID, Slug: "owls-phone", Name: "Owls by phone", Days: []time.Weekday{2}, Start: "07:00", End: "08:00",
				TimeZone: "America/Chicago", Address: "1 Main St", City: "Chicago", ConferencePhone: "555 0100"},
			{GroupID: hidden.ID, Slug: "hidden", Name: "Hidden", Days: []time.Weekday{3}, Start: "07:00", End: "08:00",
				TimeZone: "America/Chicago", Address: "1 Main St"},
		} {
			if err := st.CreateMeeting(as, m); err != nil {
				t.Fatal(err)
			}
		}
		entity := meetingguide.Entity{Name: "Pacific Intergroup", Location: "Los Angeles, California", WebsiteURL: "https://intergroup.example.org"}
		for _, tc := range []struct {
			name  string
			opts  meetingfeed.FeedOptions
			slugs []string
		}{
			{"All", meetingfeed.FeedOptions{Entity: entity, MeetingURL: func(s string) string { return "https://hearth.example.org/meetings/" + s }},
				[]string{"owls-online", "owls-phone"}},
			{"OneGroup", meetingfeed.FeedOptions{GroupID: owls.ID}, []string{"owls-online", "owls-phone"}},
			{"UnlistedGroup", meetingfeed.FeedOptions{GroupID: hidden.ID}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var b bytes.Buffer
				stats, err := meetingfeed.Write(ctx, st, &b, tc.opts)
				if err != nil {
					t.Fatal(err)
				}
				feed, err := meetingguide.DecodeAll(&b, meetingguide.Options{})
				if err != nil {
					t.Fatal(err)
				}
				var slugs []string
				for _, m := range feed.Meetings {
					slugs = append(slugs, m.Slug)
				}
				if !slices.Equal(slugs, tc.slugs) || stats.Meetings != len(tc.slugs) || len(stats.Skipped) != 0 {
					t.Fatalf("feed has %q (stats %+v), want %q", slugs, stats, tc.slugs)
				}
				if tc.name != "All" {
					return
				}
				online, phone := feed.Meetings[0], feed.Meetings[1]
				if online.City != "Los Angeles, California" || !online.Approximate || !reflect.DeepEqual(online.Entity, entity) {
					t.Errorf("online meeting written as %+v", online)
				}
				if online.URL != "https://hearth.example.org/meetings/owls-online" || online.Group != "Group owls" {
					t.Errorf("url %q group %q", online.URL, online.Group)
				}
				if phone.ConferencePhone != "" || phone.City != "Chicago" {
					t.Errorf("a phone the feed cannot carry: %+v", phone)
				}
			})
		}
		t.Run("ZoneForAnArea", func(t *testing.T) {
			var b bytes.Buffer
			if _, err := meetingfeed.Write(ctx, st, &b, meetingfeed.FeedOptions{GroupID: owls.ID}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), `"city":"Los Angeles"`) {
				t.Errorf("an online meeting without address or entity location: %s", b.String())
			}
		})
	})
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
