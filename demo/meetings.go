package demo

import (
	"context"
	"fmt"
	"time"

	"hearth"
)

// meeting is a demo meeting of the group with the slug group.
type meeting struct {
	group string
	m     hearth.Meeting
}

// Days of the week, for the table below.
var (
	weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	mwf      = []time.Weekday{time.Monday, time.Wednesday, time.Friday}
	tueThu   = []time.Weekday{time.Tuesday, time.Thursday}
)

func days(d ...time.Weekday) []time.Weekday { return d }

func at(lat, lon float64) *hearth.LatLon { return &hearth.LatLon{Lat: lat, Lon: lon} }

// meetings are the demo groups' meetings: in person, online and hybrid,
// in several cities and zones; Spanish-speaking ones for Grupo Renacer;
// Night Owls only online. Every place and link is made up.
var meetings = []meeting{
	{"serenity-at-sunrise", hearth.Meeting{Slug: "sunrise-big-book", Name: "Sunrise Big Book", Days: weekdays, Start: "06:30", End: "07:30",
		TimeZone: "America/New_York", Venue: "St. Brigid's Parish Hall", Address: "119 Avenue B", City: "New York", Region: "NY",
		PostalCode: "10009", Country: "US", Point: at(40.72595, -73.98054), LocationNotes: "Basement entrance on 8th Street.",
		Regions: []string{"New York", "Manhattan", "East Village"}, Types: []string{"O", "B", "D"},
		Notes: "We read a page or two of the Big Book, then share. Coffee from 6:15."}},
	{"serenity-at-sunrise", hearth.Meeting{Slug: "saturday-sunrise", Name: "Saturday Sunrise", Days: days(time.Saturday), Start: "08:00", End: "09:00",
		TimeZone: "America/New_York", Venue: "St. Brigid's Parish Hall", Address: "119 Avenue B", City: "New York", Region: "NY",
		PostalCode: "10009", Country: "US", Point: at(40.72595, -73.98054), ConferenceURL: "https://meet.example.org/saturday-sunrise",
		ConferenceURLNotes: "The room's camera shows the circle; say hello in the chat.", Types: []string{"O", "D", "BE"},
		Notes: "A hybrid meeting for newcomers: join in the room or online."}},

	{"just-for-today-na", hearth.Meeting{Slug: "just-for-today", Name: "Just for Today", Days: tueThu, Start: "19:00", End: "20:00",
		TimeZone: "America/Chicago", Venue: "Lakeview Community Room", Address: "3245 N Sheffield Ave", City: "Chicago", Region: "IL",
		PostalCode: "60657", Country: "US", Point: at(41.94073, -87.65353), Types: []string{"O", "JFT", "BEG"},
		Notes: "We open with the Just for Today reading. Keytags every week."}},
	{"just-for-today-na", hearth.Meeting{Slug: "jft-online", Name: "Just for Today Online", Days: days(time.Sunday), Start: "18:00", End: "19:00",
		TimeZone: "America/Chicago", FormattedAddress: "Chicago, IL, USA", Approximate: true,
		ConferenceURL: "https://meet.example.org/jft-sunday", Types: []string{"O", "JFT", "DISC"}}},

	{"al-anon-family-circle", hearth.Meeting{Slug: "family-circle", Name: "Family Circle", Days: days(time.Wednesday), Start: "19:30", End: "20:30",
		TimeZone: "America/Chicago", Venue: "First Methodist, Room 12", Address: "516 Church St", City: "Evanston", Region: "IL",
		PostalCode: "60201", Country: "US", Point: at(42.04683, -87.68125), Types: []string{"O", "D"},
		Notes: "For families and friends of people who drink."}},

	{"ca-downtown", hearth.Meeting{Slug: "downtown-hope", Name: "Downtown Hope", Days: mwf, Start: "19:00", End: "20:00",
		TimeZone: "America/Denver", Venue: "Capitol Hill Club", Address: "1311 York St", City: "Denver", Region: "CO",
		PostalCode: "80206", Country: "US", Point: at(39.73747, -104.95921), Types: []string{"O", "D", "X"}}},
	{"ca-downtown", hearth.Meeting{Slug: "downtown-hope-speakers", Name: "Downtown Hope Speakers", Days: days(time.Saturday), Start: "20:00", End: "21:00",
		TimeZone: "America/Denver", Venue: "Capitol Hill Club", Address: "1311 York St", City: "Denver", Region: "CO",
		PostalCode: "80206", Country: "US", Point: at(39.73747, -104.95921), Types: []string{"O", "SP"},
		Notes: "A speaker shares their story; the first Saturday of the month is a birthday night."}},

	{"smart-tuesday-tools", hearth.Meeting{Slug: "tuesday-tools", Name: "Tuesday Tools", Days: days(time.Tuesday), Start: "18:30", End: "20:00",
		TimeZone: "America/Toronto", Venue: "Annex Library, meeting room", Address: "160 Kendal Ave", City: "Toronto", Region: "ON",
		PostalCode: "M5R 1M3", Country: "CA", Point: at(43.67217, -79.40737), ConferenceURL: "https://meet.example.org/tuesday-tools",
		Types: []string{"O", "A", "D"}, Notes: "One SMART tool each week: this month, the cost-benefit analysis."}},

	{"recovery-dharma-sangha", hearth.Meeting{Slug: "open-heart-sangha", Name: "Open Heart Sangha", Days: days(time.Thursday), Start: "19:00", End: "20:30",
		TimeZone: "Europe/London", Venue: "Friends Meeting House", Address: "173 Euston Rd", City: "London", PostalCode: "NW1 2BJ",
		Country: "GB", Point: at(51.52793, -0.13046), Types: []string{"O", "MED", "D"},
		Notes: "Twenty minutes of meditation, a reading, then sharing. Cushions and chairs."}},
	{"recovery-dharma-sangha", hearth.Meeting{Slug: "sunday-sit", Name: "Sunday Sit", Days: days(time.Sunday), Start: "10:00", End: "11:00",
		TimeZone: "Europe/London", FormattedAddress: "London, UK", Approximate: true,
		ConferenceURL: "https://meet.example.org/sunday-sit", Types: []string{"O", "MED"}}},

	{"freethinkers", hearth.Meeting{Slug: "freethinkers-wednesday", Name: "Freethinkers", Days: days(time.Wednesday), Start: "19:00", End: "20:00",
		TimeZone: "America/New_York", Venue: "Brooklyn Ethical Society", Address: "53 Prospect Park W", City: "Brooklyn", Region: "NY",
		PostalCode: "11215", Country: "US", Point: at(40.67092, -73.97189), Types: []string{"O", "A", "D"},
		Notes: "The steps in their secular wording. Believers and non-believers alike."}},

	{"grupo-renacer", hearth.Meeting{Slug: "grupo-renacer", Name: "Grupo Renacer", Days: mwf, Start: "20:00", End: "21:30",
		TimeZone: "America/Los_Angeles", Venue: "Centro Comunitario Boyle Heights", Address: "2130 E 1st St", City: "Los Angeles",
		Region: "CA", PostalCode: "90033", Country: "US", Point: at(34.04735, -118.21229), Types: []string{"S", "C", "D"},
		Notes: "Reunión en español. Café y pan dulce al terminar."}},
	{"grupo-renacer", hearth.Meeting{Slug: "renacer-en-linea", Name: "Renacer en Línea", Days: everyDay, Start: "21:00", End: "22:00",
		TimeZone: "America/Los_Angeles", FormattedAddress: "Los Ángeles, CA, EE. UU.", Approximate: true,
		ConferenceURL: "https://meet.example.org/renacer-en-linea", ConferencePhone: "+1 213 555 0148,,4455#",
		ConferencePhoneNotes: "Si no tienes internet, llama.", Types: []string{"S", "O", "D"},
		Notes: "Reunión abierta en español, todas las noches. Las personas recién llegadas son bienvenidas."}},
	{"grupo-renacer", hearth.Meeting{Slug: "renacer-sabado", Name: "Renacer Sábado", Days: days(time.Saturday), Start: "10:00", End: "11:30",
		TimeZone: "America/Los_Angeles", Venue: "Centro Comunitario Boyle Heights", Address: "2130 E 1st St", City: "Los Angeles",
		Region: "CA", PostalCode: "90033", Country: "US", Point: at(34.04735, -118.21229),
		ConferenceURL: "https://meet.example.org/renacer-sabado", Types: []string{"S", "O", "ST"},
		Notes: "Estudio de pasos, en la sala y en línea."}},

	{"women-in-recovery", hearth.Meeting{Slug: "mujeres-en-recuperacion", Name: "Mujeres en Recuperación", Days: days(time.Saturday), Start: "11:00", End: "12:30",
		TimeZone: "America/Mexico_City", Venue: "Salón Parroquial", Address: "Calle Orizaba 145, Roma Norte", City: "Ciudad de México",
		Region: "CDMX", PostalCode: "06700", Country: "MX", Point: at(19.41637, -99.15977), Types: []string{"W", "S", "C", "D"}}},
	{"women-in-recovery", hearth.Meeting{Slug: "women-in-recovery-online", Name: "Women in Recovery Online", Days: days(time.Tuesday), Start: "19:00", End: "20:00",
		TimeZone: "America/Mexico_City", FormattedAddress: "Mexico City, Mexico", Approximate: true,
		ConferenceURL: "https://meet.example.org/women-in-recovery", Types: []string{"W", "EN", "C", "D"}}},

	{"rainbow-recovery", hearth.Meeting{Slug: "rainbow-recovery", Name: "Rainbow Recovery", Days: days(time.Friday), Start: "19:30", End: "21:00",
		TimeZone: "America/Denver", Venue: "The Center on Colfax", Address: "1301 E Colfax Ave", City: "Denver", Region: "CO",
		PostalCode: "80218", Country: "US", Point: at(39.74015, -104.97281), ConferenceURL: "https://meet.example.org/rainbow-recovery",
		Types: []string{"O", "GL", "DISC"}, Notes: "Come as you are. Allies welcome."}},

	{"young-people-in-recovery", hearth.Meeting{Slug: "young-people", Name: "Young People in Recovery", Days: days(time.Thursday), Start: "20:00", End: "21:00",
		TimeZone: "America/Toronto", Venue: "Trinity Hall", Address: "155 Bathurst St", City: "Toronto", Region: "ON",
		PostalCode: "M5V 2R2", Country: "CA", Point: at(43.64621, -79.40498), Types: []string{"O", "Y", "SP"}}},

	{"night-owls-online", hearth.Meeting{Slug: "night-owls", Name: "Night Owls", Days: everyDay, Start: "23:00", End: "00:00",
		TimeZone: "America/New_York", FormattedAddress: "New York, NY, USA", Approximate: true,
		ConferenceURL: "https://meet.example.org/night-owls", Types: []string{"O", "D", "EN"},
		Notes: "For the late hours, when it's hardest. Someone is usually here."}},
	{"night-owls-online", hearth.Meeting{Slug: "buhos-nocturnos", Name: "Búhos Nocturnos", Days: everyDay, Start: "23:30", End: "00:30",
		TimeZone: "America/Mexico_City", FormattedAddress: "Ciudad de México, México", Approximate: true,
		ConferenceURL: "https://meet.example.org/buhos-nocturnos", Types: []string{"O", "D", "S"},
		Notes: "La versión en español de Night Owls, todas las noches."}},
	{"night-owls-online", hearth.Meeting{Slug: "night-owls-europe", Name: "Night Owls Europe", Days: everyDay, Start: "00:30", End: "01:30",
		TimeZone: "Europe/London", FormattedAddress: "London, UK", Approximate: true,
		ConferenceURL: "https://meet.example.org/night-owls-europe", ConferencePhone: "+44 20 7946 0321",
		Types: []string{"O", "D", "EN"}}},
}

