package meetingguide

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fullMeeting sets every field of the format.
func fullMeeting() Meeting {
	return Meeting{
		Name: "Every Field", Slug: "every-field", Days: []time.Weekday{0, 2, 4},
		Time: "23:15", EndTime: "00:15", TimeZone: "Europe/Madrid",
		FormattedAddress: "Calle Mayor 1, 28013 Madrid, España", Address: "Calle Mayor 1", City: "Madrid",
		State: "Madrid", PostalCode: "28013", Country: "ES", Approximate: false,
		Coordinates: &LatLon{40.41678, -3.70379}, Location: "Centro Cívico", LocationNotes: "Planta 2.\nSala B.",
		Notes: "Reunión en español.", Regions: []string{"Madrid", "Centro"},
		ConferenceURL: "https://meet.example.org/todos", ConferenceURLNotes: "Clave: paz",
		ConferencePhone: "+34910000000,,123#", ConferencePhoneNotes: "ID 123",
		Types: []string{"O", "S", "X", "XT"}, Updated: time.Date(2026, 11, 1, 18, 30, 5, 0, time.UTC),
		URL: "https://example.org/m/todos", EditURL: "https://example.org/e/todos",
		FeedbackURL: "https://example.org/f/todos", FeedbackEmails: []string{"a@example.org", "b@example.org"},
		Group: "Grupo Todos", GroupNotes: "Desde 2001.", Venmo: "@Todos", Square: "$Todos", PayPal: "Todos",
		HomegroupOnline: "todos",
		Entity: Entity{Name: "Intergrupal Madrid", Email: "info@example.org", Location: "Comunidad de Madrid",
			Logo: "https://example.org/logo.svg", Phone: "+34 910 000 001", WebsiteURL: "https://example.org",
			FeedbackEmails: []string{"cambios@example.org"}},
		Contacts: [3]Contact{{Name: "Ana", Email: "ana@example.org", Phone: "600 000 000"}, {Name: "Luis"}, {Email: "x@example.org"}},
	}
}

