package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"hearth/geo"
	"hearth/meetingguide"
)

// cities are where the generated meetings are, as the gazetteer names
// them, with a weight for how many meetings a place of its size has there
// (meetings are most common in North America, then Latin America and
// Europe, as the Meeting Guide and BMLT directories show).
var cities = []struct {
	query  string
	weight float64
}{
	{"New York, NY, US", 4}, {"Los Angeles, CA, US", 4}, {"Chicago, IL, US", 4}, {"Houston, TX, US", 4},
	{"Phoenix, AZ, US", 4}, {"Philadelphia, PA, US", 4}, {"San Antonio, TX, US", 4}, {"San Diego, CA, US", 4},
	{"Dallas, TX, US", 4}, {"San Jose, CA, US", 4}, {"Austin, TX, US", 4}, {"Jacksonville, FL, US", 4},
	{"Columbus, OH, US", 4}, {"Indianapolis, IN, US", 4}, {"San Francisco, CA, US", 4}, {"Seattle, WA, US", 4},
	{"Denver, CO, US", 4}, {"Washington, DC, US", 4}, {"Boston, MA, US", 4}, {"Nashville, TN, US", 4},
	{"Detroit, MI, US", 4}, {"Portland, OR, US", 4}, {"Las Vegas, NV, US", 4}, {"Memphis, TN, US", 4},
	{"Louisville, KY, US", 4}, {"Baltimore, MD, US", 4}, {"Milwaukee, WI, US", 4}, {"Albuquerque, NM, US", 4},
	{"Tucson, AZ, US", 4}, {"Fresno, CA, US", 4}, {"Sacramento, CA, US", 4}, {"Kansas City, MO, US", 4},
	{"Atlanta, GA, US", 4}, {"Miami, FL, US", 4}, {"Raleigh, NC, US", 4}, {"Minneapolis, MN, US", 4},
	{"Cleveland, OH, US", 4}, {"Tampa, FL, US", 4}, {"Pittsburgh, PA, US", 4}, {"Cincinnati, OH, US", 4},
	{"St. Louis, MO, US", 4}, {"Orlando, FL, US", 4}, {"Salt Lake City, UT, US", 4}, {"Honolulu, HI, US", 4},
	{"Anchorage, AK, US", 4}, {"Boise, ID, US", 4}, {"Burlington, VT, US", 4}, {"Bellingham, WA, US", 4},
	{"Toronto, ON, CA", 4}, {"Montreal, QC, CA", 4}, {"Vancouver, BC, CA", 4}, {"Calgary, AB, CA", 4},
	{"Ottawa, ON, CA", 4}, {"Edmonton, AB, CA", 4}, {"Winnipeg, MB, CA", 4}, {"Halifax, NS, CA", 4},
	{"Mexico City, MX", 1.5}, {"Guadalajara, MX", 1.5}, {"Monterrey, MX", 1.5}, {"Puebla, MX", 1.5},
	{"Tijuana, MX", 1.5}, {"Bogota, CO", 1.5}, {"Medellin, CO", 1.5}, {"Lima, PE", 1.5},
	{"Santiago, CL", 1.5}, {"Buenos Aires, AR", 1.5}, {"Cordoba, AR", 1.5}, {"Sao Paulo, BR", 1.5},
	{"Rio de Janeiro, BR", 1.5}, {"Caracas, VE", 1.5}, {"Quito, EC", 1.5}, {"Guatemala City, GT", 1.5},
	{"San Jose, CR", 1.5}, {"Santo Domingo, DO", 1.5}, {"San Juan, PR", 3}, {"Havana, CU", 1},
	{"London, GB", 1.5}, {"Manchester, GB", 1.5}, {"Glasgow, GB", 1.5}, {"Dublin, IE", 2},
	{"Madrid, ES", 1}, {"Barcelona, ES", 1}, {"Sevilla, ES", 1}, {"Valencia, ES", 1},
	{"Paris, FR", 0.7}, {"Lyon, FR", 0.7}, {"Berlin, DE", 0.7}, {"Hamburg, DE", 0.7},
	{"Munich, DE", 0.7}, {"Amsterdam, NL", 1}, {"Brussels, BE", 0.7}, {"Stockholm, SE", 1},
	{"Oslo, NO", 1}, {"Copenhagen, DK", 1}, {"Helsinki, FI", 1}, {"Warsaw, PL", 1},
	{"Krakow, PL", 1}, {"Rome, IT", 0.5}, {"Milan, IT", 0.5}, {"Lisbon, PT", 0.7},
	{"Prague, CZ", 0.5}, {"Budapest, HU", 0.5}, {"Vienna, AT", 0.5}, {"Zurich, CH", 0.7},
	{"Reykjavik, IS", 3}, {"Moscow, RU", 0.2}, {"Kyiv, UA", 0.3}, {"Istanbul, TR", 0.1},
	{"Sydney, NSW, AU", 1.5}, {"Melbourne, VIC, AU", 1.5}, {"Brisbane, QLD, AU", 1.5}, {"Perth, WA, AU", 1.5},
	{"Auckland, NZ", 1.5}, {"Wellington, NZ", 1.5}, {"Suva, FJ", 1}, {"Tokyo, JP", 0.05},
	{"Seoul, KR", 0.05}, {"Manila, PH", 0.2}, {"Singapore, SG", 0.3}, {"Mumbai, IN", 0.05},
	{"Delhi, IN", 0.05}, {"Johannesburg, ZA", 0.5}, {"Cape Town, ZA", 0.5}, {"Nairobi, KE", 0.2},
	{"Lagos, NG", 0.05}, {"Cairo, EG", 0.02}, {"Tel Aviv, IL", 0.3}, {"Dubai, AE", 0.1},
}

