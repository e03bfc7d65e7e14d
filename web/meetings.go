package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/geo"
	"hearth/i18n"
	"hearth/meetingguide"
)

// MeetingPage shows one meeting: when it is next, in the viewer's zone and
// its own, and how to join it.
type MeetingPage struct {
	Page
	M *MeetingView
	// Zone names the viewer's zone; ZoneKnown says it is truly theirs.
	Zone      string
	ZoneKnown bool
	// Serves says the viewer may edit the meeting.
	Serves    bool
	Following bool
	// SignUpURL and SignInURL bring a visitor back here after joining
	// Hearth or signing in.
	SignUpURL   string
	SignInURL   string
	CalendarURL string
}

// viewerZone is the zone a page shows times in: a member's own, else the
// zone a visitor's browser sent with the link (tz), else the site's.
func (s *Server) viewerZone(r *http.Request) *time.Location {
	loc, _ := s.knownZone(r)
	return loc
}

// knownZone is viewerZone, and whether it is truly the viewer's: false
// when it is only the site's default.
func (s *Server) knownZone(r *http.Request) (*time.Location, bool) {
	if a := hearth.AccountFromContext(r.Context()); a != nil && a.TimeZone != "" {
		return hearth.LoadZone(a.TimeZone), true
	}
	if tz := r.URL.Query().Get("tz"); tz != "" && hearth.ValidTimeZone(tz) {
		return hearth.LoadZone(tz), true
	}
	return hearth.LoadZone(s.cfg.DefaultTimeZone), false
}

// serves reports whether the signed-in member is a trusted servant or an
// owner of the group.
func (s *Server) serves(r *http.Request, groupID int64) (bool, error) {
	if hearth.AccountFromContext(r.Context()) == nil {
		return false, nil
	}
	ms, err := s.store.Membership(r.Context(), groupID)
	switch hearth.ErrorCode(err) {
	case "":
		return !ms.Pending && hearth.CanServe(ms.Role), nil
	case hearth.ENOTFOUND, hearth.EUNAUTHORIZED:
		return false, nil
	default:
		return false, err
	}
}

// follows reports whether the signed-in member has the meeting among
// their meetings.
func (s *Server) follows(r *http.Request, meetingID int64) (bool, error) {
	if hearth.AccountFromContext(r.Context()) == nil {
		return false, nil
	}
	mine, err := s.store.MyMeetings(r.Context(), s.now())
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(mine, func(res hearth.MeetingResult) bool { return res.Meeting.ID == meetingID }), nil
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMeetingBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	serves, err := s.serves(r, m.GroupID)
	if err != nil {
		return err
	}
	following, err := s.follows(r, m.ID)
	if err != nil {
		return err
	}
	// A visitor whose zone is not known sees the meeting's own times,
	// rather than the site's zone presented as theirs.
	zone, known := s.knownZone(r)
	if !known {
		zone = m.Location()
	}
	p := i18n.For(langOf(r.Context()))
	page := &MeetingPage{
		ZoneKnown:   known,
		Page:        s.page(r, "meeting.title", "meetings"),
		M:           viewMeeting(p, m, s.now(), zone),
		Zone:        i18n.ZoneCity(p.Lang(), zone.String()),
		Serves:      serves,
		Following:   following,
		SignUpURL:   "/signup?next=" + url.QueryEscape("/meetings/"+m.Slug),
		SignInURL:   "/signin?next=" + url.QueryEscape("/meetings/"+m.Slug),
		CalendarURL: "/meetings/" + m.Slug + "/calendar.ics",
	}
	page.Subject = m.Name
	return s.render(w, r, http.StatusOK, "meeting", page)
}

func (s *Server) followMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.setFollowing(w, r, true)
}

func (s *Server) unfollowMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.setFollowing(w, r, false)
}

