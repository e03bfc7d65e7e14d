package ical

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the same zones on every machine the tests run on
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

var update = flag.Bool("update", false, "rewrite testdata/*.ics from the current output")

// day returns a date for FirstDate.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// stamp is the DTSTAMP of the test calendars.
var stamp = time.Date(2026, time.November, 23, 18, 4, 5, 0, time.UTC)

// smallCalendar is a group's calendar: two meetings in two zones, one of
// them cancelled, with text that needs escaping and folding.
func smallCalendar() Calendar {
	return Calendar{
		Name:        "Grupo Esperanza — reuniones",
		Description: "Weekly meetings of Grupo Esperanza, Springfield.",
		Refresh:     12 * time.Hour,
		Stamp:       stamp,
		Events: []Event{
			{
				UID:         "meeting-42@hearth.example.org",
				Summary:     "Tuesday Night Hope, open; all welcome",
				Description: "Open meeting.\nBring a friend, or come alone: you belong here.\\ Coffee at 18:45.",
				Location:    "St. Mark's Hall, 12 Elm St., Springfield, IL",
				URL:         "https://hearth.example.org/groups/hope/meetings/42",
				Geo:         &Geo{Lat: 39.78172, Lon: -89.65015},
				Zone:        "America/Chicago",
				Days:        []time.Weekday{time.Thursday, time.Tuesday},
				Start:       "19:00",
				End:         "20:30",
				FirstDate:   day(2026, time.January, 1),
				Updated:     time.Date(2026, time.October, 2, 9, 30, 0, 0, time.UTC),
			},
			{
				UID:         "meeting-43@hearth.example.org",
				Summary:     "Reunión de medianoche 🌙",
				Description: "Reunión en español para quienes no pueden dormir. Pregunta por la señora Núñez en la recepción; café y té gratis. ☕🙏",
				Location:    "Calle de Alcalá 45, Madrid",
				Zone:        "Europe/Madrid",
				Days:        []time.Weekday{time.Saturday},
				Start:       "23:30",
				End:         "00:30",
				FirstDate:   day(2026, time.March, 2),
				Cancelled:   true,
			},
		},
	}
}

func TestGolden(t *testing.T) {
	got, err := Marshal(smallCalendar())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "calendar.ics")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s", path, got)
	}
}

// TestWellFormed checks the rules every line of every calendar must keep.
func TestWellFormed(t *testing.T) {
	out, err := Marshal(smallCalendar())
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, out)
	s := string(out)
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//Hearth meetings//EN\r\n",
		"\r\nMETHOD:PUBLISH\r\n",
		"\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.HasSuffix(s, "END:VCALENDAR\r\n") {
		t.Error("output does not end with END:VCALENDAR")
	}
	if n := strings.Count(s, "BEGIN:VTIMEZONE"); n != 2 {
		t.Errorf("%d VTIMEZONEs, want one per zone (2)", n)
	}
}

