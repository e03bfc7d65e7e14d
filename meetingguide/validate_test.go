package meetingguide

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	if p := validMeeting().Validate(); p != nil {
		t.Fatalf("valid meeting: %v", p)
	}
	if p := fullMeeting().Validate(); p != nil {
		t.Fatalf("full meeting: %v", p)
	}
	for name, tc := range map[string]struct {
		change func(m *Meeting)
		field  string
		code   Code
	}{
		"no name":             {func(m *Meeting) { m.Name = " " }, "name", CodeRequired},
		"long name":           {func(m *Meeting) { m.Name = strings.Repeat("ñ", 256) }, "name", CodeTooLong},
		"no slug":             {func(m *Meeting) { m.Slug = "" }, "slug", CodeRequired},
		"slug with slash":     {func(m *Meeting) { m.Slug = "a/b" }, "slug", CodeInvalid},
		"slug of dots":        {func(m *Meeting) { m.Slug = ".." }, "slug", CodeInvalid},
		"slug not ASCII":      {func(m *Meeting) { m.Slug = "café" }, "slug", CodeInvalid},
		"slug 65 bytes":       {func(m *Meeting) { m.Slug = strings.Repeat("a", 65) }, "slug", CodeTooLong},
		"multi-day slug 63":   {func(m *Meeting) { m.Slug, m.Days = strings.Repeat("a", 63), []time.Weekday{1, 2} }, "slug", CodeTooLong},
		"day 7":               {func(m *Meeting) { m.Days = []time.Weekday{7} }, "day", CodeOutOfRange},
		"day -1":              {func(m *Meeting) { m.Days = []time.Weekday{-1} }, "day", CodeOutOfRange},
		"day twice":           {func(m *Meeting) { m.Days = []time.Weekday{2, 2} }, "day", CodeDuplicate},
		"time without day":    {func(m *Meeting) { m.Days = nil }, "day", CodeRequired},
		"day without time":    {func(m *Meeting) { m.Time, m.EndTime = "", "" }, "time", CodeRequired},
		"time H:MM":           {func(m *Meeting) { m.Time = "9:00" }, "time", CodeInvalid},
		"time 24:00":          {func(m *Meeting) { m.Time = "24:00" }, "time", CodeInvalid},
		"time 12:60":          {func(m *Meeting) { m.Time = "12:60" }, "time", CodeInvalid},
		"end bad":             {func(m *Meeting) { m.EndTime = "1 pm" }, "end_time", CodeInvalid},
		"end equals start":    {func(m *Meeting) { m.EndTime = "12:00" }, "end_time", CodeInvalid},
		"end before start":    {func(m *Meeting) { m.EndTime = "11:00" }, "end_time", CodeInvalid},
		"end without start":   {func(m *Meeting) { m.Days, m.Time = nil, "" }, "end_time", CodeInvalid},
		"no time zone":        {func(m *Meeting) { m.TimeZone = "" }, "timezone", CodeRequired},
		"unknown zone":        {func(m *Meeting) { m.TimeZone = "America/Springfield" }, "timezone", CodeInvalid},
		"zone path":           {func(m *Meeting) { m.TimeZone = "../../etc/passwd" }, "timezone", CodeInvalid},
		"no address":          {func(m *Meeting) { m.FormattedAddress = "" }, "formatted_address", CodeRequired},
		"in person, vague":    {func(m *Meeting) { m.Approximate = true }, "approximate", CodeInvalid},
		"latitude 90.1":       {func(m *Meeting) { m.Coordinates = &LatLon{90.1, 0} }, "latitude", CodeOutOfRange},
		"longitude -181":      {func(m *Meeting) { m.Coordinates = &LatLon{0, -181} }, "longitude", CodeOutOfRange},
		"empty region":        {func(m *Meeting) { m.Regions = []string{"A", " "} }, "regions", CodeInvalid},
		"conference ftp":      {func(m *Meeting) { m.ConferenceURL = "ftp://example.org/x" }, "conference_url", CodeInvalid},
		"conference no host":  {func(m *Meeting) { m.ConferenceURL = "https:///x" }, "conference_url", CodeInvalid},
		"conference spaces":   {func(m *Meeting) { m.ConferenceURL = "https://zoom.us/j/1 2" }, "conference_url", CodeInvalid},
		"phone letters":       {func(m *Meeting) { m.ConferencePhone = "+1 312 555 1234" }, "conference_phone", CodeInvalid},
		"phone short":         {func(m *Meeting) { m.ConferencePhone = "+1312555,,#" }, "conference_phone", CodeInvalid},
		"type empty":          {func(m *Meeting) { m.Types = []string{""} }, "types", CodeInvalid},
		"type padded":         {func(m *Meeting) { m.Types = []string{" O"} }, "types", CodeInvalid},
		"type twice":          {func(m *Meeting) { m.Types = []string{"O", "D", "O"} }, "types", CodeDuplicate},
		"type long":           {func(m *Meeting) { m.Types = []string{strings.Repeat("T", 65)} }, "types", CodeTooLong},
		"updated year 1":      {func(m *Meeting) { m.Updated = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) }, "updated", CodeOutOfRange},
		"url javascript":      {func(m *Meeting) { m.URL = "javascript:alert(1)" }, "url", CodeInvalid},
		"edit_url relative":   {func(m *Meeting) { m.EditURL = "/edit/1" }, "edit_url", CodeInvalid},
		"feedback_url data":   {func(m *Meeting) { m.FeedbackURL = "data:text/html,hi" }, "feedback_url", CodeInvalid},
		"feedback email":      {func(m *Meeting) { m.FeedbackEmails = []string{"nobody"} }, "feedback_emails", CodeInvalid},
		"entity without name": {func(m *Meeting) { m.Entity.Phone = "+1-555-0100" }, "entity", CodeRequired},
		"entity email":        {func(m *Meeting) { m.Entity = Entity{Name: "E", Email: "e@"} }, "entity_email", CodeInvalid},
		"entity logo":         {func(m *Meeting) { m.Entity = Entity{Name: "E", Logo: "logo.svg"} }, "entity_logo", CodeInvalid},
		"entity site":         {func(m *Meeting) { m.Entity = Entity{Name: "E", WebsiteURL: "example.org"} }, "entity_website_url", CodeInvalid},
		"entity feedback":     {func(m *Meeting) { m.Entity = Entity{Name: "E", FeedbackEmails: []string{"a@b"}} }, "entity_feedback_emails", CodeInvalid},
		"contact email":       {func(m *Meeting) { m.Contacts[2].Email = "pat at example.org" }, "contact_3_email", CodeInvalid},
		"not UTF-8":           {func(m *Meeting) { m.Location = "\xc3(" }, "location", CodeInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			m := validMeeting()
			tc.change(&m)
			problems := m.Validate()
			found := false
			for _, p := range problems {
				found = found || p.Field == tc.field && p.Code == tc.code
				if p.Message == "" || !strings.HasPrefix(p.Error(), p.Field+": ") {
					t.Errorf("problem %+v", p)
				}
			}
			if !found {
				t.Errorf("problems %v, want %s on %s", problems, tc.code, tc.field)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	for name, change := range map[string]func(m *Meeting){
		"past midnight":      func(m *Meeting) { m.Time, m.EndTime = "23:00", "00:30" },
		"overnight 12 h":     func(m *Meeting) { m.Time, m.EndTime = "20:00", "08:00" },
		"no end time":        func(m *Meeting) { m.EndTime = "" },
		"by appointment":     func(m *Meeting) { m.Days, m.Time, m.EndTime = nil, "", "" },
		"integer slug":       func(m *Meeting) { m.Slug = "4021" },
		"slug with ._~":      func(m *Meeting) { m.Slug = "A_b.c~d-1" },
		"slug 64 bytes":      func(m *Meeting) { m.Slug = strings.Repeat("a", 64) },
		"online, vague":      func(m *Meeting) { m.Approximate, m.ConferenceURL = true, "https://zoom.us/j/1" },
		"closed, vague":      func(m *Meeting) { m.Approximate, m.Types = true, []string{"TC"} },
		"address parts":      func(m *Meeting) { m.FormattedAddress, m.City = "", "Springfield" },
		"phone symbols":      func(m *Meeting) { m.ConferencePhone = "+13125551234,,*9#" },
		"mailto feedback":    func(m *Meeting) { m.FeedbackURL = "mailto:fix@example.org?subject=Lunch" },
		"HTTP upper case":    func(m *Meeting) { m.URL = "HTTPS://Example.org/" },
		"UTC":                func(m *Meeting) { m.TimeZone = "UTC" },
		"unknown type":       func(m *Meeting) { m.Types = []string{"SOMETHING-NEW"} },
		"coordinates at 0,0": func(m *Meeting) { m.Coordinates = &LatLon{0, 0} },
		"edges":              func(m *Meeting) { m.Coordinates = &LatLon{-90, 180} },
		"name 255":           func(m *Meeting) { m.Name = strings.Repeat("ñ", 255) },
		"entity name only":   func(m *Meeting) { m.Entity = Entity{Name: "E"} },
		"contact name only":  func(m *Meeting) { m.Contacts[0] = Contact{Name: "Jo"} },
		"IDN email":          func(m *Meeting) { m.FeedbackEmails = []string{"info@bücher.example"} },
	} {
		m := validMeeting()
		change(&m)
		if p := m.Validate(); p != nil {
			t.Errorf("%s: %v", name, p)
		}
	}
}

// TestSimpleWebURL checks that the fast path accepts only what net/url
// accepts, with a host.
func TestSimpleWebURL(t *testing.T) {
	for _, s := range []string{
		"https://example.org", "http://example.org:8080/a/b?c=d&e#f", "https://zoom.us/j/123?pwd=abc.def",
		"https://a-b.example.org/x_y~z/(1)!*';,=+$@", "https://example.org?x", "https://example.org#top",
		"https://exa mple.org", "https://example.org/a b", "https://:80/x", "https://example.org:/x",
		"https://example.org:8o/x", "https://.example.org", "https://[::1]/x", "https://example.org/%zz",
		"https://example.org/\x7f", "https://ex_ample.org", "HTTPS://example.org", "https://", "http://-x",
		"https://example.org/é", "https://user@example.org/", "https://example.org\\x",
	} {
		if !simpleWebURL(s) {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || u.Hostname() == "" || (u.Scheme != "http" && u.Scheme != "https") {
			t.Errorf("%q: simple, but net/url says %v (host %q)", s, err, u.Host)
		}
	}
}