func (s *Server) setFollowing(w http.ResponseWriter, r *http.Request, follow bool) error {
	m, err := s.store.FindMeetingBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	notice := "notice.meeting_followed"
	if follow {
		err = s.store.FollowMeeting(r.Context(), m.ID)
	} else {
		err = s.store.UnfollowMeeting(r.Context(), m.ID)
		notice = "notice.meeting_unfollowed"
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/meetings/"+m.Slug, notice)
}

// MeetingFormPage creates or edits a meeting.
type MeetingFormPage struct {
	Page
	Form  *Form
	Group *hearth.Group
	// Action is where the form posts; Slug is set when editing.
	Action string
	Slug   string
	Days   CheckGroup
	Zones  []Choice
	// Types are offered in two parts: the common ones, and the rest
	// behind "More types".
	CommonTypes CheckGroup
	MoreTypes   CheckGroup
	Attribution string
}

// commonTypes are the types most meetings carry, offered first.
var commonTypes = []string{"O", "C", "D", "SP", "B", "ST", "BE", "LIT", "MED", "W", "M", "LGBTQ", "Y", "X", "EN", "S", "A"}

// naCommonTypes are Narcotics Anonymous's most used codes.
var naCommonTypes = []string{"O", "C", "DISC", "SPK", "BT", "STEP", "BEG", "JFT", "LIT", "W", "M", "GL", "Y", "X"}

func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, status int, g *hearth.Group, slug string, f *Form) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page := &MeetingFormPage{
		Form:        f,
		Group:       g,
		Slug:        slug,
		Zones:       timeZones(lang),
		Attribution: geo.Attribution,
	}
	// A zone that is not in the list (sent by hand, or from an import)
	// stays chosen, so that what was sent is what the member sees.
	if z := f.Get("time_zone"); z != "" && !slices.ContainsFunc(page.Zones, func(c Choice) bool { return c.Value == z }) {
		page.Zones = append([]Choice{{z, z}}, page.Zones...)
	}
	if slug == "" {
		page.Page = s.page(r, "meeting_form.new_title", "groups")
		page.Action = "/groups/" + g.Slug + "/meetings"
	} else {
		page.Page = s.page(r, "meeting_form.edit_title", "meetings")
		page.Action = "/meetings/" + slug + "/edit"
	}
	var days []Choice
	for _, d := range weekOrder(p) {
		days = append(days, Choice{strconv.Itoa(int(d)), p.T("weekday." + strconv.Itoa(int(d)))})
	}
	page.Days = CheckGroup{ID: "day", Name: "day", Legend: "meeting_form.days", Error: f.Err("days"), Checks: checks(days, f.Values["day"])}

	prog := meetingguide.Program(g.Program)
	common := commonTypes
	if prog == meetingguide.ProgramNA {
		common = naCommonTypes
	}
	chosen := f.Values["type"]
	var first, rest []Choice
	for _, c := range common {
		if _, ok := meetingguide.LookupType(prog, c); ok {
			first = append(first, Choice{c, meetingguide.TypeName(prog, c, lang)})
		}
	}
	for _, t := range meetingguide.Types(prog) {
		if !slices.Contains(common, t.Code) && t.Code != meetingguide.TemporarilyClosed {
			rest = append(rest, Choice{t.Code, t.Name(lang)})
		}
	}
	// Codes the meeting has that the program's list lacks (from an
	// import) stay, so that saving the form keeps them.
	for _, c := range chosen {
		if _, ok := meetingguide.LookupType(prog, c); !ok && c != meetingguide.TemporarilyClosed {
			rest = append(rest, Choice{c, c})
		}
	}
	sortChoices(rest, lang)
	page.CommonTypes = CheckGroup{ID: "type", Name: "type", Legend: "meeting_form.types", Hint: "meeting_form.types_hint", Checks: checks(first, chosen)}
	page.MoreTypes = CheckGroup{ID: "more-type", Name: "type", Legend: "meeting_form.other_types", Checks: checks(rest, chosen)}
	return s.render(w, r, status, "meeting_form", page)
}

