package trend

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"hearth"
)

var nov1 = hearth.Date{Year: 2026, Month: time.November, Day: 1}

func TestDays(t *testing.T) {
	list := []*hearth.CheckIn{
		{On: nov1.AddDays(3), Mood: 4, Craving: 2, HALT: hearth.Tired, SleepTenths: 75},
		{On: nov1, Mood: 0, Craving: -1, SleepTenths: -1, HALT: hearth.Hungry},
		{On: nov1.AddDays(-1), Mood: 5, Craving: 0}, // before the period
		{On: nov1.AddDays(14), Mood: 5, Craving: 0}, // after it
		{On: nov1.AddDays(6), Mood: 1, Craving: 10}, // the last day
	}
	days := Days(nov1, nov1.AddDays(6), list)
	if len(days) != 7 {
		t.Fatalf("%d days, want 7", len(days))
	}
	for i, d := range days {
		if d.On != nov1.AddDays(i) {
			t.Errorf("day %d is %s", i, d.On)
		}
	}
	if !days[0].In || days[0].HasMood() || days[0].HasCraving() || days[0].HasSleep() || days[0].HALT != hearth.Hungry {
		t.Errorf("day 0: %+v", days[0])
	}
	if days[1].In || days[1].HasMood() || days[1].HasCraving() {
		t.Errorf("a day without a check-in has values: %+v", days[1])
	}
	if d := days[3]; !d.HasMood() || d.Mood != 4 || d.Craving != 2 || d.Sleep != 75 {
		t.Errorf("day 3: %+v", d)
	}
	moods, cravings := Moods(days), Cravings(days)
	for i, want := range []float64{math.NaN(), math.NaN(), math.NaN(), 4, math.NaN(), math.NaN(), 1} {
		if got := moods[i]; got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("mood %d = %v, want %v", i, got, want)
		}
	}
	// A craving of 0 is a value, not a gap.
	if c := Cravings(Days(nov1, nov1, []*hearth.CheckIn{{On: nov1, Craving: 0}})); c[0] != 0 {
		t.Errorf("a craving of 0 reads %v", c[0])
	}
	if !math.IsNaN(cravings[1]) || cravings[6] != 10 {
		t.Errorf("cravings %v", cravings)
	}
	if Days(nov1, nov1.AddDays(-1), list) != nil {
		t.Error("an empty period has days")
	}
}

