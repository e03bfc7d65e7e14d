package web

import (
	"net/http"
	"time"

	"hearth"
	"hearth/geo"
)

// The meeting finder's JSON twin: the same parameters as the page (see
// finder.go), anonymous callers welcome.

// APIMeetings is a page of the finder's results.
type APIMeetings struct {
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
	// TimeZone is the zone "today" and the time-of-day windows were
	// judged in.
	TimeZone string `json:"time_zone"`
	// Place is where a place name led; OtherPlaces are the others of that
	// name. Attribution credits the gazetteer that found them.
	Place       *APIPlace      `json:"place,omitempty"`
	OtherPlaces []APIPlace     `json:"other_places,omitempty"`
	Attribution string         `json:"attribution,omitempty"`
	Meetings    []APIMeetingAt `json:"meetings"`
}

// APIPlace is a place of the gazetteer.
type APIPlace struct {
	Name      string  `json:"name"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	TimeZone  string  `json:"time_zone"`
}

// APIMeeting is a meeting as the API shows it. Weekly times are local to
// its time zone.
type APIMeeting struct {
	Slug                 string       `json:"slug"`
	Name                 string       `json:"name"`
	URL                  string       `json:"url"`
	Group                *APIGroupRef `json:"group,omitempty"`
	Days                 []int        `json:"days"`
	Start                string       `json:"start"`
	End                  string       `json:"end"`
	TimeZone             string       `json:"time_zone"`
	Attendance           string       `json:"attendance"`
	Types                []string     `json:"types"`
	Venue                string       `json:"venue,omitempty"`
	Address              string       `json:"address,omitempty"`
	FormattedAddress     string       `json:"formatted_address,omitempty"`
	City                 string       `json:"city,omitempty"`
	Region               string       `json:"region,omitempty"`
	PostalCode           string       `json:"postal_code,omitempty"`
	Country              string       `json:"country,omitempty"`
	Approximate          bool         `json:"approximate,omitempty"`
	Latitude             *float64     `json:"latitude,omitempty"`
	Longitude            *float64     `json:"longitude,omitempty"`
	LocationNotes        string       `json:"location_notes,omitempty"`
	ConferenceURL        string       `json:"conference_url,omitempty"`
	ConferenceURLNotes   string       `json:"conference_url_notes,omitempty"`
	ConferencePhone      string       `json:"conference_phone,omitempty"`
	ConferencePhoneNotes string       `json:"conference_phone_notes,omitempty"`
	Notes                string       `json:"notes,omitempty"`
	Inactive             bool         `json:"inactive,omitempty"`
	UpdatedAt            time.Time    `json:"updated_at"`
}

// APIMeetingAt is a meeting with its next occurrence, as the finder and
// the meeting's own endpoint give it.
type APIMeetingAt struct {
	APIMeeting
	Next       *APIOccurrence `json:"next,omitempty"`
	DistanceKm *float64       `json:"distance_km,omitempty"`
}

// APIOccurrence is one time a meeting meets, in the viewer's zone.
type APIOccurrence struct {
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	InProgress bool      `json:"in_progress"`
}

// APIGroupRef names a meeting's group.
type APIGroupRef struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Program string `json:"program"`
}

func (s *Server) apiMeeting(r *http.Request, m *hearth.Meeting) APIMeeting {
	a := APIMeeting{
		Slug: m.Slug, Name: m.Name, URL: s.absURL(r, "/meetings/"+m.Slug),
		Days: make([]int, len(m.Days)), Start: m.Start, End: m.End, TimeZone: m.TimeZone,
		Attendance: m.Attendance(), Types: m.Types,
		Venue: m.Venue, Address: m.Address, FormattedAddress: m.FormattedAddress, City: m.City, Region: m.Region,
		PostalCode: m.PostalCode, Country: m.Country, Approximate: m.Approximate, LocationNotes: m.LocationNotes,
		ConferenceURL: m.ConferenceURL, ConferenceURLNotes: m.ConferenceURLNotes,
		ConferencePhone: m.ConferencePhone, ConferencePhoneNotes: m.ConferencePhoneNotes,
		Notes: m.Notes, Inactive: m.Inactive, UpdatedAt: m.UpdatedAt.UTC(),
	}
	for i, d := range m.Days {
		a.Days[i] = int(d)
	}
	if a.Types == nil {
		a.Types = []string{}
	}
	if m.Point != nil {
		lat, lon := m.Point.Lat, m.Point.Lon
		a.Latitude, a.Longitude = &lat, &lon
	}
	if g := m.Group; g != nil {
		a.Group = &APIGroupRef{Slug: g.Slug, Name: g.Name, Program: g.Program}
	}
	return a
}

func apiOccurrence(o hearth.Occurrence, now time.Time, zone *time.Location) *APIOccurrence {
	return &APIOccurrence{Start: o.Start.In(zone), End: o.End.In(zone), InProgress: o.InProgress(now)}
}

func (s *Server) apiFindMeetings(w http.ResponseWriter, r *http.Request) error {
	fs := s.finderSearch(r)
	if err := fs.Errors.Err(); err != nil {
		return err
	}
	results, total, err := s.store.FindMeetings(r.Context(), fs.Filter)
	if err != nil {
		return err
	}
	out := APIMeetings{
		Total: total, Page: fs.Query.Page, PageSize: finderPageSize, TimeZone: fs.Zone.String(),
		Meetings: make([]APIMeetingAt, 0, len(results)),
	}
	if p := fs.Place; p != nil {
		out.Place = &APIPlace{Name: p.Label, Latitude: p.Point.Lat, Longitude: p.Point.Lon, TimeZone: p.Zone}
		for _, o := range p.Others {
			out.OtherPlaces = append(out.OtherPlaces, APIPlace{Name: o.Label, Latitude: o.Point.Lat, Longitude: o.Point.Lon, TimeZone: o.Zone})
		}
		out.Attribution = geo.Attribution
	}
	for _, res := range results {
		out.Meetings = append(out.Meetings, APIMeetingAt{
			APIMeeting: s.apiMeeting(r, res.Meeting),
			Next:       apiOccurrence(res.Next, fs.Filter.Now, fs.Zone),
			DistanceKm: res.DistanceKm,
		})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMeetingBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	now, zone := s.now(), s.viewerZone(r)
	out := APIMeetingAt{APIMeeting: s.apiMeeting(r, m)}
	if o, ok := m.Next(now); ok && !m.Inactive {
		out.Next = apiOccurrence(o, now, zone)
	}
	return writeJSON(w, http.StatusOK, out)
}
