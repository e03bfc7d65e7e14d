package meetingguide_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"hearth/meetingguide"
)

func ExampleDecode() {
	feed := `[
		{"name": "Noon Lifeline", "slug": 17, "day": [1, 3], "time": "12:00",
		 "formatted_address": "1600 Champa St, Denver, CO 80202, USA"},
		{"name": "Nowhere", "slug": "nowhere", "day": 2, "time": "19:00"}
	]`
	opts := meetingguide.Options{DefaultTimeZone: "America/Denver"}
	for rec, err := range meetingguide.Decode(strings.NewReader(feed), opts) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if !rec.Accepted() {
			fmt.Printf("record %d (%s) rejected:\n", rec.Index, rec.Slug)
			for _, p := range rec.Problems {
				fmt.Println("  ", p)
			}
			continue
		}
		m := rec.Meeting
		fmt.Printf("%s %q on %v at %s–%s %s\n", m.Slug, m.Name, m.Days, m.Time, m.EndTime, m.TimeZone)
		for _, a := range rec.Adjustments {
			fmt.Println("  ", a.Message)
		}
	}
	// Output:
	// 17 "Noon Lifeline" on [Monday Wednesday] at 12:00–13:00 America/Denver
	//    end_time missing: set to start + 1 h (13:00)
	//    timezone missing: set to the feed's default, America/Denver
	// record 1 (nowhere) rejected:
	//    formatted_address: a meeting needs an address, approximate if it meets only online
}

func ExampleEncoder() {
	enc := meetingguide.NewEncoder(os.Stdout, meetingguide.Entity{Name: "Denver Intergroup"})
	err := enc.Encode(meetingguide.Meeting{
		Name: "Noon Lifeline", Slug: "noon-lifeline", Days: []time.Weekday{time.Monday, time.Wednesday},
		Time: "12:00", EndTime: "13:00", TimeZone: "America/Denver",
		FormattedAddress: "1600 Champa St, Denver, CO 80202, USA", Types: []string{"O", "D"},
	})
	if err != nil {
		fmt.Println(err)
	}
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [
	// {"name":"Noon Lifeline","slug":"noon-lifeline-1","day":1,"time":"12:00","end_time":"13:00","timezone":"America/Denver","formatted_address":"1600 Champa St, Denver, CO 80202, USA","approximate":"no","types":["O","D"],"entity":"Denver Intergroup"},
	// {"name":"Noon Lifeline","slug":"noon-lifeline-3","day":3,"time":"12:00","end_time":"13:00","timezone":"America/Denver","formatted_address":"1600 Champa St, Denver, CO 80202, USA","approximate":"no","types":["O","D"],"entity":"Denver Intergroup"}
	// ]
}

func ExampleDecodeAll() {
	// A feed Hearth wrote: one record per day.
	feed := `[
		{"name":"Noon Lifeline","slug":"noon-lifeline-1","day":1,"time":"12:00","end_time":"13:00","timezone":"America/Denver","formatted_address":"Denver, CO","approximate":"yes","conference_url":"https://zoom.us/j/1"},
		{"name":"Noon Lifeline","slug":"noon-lifeline-3","day":3,"time":"12:00","end_time":"13:00","timezone":"America/Denver","formatted_address":"Denver, CO","approximate":"yes","conference_url":"https://zoom.us/j/1"}
	]`
	f, err := meetingguide.DecodeAll(strings.NewReader(feed), meetingguide.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range f.Meetings {
		fmt.Println(m.Slug, m.Days, m.Attendance())
	}
	// Output:
	// noon-lifeline [Monday Wednesday] online
}

func ExampleTypeName() {
	fmt.Println(meetingguide.TypeName(meetingguide.ProgramAA, "BE", "es"))
	fmt.Println(meetingguide.TypeName(meetingguide.ProgramNA, "JFT", "en"))
	fmt.Println(meetingguide.ProgramNA.Name("es"))
	// Output:
	// Principiantes
	// Just for Today Study
	// Narcóticos Anónimos
}