func TestSummarise(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		values []float64
		want   Summary
	}{
		{"Empty", nil, Summary{}},
		{"OnlyGaps", []float64{nan, nan}, Summary{}},
		{"GapsSkipped", []float64{nan, 2, nan, 4, 3}, Summary{N: 3, Mean: 3, Low: 2, High: 4}},
		{"Zeros count", []float64{0, 0, 6}, Summary{N: 3, Mean: 2, Low: 0, High: 6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarise(tc.values); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// svgDoc parses an SVG as XML and returns its elements, in order.
type svgElem struct {
	name  string
	attrs map[string]string
	text  string
}

func parseSVG(t *testing.T, s string) []svgElem {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var out []svgElem
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			e := svgElem{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(out) > 0 {
				out[len(out)-1].text += string(tok)
			}
		}
	}
	if depth != 0 || len(out) == 0 || out[0].name != "svg" {
		t.Fatalf("not one svg element: %s", s)
	}
	return out
}

func find(elems []svgElem, name, class string) []svgElem {
	var out []svgElem
	for _, e := range elems {
		if e.name == name && (class == "" || e.attrs["class"] == class) {
			out = append(out, e)
		}
	}
	return out
}

func label(d hearth.Date, monthly bool) string {
	if monthly {
		return d.Month.String()[:3]
	}
	return d.Month.String()[:3] + " " + string(rune('0'+d.Day/10)) + string(rune('0'+d.Day%10))
}

func TestLineSVG(t *testing.T) {
	nan := math.NaN()
	l := &Line{LabelledBy: "mood-cap", Class: "mood", Values: []float64{3, 4, nan, nan, 5, nan, 2, 3, 1, nan, nan, nan, 4, 4},
		Min: 1, Max: 5, YTicks: []Tick{{1, "Very low"}, {3, "Okay"}, {5, "Very <good> & “fine”"}},
		XTicks: DayTicks(nov1, 14, label)}
	svg := l.SVG()
	elems := parseSVG(t, svg)
	root := elems[0]
	if root.attrs["role"] != "img" || root.attrs["aria-labelledby"] != "mood-cap" || root.attrs["viewBox"] != "0 0 320 172" {
		t.Errorf("root %v", root.attrs)
	}
	series := find(elems, "path", "series")
	if len(series) != 1 {
		t.Fatalf("%d series paths", len(series))
	}
	// Four runs of values: 3 4 | 5 | 2 3 1 | 4 4 → four moves, and lines
	// only within runs.
	d := series[0].attrs["d"]
	if got := strings.Count(d, "M"); got != 4 {
		t.Errorf("the line has %d pieces, want 4 (broken at each gap): %s", got, d)
	}
	if got := strings.Count(d, "L"); got != 1+0+2+1 {
		t.Errorf("the line has %d segments, want 4: %s", got, d)
	}
	// A short series has a dot on every value: 8 of them.
	if got := strings.Count(find(elems, "path", "dots")[0].attrs["d"], "M"); got != 8 {
		t.Errorf("%d dots, want 8", got)
	}
	var texts []string
	for _, e := range find(elems, "text", "axis") {
		texts = append(texts, e.text)
	}
	joined := strings.Join(texts, "|")
	for _, want := range []string{"Very low", "Okay", "Very <good> & “fine”", "Nov 14", "Nov 07"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no label %q in %q", want, joined)
		}
	}
	if len(find(elems, "path", "grid")) != 3 {
		t.Error("want three grid lines")
	}
	// The top of the scale is at the top, the bottom at the bottom.
	if !strings.Contains(d, "M"+coord(dayX(lineLeft, lineRight, 14, 0))+" "+coord(lineBottom-0.5*(lineBottom-lineTop))) {
		t.Errorf("the first value (3 of 1–5) is not half way up: %s", d)
	}
}

func coord(v float64) string {
	var b svgWriter
	b.f(v)
	return b.String()
}

func TestLineSVGLong(t *testing.T) {
	// A year with a value every other day but one run: lone values get
	// dots, the run does not.
	values := make([]float64, 365)
	for i := range values {
		values[i] = math.NaN()
		if i%2 == 0 {
			values[i] = float64(i % 11)
		}
	}
	for i := 100; i < 110; i++ {
		values[i] = 5
	}
	l := &Line{Class: "craving", Values: values, Min: 0, Max: 10, XTicks: DayTicks(nov1.AddDays(-364), 365, label)}
	elems := parseSVG(t, l.SVG())
	lone := 0
	for i, v := range values {
		if !math.IsNaN(v) && (i == 0 || math.IsNaN(values[i-1])) && (i == 364 || math.IsNaN(values[i+1])) {
			lone++
		}
	}
	if got := strings.Count(find(elems, "path", "dots")[0].attrs["d"], "M"); got != lone {
		t.Errorf("%d dots, want %d (lone values only)", got, lone)
	}
	if n := len(find(elems, "text", "axis")); n < 4 || n > 7 {
		t.Errorf("%d month labels on a year, want 4 to 7", n)
	}
}

func TestLineSVGEmpty(t *testing.T) {
	l := &Line{Values: []float64{math.NaN(), math.NaN()}, Min: 0, Max: 10}
	elems := parseSVG(t, l.SVG())
	if d := find(elems, "path", "series")[0].attrs["d"]; d != "" {
		t.Errorf("a series of gaps draws %q", d)
	}
}

func TestStripSVG(t *testing.T) {
	in := []bool{true, false, true, true, false, false, true}
	s := &Strip{LabelledBy: "halt-cap", Class: "halt", In: in, XTicks: DayTicks(nov1, 7, label), Rows: []Row{
		{Label: "Hungry", On: []bool{true, false, false, true, false, false, false}},
		{Label: "Tired", On: []bool{true, true, true, true, false, false, true}}, // day 1 has no check-in
	}}
	elems := parseSVG(t, s.SVG())
	if root := elems[0]; root.attrs["aria-labelledby"] != "halt-cap" || root.attrs["role"] != "img" {
		t.Errorf("root %v", root.attrs)
	}
	if got := strings.Count(find(elems, "path", "band")[0].attrs["d"], "M"); got != 4 {
		t.Errorf("%d bands, want 4 (the days with a check-in)", got)
	}
	marks := find(elems, "path", "mark")
	if len(marks) != 2 {
		t.Fatalf("%d rows of marks", len(marks))
	}
	for i, want := range []int{2, 4} {
		if got := strings.Count(marks[i].attrs["d"], "M"); got != want {
			t.Errorf("row %d has %d marks, want %d", i, got, want)
		}
	}
	var texts []string
	for _, e := range find(elems, "text", "axis") {
		texts = append(texts, e.text)
	}
	if got := strings.Join(texts, "|"); got != "Hungry|Tired|Nov 07" {
		t.Errorf("labels %q", got)
	}
}

func TestDayTicks(t *testing.T) {
	for _, tc := range []struct {
		name string
		from hearth.Date
		n    int
		want string
	}{
		{"TwoWeeks", nov1, 14, "Nov 07|Nov 14"},
		{"OneDay", nov1, 1, "Nov 01"},
		{"ThreeMonths", hearth.Date{Year: 2026, Month: time.August, Day: 25}, 92, "Sep|Oct|Nov"},
		{"OneYear", hearth.Date{Year: 2025, Month: time.November, Day: 24}, 365, "Jan|Mar|May|Jul|Sep|Nov"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tk := range DayTicks(tc.from, tc.n, label) {
				if tk.At < 0 || int(tk.At) >= tc.n {
					t.Errorf("tick at %v outside the period", tk.At)
				}
				got = append(got, tk.Label)
			}
			if s := strings.Join(got, "|"); s != tc.want {
				t.Errorf("got %q, want %q", s, tc.want)
			}
		})
	}
}