// place is a city the generator puts meetings in.
type place struct {
	geo.Place
	query   string // its name as cities gives it, which the gazetteer finds
	spanish bool
	radius  float64 // metres from the centre the meetings spread over
	cum     float64 // cumulative weight, for drawing
}

// spanishCountries are where a meeting is in Spanish unless it says not.
var spanishCountries = map[string]bool{"MX": true, "CO": true, "PE": true, "CL": true, "AR": true, "VE": true,
	"EC": true, "GT": true, "CR": true, "DO": true, "PR": true, "CU": true, "ES": true}

// places looks up the cities in the gazetteer.
func places() ([]place, error) {
	var out []place
	total := 0.0
	for _, c := range cities {
		found := geo.Lookup(c.query, geo.Options{Limit: 1})
		if len(found) == 0 {
			return nil, fmt.Errorf("the gazetteer has no %q", c.query)
		}
		p := found[0]
		pop := math.Max(float64(p.Population), 50_000)
		total += c.weight * math.Sqrt(pop)
		out = append(out, place{
			Place:   p,
			query:   c.query,
			spanish: spanishCountries[p.CountryCode],
			radius:  math.Min(5_000+20_000*math.Sqrt(pop/1e6), 45_000),
			cum:     total,
		})
	}
	for i := range out {
		out[i].cum /= total
	}
	return out, nil
}

func (g *generator) draw() *place {
	x := g.rnd.Float64()
	i, _ := slices.BinarySearchFunc(g.places, x, func(p place, x float64) int {
		if p.cum < x {
			return -1
		}
		return 1
	})
	return &g.places[min(i, len(g.places)-1)]
}

// generator makes meetings that look like a real directory's.
type generator struct {
	rnd    *rand.Rand
	places []place
}

func newGenerator(seed uint64) (*generator, error) {
	ps, err := places()
	if err != nil {
		return nil, err
	}
	return &generator{rnd: rand.New(rand.NewPCG(seed, seed^0x5eed)), places: ps}, nil
}

var (
	adjectives = []string{"Serenity", "Hope", "New Freedom", "Sunrise", "Lifeline", "Early Bird", "Happy Destiny",
		"Keep It Simple", "Came to Believe", "Courage to Change", "Big Book", "Easy Does It", "Back to Basics",
		"Open Door", "Promises", "Second Chance", "Miracle", "Gratitude", "Friendship", "Living Sober", "Into Action"}
	nouns      = []string{"Group", "Fellowship", "Meeting", "Circle", "Club", "Home Group", "Step Study", "Sisters", "Brothers"}
	spanishAdj = []string{"Renacer", "Esperanza", "Nueva Vida", "Serenidad", "Amanecer", "Fe y Acción", "Paz Interior",
		"Un Día a la Vez", "Camino Libre", "Despertar"}
	venues = []string{"Community Center", "Parish Hall", "Alano Club", "Public Library", "Church Basement",
		"Recovery Center", "Friends Meeting House", "Senior Center", "Union Hall", "YMCA"}
	streets = []string{"Main St", "Oak Ave", "Maple St", "Church St", "Park Ave", "2nd St", "Elm St", "Washington Ave",
		"Lake St", "Hill Rd", "Market St", "River Rd", "Center St", "High St", "Pine St"}
	startTimes = []string{"06:30", "07:00", "07:30", "08:00", "09:00", "10:00", "10:30", "12:00", "12:00", "12:15",
		"17:30", "18:00", "18:00", "18:30", "19:00", "19:00", "19:00", "19:30", "19:30", "20:00", "20:00", "20:30", "21:00", "22:00"}
)

// types are the common type codes and how often a meeting has each.
var types = []struct {
	code string
	p    float64
}{
	{"O", 0.55}, {"D", 0.45}, {"B", 0.15}, {"ST", 0.12}, {"SP", 0.12}, {"BE", 0.08}, {"X", 0.3}, {"W", 0.05},
	{"M", 0.05}, {"Y", 0.03}, {"LGBTQ", 0.03}, {"MED", 0.04}, {"TR", 0.03}, {"LIT", 0.06}, {"DR", 0.04},
	{"A", 0.02}, {"CF", 0.03}, {"SM", 0.02},
}