// follows are the demo meetings each demo member keeps in "my meetings".
var follows = map[string][]string{
	"river.0001":   {"sunrise-big-book", "freethinkers-wednesday", "rainbow-recovery"},
	"luz.0002":     {"renacer-en-linea", "buhos-nocturnos", "mujeres-en-recuperacion"},
	"sam.0003":     {"just-for-today", "night-owls"},
	"marisol.0004": {"grupo-renacer", "family-circle"},
	"mateo.0009":   {"renacer-en-linea", "night-owls-europe"},
}

// fillMeetings creates the demo meetings, each by its group's owner, and
// the demo members' follows.
func fillMeetings(ctx context.Context, st Store, groupIDs, owners map[string]int64, memberIDs map[string]int64) error {
	ids := map[string]int64{}
	for _, x := range meetings {
		m := x.m
		m.GroupID = groupIDs[x.group]
		as := hearth.NewContextWithAccount(ctx, &hearth.Account{ID: owners[x.group]})
		if err := st.CreateMeeting(as, &m); err != nil {
			return fmt.Errorf("demo meeting %s: %w", m.Slug, err)
		}
		ids[m.Slug] = m.ID
	}
	for handle, slugs := range follows {
		as := hearth.NewContextWithAccount(ctx, &hearth.Account{ID: memberIDs[handle]})
		for _, slug := range slugs {
			if err := st.FollowMeeting(as, ids[slug]); err != nil {
				return fmt.Errorf("demo member %s following %s: %w", handle, slug, err)
			}
		}
	}
	return nil
}

// Meetings is the number of demo meetings (for tests).
func Meetings() int { return len(meetings) }
