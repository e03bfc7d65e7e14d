package web

import (
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/meetingguide"
)

// MeetingView is a meeting as a page shows it: in the viewer's language,
// with its next time in the viewer's zone and its own.
type MeetingView struct {
	*hearth.Meeting
	URL       string
	GroupName string
	GroupURL  string
	// Attendance is hearth.InPerson, Online, Hybrid or Inactive.
	Attendance string
	Open       bool // the "O" type: anyone may come
	Closed     bool // the "C" type: for those who want to stop drinking, using…
	Accessible bool // wheelchair access
	// Languages names the languages it is held in, from its language
	// types, else its group's languages.
	Languages []string
	// Types are its other types, named in the viewer's language.
	Types []string
	// Schedule is its weekly schedule in its own zone; Zone names that
	// zone for people.
	Schedule string
	Zone     string
	HasNext  bool
	Next     When
	// Distance is set when the finder searched near a place.
	Distance string
	// Place is where to go, on one line: venue, address, city.
	Place string
	// MapLink opens the place in the member's own maps app (a geo: URI);
	// nothing is fetched until they choose to follow it.
	MapLink template.URL
	// PhoneLink dials the conference phone (a tel: URI), with what to
	// enter once it answers; PhoneNumber is the number alone, and
	// PhoneThen what to enter ("4417#"), for those who dial by hand.
	PhoneLink   template.URL
	PhoneNumber string
	PhoneThen   string
	// CountryName is the country, named in the viewer's language when it
	// is given as a code.
	CountryName string
	// printer speaks the viewer's language, for Item and Badges.
	printer *i18n.Printer
}

// meetingProgram is the program whose type codes the meeting uses.
func meetingProgram(m *hearth.Meeting) meetingguide.Program {
	if m.Group != nil {
		return meetingguide.Program(m.Group.Program)
	}
	return ""
}

// viewMeeting prepares a meeting for a page seen at now from zone viewer.
func viewMeeting(p *i18n.Printer, m *hearth.Meeting, now time.Time, viewer *time.Location) *MeetingView {
	lang := p.Lang()
	v := &MeetingView{
		Meeting:    m,
		URL:        "/meetings/" + m.Slug,
		Attendance: m.Attendance(),
		Schedule:   scheduleText(p, m),
		Zone:       i18n.ZoneCity(lang, m.TimeZone),
		printer:    p,
	}
	if g := m.Group; g != nil {
		v.GroupName, v.GroupURL = g.Name, "/groups/"+g.Slug
	}
	prog := meetingProgram(m)
	for _, code := range m.Types {
		switch {
		case code == "O":
			v.Open = true
		case code == "C":
			v.Closed = true
		case code == "X":
			v.Accessible = true
		case code == meetingguide.TemporarilyClosed:
		case prog != meetingguide.ProgramNA && hearth.TypeLanguage(code) != "":
			v.Languages = append(v.Languages, meetingguide.TypeName(prog, code, lang))
		default:
			v.Types = append(v.Types, meetingguide.TypeName(prog, code, lang))
		}
	}
	if len(v.Languages) == 0 && m.Group != nil {
		for _, l := range m.Group.Languages {
			v.Languages = append(v.Languages, languageName(l, lang))
		}
	}
	if o, ok := m.Next(now); ok && !m.Inactive {
		v.HasNext = true
		v.Next = describeNext(p, o, now, viewer)
	}
	v.Place = placeLine(m)
	v.CountryName = countryName(m.Country, lang)
	if m.Point != nil && !m.Approximate && v.Attendance != hearth.Online {
		v.MapLink = geoURI(m)
	}
	if m.ConferencePhone != "" {
		v.PhoneLink = telURI(m.ConferencePhone)
		v.PhoneNumber, v.PhoneThen = phoneParts(m.ConferencePhone)
	}
	return v
}

// placeLine is the venue and address on one line.
func placeLine(m *hearth.Meeting) string {
	var parts []string
	for _, s := range []string{m.Venue, m.Address, m.FormattedAddress, m.City, m.Region} {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(parts, s) && !containsPart(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// containsPart reports whether s is already said by one of parts, as when
// the address line repeats the city.
func containsPart(parts []string, s string) bool {
	for _, p := range parts {
		if strings.Contains(strings.ToLower(p), strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// geoURI is an RFC 5870 geo: URI of the meeting's place, labelled with its
// address, which a phone opens in the maps app its owner chose.
func geoURI(m *hearth.Meeting) template.URL {
	lat := strconv.FormatFloat(m.Point.Lat, 'f', 6, 64)
	lon := strconv.FormatFloat(m.Point.Lon, 'f', 6, 64)
	q := lat + "," + lon
	if label := placeLine(m); label != "" {
		q += "(" + label + ")"
	}
	return template.URL("geo:" + lat + "," + lon + "?q=" + url.QueryEscape(q))
}

// telURI is a tel: URI that dials a conference phone: its digits, a
// leading +, and the pauses (,) and codes (* #) that reach the meeting.
// extension is the word that puts an extension after a number: "ext. 9",
// "extension 9", "x9".
var extension = regexp.MustCompile(`(?i)\s*(extension|ext\.?|x)\s*(\d)`)

// phoneParts cuts a conference phone at its pauses ("," or ";", as the
// Meeting Guide feed writes them) into the number to dial and what to
// enter once it answers: "+1 312 555 0100,,4417#,,1#" is
// "+1 312 555 0100" and "4417# 1#".
func phoneParts(phone string) (number, then string) {
	parts := strings.FieldsFunc(phone, func(r rune) bool { return r == ',' || r == ';' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	parts = slices.DeleteFunc(parts, func(s string) bool { return s == "" })
	if len(parts) == 0 || strings.IndexAny(phone, ",;") == 0 {
		return strings.TrimSpace(phone), ""
	}
	return parts[0], strings.Join(parts[1:], " ")
}

func telURI(phone string) template.URL {
	// An extension is dialled after a pause, not as more of the number.
	phone = extension.ReplaceAllString(phone, ",$2")
	var b strings.Builder
	for i, r := range phone {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '*':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == '#':
			b.WriteString("%23")
		}
	}
	return template.URL("tel:" + b.String())
}

// countryName names a country given as an ISO 3166 code ("US") in lang;
// a country given by name is left as it is.
func countryName(c, lang string) string {
	if len(c) != 2 {
		return c
	}
	if name := i18n.RegionName(lang, strings.ToUpper(c)); name != "" {
		return name
	}
	return c
}
