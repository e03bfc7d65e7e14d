package meetingfeed

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"hearth"
	"hearth/meetingguide"
)

// toHearth turns a meeting read from a feed into Hearth's.
func toHearth(f *meetingguide.Meeting) *hearth.Meeting {
	m := &hearth.Meeting{
		Slug:                 f.Slug,
		Name:                 f.Name,
		Days:                 slices.Clone(f.Days),
		Start:                f.Time,
		End:                  f.EndTime,
		TimeZone:             f.TimeZone,
		Venue:                f.Location,
		FormattedAddress:     f.FormattedAddress,
		Address:              f.Address,
		City:                 f.City,
		Region:               f.State,
		PostalCode:           f.PostalCode,
		Country:              f.Country,
		Approximate:          f.Approximate,
		LocationNotes:        f.LocationNotes,
		Regions:              slices.Clone(f.Regions),
		ConferenceURL:        f.ConferenceURL,
		ConferenceURLNotes:   f.ConferenceURLNotes,
		ConferencePhone:      f.ConferencePhone,
		ConferencePhoneNotes: f.ConferencePhoneNotes,
		Types:                slices.Clone(f.Types),
		Notes:                f.Notes,
	}
	if c := f.Coordinates; c != nil {
		m.Point = &hearth.LatLon{Lat: c.Lat, Lon: c.Lon}
	}
	if m.Regions == nil {
		m.Regions = []string{}
	}
	if m.Types == nil {
		m.Types = []string{}
	}
	return m
}

// leaveOut clears what a feed may carry that Hearth does not keep, and
// names what it cleared that an operator would miss: a meeting's own
// pages (url and edit_url are left out without a word, since Hearth's
// pages take their place), people's contact details and feedback
// addresses (members reach a group through Hearth), payment handles, and
// the service entity (the operator's, set for the whole feed).
func leaveOut(f *meetingguide.Meeting) (dropped []string) {
	for _, x := range []struct {
		field string
		set   bool
	}{
		{"feedback_url", f.FeedbackURL != ""},
		{"feedback_emails", len(f.FeedbackEmails) > 0},
		{"venmo", f.Venmo != ""},
		{"square", f.Square != ""},
		{"paypal", f.PayPal != ""},
		{"homegroup_online", f.HomegroupOnline != ""},
		{"contacts", f.Contacts != [3]meetingguide.Contact{}},
	} {
		if x.set {
			dropped = append(dropped, x.field)
		}
	}
	f.URL, f.EditURL, f.FeedbackURL, f.FeedbackEmails = "", "", "", nil
	f.Venmo, f.Square, f.PayPal, f.HomegroupOnline = "", "", "", ""
	f.Contacts, f.Entity = [3]meetingguide.Contact{}, meetingguide.Entity{}
	return dropped
}

// groupOf is the group a feed's meeting belongs to: the one its group
// field names, or, when it names none, a group of the meeting's own.
func groupOf(f *meetingguide.Meeting, program meetingguide.Program) *hearth.Group {
	name := strings.TrimSpace(f.Group)
	slug := slugify(name)
	if name == "" {
		name, slug = strings.TrimSpace(f.Name), f.Slug
	}
	if utf8.RuneCountInString(name) > groupNameMax {
		name = string([]rune(name)[:groupNameMax])
	}
	desc := f.GroupNotes
	if utf8.RuneCountInString(desc) > groupDescriptionMax {
		desc = string([]rune(desc)[:groupDescriptionMax])
	}
	var langs []string
	for _, t := range f.Types {
		if l := hearth.TypeLanguage(t); l != "" && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	return &hearth.Group{
		Slug:        slug,
		Name:        name,
		Description: desc,
		Program:     string(program),
		Languages:   langs,
		TimeZone:    f.TimeZone,
		Visibility:  hearth.GroupListed,
		JoinPolicy:  hearth.JoinOpen,
	}
}

// Limits of a group Hearth creates for a feed's group.
const (
	groupNameMax        = 120
	groupDescriptionMax = 4000
)

// slugify makes a group's slug of its name: lower-case letters and digits
// without accents, other runs a dash, at most 64 bytes. A name with no
// such letters (one in another script) gets a slug made of its hash.
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	if !hearth.ValidSlug(s) {
		sum := sha256.Sum256([]byte(name))
		s = "group-" + hex.EncodeToString(sum[:4])
	}
	return s
}

// toFeed turns a stored meeting into the feed's, with its group's name and
// description; url, when not nil, gives the meeting's page.
func toFeed(m *hearth.Meeting, url func(slug string) string) meetingguide.Meeting {
	f := meetingguide.Meeting{
		Name:                 m.Name,
		Slug:                 m.Slug,
		Days:                 m.Days,
		Time:                 m.Start,
		EndTime:              m.End,
		TimeZone:             m.TimeZone,
		FormattedAddress:     m.FormattedAddress,
		Address:              m.Address,
		City:                 m.City,
		State:                m.Region,
		PostalCode:           m.PostalCode,
		Country:              m.Country,
		Approximate:          m.Approximate,
		Location:             m.Venue,
		LocationNotes:        m.LocationNotes,
		Notes:                m.Notes,
		Regions:              m.Regions,
		ConferenceURL:        m.ConferenceURL,
		ConferenceURLNotes:   m.ConferenceURLNotes,
		ConferencePhone:      feedPhone(m.ConferencePhone),
		ConferencePhoneNotes: m.ConferencePhoneNotes,
		Types:                m.Types,
		Updated:              m.UpdatedAt.UTC().Truncate(1e9),
	}
	if p := m.Point; p != nil {
		f.Coordinates = &meetingguide.LatLon{Lat: p.Lat, Lon: p.Lon}
	}
	if g := m.Group; g != nil {
		f.Group, f.GroupNotes = g.Name, g.Description
	}
	if url != nil {
		f.URL = url(m.Slug)
	}
	return f
}

// feedPhone writes a phone number as the feed wants it: digits and
// + , * # only (Hearth also lets people type spaces, dashes, dots and
// brackets).
func feedPhone(p string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || strings.ContainsRune("+,*#", r) {
			return r
		}
		return -1
	}, p)
}

// zoneArea is a place name for a time zone, "New York" for
// America/New_York, or "" for a zone that names no place.
func zoneArea(zone string) string {
	i := strings.LastIndexByte(zone, '/')
	if i < 0 || strings.HasPrefix(zone, "Etc/") {
		return ""
	}
	return strings.ReplaceAll(zone[i+1:], "_", " ")
}
