package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"hearth"
	"hearth/geo"
	"hearth/i18n"
	"hearth/meetingguide"
)

// The meeting finder: a GET form that works without JavaScript and can be
// bookmarked, and its JSON twin under /api/v1. Both read the same
// parameters:
//
//	q           free text over names and notes
//	place       a place name, found in the offline gazetteer
//	lat, lon    a point (from "use my location", or a place chosen)
//	radius      a distance, in unit ("km" or "mi")
//	day         "today" or a weekday 0–6 (0 is Sunday)
//	time        morning, midday, evening or night
//	soon        "1": in progress or starting within the hour
//	type        Meeting Guide type codes, all of which must match
//	lang        a language (BCP 47)
//	program     a program code
//	attendance  in_person, online or hybrid
//	sort        next (soonest first) or distance
//	page        1, 2, …
//	tz          the viewer's time zone, for visitors (members have theirs)

// finderPageSize is how many meetings a page of results shows.
const finderPageSize = 20

// Radii offered, and the most anyone may ask for.
var finderRadii = []string{"5", "10", "25", "50", "100"}

const maxRadiusKm = 500

// finderQuery is what the finder was asked.
type finderQuery struct {
	Text       string
	Place      string
	Point      *hearth.LatLon
	Radius     float64 // in Unit
	Unit       string  // "km" or "mi"
	Day        string  // "", "today", "0"…"6"
	Window     string
	Soon       bool
	Types      []string
	Language   string
	Program    string
	Attendance string
	Sort       string
	Page       int
	Zone       string // tz, if valid
}

// milesCountries measure road distances in miles.
var milesCountries = []string{"US", "GB", "LR", "MM"}

// readFinder reads the finder's parameters; what cannot be understood is
// reported per field (as catalog keys) and otherwise ignored.
func readFinder(v url.Values, country string) (finderQuery, hearth.FieldErrors) {
	errs := hearth.FieldErrors{}
	q := finderQuery{
		Text:  strings.TrimSpace(v.Get("q")),
		Place: strings.TrimSpace(v.Get("place")),
		Unit:  "km",
		Sort:  hearth.SortByNextStart,
		Page:  1,
	}
	if len(q.Text) > 200 {
		errs.Add("q", "error.finder.text_long")
	}
	if len(q.Place) > 200 {
		errs.Add("place", "error.finder.place_long")
	}
	if slices.Contains(milesCountries, country) {
		q.Unit = "mi"
	}
	if u := v.Get("unit"); u == "km" || u == "mi" {
		q.Unit = u
	} else if u != "" {
		errs.Add("unit", "error.finder.unit")
	}
	q.Radius = 25
	if q.Unit == "mi" {
		q.Radius = 10
	}
	if r := v.Get("radius"); r != "" {
		f, err := strconv.ParseFloat(r, 64)
		km := f
		if q.Unit == "mi" {
			km = f * kmPerMile
		}
		if err != nil || f <= 0 || km > maxRadiusKm {
			errs.Add("radius", "error.finder.radius")
		} else {
			q.Radius = f
		}
	}
	// A point comes with the place it was found for (plabel): a place
	// chosen from a list, or "use my location" with no place at all. When
	// the place has been typed over since, the new place counts.
	lat, lon := strings.TrimSpace(v.Get("lat")), strings.TrimSpace(v.Get("lon"))
	if (lat != "" || lon != "") && q.Place == strings.TrimSpace(v.Get("plabel")) {
		if p, ok := parsePoint(lat, lon); ok {
			q.Point = &p
		} else {
			errs.Add("place", "error.point.invalid")
		}
	}
	// Or the place may be typed as coordinates: "41.88, -87.63".
	if q.Point == nil {
		if la, lo, ok := strings.Cut(q.Place, ","); ok {
			if p, ok := parsePoint(la, lo); ok {
				q.Point = &p
			}
		}
	}
	switch d := v.Get("day"); {
	case d == "" || d == "today":
		q.Day = d
	case len(d) == 1 && d[0] >= '0' && d[0] <= '6':
		q.Day = d
	default:
		errs.Add("day", "error.finder.day")
	}
	switch w := v.Get("time"); w {
	case "", hearth.Morning, hearth.Midday, hearth.Evening, hearth.Night:
		q.Window = w
	default:
		errs.Add("time", "error.finder.time")
	}
	q.Soon = v.Get("soon") != ""
	for _, t := range v["type"] {
		if t = strings.TrimSpace(t); t != "" && len(t) <= 64 && !slices.Contains(q.Types, t) {
			q.Types = append(q.Types, t)
		}
	}
	if len(q.Types) > 20 {
		errs.Add("type", "error.finder.types")
		q.Types = q.Types[:20]
	}
	if l := v.Get("lang"); l != "" {
		if _, err := language.Parse(l); err != nil || len(l) > 35 {
			errs.Add("lang", "error.language.invalid")
		} else {
			q.Language = l
		}
	}
	if p := v.Get("program"); p != "" {
		if knownProgram(p) {
			q.Program = p
		} else {
			errs.Add("program", "error.program.invalid")
		}
	}
	switch a := v.Get("attendance"); a {
	case "", hearth.InPerson, hearth.Online, hearth.Hybrid:
		q.Attendance = a
	default:
		errs.Add("attendance", "error.finder.attendance")
	}
	switch s := v.Get("sort"); s {
	case "", hearth.SortByNextStart:
	case hearth.SortByDistance:
		q.Sort = s
	default:
		errs.Add("sort", "error.finder.sort")
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 10000 {
			errs.Add("page", "error.finder.page")
		} else {
			q.Page = n
		}
	}
	if tz := v.Get("tz"); tz != "" && hearth.ValidTimeZone(tz) {
		q.Zone = tz
	}
	return q, errs
}