// checkLines checks that out is made of CRLF-terminated lines of at most
// 75 octets, each valid UTF-8 on its own, with no stray CR or LF.
func checkLines(t *testing.T, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Fatal("output does not end with CRLF")
	}
	for i, l := range bytes.Split(out[:len(out)-2], []byte("\r\n")) {
		if len(l) > maxLine {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.Valid(l) {
			t.Errorf("line %d is not valid UTF-8 on its own: %q", i+1, l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if len(l) == 0 {
			t.Errorf("line %d is empty", i+1)
		}
	}
}

// TestParsedBack reads the calendar back with an independent parser and
// checks that every value survives escaping and folding.
func TestParsedBack(t *testing.T) {
	in := smallCalendar()
	out, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("the parser refuses the calendar: %v", err)
	}
	text := func(props goical.Props, name string) string {
		t.Helper()
		s, err := props.Text(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	for name, want := range map[string]string{
		"PRODID":       ProdID,
		"VERSION":      "2.0",
		"METHOD":       "PUBLISH",
		"X-WR-CALNAME": in.Name,
		"NAME":         in.Name,
	} {
		if got := text(cal.Props, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	events := cal.Events()
	if len(events) != len(in.Events) {
		t.Fatalf("%d events, want %d", len(events), len(in.Events))
	}
	for i, ev := range events {
		want := in.Events[i]
		for name, w := range map[string]string{
			"UID":         want.UID,
			"SUMMARY":     want.Summary,
			"DESCRIPTION": want.Description,
			"LOCATION":    want.Location,
		} {
			if got := text(ev.Props, name); got != w {
				t.Errorf("event %d %s = %q, want %q", i, name, got, w)
			}
		}
		if want.URL != "" {
			u, err := ev.Props.URI(goical.PropURL)
			if err != nil || u.String() != want.URL {
				t.Errorf("event %d URL = %v, %v; want %s", i, u, err, want.URL)
			}
		}
		stamp, err := ev.Props.DateTime(goical.PropDateTimeStamp, nil)
		if err != nil || !stamp.Equal(in.Stamp) {
			t.Errorf("event %d DTSTAMP = %v, %v; want %v", i, stamp, err, in.Stamp)
		}
		status, err := ev.Status()
		wantStatus := goical.EventConfirmed
		if want.Cancelled {
			wantStatus = goical.EventCancelled
		}
		if err != nil || status != wantStatus {
			t.Errorf("event %d STATUS = %v, %v; want %v", i, status, err, wantStatus)
		}
		geo := ev.Props.Get(goical.PropGeo)
		switch {
		case want.Geo == nil && geo != nil:
			t.Errorf("event %d has GEO %q but no coordinates", i, geo.Value)
		case want.Geo != nil && (geo == nil || geo.Value != "39.78172;-89.65015"):
			t.Errorf("event %d GEO = %v, want 39.78172;-89.65015", i, geo)
		}
	}

	// The first meeting is on Tuesdays and Thursdays, from the first
	// Tuesday or Thursday of 2026, an hour and a half long.
	first := events[0]
	chicago, _ := time.LoadLocation("America/Chicago")
	start, err := first.DateTimeStart(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, time.January, 1, 19, 0, 0, 0, chicago); !start.Equal(want) || start.Location().String() != "America/Chicago" {
		t.Errorf("DTSTART = %v, want %v", start, want)
	}
	end, err := first.DateTimeEnd(nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := end.Sub(start); d != 90*time.Minute {
		t.Errorf("the meeting lasts %v, want 1h30m", d)
	}
	if rule := first.Props.Get(goical.PropRecurrenceRule); rule == nil || rule.Value != "FREQ=WEEKLY;BYDAY=TU,TH" {
		t.Errorf("RRULE = %v, want FREQ=WEEKLY;BYDAY=TU,TH", rule)
	}
}

func TestFoldingKeepsUTF8(t *testing.T) {
	texts := []string{
		strings.Repeat("ñ", 200),
		strings.Repeat("a", 73) + "ñ" + strings.Repeat("é", 40),
		strings.Repeat("🙏", 80),
		"x" + strings.Repeat("🌙☕", 60),
		"Reunión abierta para quienes buscan recuperación: compartimos experiencia, fortaleza y esperanza. " +
			"Niños bienvenidos 👶, café ☕ y pan dulce 🥐. Pregúntale a Begoña por el ascensor.",
	}
	for _, text := range texts {
		for pad := range 4 { // move every break across every octet of a rune
			cal := Calendar{Stamp: stamp, Events: []Event{{
				UID: "u@h", Summary: strings.Repeat("s", pad) + text, Description: text,
				Zone: "UTC", Days: []time.Weekday{time.Monday}, Start: "10:00", End: "11:00",
				FirstDate: day(2026, 1, 1),
			}}}
			out, err := Marshal(cal)
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, out)
			parsed, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
			if err != nil {
				t.Fatal(err)
			}
			ev := parsed.Events()[0]
			if got, _ := ev.Props.Text(goical.PropSummary); got != cal.Events[0].Summary {
				t.Errorf("summary came back as %q, want %q", got, cal.Events[0].Summary)
			}
			if got, _ := ev.Props.Text(goical.PropDescription); got != text {
				t.Errorf("description came back as %q, want %q", got, text)
			}
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"one\ntwo", `one\ntwo`},
		{"one\r\ntwo", `one\ntwo`},
		{"one\rtwo", `one\ntwo`},
		{"one\n\ntwo", `one\n\ntwo`},
		{"tab\tkept", "tab\tkept"},
		{"bell\adropped\x7f", "belldropped"},
		{"bad \xff octet", "bad \uFFFD octet"},
		{"colon: and \"quotes\"", "colon: and \"quotes\""},
		{"Bogotá 🌙", "Bogotá 🌙"},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStampDefaultsToLatestUpdate(t *testing.T) {
	cal := smallCalendar()
	cal.Stamp = time.Time{}
	out, err := Marshal(cal)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("\r\nDTSTAMP:20261002T093000Z\r\n")) {
		t.Errorf("DTSTAMP is not the latest Updated:\n%s", out)
	}
	again, _ := Marshal(cal)
	if !bytes.Equal(out, again) {
		t.Error("the same calendar gave different bytes")
	}

	cal.Events[0].Updated = time.Time{}
	if _, err := Marshal(cal); err == nil {
		t.Error("a calendar with no stamp at all was accepted")
	}
}

func TestEmptyCalendar(t *testing.T) {
	out, err := Marshal(Calendar{Name: "My meetings", Stamp: stamp})
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, out)
	cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events in an empty calendar", n)
	}
}

func TestInvalidEvents(t *testing.T) {
	valid := func() Event {
		return Event{UID: "u@h", Summary: "s", Zone: "Europe/Paris", Days: []time.Weekday{time.Monday},
			Start: "18:00", End: "19:00", FirstDate: day(2026, 1, 1)}
	}
	tests := []struct {
		name   string
		change func(*Event)
	}{
		{"no UID", func(e *Event) { e.UID = "" }},
		{"blank UID", func(e *Event) { e.UID = " \n" }},
		{"no zone", func(e *Event) { e.Zone = "" }},
		{"Local zone", func(e *Event) { e.Zone = "Local" }},
		{"unknown zone", func(e *Event) { e.Zone = "Mars/Olympus_Mons" }},
		{"no days", func(e *Event) { e.Days = nil }},
		{"bad weekday", func(e *Event) { e.Days = []time.Weekday{7} }},
		{"start not HH:MM", func(e *Event) { e.Start = "6pm" }},
		{"start hour 24", func(e *Event) { e.Start = "24:00" }},
		{"end minute 60", func(e *Event) { e.End = "19:60" }},
		{"one-digit hour", func(e *Event) { e.End = "7:00" }},
		{"ends when it starts", func(e *Event) { e.End = e.Start }},
		{"no first date", func(e *Event) { e.FirstDate = time.Time{} }},
		{"latitude off the Earth", func(e *Event) { e.Geo = &Geo{Lat: 91} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := valid()
			if _, err := Marshal(Calendar{Stamp: stamp, Events: []Event{ev}}); err != nil {
				t.Fatalf("the valid event fails: %v", err)
			}
			tt.change(&ev)
			var b bytes.Buffer
			if err := Write(&b, Calendar{Stamp: stamp, Events: []Event{ev}}); err == nil {
				t.Error("accepted")
			}
			if b.Len() != 0 {
				t.Error("Write wrote part of a calendar it refused")
			}
		})
	}
}

// TestObservanceKinds checks that each zone gets the sub-components a
// calendar program expects.
func TestObservanceKinds(t *testing.T) {
	tests := []struct {
		zone                      string
		standard, daylight, rdate int
		summerName                string
	}{
		{zone: "America/New_York", standard: 1, daylight: 1, summerName: "EDT"},
		{zone: "Asia/Kolkata", standard: 1},
		{zone: "UTC", standard: 1},
		// Its data calls winter time daylight saving time; calendar
		// programs expect summer time to be the daylight one.
		{zone: "Europe/Dublin", standard: 1, daylight: 1, summerName: "IST"},
		// Summer time paused each Ramadan, on dates no rule gives.
		{zone: "Africa/Casablanca", rdate: 10},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			out, err := Marshal(Calendar{Stamp: stamp, Events: []Event{{
				UID: "u@h", Zone: tt.zone, Days: []time.Weekday{time.Monday},
				Start: "10:00", End: "11:00", FirstDate: day(2026, 1, 1),
			}}})
			if err != nil {
				t.Fatal(err)
			}
			s := strings.ReplaceAll(string(out), "\r\n", "\n")
			s = s[strings.Index(s, "BEGIN:VTIMEZONE"):strings.Index(s, "END:VTIMEZONE")]
			if tt.rdate > 0 {
				if n := strings.Count(s, "\nRDATE:"); n < tt.rdate {
					t.Errorf("%d RDATEs, want at least %d:\n%s", n, tt.rdate, s)
				}
				return
			}
			if n := strings.Count(s, "BEGIN:STANDARD"); n != tt.standard {
				t.Errorf("%d STANDARD, want %d:\n%s", n, tt.standard, s)
			}
			if n := strings.Count(s, "BEGIN:DAYLIGHT"); n != tt.daylight {
				t.Errorf("%d DAYLIGHT, want %d:\n%s", n, tt.daylight, s)
			}
			if tt.daylight > 0 && !strings.Contains(s[strings.Index(s, "BEGIN:DAYLIGHT"):], "TZNAME:"+tt.summerName) {
				t.Errorf("DAYLIGHT is not %s:\n%s", tt.summerName, s)
			}
			if strings.Contains(s, "RDATE") || strings.Contains(s, "UNTIL") {
				t.Errorf("a regular zone has RDATEs or an UNTIL:\n%s", s)
			}
		})
	}
}

func TestCoord(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0.0", -0.0000001: "0.0", 51.5: "51.5", -89.650151: "-89.650151", 180: "180.0", 12.3456789: "12.345679",
	} {
		if got := coord(in); got != want {
			t.Errorf("coord(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	for in, want := range map[int]string{
		0: "+0000", -5 * 3600: "-0500", 5*3600 + 1800: "+0530", 12*3600 + 2700: "+1245", -(3600*4 + 56*60 + 2): "-045602",
	} {
		if got := utcOffset(in); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", in, got, want)
		}
	}
}
