package web

import (
	"html/template"
	"net/url"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
)

func TestDescribeNext(t *testing.T) {
	ny, madrid := hearth.LoadZone("America/New_York"), hearth.LoadZone("Europe/Madrid")
	// Monday 23 November 2026, 18:35 in New York.
	now := time.Date(2026, 11, 23, 18, 35, 0, 0, ny)
	at := func(d time.Duration) hearth.Occurrence {
		s := time.Date(2026, 11, 23, 19, 0, 0, 0, ny).Add(d)
		return hearth.Occurrence{Start: s, End: s.Add(time.Hour)}
	}
	tests := []struct {
		name           string
		lang           string
		o              hearth.Occurrence
		viewer         *time.Location
		status, viewed string
		local          string
		soon           bool
	}{
		{"starts in 25 minutes", "en", at(0), ny, "Starts in 25 minutes", "Today, 7:00 PM", "", true},
		{"in Spanish, seen from Madrid", "es", at(0), madrid, "Empieza en 25 minutos", "Hoy, 01:00", "Hoy, 19:00, hora de Nueva York", true},
		{"one minute", "en", at(-24 * time.Minute), ny, "Starts in 1 minute", "Today, 6:36 PM", "", true},
		{"just started", "en", at(-30 * time.Minute), ny, "Just started, until 7:30 PM. You can still join.", "Today, 6:30 PM", "", true},
		{"in progress", "es", at(-50 * time.Minute), ny, "En curso, hasta las 19:10", "Hoy, 18:10", "", true},
		{"later today", "en", at(2 * time.Hour), ny, "", "Today, 9:00 PM", "", false},
		{"tomorrow", "en", at(24 * time.Hour), ny, "", "Tomorrow, 7:00 PM", "", false},
		{"this week", "es", at(72 * time.Hour), ny, "", "Jueves, 19:00", "", false},
		{"next week", "en", at(7 * 24 * time.Hour), ny, "", "Nov 30, 2026, 7:00 PM", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := describeNext(i18n.For(tt.lang), tt.o, now, tt.viewer)
			if w.Status != tt.status || w.Viewer != tt.viewed || w.Local != tt.local || w.Now != tt.soon {
				t.Errorf("got %+v\nwant status %q, viewer %q, local %q, now %v", w, tt.status, tt.viewed, tt.local, tt.soon)
			}
		})
	}
}