// meetingValues are a stored meeting as the form shows it.
func meetingValues(m *hearth.Meeting) url.Values {
	v := url.Values{
		"name": {m.Name}, "start": {m.Start}, "end": {m.End}, "time_zone": {m.TimeZone},
		"venue": {m.Venue}, "address": {m.Address}, "city": {m.City}, "region": {m.Region},
		"postal_code": {m.PostalCode}, "country": {m.Country}, "location_notes": {m.LocationNotes},
		"conference_url": {m.ConferenceURL}, "conference_url_notes": {m.ConferenceURLNotes},
		"conference_phone": {m.ConferencePhone}, "conference_phone_notes": {m.ConferencePhoneNotes},
		"notes": {m.Notes}, "type": slices.Clone(m.Types),
	}
	if m.FormattedAddress != "" && m.Address == "" {
		v.Set("address", m.FormattedAddress)
	}
	for _, d := range m.Days {
		v.Add("day", strconv.Itoa(int(d)))
	}
	if m.Point != nil {
		v.Set("lat", strconv.FormatFloat(m.Point.Lat, 'f', -1, 64))
		v.Set("lon", strconv.FormatFloat(m.Point.Lon, 'f', -1, 64))
	}
	if m.Approximate {
		v.Set("approximate", "1")
	}
	if m.Inactive {
		v.Set("inactive", "1")
	}
	return v
}

// formMeeting fills m from a submitted form. It checks what only the form
// knows (numbers that are not numbers); m.Validate checks the rest.
func formMeeting(v url.Values, m *hearth.Meeting) hearth.FieldErrors {
	errs := hearth.FieldErrors{}
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	m.Name = get("name")
	m.Days = nil
	for _, d := range v["day"] {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 6 {
			errs.Add("days", "error.days.required")
			continue
		}
		if !slices.Contains(m.Days, time.Weekday(n)) {
			m.Days = append(m.Days, time.Weekday(n))
		}
	}
	slices.Sort(m.Days)
	m.Start, m.End = clockValue(get("start")), clockValue(get("end"))
	m.TimeZone = get("time_zone")
	m.Venue, m.City, m.Region = get("venue"), get("city"), get("region")
	if m.FormattedAddress != "" && m.Address == "" && get("address") == m.FormattedAddress {
		// The feed's one-line address, shown in the address field, is
		// unchanged: keep it as it came.
	} else {
		m.Address = get("address")
		m.FormattedAddress = ""
	}
	m.PostalCode, m.Country = get("postal_code"), get("country")
	m.LocationNotes = strings.TrimSpace(v.Get("location_notes"))
	m.Approximate = v.Get("approximate") != ""
	m.ConferenceURL, m.ConferenceURLNotes = get("conference_url"), strings.TrimSpace(v.Get("conference_url_notes"))
	m.ConferencePhone, m.ConferencePhoneNotes = get("conference_phone"), strings.TrimSpace(v.Get("conference_phone_notes"))
	m.Notes = strings.TrimSpace(v.Get("notes"))
	m.Inactive = v.Get("inactive") != ""
	m.Types = nil
	for _, t := range v["type"] {
		if t = strings.TrimSpace(t); t != "" && len(t) <= 64 && !slices.Contains(m.Types, t) {
			m.Types = append(m.Types, t)
		}
	}
	m.Point = nil
	lat, lon := get("lat"), get("lon")
	switch {
	case lat != "" || lon != "":
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil {
			errs.Add("point", "error.point.invalid")
		} else {
			m.Point = &hearth.LatLon{Lat: la, Lon: lo}
		}
	case m.City != "":
		// No coordinates given: the centre of the city, from the offline
		// gazetteer, so that the finder can place the meeting.
		q := m.City
		for _, s := range []string{m.Region, m.Country} {
			if s != "" {
				q += ", " + s
			}
		}
		if places := geo.Lookup(q, geo.Options{Limit: 1}); len(places) > 0 {
			m.Point = &hearth.LatLon{Lat: places[0].Point.Lat, Lon: places[0].Point.Lon}
		}
	}
	return errs
}