func (g *generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

// group draws a group: where it meets, its name, and whether it speaks
// Spanish.
func (g *generator) group() (p *place, name string, spanish bool) {
	p = g.draw()
	r := g.rnd
	spanish = p.spanish && r.Float64() < 0.85 || !p.spanish && p.CountryCode == "US" && r.Float64() < 0.06
	name = g.pick(adjectives)
	if spanish {
		name = "Grupo " + g.pick(spanishAdj)
	}
	return p, fmt.Sprintf("%s %s %s", p.Name, name, g.pick(nouns)), spanish
}

// meeting makes meeting i of the directory, of a group meeting in p.
func (g *generator) meeting(i int, p *place, groupName string, spanish bool) meetingguide.Meeting {
	r := g.rnd
	name := strings.TrimSuffix(strings.TrimPrefix(groupName, p.Name+" "), " Group")
	m := meetingguide.Meeting{
		Name:     name,
		Slug:     fmt.Sprintf("m%06d", i),
		TimeZone: p.Zone,
		Group:    groupName,
		Country:  p.CountryCode,
		City:     p.Name,
		State:    p.RegionCode,
	}
	switch x := r.Float64(); {
	case x < 0.70:
		m.Days = []time.Weekday{time.Weekday(r.IntN(7))}
	case x < 0.85:
		m.Days = []time.Weekday{1, 2, 3, 4, 5}
	case x < 0.93:
		m.Days = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
	default:
		a, b := time.Weekday(r.IntN(7)), time.Weekday(r.IntN(7))
		m.Days = slices.Compact(slices.Sorted(slices.Values([]time.Weekday{a, b})))
	}
	m.Time = g.pick(startTimes)
	h, _ := time.Parse("15:04", m.Time)
	dur := []time.Duration{time.Hour, time.Hour, time.Hour, 90 * time.Minute}[r.IntN(4)]
	m.EndTime = h.Add(dur).Format("15:04")

	for _, t := range types {
		if r.Float64() < t.p {
			m.Types = append(m.Types, t.code)
		}
	}
	if spanish {
		m.Types = append(m.Types, "S")
	}

	online, hybrid := false, false
	switch x := r.Float64(); {
	case x < 0.15:
		online = true
	case x < 0.25:
		hybrid = true
	}
	if online {
		m.Approximate = true
		m.ConferenceURL = fmt.Sprintf("https://zoom.us/j/%d", 80000000000+i)
		m.Types = slices.DeleteFunc(m.Types, func(c string) bool { return c == "X" || c == "CF" || c == "SM" })
		return m
	}
	// Somewhere in the city: uniform over a disc around its centre.
	d := p.radius * math.Sqrt(r.Float64())
	θ := 2 * math.Pi * r.Float64()
	lat := p.Point.Lat + (d*math.Cos(θ))/geo.EarthRadius*180/math.Pi
	lon := p.Point.Lon + (d*math.Sin(θ))/(geo.EarthRadius*math.Cos(p.Point.Lat*math.Pi/180))*180/math.Pi
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	m.Coordinates = &meetingguide.LatLon{Lat: math.Round(lat*1e5) / 1e5, Lon: math.Round(lon*1e5) / 1e5}
	m.Location = p.Name + " " + g.pick(venues)
	m.Address = fmt.Sprintf("%d %s", 1+r.IntN(4999), g.pick(streets))
	m.PostalCode = fmt.Sprintf("%05d", r.IntN(99999))
	if r.Float64() < 0.3 {
		m.Notes = "Enter by the side door. Coffee and tea from fifteen minutes before."
		if spanish {
			m.Notes = "Entrada por la puerta lateral. Café desde quince minutos antes."
		}
	}
	if hybrid {
		m.ConferenceURL = fmt.Sprintf("https://zoom.us/j/%d", 80000000000+i)
	}
	return m
}

// writeFeed writes a feed of n generated meetings to w.
func writeFeed(w io.Writer, n int, seed uint64) error {
	g, err := newGenerator(seed)
	if err != nil {
		return err
	}
	enc := meetingguide.NewEncoder(w, meetingguide.Entity{Name: "Generated Intergroup", WebsiteURL: "https://intergroup.example.org"})
	for i := 0; i < n; {
		// A group's one to three meetings, one after another.
		p, group, spanish := g.group()
		for k := 1 + g.rnd.IntN(3); k > 0 && i < n; k-- {
			m := g.meeting(i, p, group, spanish)
			if err := enc.Encode(m); err != nil {
				return fmt.Errorf("generated meeting %s: %w", m.Slug, err)
			}
			i++
		}
	}
	return enc.Close()
}

// queryPoints are the centres of the generator's cities, drawn by weight
// as the meetings are, for finder queries: most searches are where most
// meetings are.
func queryPoints(n int, seed uint64) ([]geo.Place, error) {
	g, err := newGenerator(seed)
	if err != nil {
		return nil, err
	}
	out := make([]geo.Place, n)
	for i := range out {
		out[i] = g.draw().Place
	}
	return out, nil
}
