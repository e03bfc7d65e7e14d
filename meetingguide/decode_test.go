package meetingguide

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zone files
)

// decodeAll decodes a feed and fails the test on a stopping error.
func decodeAll(t testing.TB, feed string, opts Options) []Record {
	t.Helper()
	var recs []Record
	for rec, err := range Decode(strings.NewReader(feed), opts) {
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		recs = append(recs, rec)
	}
	return recs
}

// decodeOne decodes a feed of one record.
func decodeOne(t testing.TB, feed string, opts Options) Record {
	t.Helper()
	recs := decodeAll(t, feed, opts)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	return recs[0]
}

// decodeErr decodes a feed and returns its stopping error.
func decodeErr(r io.Reader, opts Options) (records int, err error) {
	for _, err := range Decode(r, opts) {
		if err != nil {
			return records, err
		}
		records++
	}
	return records, nil
}

func hasAdjustment(rec Record, field string, code Code) bool {
	return slices.ContainsFunc(rec.Adjustments, func(a Adjustment) bool { return a.Field == field && a.Code == code })
}

func hasProblem(rec Record, field string, code Code) bool {
	return slices.ContainsFunc(rec.Problems, func(p Problem) bool { return p.Field == field && p.Code == code })
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// record builds a one-record feed from a valid base and changes: a field
// set to nil is removed.
func record(changes map[string]any) string {
	fields := map[string]any{
		"name": "Lunch Bunch", "slug": "lunch-bunch", "day": 1, "time": "12:00", "end_time": "13:00",
		"timezone": "America/Chicago", "formatted_address": "1 Elm St, Springfield, IL 62701, USA",
	}
	for k, v := range changes {
		if v == nil {
			delete(fields, k)
		} else {
			fields[k] = v
		}
	}
	var b strings.Builder
	b.WriteString("[{")
	for i, k := range slices.Sorted(mapsKeys(fields)) {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:", k)
		switch v := fields[k].(type) {
		case raw:
			b.WriteString(string(v))
		case string:
			b.Write(appendJSONString(nil, v))
		default:
			fmt.Fprint(&b, v)
		}
	}
	b.WriteString("}]")
	return b.String()
}

// raw is JSON written as it is into a record.
type raw string

func mapsKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestDecodeSpecExample(t *testing.T) {
	rec := decodeOne(t, readTestdata(t, "spec-example.json"), Options{})
	if !rec.Accepted() {
		t.Fatalf("rejected: %v", rec.Problems)
	}
	if len(rec.Adjustments) != 0 {
		t.Errorf("adjustments: %v", rec.Adjustments)
	}
	want := Meeting{
		Name: "Sunday Serenity", Slug: "sunday-serenity-14", Days: []time.Weekday{time.Sunday},
		Time: "18:00", EndTime: "19:30", TimeZone: "America/Los_Angeles",
		Address: "123 Main Street", City: "Anytown", State: "CA", PostalCode: "98765", Country: "US",
		Location: "Alano Club", Notes: "Ring buzzer. Meeting is on the 2nd floor.",
		Types: []string{"O", "T", "LGBTQ"}, Updated: time.Date(2014, 5, 31, 14, 32, 23, 0, time.UTC),
		URL: "https://district123.org/meetings/sunday-serenity", Group: "The Serenity Group",
		Entity: Entity{
			Name: "District 123", Email: "info@district123.org", Location: "Example County, California",
			Logo: "https://district123.org/images/logo.svg", Phone: "+1-123-456-7890",
			WebsiteURL: "https://district123.org", FeedbackEmails: []string{"meetingupdates@district123.org"},
		},
	}
	if diff := diffMeetings(rec.Meeting, want); diff != "" {
		t.Error(diff)
	}
	if a := rec.Meeting.Attendance(); a != InPerson {
		t.Errorf("attendance %s", a)
	}
}

// TestDecodeVaried reads hand-written records covering the format's
// variants.
func TestDecodeVaried(t *testing.T) {
	recs := decodeAll(t, readTestdata(t, "varied.json"), Options{})
	bySlug := make(map[string]Record)
	for _, r := range recs {
		if !r.Accepted() {
			t.Errorf("record %d (%s) rejected: %v", r.Index, r.Slug, r.Problems)
		}
		bySlug[r.Meeting.Slug] = r
	}
	if len(recs) != 8 {
		t.Fatalf("%d records", len(recs))
	}

	t.Run("minimal", func(t *testing.T) {
		r := bySlug["minimal"]
		if len(r.Adjustments) != 0 || r.Meeting.Attendance() != InPerson {
			t.Errorf("%v %s", r.Adjustments, r.Meeting.Attendance())
		}
	})
	t.Run("integer slug", func(t *testing.T) {
		r := bySlug["4021"]
		m := r.Meeting
		if r.Slug != "4021" || m.PostalCode != "60606" || *m.Coordinates != (LatLon{41.88206, -87.63823}) {
			t.Errorf("%q %q %v", r.Slug, m.PostalCode, m.Coordinates)
		}
	})
	t.Run("day array", func(t *testing.T) {
		m := bySlug["noon-lifeline"].Meeting
		if !slices.Equal(m.Days, []time.Weekday{1, 3, 5}) {
			t.Errorf("days %v", m.Days)
		}
		if !slices.Equal(m.Regions, []string{"Colorado", "Denver", "Downtown"}) || m.LocationNotes != "Side door.\nBasement room." {
			t.Errorf("%q %q", m.Regions, m.LocationNotes)
		}
	})
	t.Run("missing end time", func(t *testing.T) {
		r := bySlug["no-end-time"]
		if r.Meeting.EndTime != "00:30" || !hasAdjustment(r, "end_time", CodeDefaulted) {
			t.Errorf("end %q, %v", r.Meeting.EndTime, r.Adjustments)
		}
		if !slices.Equal(r.Meeting.Regions, []string{"Westside", "Santa Monica"}) {
			t.Errorf("regions %q", r.Meeting.Regions)
		}
	})
	t.Run("entity_url", func(t *testing.T) {
		e := bySlug["entity-url"].Meeting.Entity
		if e.WebsiteURL != "https://oxford.example.org" || e.Name != "Oxford Intergroup" {
			t.Errorf("%+v", e)
		}
	})
	t.Run("online with approximate address", func(t *testing.T) {
		r := bySlug["night-owls"]
		m := r.Meeting
		if m.Attendance() != Online || !m.Approximate || m.ConferencePhone != "+13125551234,,5551234567#" {
			t.Errorf("%s %v %q", m.Attendance(), m.Approximate, m.ConferencePhone)
		}
		if m.Venmo != "@NightOwls" || m.Square != "$NightOwls" || m.PayPal != "NightOwlsGroup" || m.HomegroupOnline != "night-owls" {
			t.Errorf("seventh tradition: %q %q %q %q", m.Venmo, m.Square, m.PayPal, m.HomegroupOnline)
		}
		if len(r.Adjustments) != 0 {
			t.Errorf("adjustments %v", r.Adjustments)
		}
	})
	t.Run("hybrid", func(t *testing.T) {
		m := bySlug["both-ways"].Meeting
		if m.Attendance() != Hybrid {
			t.Errorf("attendance %s", m.Attendance())
		}
		if !slices.Equal(m.Types, []string{"O", "X", "SP"}) {
			t.Errorf("types %v: a hybrid meeting keeps its in-person types", m.Types)
		}
		want := [3]Contact{{Name: "Sam T.", Email: "sam@example.org", Phone: "416-555-0100"}, {}, {Name: "Pat"}}
		if m.Contacts != want {
			t.Errorf("contacts %+v", m.Contacts)
		}
		if !m.Updated.Equal(time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)) || m.FeedbackURL == "" || m.EditURL == "" || m.URL == "" {
			t.Errorf("%v %q %q %q", m.Updated, m.FeedbackURL, m.EditURL, m.URL)
		}
	})
	t.Run("temporarily closed", func(t *testing.T) {
		if a := bySlug["closed-for-now"].Meeting.Attendance(); a != Inactive {
			t.Errorf("attendance %s", a)
		}
	})
}