func TestScheduleText(t *testing.T) {
	m := &hearth.Meeting{Days: []time.Weekday{time.Sunday, time.Monday, time.Friday}, Start: "19:30", End: "21:00"}
	for lang, want := range map[string]string{
		"en": "Sundays, Mondays and Fridays, 7:30 PM to 9:00 PM",
		"es": "Lunes, viernes y domingos, de 19:30 a 21:00",
	} {
		if got := scheduleText(i18n.For(lang), m); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	every := &hearth.Meeting{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, Start: "07:00", End: "08:00"}
	if got := scheduleText(i18n.For("en"), every); got != "Every day, 7:00 AM to 8:00 AM" {
		t.Errorf("every day: %q", got)
	}
}

func TestDistanceText(t *testing.T) {
	en, es := i18n.For("en"), i18n.For("es")
	for _, tt := range []struct {
		p     *i18n.Printer
		km    float64
		miles bool
		want  string
	}{
		// A no-break space keeps the figure and its unit on one line.
		{en, 0.43, false, "400\u00a0m"}, {en, 3.24, false, "3.2\u00a0km"}, {es, 3.24, false, "3,2\u00a0km"},
		{en, 42.4, false, "42\u00a0km"}, {en, 3.24, true, "2.0\u00a0mi"}, {en, 40, true, "25\u00a0mi"},
	} {
		if got := distanceText(tt.p, tt.km, tt.miles); got != tt.want {
			t.Errorf("%s %v km (miles %v) = %q, want %q", tt.p.Lang(), tt.km, tt.miles, got, tt.want)
		}
	}
}

func TestSlugs(t *testing.T) {
	for in, want := range map[string]string{
		"Grupo Renacer":              "grupo-renacer",
		"  Añoranza, ¡Sí! 24 Horas ": "anoranza-si-24-horas",
		"Café & Té":                  "cafe-te",
		"日本語":                        "",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
	slugs := meetingSlugs("grupo-renacer", "Noche de Esperanza")
	if slugs[0] != "noche-de-esperanza" || slugs[1] != "grupo-renacer-noche-de-esperanza" || slugs[2] != "grupo-renacer-noche-de-esperanza-2" {
		t.Errorf("meetingSlugs = %q", slugs[:3])
	}
	long := meetingSlugs(strings.Repeat("group-", 10)+"x", strings.Repeat("word ", 20))
	for _, s := range long {
		if len(s) > maxMeetingSlug || !hearth.ValidSlug(s) {
			t.Errorf("slug %q: %d bytes, valid %v", s, len(s), hearth.ValidSlug(s))
		}
	}
}

func TestJoinLinks(t *testing.T) {
	if got := telURI("+1 (312) 555-0100,,4417#"); got != "tel:+13125550100,,4417%23" {
		t.Errorf("telURI = %q", got)
	}
	for _, c := range []struct{ phone, number, then string }{
		{"+1 (312) 555-0100,,4417#", "+1 (312) 555-0100", "4417#"},
		{"+1 646 558 8656;;123456789#,,,,0#", "+1 646 558 8656", "123456789# 0#"},
		{",,123#", ",,123#", ""},
		{"0800 123 4567", "0800 123 4567", ""},
	} {
		if number, then := phoneParts(c.phone); number != c.number || then != c.then {
			t.Errorf("phoneParts(%q) = %q, %q; want %q, %q", c.phone, number, then, c.number, c.then)
		}
	}
	for phone, want := range map[string]template.URL{
		"0800 123 4567 ext. 9":         "tel:08001234567,9",
		"+1 212 555 0100 extension 12": "tel:+12125550100,12",
		"212-555-0100x7":               "tel:2125550100,7",
		"(312) 555-0100":               "tel:3125550100",
	} {
		if got := telURI(phone); got != want {
			t.Errorf("telURI(%q) = %q, want %q", phone, got, want)
		}
	}
	m := &hearth.Meeting{Venue: "St. Mark's", Address: "100 Main St", City: "Chicago", Point: &hearth.LatLon{Lat: 41.85, Lon: -87.65}}
	if got := string(geoURI(m)); got != "geo:41.850000,-87.650000?q="+url.QueryEscape("41.850000,-87.650000(St. Mark's, 100 Main St, Chicago)") {
		t.Errorf("geoURI = %q", got)
	}
}

func TestReadFinder(t *testing.T) {
	q, errs := readFinder(url.Values{"place": {"Chicago"}, "lat": {"1"}, "lon": {"2"}, "plabel": {"Elsewhere"},
		"radius": {"10"}, "day": {"today"}, "type": {"O", "O", "S"}, "soon": {"1"}}, "US")
	if len(errs) != 0 || q.Point != nil || q.Unit != "mi" || q.Radius != 10 || strings.Join(q.Types, ",") != "O,S" || !q.Soon {
		t.Errorf("a place typed over a point: %+v, %v", q, errs)
	}
	q, _ = readFinder(url.Values{"place": {"Springfield, Illinois"}, "plabel": {"Springfield, Illinois"}, "lat": {"39.8"}, "lon": {"-89.6"}}, "ES")
	if q.Point == nil || q.Point.Lat != 39.8 || q.Unit != "km" || q.Radius != 25 {
		t.Errorf("a place chosen from the list: %+v", q)
	}
	q, _ = readFinder(url.Values{"place": {" 41.88 , -87.63 "}}, "US")
	if q.Point == nil || q.Point.Lon != -87.63 {
		t.Errorf("coordinates typed: %+v", q)
	}
	_, errs = readFinder(url.Values{"radius": {"900"}, "unit": {"km"}, "day": {"7"}, "time": {"dawn"}, "attendance": {"x"},
		"sort": {"random"}, "page": {"0"}, "program": {"nope"}, "lat": {"91"}, "lon": {"0"}}, "US")
	for _, f := range []string{"radius", "day", "time", "attendance", "sort", "page", "program", "place"} {
		if errs[f] == "" {
			t.Errorf("no problem with %s: %v", f, errs)
		}
	}
}

// FuzzReadFinder: whatever a finder address holds, reading it neither
// panics nor lets through a radius, page or point out of bounds.
func FuzzReadFinder(f *testing.F) {
	f.Add("place=Chicago&radius=10&unit=mi&day=today&type=O&type=S&soon=1&page=2")
	f.Add("lat=91&lon=-181&plabel=&radius=-1&page=99999999999999999999")
	f.Add("place=41.8,-87.6&sort=distance&tz=America/Chicago&lang=es-MX")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, _ := readFinder(v, "US")
		if q.Radius <= 0 || q.Radius*kmPerMile > maxRadiusKm*kmPerMile || q.Page < 1 || q.Page > 10000 || (q.Point != nil && !q.Point.Valid()) {
			t.Errorf("readFinder(%q) = %+v", raw, q)
		}
	})
}

// FuzzFormMeeting: whatever a meeting form holds, reading it does not
// panic, and what it lets through validates or is refused with fields.
func FuzzFormMeeting(f *testing.F) {
	f.Add("name=Hope&day=2&day=9&start=7:30&end=25:00&time_zone=Mars&lat=x&lon=1&type=O")
	f.Add("name=&city=Chicago&conference_phone=call+me&conference_url=ftp://x")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		m := &hearth.Meeting{Slug: "fuzz"}
		errs := formMeeting(v, m)
		if err := checkMeeting(m, errs); err != nil && len(hearth.ErrorFields(err)) == 0 {
			t.Errorf("formMeeting(%q): a refusal that names no field: %v", raw, err)
		}
	})
}