// roundTrip encodes meetings and reads them back whole.
func roundTrip(t testing.TB, ms []Meeting) *Feed {
	t.Helper()
	feed, err := DecodeAll(strings.NewReader(encode(t, Entity{}, ms...)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Rejected) > 0 || len(feed.Adjusted) > 0 {
		t.Errorf("Hearth's own feed: rejected %v, adjusted %v", feed.Rejected, feed.Adjusted)
	}
	return feed
}

func TestRoundTripEveryField(t *testing.T) {
	want := fullMeeting()
	got := roundTrip(t, []Meeting{want}).Meetings
	if len(got) != 1 {
		t.Fatalf("%d meetings", len(got))
	}
	if d := diffMeetings(got[0], want); d != "" {
		t.Error(d)
	}
}

// TestRoundTripFeeds: decode → encode → decode keeps every field of the
// hand-written feeds.
func TestRoundTripFeeds(t *testing.T) {
	for _, name := range []string{"spec-example.json", "varied.json"} {
		t.Run(name, func(t *testing.T) {
			first, err := DecodeAll(strings.NewReader(readTestdata(t, name)), Options{})
			if err != nil || len(first.Rejected) > 0 {
				t.Fatalf("%v %v", err, first.Rejected)
			}
			second := roundTrip(t, first.Meetings)
			if len(second.Meetings) != len(first.Meetings) {
				t.Fatalf("%d meetings, then %d", len(first.Meetings), len(second.Meetings))
			}
			for i := range first.Meetings {
				if d := diffMeetings(second.Meetings[i], first.Meetings[i]); d != "" {
					t.Errorf("%s: %s", first.Meetings[i].Slug, d)
				}
			}
		})
	}
}

// TestRoundTripMultiDay: a meeting on several days is written as one
// record a day and read back as one meeting.
func TestRoundTripMultiDay(t *testing.T) {
	m := validMeeting()
	m.Slug, m.Days = "noon-lifeline", []time.Weekday{1, 3, 5}
	single := validMeeting()
	single.Slug, single.Days = "step-5", []time.Weekday{5} // looks like a day record, but alone
	feed := encode(t, Entity{}, m, single)

	var slugs []string
	for _, r := range decodeAll(t, feed, Options{}) {
		slugs = append(slugs, r.Meeting.Slug)
	}
	if want := []string{"noon-lifeline-1", "noon-lifeline-3", "noon-lifeline-5", "step-5"}; !slices.Equal(slugs, want) {
		t.Errorf("records %v, want %v", slugs, want)
	}
	got := roundTrip(t, []Meeting{m, single}).Meetings
	if len(got) != 2 || diffMeetings(got[0], m) != "" || diffMeetings(got[1], single) != "" {
		t.Errorf("meetings %+v", got)
	}
	// Read twice over, a feed still holds each meeting once.
	again := roundTrip(t, got).Meetings
	if len(again) != 2 {
		t.Errorf("%d meetings after a second round trip", len(again))
	}
}

func TestMergeDays(t *testing.T) {
	day := func(slug string, d time.Weekday, name string) Meeting {
		m := validMeeting()
		m.Slug, m.Days, m.Name = slug, []time.Weekday{d}, name
		return m
	}
	multi := func(slug string, name string, days ...time.Weekday) Meeting {
		m := validMeeting()
		m.Slug, m.Days, m.Name = slug, days, name
		return m
	}
	for name, tc := range map[string]struct {
		in, want []Meeting
	}{
		"merges": {
			[]Meeting{day("x", 2, "X"), day("a-1", 1, "A"), day("b", 4, "B"), day("a-3", 3, "A")},
			[]Meeting{day("x", 2, "X"), multi("a", "A", 1, 3), day("b", 4, "B")},
		},
		"one alone stays": {
			[]Meeting{day("a-1", 1, "A")},
			[]Meeting{day("a-1", 1, "A")},
		},
		"suffix not its day": {
			[]Meeting{day("a-1", 2, "A"), day("a-3", 3, "A")},
			[]Meeting{day("a-1", 2, "A"), day("a-3", 3, "A")},
		},
		"fields differ": {
			[]Meeting{day("a-1", 1, "A"), day("a-3", 3, "B")},
			[]Meeting{day("a-1", 1, "A"), day("a-3", 3, "B")},
		},
		"one of three differs": {
			[]Meeting{day("a-1", 1, "A"), day("a-3", 3, "A"), day("a-5", 5, "B")},
			[]Meeting{day("a-1", 1, "A"), day("a-3", 3, "A"), day("a-5", 5, "B")},
		},
		"base taken": {
			[]Meeting{day("a", 6, "Other"), day("a-1", 1, "A"), day("a-3", 3, "A")},
			[]Meeting{day("a", 6, "Other"), day("a-1", 1, "A"), day("a-3", 3, "A")},
		},
		"base is another meeting's day record": {
			[]Meeting{multi("z", "Z", 1, 2), day("z-1-1", 1, "A"), day("z-1-3", 3, "A")},
			[]Meeting{multi("z", "Z", 1, 2), day("z-1-1", 1, "A"), day("z-1-3", 3, "A")},
		},
		"nested bases": {
			[]Meeting{day("s-3-1", 1, "A"), day("s-3-2", 2, "A")},
			[]Meeting{multi("s-3", "A", 1, 2)},
		},
	} {
		t.Run(name, func(t *testing.T) {
			in := slices.Clone(tc.in)
			got := MergeDays(in)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d meetings, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if d := diffMeetings(got[i], tc.want[i]); d != "" {
					t.Errorf("meeting %d: %s", i, d)
				}
			}
			for i := range in {
				if d := diffMeetings(in[i], tc.in[i]); d != "" {
					t.Errorf("input changed: %s", d)
				}
			}
		})
	}
}

// TestDecodeAllReport sorts records into meetings, rejections and
// adjustments.
func TestDecodeAllReport(t *testing.T) {
	in := `[
		{"name":"Fine","slug":"fine","day":1,"time":"10:00","end_time":"11:00","timezone":"UTC","formatted_address":"x"},
		{"name":"Mended","slug":"mended","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"Broken","slug":"broken","day":1,"time":"ten","timezone":"UTC","formatted_address":"x"}
	]`
	f, err := DecodeAll(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Meetings) != 2 || len(f.Rejected) != 1 || len(f.Adjusted) != 1 {
		t.Fatalf("%d meetings, %d rejected, %d adjusted", len(f.Meetings), len(f.Rejected), len(f.Adjusted))
	}
	if r := f.Rejected[0]; r.Slug != "broken" || r.Index != 2 || r.Meeting.Name != "Broken" || !hasProblem(r, "time", CodeInvalid) {
		t.Errorf("rejected %+v", r)
	}
	if r := f.Adjusted[0]; r.Slug != "mended" || r.Index != 1 || r.Meeting.Name != "" {
		t.Errorf("adjusted %+v", r)
	}
	if _, err := DecodeAll(strings.NewReader(`{}`), Options{}); err == nil {
		t.Error("DecodeAll of an object: no error")
	}
}

// TestEncoderStreams checks that the encoder writes as it goes rather
// than holding the feed.
func TestEncoderStreams(t *testing.T) {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, Entity{})
	for i := range 2000 {
		m := validMeeting()
		m.Slug = "m" + strconv.Itoa(i)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() == 0 {
		t.Error("nothing written before Close")
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
}