func TestAttendance(t *testing.T) {
	addr := Meeting{FormattedAddress: "1 Elm St, Springfield, IL 62701, USA"}
	area := Meeting{FormattedAddress: "Springfield, IL, USA", Approximate: true}
	with := func(m Meeting, f func(*Meeting)) Meeting { f(&m); return m }
	zoom := func(m *Meeting) { m.ConferenceURL = "https://zoom.us/j/1" }
	phone := func(m *Meeting) { m.ConferencePhone = "+13125551234" }
	closed := func(m *Meeting) { m.Types = []string{"O", "TC"} }
	for name, tc := range map[string]struct {
		m    Meeting
		want Attendance
	}{
		"address":                    {addr, InPerson},
		"address and url":            {with(addr, zoom), Hybrid},
		"address and phone":          {with(addr, phone), Hybrid},
		"approximate and url":        {with(area, zoom), Online},
		"no address and phone":       {with(Meeting{}, phone), Online},
		"closed":                     {with(addr, closed), Inactive},
		"closed with url":            {with(with(addr, closed), zoom), Online},
		"approximate, nothing else":  {area, InPerson},
		"closed, approximate, phone": {with(with(area, closed), phone), Online},
	} {
		if got := tc.m.Attendance(); got != tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}
}

// TestDecodeRejects covers every reason to reject a record.
func TestDecodeRejects(t *testing.T) {
	for name, tc := range map[string]struct {
		changes map[string]any
		opts    Options
		field   string
		code    Code
	}{
		"no slug":              {map[string]any{"slug": nil}, Options{}, "slug", CodeRequired},
		"empty slug":           {map[string]any{"slug": "  "}, Options{}, "slug", CodeRequired},
		"slug with spaces":     {map[string]any{"slug": "lunch bunch"}, Options{}, "slug", CodeInvalid},
		"slug too long":        {map[string]any{"slug": strings.Repeat("a", 65)}, Options{}, "slug", CodeTooLong},
		"multi-day slug long":  {map[string]any{"slug": strings.Repeat("a", 63), "day": raw("[1,2]")}, Options{}, "slug", CodeTooLong},
		"slug a float":         {map[string]any{"slug": raw("1.5")}, Options{}, "slug", CodeWrongType},
		"no name":              {map[string]any{"name": nil}, Options{}, "name", CodeRequired},
		"name a number":        {map[string]any{"name": raw("42")}, Options{}, "name", CodeWrongType},
		"day without time":     {map[string]any{"time": nil, "end_time": nil}, Options{}, "time", CodeRequired},
		"time without day":     {map[string]any{"day": nil}, Options{}, "day", CodeRequired},
		"day out of range":     {map[string]any{"day": 7}, Options{}, "day", CodeOutOfRange},
		"day a word":           {map[string]any{"day": "Monday"}, Options{}, "day", CodeWrongType},
		"day an object":        {map[string]any{"day": raw(`{"d":1}`)}, Options{}, "day", CodeWrongType},
		"bad time":             {map[string]any{"time": "noon"}, Options{}, "time", CodeInvalid},
		"time 25:00":           {map[string]any{"time": "25:00"}, Options{}, "time", CodeInvalid},
		"time a number":        {map[string]any{"time": raw("1200")}, Options{}, "time", CodeWrongType},
		"bad end time":         {map[string]any{"end_time": "1pm"}, Options{}, "end_time", CodeInvalid},
		"end long before":      {map[string]any{"time": "19:00", "end_time": "07:30"}, Options{}, "end_time", CodeInvalid},
		"no address":           {map[string]any{"formatted_address": nil}, Options{}, "formatted_address", CodeRequired},
		"approximate only":     {map[string]any{"approximate": "yes"}, Options{}, "approximate", CodeInvalid},
		"no time zone":         {map[string]any{"timezone": nil}, Options{}, "timezone", CodeRequired},
		"unknown zone":         {map[string]any{"timezone": "Mars/Olympus_Mons"}, Options{}, "timezone", CodeInvalid},
		"zone Local":           {map[string]any{"timezone": "Local"}, Options{}, "timezone", CodeInvalid},
		"unknown zone default": {map[string]any{"timezone": "Nowhere"}, Options{DefaultTimeZone: "UTC"}, "timezone", CodeInvalid},
		"latitude too big":     {map[string]any{"latitude": 91, "longitude": 0.5}, Options{}, "latitude", CodeOutOfRange},
		"longitude too big":    {map[string]any{"latitude": 1, "longitude": -180.5}, Options{}, "longitude", CodeOutOfRange},
		"latitude alone":       {map[string]any{"latitude": 41.9}, Options{}, "latitude", CodeRequired},
		"latitude a word":      {map[string]any{"latitude": "north", "longitude": 1}, Options{}, "latitude", CodeWrongType},
		"latitude NaN":         {map[string]any{"latitude": "NaN", "longitude": 1}, Options{}, "latitude", CodeWrongType},
		"types an object":      {map[string]any{"types": raw(`{"O":true}`)}, Options{}, "types", CodeWrongType},
		"types of numbers":     {map[string]any{"types": raw(`["O",1]`)}, Options{}, "types", CodeWrongType},
		"regions a number":     {map[string]any{"regions": raw(`3`)}, Options{}, "regions", CodeWrongType},
		"notes an array":       {map[string]any{"notes": raw(`["a"]`)}, Options{}, "notes", CodeWrongType},
		"phone a boolean":      {map[string]any{"conference_phone": raw(`true`)}, Options{}, "conference_phone", CodeWrongType},
	} {
		t.Run(name, func(t *testing.T) {
			rec := decodeOne(t, record(tc.changes), tc.opts)
			if rec.Accepted() {
				t.Fatalf("accepted: %+v", rec.Meeting)
			}
			if !hasProblem(rec, tc.field, tc.code) {
				t.Errorf("problems %v, want %s on %s", rec.Problems, tc.code, tc.field)
			}
			for _, p := range rec.Problems {
				if p.Message == "" {
					t.Errorf("problem without a message: %+v", p)
				}
			}
		})
	}
}