// parsePoint reads a latitude and a longitude in decimal degrees.
func parsePoint(lat, lon string) (hearth.LatLon, bool) {
	la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	p := hearth.LatLon{Lat: la, Lon: lo}
	return p, err1 == nil && err2 == nil && p.Valid()
}

// foundPlace is where a place name led.
type foundPlace struct {
	Label string
	Point hearth.LatLon
	Zone  string
	// Others are the other places of that name, to choose from.
	Others []PlaceChoice
}

// PlaceChoice is another place the visitor may have meant.
type PlaceChoice struct {
	Label string
	URL   string
	Point hearth.LatLon
	Zone  string
}

// placeLabel names a gazetteer place with its country in lang:
// "Córdoba, Andalusia, España".
func placeLabel(p geo.Place, lang string) string {
	parts := []string{p.Name}
	for _, s := range []string{p.Province, p.Region} {
		if s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	country := p.Country
	if n := i18n.RegionName(lang, p.CountryCode); n != "" {
		country = n
	}
	if country != "" && !slices.Contains(parts, country) {
		parts = append(parts, country)
	}
	return strings.Join(parts, ", ")
}

// findPlace looks a place name up in the gazetteer, preferring places in
// country. The first place found is used; the others of the same name are
// offered as links to the same search near them (base is the search's
// query string, without the place).
func findPlace(name, country, lang string, base url.Values) (*foundPlace, bool) {
	places := geo.Lookup(name, geo.Options{Limit: 6, Prefer: country})
	if len(places) == 0 {
		return nil, false
	}
	first := places[0]
	f := &foundPlace{
		Label: placeLabel(first, lang),
		Point: hearth.LatLon{Lat: first.Point.Lat, Lon: first.Point.Lon},
		Zone:  first.Zone,
	}
	for _, p := range places[1:] {
		label := placeLabel(p, lang)
		v := cloneValues(base)
		v.Set("place", label)
		v.Set("plabel", label)
		v.Set("lat", strconv.FormatFloat(p.Point.Lat, 'f', 5, 64))
		v.Set("lon", strconv.FormatFloat(p.Point.Lon, 'f', 5, 64))
		v.Del("page")
		f.Others = append(f.Others, PlaceChoice{Label: label, URL: "/meetings?" + v.Encode(),
			Point: hearth.LatLon{Lat: p.Point.Lat, Lon: p.Point.Lon}, Zone: p.Zone})
	}
	return f, true
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// finderSearch is a finder query made ready for the store, with what the
// viewer should be told about it.
type finderSearch struct {
	Query  finderQuery
	Filter hearth.MeetingFilter
	Errors hearth.FieldErrors
	// Place is set when a place name was looked up in the gazetteer.
	Place *foundPlace
	// Zone is the viewer's zone: times are shown in it, and "today" is
	// its today.
	Zone *time.Location
	// Miles says distances are shown in miles.
	Miles bool
}

// finderSearch reads a finder request into a filter for the store.
func (s *Server) finderSearch(r *http.Request) *finderSearch {
	a := hearth.AccountFromContext(r.Context())
	country := s.cfg.DefaultCountry
	if a != nil && a.Country != "" {
		country = a.Country
	}
	v := r.URL.Query()
	q, errs := readFinder(v, country)
	fs := &finderSearch{Query: q, Errors: errs, Miles: q.Unit == "mi"}

	// The viewer's zone: a member's own; else the one their browser
	// sent; else that of the place they searched near; else the site's.
	zone := ""
	if a != nil && a.TimeZone != "" {
		zone = a.TimeZone
	} else if q.Zone != "" {
		zone = q.Zone
	}

	f := hearth.MeetingFilter{
		Window:     q.Window,
		Soon:       q.Soon,
		Types:      q.Types,
		Language:   q.Language,
		Program:    q.Program,
		Attendance: q.Attendance,
		Query:      q.Text,
		Now:        s.now(),
		Sort:       q.Sort,
		Limit:      finderPageSize,
		Offset:     (q.Page - 1) * finderPageSize,
	}
	switch {
	case q.Point != nil:
		f.Near = q.Point
	case q.Place != "" && errs["place"] == "":
		base := cloneValues(v)
		base.Del("place")
		base.Del("plabel")
		base.Del("lat")
		base.Del("lon")
		if p, ok := findPlace(q.Place, country, langOf(r.Context()), base); ok {
			fs.Place = p
			f.Near = &p.Point
			if zone == "" {
				zone = p.Zone
			}
		} else {
			fs.Errors.Add("place", "error.finder.place_unknown")
		}
	}
	if f.Near != nil {
		f.RadiusKm = q.Radius
		if fs.Miles {
			f.RadiusKm = q.Radius * kmPerMile
		}
	} else if f.Sort == hearth.SortByDistance {
		f.Sort = hearth.SortByNextStart
	}
	if zone == "" {
		zone = s.cfg.DefaultTimeZone
	}
	loc := hearth.LoadZone(zone)
	fs.Zone = loc
	f.Zone = loc
	switch q.Day {
	case "today":
		f.Days = []time.Weekday{f.Now.In(loc).Weekday()}
	case "":
	default:
		f.Days = []time.Weekday{time.Weekday(q.Day[0] - '0')}
	}
	fs.Filter = f
	return fs
}

// FinderPage is the meeting finder with its results.
type FinderPage struct {
	Page
	Form    *Form
	Results []*MeetingView
	Total   int
	// From and To number the results on this page, from 1.
	From, To int
	// Place is the place searched near, when found by name; Places are
	// the others of that name.
	Place       string
	Places      []PlaceChoice
	Attribution string
	Near        bool
	// Here says the search is near the visitor's own location.
	Here bool
	// MoreOpen opens "more choices" when one of them is in use.
	MoreOpen bool
	// Searched says the visitor asked for something: the results then
	// come first, and the form folds away under "change the search".
	Searched bool
	// Zone names the zone times are shown in.
	Zone    string
	PrevURL string
	NextURL string
	// OnlineURL and WiderURL, for a search that found nothing: the same
	// search for online meetings from anywhere, and near the same place
	// within the widest distance (empty when it is that already).
	OnlineURL string
	WiderURL  string
	Days      []Choice
	Windows   []Choice
	Radii     []Choice
	Units     []Choice
	Types     CheckGroup
	Languages []Choice
	Programs  []Choice
	Attends   []Choice
	Sorts     []Choice
}

// finderTypes are the types the finder offers to filter by: those a
// newcomer most often looks for.
var finderTypes = []string{"O", "C", "BE", "W", "M", "LGBTQ", "Y", "X", "SP", "D", "B", "ST", "A", "MED", "ASL", "POC", "NB", "T", "SEN", "CF"}

func (s *Server) finder(w http.ResponseWriter, r *http.Request) error {
	fs := s.finderSearch(r)
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page := &FinderPage{
		Page: s.page(r, "finder.title", "meetings"),
		Form: &Form{Values: r.URL.Query(), Errors: fs.Errors},
		Zone: i18n.ZoneCity(lang, fs.Zone.String()),
		Near: fs.Filter.Near != nil,
	}
	page.FeedURL = s.absURL(r, "/meetings.json")
	if fs.Place != nil {
		page.Place = fs.Place.Label
		page.Places = fs.Place.Others
		page.Attribution = geo.Attribution
	} else if fs.Query.Point != nil {
		page.Place = fs.Query.Place
		page.Here = fs.Query.Place == ""
	}
	for _, vs := range r.URL.Query() {
		if len(vs) > 0 && vs[0] != "" {
			page.Searched = true
		}
	}
	for _, k := range []string{"q", "program", "type", "sort"} {
		if r.URL.Query().Get(k) != "" {
			page.MoreOpen = true
		}
	}
	page.fillChoices(p, fs)
	// A place that could not be found shows no results: better none than
	// meetings anywhere, as if they were near.
	if fs.Errors["place"] == "" {
		results, total, err := s.store.FindMeetings(r.Context(), fs.Filter)
		if err != nil {
			return err
		}
		for _, res := range results {
			v := viewMeeting(p, res.Meeting, fs.Filter.Now, fs.Zone)
			if page.Account == nil && fs.Zone.String() != s.cfg.DefaultTimeZone {
				// The meeting's page shows a visitor's times in the same
				// zone as the finder did.
				v.URL += "?tz=" + url.QueryEscape(fs.Zone.String())
			}
			if res.DistanceKm != nil {
				v.Distance = distanceText(p, *res.DistanceKm, fs.Miles)
			}
			page.Results = append(page.Results, v)
		}
		page.Total = total
		if len(results) > 0 {
			page.From = fs.Filter.Offset + 1
			page.To = fs.Filter.Offset + len(results)
		}
		page.PrevURL, page.NextURL = pagingURLs(r.URL.Query(), fs.Query.Page, page.To < total)
		if total == 0 {
			page.OnlineURL, page.WiderURL = widerSearches(r.URL.Query(), fs.Filter.Near != nil)
		}
	}
	status := http.StatusOK
	if len(fs.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "meetings", page)
}

// widerSearches are the ways on from a search that found nothing, as
// finder addresses: online meetings from anywhere, at the same days,
// times, language and kinds ("" when it asked for online ones already),
// and, for a search near a place, the same one at the widest distance
// ("" when it was that already).
func widerSearches(v url.Values, near bool) (online, wider string) {
	if v.Get("attendance") != hearth.Online {
		o := maps.Clone(v)
		for _, k := range []string{"place", "plabel", "lat", "lon", "radius", "page"} {
			o.Del(k)
		}
		if o.Get("sort") == hearth.SortByDistance {
			o.Del("sort")
		}
		o.Set("attendance", hearth.Online)
		online = "/meetings?" + o.Encode()
	}
	if widest := finderRadii[len(finderRadii)-1]; near && v.Get("radius") != widest {
		w := maps.Clone(v)
		w.Del("page")
		w.Set("radius", widest)
		wider = "/meetings?" + w.Encode()
	}
	return online, wider
}

// pagingURLs are the links to the pages before and after this one.
func pagingURLs(v url.Values, page int, more bool) (prev, next string) {
	link := func(n int) string {
		v := cloneValues(v)
		if n == 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
		return "/meetings?" + v.Encode()
	}
	if page > 1 {
		prev = link(page - 1)
	}
	if more {
		next = link(page + 1)
	}
	return prev, next
}

func (fp *FinderPage) fillChoices(p *i18n.Printer, fs *finderSearch) {
	lang := p.Lang()
	fp.Days = []Choice{{"", p.T("finder.day.any")}, {"today", p.T("finder.day.today")}}
	for _, d := range weekOrder(p) {
		fp.Days = append(fp.Days, Choice{strconv.Itoa(int(d)), p.T("weekday." + strconv.Itoa(int(d)))})
	}
	fp.Windows = []Choice{{"", p.T("finder.time.any")}}
	for _, w := range []string{hearth.Morning, hearth.Midday, hearth.Evening, hearth.Night} {
		fp.Windows = append(fp.Windows, Choice{w, p.T("finder.time." + w)})
	}
	for _, r := range finderRadii {
		fp.Radii = append(fp.Radii, Choice{r, r})
	}
	fp.Units = []Choice{{"km", p.T("unit.km")}, {"mi", p.T("unit.mi")}}
	fp.Form.Values = cloneValues(fp.Form.Values)
	if fp.Form.Values.Get("unit") == "" {
		fp.Form.Values.Set("unit", fs.Query.Unit)
	}
	radius := strconv.FormatFloat(fs.Query.Radius, 'f', -1, 64)
	fp.Form.Values.Set("radius", radius)
	if !slices.Contains(finderRadii, radius) {
		// A distance from a bookmark or the API, not one of the list's.
		fp.Radii = append([]Choice{{radius, radius}}, fp.Radii...)
	}
	var types []Choice
	codes := finderTypes
	for _, t := range fs.Query.Types {
		if !slices.Contains(codes, t) {
			codes = append(slices.Clone(codes), t)
		}
	}
	for _, c := range codes {
		types = append(types, Choice{c, meetingguide.TypeName(meetingguide.Program(fs.Query.Program), c, lang)})
	}
	fp.Types = CheckGroup{ID: "type", Name: "type", Legend: "finder.types", Hint: "finder.types_hint", Checks: checks(types, fs.Query.Types)}
	fp.Languages = append([]Choice{{"", p.T("finder.lang.any")}}, languageChoicesFor(lang)...)
	fp.Programs = append([]Choice{{"", p.T("finder.program.any")}}, programChoices(lang)...)
	fp.Attends = []Choice{{"", p.T("finder.attendance.any")}}
	for _, a := range []string{hearth.InPerson, hearth.Online, hearth.Hybrid} {
		fp.Attends = append(fp.Attends, Choice{a, p.T("attendance." + a)})
	}
	fp.Sorts = []Choice{{hearth.SortByNextStart, p.T("finder.sort.next")}, {hearth.SortByDistance, p.T("finder.sort.distance")}}
}