// clockValue reads a time of day as a browser's time input sends it
// ("19:30", or "19:30:00" with seconds) into "HH:MM"; anything else is
// kept for Validate to refuse.
func clockValue(s string) string {
	if len(s) == 8 && s[5] == ':' && s[6:] == "00" {
		s = s[:5]
	}
	if len(s) == 4 && s[1] == ':' { // "7:30"
		s = "0" + s
	}
	return s
}

// checkMeeting validates a meeting from the form, merging the form's own
// problems with the meeting's.
func checkMeeting(m *hearth.Meeting, errs hearth.FieldErrors) error {
	for k, v := range hearth.ErrorFields(m.Validate()) {
		errs.Add(k, v)
	}
	return errs.Err()
}

// againForm keeps what was typed and shows the problems of err; a problem
// with the point is shown at the latitude.
func againForm(r *http.Request, err error) *Form {
	f := formFrom(r, err)
	if k, ok := f.Errors["point"]; ok {
		f.Errors["lat"] = k
	}
	return f
}

func (s *Server) newMeetingPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.servedGroup(r)
	if err != nil {
		return err
	}
	f := &Form{Values: url.Values{"time_zone": {g.TimeZone}, "start": {"19:00"}, "end": {"20:00"}}}
	return s.meetingForm(w, r, http.StatusOK, g, "", f)
}