// TestDecodeAdjusts covers what reading mends, and what it leaves out.
func TestDecodeAdjusts(t *testing.T) {
	online := map[string]any{"formatted_address": "Springfield, IL, USA", "approximate": "yes", "conference_url": "https://zoom.us/j/1"}
	with := func(base map[string]any, more map[string]any) map[string]any {
		m := make(map[string]any)
		for k, v := range base {
			m[k] = v
		}
		for k, v := range more {
			m[k] = v
		}
		return m
	}
	for name, tc := range map[string]struct {
		changes map[string]any
		opts    Options
		field   string
		code    Code
		check   func(m Meeting) bool
	}{
		"end time missing":     {map[string]any{"end_time": nil}, Options{}, "end_time", CodeDefaulted, func(m Meeting) bool { return m.EndTime == "13:00" }},
		"end time equal":       {map[string]any{"end_time": "12:00"}, Options{}, "end_time", CodeDefaulted, func(m Meeting) bool { return m.EndTime == "13:00" }},
		"end time 24:00":       {map[string]any{"end_time": "24:00"}, Options{}, "end_time", CodeNormalized, func(m Meeting) bool { return m.EndTime == "00:00" }},
		"time H:MM":            {map[string]any{"time": "7:05", "end_time": "8:05"}, Options{}, "time", CodeNormalized, func(m Meeting) bool { return m.Time == "07:05" && m.EndTime == "08:05" }},
		"time with seconds":    {map[string]any{"time": "12:00:00"}, Options{}, "time", CodeNormalized, func(m Meeting) bool { return m.Time == "12:00" }},
		"day as string":        {map[string]any{"day": "3"}, Options{}, "day", CodeNormalized, func(m Meeting) bool { return slices.Equal(m.Days, []time.Weekday{3}) }},
		"day repeated":         {map[string]any{"day": raw("[3,1,3]")}, Options{}, "day", CodeDuplicate, func(m Meeting) bool { return slices.Equal(m.Days, []time.Weekday{1, 3}) }},
		"day out of range":     {map[string]any{"day": raw("[1,9]")}, Options{}, "day", CodeDropped, func(m Meeting) bool { return slices.Equal(m.Days, []time.Weekday{1}) }},
		"zone from default":    {map[string]any{"timezone": nil}, Options{DefaultTimeZone: "America/Denver"}, "timezone", CodeDefaulted, func(m Meeting) bool { return m.TimeZone == "America/Denver" }},
		"phone stripped":       {with(online, map[string]any{"conference_phone": "+1 (312) 555-1234,,99#"}), Options{}, "conference_phone", CodeNormalized, func(m Meeting) bool { return m.ConferencePhone == "+13125551234,,99#" }},
		"phone as integer":     {with(online, map[string]any{"conference_phone": raw("13125551234")}), Options{}, "", "", func(m Meeting) bool { return m.ConferencePhone == "13125551234" }},
		"phone too short":      {with(online, map[string]any{"conference_phone": "555-1234"}), Options{}, "conference_phone", CodeDropped, func(m Meeting) bool { return m.ConferencePhone == "" }},
		"in-person types":      {with(online, map[string]any{"types": raw(`["O","BA","X","CAN","TC","D"]`)}), Options{}, "types", CodeDropped, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O", "TC", "D"}) }},
		"in-person types (NA)": {with(online, map[string]any{"types": raw(`["O","SMOK","X"]`)}), Options{Program: ProgramNA}, "types", CodeDropped, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O"}) }},
		"unknown type kept":    {map[string]any{"types": raw(`["O","SEC"]`)}, Options{}, "types", CodeUnknown, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O", "SEC"}) }},
		"type case mended":     {map[string]any{"types": raw(`["o","12X12"]`)}, Options{}, "types", CodeNormalized, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O", "12x12"}) }},
		"type repeated":        {map[string]any{"types": raw(`["O","O"]`)}, Options{}, "types", CodeDuplicate, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O"}) }},
		"types one string":     {map[string]any{"types": "O, D"}, Options{}, "types", CodeNormalized, func(m Meeting) bool { return slices.Equal(m.Types, []string{"O", "D"}) }},
		"url without scheme":   {with(online, map[string]any{"conference_url": "zoom.us/j/123"}), Options{}, "conference_url", CodeNormalized, func(m Meeting) bool { return m.ConferenceURL == "https://zoom.us/j/123" }},
		"javascript url":       {map[string]any{"url": "javascript:alert(1)"}, Options{}, "url", CodeDropped, func(m Meeting) bool { return m.URL == "" }},
		"feedback email":       {map[string]any{"feedback_url": "fix@example.org"}, Options{}, "feedback_url", CodeNormalized, func(m Meeting) bool { return m.FeedbackURL == "mailto:fix@example.org" }},
		"feedback mailto":      {map[string]any{"feedback_url": "mailto:fix@example.org?subject=x"}, Options{}, "", "", func(m Meeting) bool { return m.FeedbackURL == "mailto:fix@example.org?subject=x" }},
		"bad email":            {map[string]any{"contact_2_email": "not an address"}, Options{}, "contact_2_email", CodeDropped, func(m Meeting) bool { return m.Contacts[1].Email == "" }},
		"emails in a string": {map[string]any{"feedback_emails": "a@example.org, b@example.org"}, Options{}, "", "", func(m Meeting) bool {
			return slices.Equal(m.FeedbackEmails, []string{"a@example.org", "b@example.org"})
		}},
		"name too long":       {map[string]any{"name": strings.Repeat("é", 300)}, Options{}, "name", CodeTruncated, func(m Meeting) bool { return m.Name == strings.Repeat("é", 255) }},
		"name with newline":   {map[string]any{"name": " Lunch\nBunch\u0000 "}, Options{}, "", "", func(m Meeting) bool { return m.Name == "Lunch Bunch" }},
		"coordinates rounded": {map[string]any{"latitude": "39.7392358", "longitude": -104.990251}, Options{}, "", "", func(m Meeting) bool { return *m.Coordinates == LatLon{39.73924, -104.99025} }},
		"coordinates 0,0":     {map[string]any{"latitude": 0, "longitude": 0}, Options{}, "latitude", CodeDropped, func(m Meeting) bool { return m.Coordinates == nil }},
		"coordinates empty":   {map[string]any{"latitude": "", "longitude": ""}, Options{}, "", "", func(m Meeting) bool { return m.Coordinates == nil }},
		"approximate maybe":   {map[string]any{"approximate": "maybe"}, Options{}, "approximate", CodeDropped, func(m Meeting) bool { return !m.Approximate }},
		"approximate boolean": {with(online, map[string]any{"approximate": raw("true")}), Options{}, "", "", func(m Meeting) bool { return m.Approximate }},
		"updated RFC 3339":    {map[string]any{"updated": "2026-03-01T09:30:00-06:00"}, Options{}, "updated", CodeNormalized, func(m Meeting) bool { return m.Updated.Equal(time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC)) }},
		"updated nonsense":    {map[string]any{"updated": "yesterday"}, Options{}, "updated", CodeDropped, func(m Meeting) bool { return m.Updated.IsZero() }},
		"entity without name": {map[string]any{"entity_email": "info@example.org"}, Options{}, "entity", CodeDropped, func(m Meeting) bool { return m.Entity.IsZero() }},
		"entity urls differ":  {map[string]any{"entity": "E", "entity_website_url": "https://a.example.org", "entity_url": "https://b.example.org"}, Options{}, "entity_url", CodeDropped, func(m Meeting) bool { return m.Entity.WebsiteURL == "https://a.example.org" }},
		"unknown fields":      {map[string]any{"attendance_option": "in_person", "id": 7, "meta": raw(`{"a":[1,{"b":2}]}`)}, Options{}, "", "", func(m Meeting) bool { return true }},
		"null fields":         {map[string]any{"notes": raw("null"), "types": raw("null"), "latitude": raw("null"), "longitude": raw("null")}, Options{}, "", "", func(m Meeting) bool { return m.Notes == "" && m.Types == nil }},
	} {
		t.Run(name, func(t *testing.T) {
			rec := decodeOne(t, record(tc.changes), tc.opts)
			if !rec.Accepted() {
				t.Fatalf("rejected: %v", rec.Problems)
			}
			if tc.field == "" && len(rec.Adjustments) > 0 {
				t.Errorf("adjustments %v, want none", rec.Adjustments)
			}
			if tc.field != "" && !hasAdjustment(rec, tc.field, tc.code) {
				t.Errorf("adjustments %v, want %s on %s", rec.Adjustments, tc.code, tc.field)
			}
			if !tc.check(rec.Meeting) {
				t.Errorf("meeting %+v", rec.Meeting)
			}
			if p := rec.Meeting.Validate(); p != nil {
				t.Errorf("accepted an invalid meeting: %v", p)
			}
		})
	}
}

func TestDecodeDuplicateSlugs(t *testing.T) {
	feed := `[
		{"name":"A","slug":"a","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"B","slug":"a","day":2,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"C","slug":"c","day":[1,2],"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"D","slug":"c-2","day":4,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"E","slug":"c-3","day":3,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"F","slug":"f-5","day":5,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"G","slug":"f","day":[5,6],"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"H","slug":"bad","time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"I","slug":"bad","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"J","slug":7,"day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"},
		{"name":"K","slug":"7","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"}
	]`
	recs := decodeAll(t, feed, Options{})
	var got []string
	for _, r := range recs {
		if r.Accepted() {
			got = append(got, r.Meeting.Name)
		} else if !hasProblem(r, "slug", CodeDuplicate) && r.Meeting.Name != "H" {
			t.Errorf("%s rejected for %v", r.Meeting.Name, r.Problems)
		}
	}
	// B repeats a; D takes C's Tuesday slug; E is C-3 on day 3, beside a
	// several-day C; G would be written as F-5; H has no day; I follows a
	// rejected record, so its slug is free; K is J's slug as a string.
	if want := []string{"A", "C", "F", "I", "J"}; !slices.Equal(got, want) {
		t.Errorf("accepted %v, want %v", got, want)
	}
}

// TestDecodeErrors covers input that stops decoding: each gives a clear
// *DecodeError, and none panics.
func TestDecodeErrors(t *testing.T) {
	valid := `{"name":"A","slug":"a","day":1,"time":"10:00","timezone":"UTC","formatted_address":"x"}`
	for name, tc := range map[string]struct {
		in      string
		opts    Options
		want    error
		index   int
		field   string
		records int // before the error
	}{
		"empty":          {``, Options{}, ErrNotArray, -1, "", 0},
		"spaces":         {"  \n", Options{}, ErrNotArray, -1, "", 0},
		"not JSON":       {`<!doctype html><p>Not found`, Options{}, ErrSyntax, -1, "", 0},
		"object":         {`{"meetings":[]}`, Options{}, ErrNotArray, -1, "", 0},
		"string":         {`"meetings"`, Options{}, ErrNotArray, -1, "", 0},
		"null":           {`null`, Options{}, ErrNotArray, -1, "", 0},
		"truncated":      {`[` + valid + `,{"name":"B","sl`, Options{}, ErrSyntax, 1, "sl", 1},
		"unclosed":       {`[` + valid, Options{}, ErrSyntax, 1, "", 1},
		"bad record":     {`[` + valid + `,{"name":}]`, Options{}, ErrSyntax, 1, "", 1},
		"trailing data":  {`[` + valid + `] []`, Options{}, ErrSyntax, -1, "", 1},
		"trailing junk":  {`[]x`, Options{}, ErrSyntax, -1, "", 0},
		"too deep":       {`[` + valid + `,{"name":"B","meta":[[[[{"a":[1]}]]]]}]`, Options{MaxDepth: 5}, ErrTooDeep, 1, "meta", 1},
		"long string":    {`[{"name":"` + strings.Repeat("x", 2000) + `"}]`, Options{MaxStringLen: 1000}, ErrStringTooLong, 0, "name", 0},
		"long escapes":   {`[{"notes":"` + strings.Repeat(`\n`, 600) + `"}]`, Options{MaxStringLen: 1000}, ErrStringTooLong, 0, "notes", 0},
		"long key":       {`[{"` + strings.Repeat("k", 2000) + `":1}]`, Options{MaxStringLen: 1000}, ErrStringTooLong, 0, strings.Repeat("k", maxKey), 0},
		"too large":      {`[` + valid + `,` + valid + `]`, Options{MaxBytes: 120}, ErrTooLarge, 1, "day", 1},
		"too many":       {`[` + valid + `,` + valid + `,` + valid + `]`, Options{MaxRecords: 2}, ErrTooManyRecords, 2, "", 2},
		"too many nulls": {`[` + strings.Repeat(`null,`, 10) + `null]`, Options{MaxRecords: 5}, ErrTooManyRecords, 5, "", 5},
	} {
		t.Run(name, func(t *testing.T) {
			n, err := decodeErr(strings.NewReader(tc.in), tc.opts)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T), want a *DecodeError", err, err)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if de.Index != tc.index || de.Field != tc.field || n != tc.records {
				t.Errorf("record %d field %q after %d records, want record %d field %q after %d: %v", de.Index, de.Field, n, tc.index, tc.field, tc.records, err)
			}
			if !strings.HasPrefix(err.Error(), "meetingguide: ") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestDecodeNonObjectRecords(t *testing.T) {
	recs := decodeAll(t, `[1, "a", [2], null, true]`, Options{})
	if len(recs) != 5 {
		t.Fatalf("%d records", len(recs))
	}
	for _, r := range recs {
		if r.Accepted() || len(r.Problems) != 1 || r.Problems[0].Code != CodeWrongType || !strings.Contains(r.Problems[0].Message, "not an object") {
			t.Errorf("record %d: %v", r.Index, r.Problems)
		}
	}
}

func TestDecodeByteOrderMark(t *testing.T) {
	rec := decodeOne(t, "\xef\xbb\xbf"+record(nil), Options{})
	if !rec.Accepted() {
		t.Errorf("rejected: %v", rec.Problems)
	}
}

func TestDecodeBadDefaultZone(t *testing.T) {
	_, err := decodeErr(strings.NewReader(`[]`), Options{DefaultTimeZone: "Nowhere/Zone"})
	if err == nil || !strings.Contains(err.Error(), "Nowhere/Zone") {
		t.Errorf("error %v", err)
	}
}

type failingReader struct{ after io.Reader }

func (r failingReader) Read(p []byte) (int, error) {
	n, err := r.after.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestDecodeReadError(t *testing.T) {
	_, err := decodeErr(failingReader{strings.NewReader(`[` + record(nil)[1:])}, Options{})
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("error %v", err)
	}
}

// TestDecodeStopsEarly checks that breaking out of the loop stops reading.
func TestDecodeStopsEarly(t *testing.T) {
	gen := &feedReader{records: 100_000}
	for range Decode(gen, Options{}) {
		break
	}
	if gen.read > 1<<20 {
		t.Errorf("%d bytes read for one record", gen.read)
	}
}

// TestDecodeHugeStream feeds a generated stream of more than 50 MB (a
// thousand records, then blank space that never ends): the default limit
// stops it with ErrTooLarge, without holding it in memory.
func TestDecodeHugeStream(t *testing.T) {
	gen := &feedReader{records: 1000, endless: true}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, err := decodeErr(gen, Options{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	var de *DecodeError
	errors.As(err, &de)
	if de.Offset != DefaultMaxBytes || n != 1000 || de.Index != 1000 {
		t.Errorf("offset %d after %d records (error at record %d)", de.Offset, n, de.Index)
	}
	if gen.read > DefaultMaxBytes+1 {
		t.Errorf("read %d bytes to find the feed too large", gen.read)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("allocated %d bytes to read a 50 MiB stream", grew)
	}
}

// TestDecodeDeepNesting sends 10,000 nested arrays, and the same inside a
// record's field.
func TestDecodeDeepNesting(t *testing.T) {
	for name, in := range map[string]string{
		"arrays":  strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000),
		"objects": "[" + strings.Repeat(`{"a":`, 10_000) + "1" + strings.Repeat("}", 10_000) + "]",
		"field":   `[{"name":"A","types":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}]`,
		"open":    strings.Repeat("[", 10_000),
	} {
		_, err := decodeErr(strings.NewReader(in), Options{})
		var de *DecodeError
		if !errors.Is(err, ErrTooDeep) || !errors.As(err, &de) || de.Index != 0 {
			t.Errorf("%s: error %v", name, err)
		}
		if name == "field" && de.Field != "types" {
			t.Errorf("%s: field %q", name, de.Field)
		}
	}
}

var blank = bytes.Repeat([]byte(" "), 64<<10)

// feedReader generates a feed of valid records, without holding it.
type feedReader struct {
	records int // how many
	next    int // records made
	buf     []byte
	off     int   // of the unread part of buf
	read    int64 // bytes given
	done    bool
	endless bool // after the records, blank space for ever
}

func (g *feedReader) Read(p []byte) (int, error) {
	for g.off == len(g.buf) {
		g.buf, g.off = g.buf[:0], 0
		switch {
		case g.done:
			return 0, io.EOF
		case g.next == g.records && g.endless:
			g.buf = append(g.buf, blank...)
		case g.next == g.records:
			g.buf, g.done = append(g.buf, "\n]\n"...), true
		default:
			if g.next == 0 {
				g.buf = append(g.buf, '[')
			} else {
				g.buf = append(g.buf, ",\n"...)
			}
			g.buf = appendGeneratedRecord(g.buf, g.next)
			g.next++
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	g.read += int64(n)
	return n, nil
}

// appendGeneratedRecord appends a realistic record, different for each i.
// It is cheap, so that benchmarks measure the decoder, not the feed.
func appendGeneratedRecord(b []byte, i int) []byte {
	num := func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	b = append(b, `{"name":"Meeting number `...)
	b = num(b, i)
	b = append(b, `","slug":"meeting-`...)
	b = num(b, i)
	b = append(b, `","day":`...)
	b = num(b, i%7)
	b = append(b, `,"time":"`...)
	b = two(b, 6+i%15)
	b = append(b, ':')
	b = two(b, i%4*15)
	b = append(b, `","end_time":"`...)
	b = two(b, 7+i%15)
	b = append(b, ':')
	b = two(b, i%4*15)
	b = append(b, `","timezone":"America/Chicago","formatted_address":"`...)
	b = num(b, 100+i%900)
	b = append(b, ` Main St, Springfield, IL 62701, USA","approximate":"no","latitude":39.`...)
	b = num(b, 10000+i%90000)
	b = append(b, `,"longitude":-89.`...)
	b = num(b, 10000+i%89989)
	b = append(b, `,"location":"Community Hall `...)
	b = num(b, i%300)
	b = append(b, `","region":"Springfield","types":["O","D","`...)
	b = append(b, [...]string{"BE", "ST", "SP", "X", "W", "M", "B"}[i%7]...)
	b = append(b, `"],"updated":"2026-01-`...)
	b = two(b, 1+i%28)
	b = append(b, ` 10:00:00","url":"https://example.org/meetings/meeting-`...)
	b = num(b, i)
	b = append(b, `","group":"Group `...)
	b = num(b, i%5000)
	return append(b, `"}`...)
}

func TestGeneratedRecordsDecode(t *testing.T) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, &feedReader{records: 50}); err != nil {
		t.Fatal(err)
	}
	for _, r := range decodeAll(t, buf.String(), Options{}) {
		if !r.Accepted() || len(r.Adjustments) > 0 {
			t.Fatalf("record %d: %v %v", r.Index, r.Problems, r.Adjustments)
		}
	}
}
