package meetingguide

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// validMeeting is a meeting every test may start from.
func validMeeting() Meeting {
	return Meeting{
		Name: "Lunch Bunch", Slug: "lunch-bunch", Days: []time.Weekday{time.Monday},
		Time: "12:00", EndTime: "13:00", TimeZone: "America/Chicago",
		FormattedAddress: "1 Elm St, Springfield, IL 62701, USA",
	}
}

// encode writes meetings with a fresh encoder and returns the feed.
func encode(t testing.TB, entity Entity, ms ...Meeting) string {
	t.Helper()
	var buf bytes.Buffer
	enc := NewEncoder(&buf, entity)
	for _, m := range ms {
		if err := enc.Encode(m); err != nil {
			t.Fatalf("Encode(%s): %v", m.Slug, err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestEncodeExact pins the bytes of a record: field order, escaping,
// formats.
func TestEncodeExact(t *testing.T) {
	m := Meeting{
		Name: "Step & <Tradition>", Slug: "step-tradition", Days: []time.Weekday{time.Saturday},
		Time: "09:30", EndTime: "10:45", TimeZone: "America/New_York",
		FormattedAddress: "10 Elm St, Albany, NY 12207, USA", Address: "10 Elm St", City: "Albany",
		State: "NY", PostalCode: "12207", Country: "US", Coordinates: &LatLon{42.652580123, -73.756230},
		Location: "St. Mark's", LocationNotes: "Basement.\nUse the side door.", Regions: []string{"Capital District", "Albany", "Center Square"},
		Notes: "Tab\there, quote \" backslash \\ line\u2028sep", ConferenceURL: "https://meet.example.org/step",
		ConferenceURLNotes: "Passcode 12", ConferencePhone: "+15185550100,,12#", ConferencePhoneNotes: "ID 12",
		Types: []string{"O", "ST", "TR"}, Group: "Saturday Group", GroupNotes: "Since 1987.",
		Venmo: "@Sat", Square: "$Sat", PayPal: "SatGroup", HomegroupOnline: "sat-group",
		Updated: time.Date(2026, 2, 3, 4, 5, 6, 789, time.FixedZone("EST", -5*3600)),
		URL:     "https://example.org/m/step", EditURL: "https://example.org/e/step", FeedbackURL: "mailto:fix@example.org",
		FeedbackEmails: []string{"fix@example.org"},
		Entity: Entity{Name: "Capital Intergroup", Email: "info@example.org", Location: "Capital District, New York",
			Logo: "https://example.org/logo.svg", Phone: "+1-518-555-0199", WebsiteURL: "https://example.org",
			FeedbackEmails: []string{"updates@example.org"}},
		Contacts: [3]Contact{{Name: "Jo", Email: "jo@example.org", Phone: "518-555-0101"}, {}, {Name: "Al"}},
	}
	want := `[
{"name":"Step \u0026 \u003cTradition\u003e","slug":"step-tradition","day":6,"time":"09:30","end_time":"10:45",` +
		`"timezone":"America/New_York","formatted_address":"10 Elm St, Albany, NY 12207, USA","address":"10 Elm St",` +
		`"city":"Albany","state":"NY","postal_code":"12207","country":"US","approximate":"no",` +
		`"latitude":42.65258,"longitude":-73.75623,"location":"St. Mark's","location_notes":"Basement.\nUse the side door.",` +
		`"region":"Capital District","sub_region":"Albany","regions":["Capital District","Albany","Center Square"],` +
		`"notes":"Tab\there, quote \" backslash \\ line\u2028sep","conference_url":"https://meet.example.org/step",` +
		`"conference_url_notes":"Passcode 12","conference_phone":"+15185550100,,12#","conference_phone_notes":"ID 12",` +
		`"types":["O","ST","TR"],"group":"Saturday Group","group_notes":"Since 1987.","venmo":"@Sat","square":"$Sat",` +
		`"paypal":"SatGroup","homegroup_online":"sat-group","updated":"2026-02-03 09:05:06",` +
		`"url":"https://example.org/m/step","edit_url":"https://example.org/e/step","feedback_url":"mailto:fix@example.org",` +
		`"feedback_emails":["fix@example.org"],"entity":"Capital Intergroup","entity_email":"info@example.org",` +
		`"entity_location":"Capital District, New York","entity_logo":"https://example.org/logo.svg",` +
		`"entity_phone":"+1-518-555-0199","entity_website_url":"https://example.org","entity_url":"https://example.org",` +
		`"entity_feedback_emails":["updates@example.org"],"contact_1_name":"Jo","contact_1_email":"jo@example.org",` +
		`"contact_1_phone":"518-555-0101","contact_3_name":"Al"}
]
`
	if got := encode(t, Entity{}, m); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	var v []map[string]any
	if err := json.Unmarshal([]byte(want), &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
}

func TestEncodeMinimal(t *testing.T) {
	want := `[
{"name":"Lunch Bunch","slug":"lunch-bunch","day":1,"time":"12:00","end_time":"13:00","timezone":"America/Chicago","formatted_address":"1 Elm St, Springfield, IL 62701, USA","approximate":"no"}
]
`
	if got := encode(t, Entity{}, validMeeting()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEncodeEmpty(t *testing.T) {
	if got := encode(t, Entity{}); got != "[]\n" {
		t.Errorf("%q", got)
	}
}

// TestEncodeDays writes one record per day: SLUG-DAY for a meeting on
// several days, the plain slug for one day or none.
func TestEncodeDays(t *testing.T) {
	multi := validMeeting()
	multi.Days = []time.Weekday{5, 1, 3}
	appointment := validMeeting()
	appointment.Slug, appointment.Days, appointment.Time, appointment.EndTime = "by-appointment", nil, "", ""
	feed := encode(t, Entity{}, multi, appointment)
	var got []struct {
		Slug string `json:"slug"`
		Day  *int   `json:"day"`
		Time string `json:"time"`
	}
	if err := json.Unmarshal([]byte(feed), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"lunch-bunch-1/1", "lunch-bunch-3/3", "lunch-bunch-5/5", "by-appointment/-"}
	if len(got) != len(want) {
		t.Fatalf("%d records: %s", len(got), feed)
	}
	for i, r := range got {
		day := "-"
		if r.Day != nil {
			day = string(rune('0' + *r.Day))
		}
		if r.Slug+"/"+day != want[i] {
			t.Errorf("record %d: %s/%s, want %s", i, r.Slug, day, want[i])
		}
	}
	if strings.Contains(feed, `"day":[`) {
		t.Error("a day array was written")
	}
}

// TestEncodeRefuses checks that an invalid meeting, or one whose slugs are
// taken, is refused without writing anything, and the feed goes on.
func TestEncodeRefuses(t *testing.T) {
	var buf bytes.Buffer
	enc := NewEncoder(&buf, Entity{})
	bad := validMeeting()
	bad.Time = "25:00"
	multi := validMeeting()
	multi.Slug, multi.Days = "noon", []time.Weekday{1, 3}
	clash := validMeeting()
	clash.Slug = "noon-3"
	clashDay := validMeeting()
	clashDay.Slug, clashDay.Days = "noon-4", []time.Weekday{4}
	same := validMeeting()
	for _, tc := range []struct {
		m    Meeting
		want Code
	}{
		{validMeeting(), ""},
		{bad, CodeInvalid},
		{same, CodeDuplicate},
		{multi, ""},
		{clash, CodeDuplicate},
		{clashDay, CodeDuplicate},
	} {
		err := enc.Encode(tc.m)
		var inv *InvalidMeetingError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.m.Slug, err)
		case tc.want != "" && (!errors.As(err, &inv) || inv.Problems[0].Code != tc.want || inv.Slug != tc.m.Slug):
			t.Errorf("%s: error %v, want %s", tc.m.Slug, err, tc.want)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	recs := decodeAll(t, buf.String(), Options{})
	if len(recs) != 3 {
		t.Errorf("%d records written, want 3:\n%s", len(recs), buf.String())
	}
	if err := enc.Encode(validMeeting()); !errors.Is(err, ErrClosed) {
		t.Errorf("Encode after Close: %v", err)
	}
	if err := enc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestEncodeEntity puts the operator's entity into every record.
func TestEncodeEntity(t *testing.T) {
	m := validMeeting()
	m.Entity = Entity{Name: "Someone Else", Email: "else@example.org"}
	op := Entity{Name: "Springfield Intergroup", WebsiteURL: "https://springfield.example.org"}
	rec := decodeOne(t, encode(t, op, m), Options{})
	if e := rec.Meeting.Entity; e.Name != op.Name || e.WebsiteURL != op.WebsiteURL || e.Email != "" {
		t.Errorf("entity %+v", e)
	}
	// Without an operator entity, the meeting's own is written.
	rec = decodeOne(t, encode(t, Entity{}, m), Options{})
	if rec.Meeting.Entity.Name != "Someone Else" {
		t.Errorf("entity %+v", rec.Meeting.Entity)
	}
	// An operator entity without a name makes every meeting invalid.
	err := NewEncoder(new(bytes.Buffer), Entity{Email: "x@example.org"}).Encode(validMeeting())
	if err == nil || !strings.Contains(err.Error(), "entity") {
		t.Errorf("error %v", err)
	}
}

func TestEncodeInvalidUTF8(t *testing.T) {
	m := validMeeting()
	m.Notes = "caf\xe9"
	err := NewEncoder(new(bytes.Buffer), Entity{}).Encode(m)
	var inv *InvalidMeetingError
	if !errors.As(err, &inv) || inv.Problems[0].Field != "notes" {
		t.Errorf("error %v", err)
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 100 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestEncodeWriteError: a failed write is returned by every later call.
func TestEncodeWriteError(t *testing.T) {
	enc := NewEncoder(&failingWriter{}, Entity{})
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		m := validMeeting()
		m.Slug = "m-" + strings.Repeat("x", i%10) + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		err = enc.Encode(m)
	}
	if err == nil {
		err = enc.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v", err)
	}
	if err2 := enc.Close(); err2 != err {
		t.Errorf("Close after a failed write: %v", err2)
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		"":              `""`,
		"plain":         `"plain"`,
		"a\"b\\c":       `"a\"b\\c"`,
		"\x00\x1f\x7f":  `"\u0000\u001f` + "\x7f" + `"`,
		"\r\n\t":        `"\r\n\t"`,
		"<a&b>":         `"\u003ca\u0026b\u003e"`,
		"\u2028\u2029":  `"\u2028\u2029"`,
		"bad \xff byte": `"bad \ufffd byte"`,
		"ünïcödé 日本 🙂":  `"ünïcödé 日本 🙂"`,
	} {
		got := string(appendJSONString(nil, in))
		if got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}