// A year of values for the benchmarks: one gap a week.
func yearValues() ([]float64, []bool) {
	values, in := make([]float64, 365), make([]bool, 365)
	for i := range values {
		values[i], in[i] = float64(1+(i/3+i%2)%5), true
		if i%7 == 3 {
			values[i], in[i] = math.NaN(), false
		}
	}
	return values, in
}

func BenchmarkLineSVGYear(b *testing.B) {
	values, _ := yearValues()
	from := hearth.Date{Year: 2025, Month: time.November, Day: 25}
	l := &Line{LabelledBy: "mood-caption", Class: "mood", Values: values, Min: 1, Max: 5,
		YTicks: []Tick{{1, "Very low"}, {3, "Okay"}, {5, "Very good"}}, XTicks: DayTicks(from, 365, label)}
	for b.Loop() {
		l.SVG()
	}
}

func BenchmarkStripSVGYear(b *testing.B) {
	_, in := yearValues()
	s := &Strip{Class: "halt", In: in}
	for r := range 4 {
		row := Row{Label: "Tired", On: make([]bool, 365)}
		for i := range row.On {
			row.On[i] = (i+r)%3 == 0
		}
		s.Rows = append(s.Rows, row)
	}
	for b.Loop() {
		s.SVG()
	}
}

func TestCoordinates(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{0, "0"}, {-0.01, "0"}, {3.14, "3.1"}, {3.15, "3.2"}, {-2.5, "-2.5"}, {320, "320"}, {0.96, "1"}, {-0.5, "-0.5"}} {
		if got := coord(tc.v); got != tc.want {
			t.Errorf("coord(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