// servedGroup finds the group of the path and checks that the member
// serves it.
func (s *Server) servedGroup(r *http.Request) (*hearth.Group, error) {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	ok, err := s.serves(r, g.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, hearth.Errorf(hearth.EFORBIDDEN, "error.not_servant")
	}
	return g, nil
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, err := s.servedGroup(r)
	if err != nil {
		return err
	}
	m := &hearth.Meeting{GroupID: g.ID}
	errs := formMeeting(r.PostForm, m)
	slugs := meetingSlugs(g.Slug, m.Name)
	m.Slug = slugs[0]
	if err := checkMeeting(m, errs); err != nil {
		return s.meetingForm(w, r, http.StatusUnprocessableEntity, g, "", againForm(r, err))
	}
	// The meeting's slug is its name's, else its group's and its name's,
	// else that with a number: the first that is free.
	for _, slug := range slugs {
		m.Slug = slug
		if err = s.store.CreateMeeting(r.Context(), m); hearth.ErrorCode(err) != hearth.ECONFLICT {
			break
		}
	}
	if err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.meetingForm(w, r, http.StatusUnprocessableEntity, g, "", againForm(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/meetings/"+m.Slug, "notice.meeting_created")
}

// maxMeetingSlug leaves room for the "-D" the feed adds to the slug of a
// meeting on several days.
const maxMeetingSlug = 62

// meetingSlugs are the slugs a new meeting may take, in the order it
// tries them: "noche-de-esperanza", "grupo-renacer-noche-de-esperanza",
// then that with -2, -3….
func meetingSlugs(group, name string) []string {
	s := trimSlug(slugify(name), maxMeetingSlug)
	if s == "" {
		s = "meeting"
	}
	long := s
	if !strings.HasPrefix(s, group) {
		long = trimSlug(group+"-"+s, maxMeetingSlug)
	}
	out := []string{s}
	if long != s {
		out = append(out, long)
	}
	for n := 2; n <= 20; n++ {
		suffix := "-" + strconv.Itoa(n)
		out = append(out, trimSlug(long, maxMeetingSlug-len(suffix))+suffix)
	}
	return out
}

func (s *Server) editMeetingPage(w http.ResponseWriter, r *http.Request) error {
	m, g, err := s.servedMeeting(r)
	if err != nil {
		return err
	}
	return s.meetingForm(w, r, http.StatusOK, g, m.Slug, &Form{Values: meetingValues(m)})
}

// servedMeeting finds the meeting of the path and checks that the member
// serves its group.
func (s *Server) servedMeeting(r *http.Request) (*hearth.Meeting, *hearth.Group, error) {
	m, err := s.store.FindMeetingBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, nil, err
	}
	ok, err := s.serves(r, m.GroupID)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, hearth.Errorf(hearth.EFORBIDDEN, "error.not_servant")
	}
	g := m.Group
	if g == nil {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return m, g, nil
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	m, g, err := s.servedMeeting(r)
	if err != nil {
		return err
	}
	errs := formMeeting(r.PostForm, m)
	if err := checkMeeting(m, errs); err != nil {
		return s.meetingForm(w, r, http.StatusUnprocessableEntity, g, m.Slug, againForm(r, err))
	}
	if err := s.store.UpdateMeeting(r.Context(), m); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.meetingForm(w, r, http.StatusUnprocessableEntity, g, m.Slug, againForm(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/meetings/"+m.Slug, "notice.meeting_saved")
}

// MeetingDeletePage asks a trusted servant to confirm a deletion.
type MeetingDeletePage struct {
	Page
	Meeting *hearth.Meeting
	Group   *hearth.Group
}

func (s *Server) deleteMeetingPage(w http.ResponseWriter, r *http.Request) error {
	m, g, err := s.servedMeeting(r)
	if err != nil {
		return err
	}
	page := &MeetingDeletePage{Page: s.page(r, "meeting_delete.title", "meetings"), Meeting: m, Group: g}
	page.Subject = m.Name
	return s.render(w, r, http.StatusOK, "meeting_delete", page)
}

func (s *Server) deleteMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	m, g, err := s.servedMeeting(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteMeeting(r.Context(), m.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug, "notice.meeting_deleted")
}

// MyMeetingsPage lists the meetings a member follows, and their private
// calendar address.
type MyMeetingsPage struct {
	Page
	Meetings    []*MeetingView
	Zone        string
	CalendarURL string
	// SubscribeURL is the same address as a webcal: link, which a phone
	// hands to its calendar app to subscribe in one tap.
	SubscribeURL template.URL
}

func (s *Server) myMeetingsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.myMeetings(r)
	if err != nil {
		return err
	}
	page := &MyMeetingsPage{Page: s.page(r, "my_meetings.title", "meetings"), Meetings: list, Zone: i18n.ZoneCity(langOf(r.Context()), s.viewerZone(r).String())}
	a := hearth.AccountFromContext(r.Context())
	token, err := s.store.CalendarToken(r.Context(), a.ID)
	switch hearth.ErrorCode(err) {
	case "":
		page.CalendarURL = s.absURL(r, calendarPath(token))
		page.SubscribeURL = template.URL("webcal://" + r.Host + calendarPath(token))
	case hearth.ENOTFOUND:
	default:
		return err
	}
	return s.render(w, r, http.StatusOK, "my_meetings", page)
}

// myMeetings are the meetings the member follows, next one first.
func (s *Server) myMeetings(r *http.Request) ([]*MeetingView, error) {
	now := s.now()
	res, err := s.store.MyMeetings(r.Context(), now)
	if err != nil {
		return nil, err
	}
	return s.meetingViews(r, res, now), nil
}

// meetingViews shows meetings to the viewer at now.
func (s *Server) meetingViews(r *http.Request, res []hearth.MeetingResult, now time.Time) []*MeetingView {
	zone := s.viewerZone(r)
	p := i18n.For(langOf(r.Context()))
	list := make([]*MeetingView, 0, len(res))
	for _, x := range res {
		list = append(list, viewMeeting(p, x.Meeting, now, zone))
	}
	return list
}
