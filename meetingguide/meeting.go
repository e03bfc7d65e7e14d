package meetingguide

import (
	"slices"
	"time"
)

// Meeting is one weekly meeting as the feed carries it. Text fields are
// plain text. The zero value of a field means "not given", and the encoder
// omits it.
//
// The format has no place for members: apart from the first names a group
// may publish as contacts, nothing here is about a person. Contact names
// must not include last names.
type Meeting struct {
	// Name is the meeting's name (required, at most 255 characters).
	Name string
	// Slug identifies the meeting in the feed for good: apps keep
	// favourites by it. Required; URL-safe; at most 64 bytes, or 62 for a
	// meeting on several days (whose records are written as SLUG-DAY).
	Slug string
	// Days are the weekdays the meeting meets on, sorted, without repeats.
	// Days and Time are both empty for a meeting by appointment.
	Days []time.Weekday
	// Time and EndTime are local times in TimeZone, "HH:MM" in 24-hour
	// form. An EndTime before Time means the meeting runs past midnight.
	Time    string
	EndTime string
	// TimeZone is an IANA time zone name such as "America/Chicago".
	TimeZone string

	// FormattedAddress is the whole address on one line. The separate
	// parts may be given instead, or as well.
	FormattedAddress string
	Address          string // street address
	City             string
	State            string
	PostalCode       string
	Country          string
	// Approximate says the address is only an area (a city, a region), as
	// online-only meetings may give.
	Approximate bool
	// Coordinates is the meeting's position, if known.
	Coordinates *LatLon
	// Location is the venue's name, e.g. "Alano Club".
	Location      string
	LocationNotes string
	Notes         string
	// Regions are the meeting's regions, most general first, e.g.
	// ["Illinois", "Chicago", "Wicker Park"].
	Regions []string

	// ConferenceURL joins the online meeting directly (http or https).
	ConferenceURL      string
	ConferenceURLNotes string
	// ConferencePhone dials into the meeting: digits and + , * # only.
	ConferencePhone      string
	ConferencePhoneNotes string

	// Types are the meeting's type codes, e.g. "O", "D", "ES"; see Types.
	Types []string
	// Updated is when the listing last changed, to the second.
	Updated time.Time
	// URL is the meeting's page; EditURL the page where trusted servants
	// edit it; FeedbackURL where anyone can suggest a correction (http,
	// https or mailto).
	URL            string
	EditURL        string
	FeedbackURL    string
	FeedbackEmails []string

	// Group is the name of the group holding the meeting.
	Group      string
	GroupNotes string
	// Seventh Tradition handles of the meeting: Venmo ("@handle"), Square
	// ("$cashtag"), PayPal (a PayPal.me name) and Homegroup Online.
	Venmo           string
	Square          string
	PayPal          string
	HomegroupOnline string

	// Entity is the service entity responsible for the listing.
	Entity Entity
	// Contacts are up to three people to ask about the meeting, first
	// names only, as contact_1_… to contact_3_…; unused ones are zero.
	Contacts [3]Contact
}

// LatLon is a position in decimal degrees (WGS 84).
type LatLon struct {
	Lat, Lon float64
}

// Entity is the service entity (an intergroup, a district, a central
// office) responsible for meeting listings. Name is required when any other
// field is given.
type Entity struct {
	Name       string // entity
	Email      string // entity_email
	Location   string // entity_location: the area served, e.g. "Whatcom County, Washington"
	Logo       string // entity_logo: URL of a square logo
	Phone      string // entity_phone
	WebsiteURL string // entity_website_url (also read from entity_url)
	// FeedbackEmails are the entity's addresses for corrections
	// (entity_feedback_emails).
	FeedbackEmails []string
}

// IsZero reports whether no field of the entity is set.
func (e Entity) IsZero() bool {
	return e.Name == "" && e.Email == "" && e.Location == "" && e.Logo == "" &&
		e.Phone == "" && e.WebsiteURL == "" && len(e.FeedbackEmails) == 0
}

// Contact is someone to ask about a meeting. Never a last name.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// IsZero reports whether no field of the contact is set.
func (c Contact) IsZero() bool { return c == Contact{} }

// ByAppointment reports whether the meeting has no weekly day and time.
func (m Meeting) ByAppointment() bool { return len(m.Days) == 0 && m.Time == "" }

// HasType reports whether the meeting carries the type code.
func (m Meeting) HasType(code string) bool { return slices.Contains(m.Types, code) }

// HasAddress reports whether the meeting gives any address, whole or in
// parts.
func (m Meeting) HasAddress() bool {
	return m.FormattedAddress != "" || m.Address != "" || m.City != "" ||
		m.State != "" || m.PostalCode != "" || m.Country != ""
}

// IsOnline reports whether people can join the meeting by video or phone.
func (m Meeting) IsOnline() bool { return m.ConferenceURL != "" || m.ConferencePhone != "" }

// TemporarilyClosed is the type code for a meeting whose location is
// temporarily closed.
const TemporarilyClosed = "TC"

// Attendance derives how people attend the meeting, as readers do: a
// meeting people can join by video or phone is online when it has no
// specific address (none, or only an approximate one) or its location is
// temporarily closed (type TC), and hybrid otherwise; a meeting with no way
// to join online is inactive when its location is temporarily closed, and
// in person otherwise.
func (m Meeting) Attendance() Attendance {
	closed := m.HasType(TemporarilyClosed)
	physical := m.HasAddress() && !m.Approximate
	switch {
	case m.IsOnline() && (closed || !physical):
		return Online
	case m.IsOnline():
		return Hybrid
	case closed:
		return Inactive
	default:
		return InPerson
	}
}
