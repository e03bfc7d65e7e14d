package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/trend"
)

// A member's trends: their check-ins over a period drawn as charts (inline
// SVG made here, no script), each with a caption that says what it shows
// and a table of the numbers, and the patterns the data shows plainly.

// trendPeriods are the periods a member may look back over, the first
// the default.
var trendPeriods = []struct {
	ID     string
	Months int // 0 for two weeks
}{{"2w", 0}, {"3m", 3}, {"1y", 12}}

// periodStart is the first day of a period ending today.
func periodStart(id string, today hearth.Date) hearth.Date {
	for _, p := range trendPeriods {
		if p.ID == id && p.Months > 0 {
			return today.AddMonths(-p.Months).AddDays(1)
		}
	}
	return today.AddDays(-13)
}

// TrendsPage is a member's trends over a period.
type TrendsPage struct {
	Page
	Periods []PeriodLink
	// Empty is set when the period has no check-in.
	Empty    bool
	Patterns []string
	Charts   []*ChartView
}

// PeriodLink is a link to one period.
type PeriodLink struct {
	ID, Label string
	Current   bool
}

// ChartView is one chart with its words and its table.
type ChartView struct {
	ID      string
	Heading string
	Caption string
	SVG     template.HTML
	Columns []string
	// Rows is the table's rows, a day each: a year of days is too many
	// to run through the template one cell at a time (see row).
	Rows template.HTML
	// Empty is set when no day of the period has this chart's value.
	Empty bool
}

// row adds a day to a chart's table: a header cell with the date, then
// the cells, each escaped.
func (c *ChartView) row(b *strings.Builder, date string, cells ...string) {
	b.WriteString(`<tr><th scope="row">`)
	b.WriteString(template.HTMLEscapeString(date))
	b.WriteString("</th>")
	for _, cell := range cells {
		b.WriteString("<td>")
		b.WriteString(template.HTMLEscapeString(cell))
		b.WriteString("</td>")
	}
	b.WriteString("</tr>\n")
}

func (s *Server) trendsPage(w http.ResponseWriter, r *http.Request) error {
	period := r.URL.Query().Get("period")
	known := false
	for _, p := range trendPeriods {
		known = known || p.ID == period
	}
	if !known {
		period = trendPeriods[0].ID
	}
	today := s.memberToday(r)
	from := periodStart(period, today)
	list, err := s.store.CheckIns(r.Context(), from, today, false)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &TrendsPage{Page: s.page(r, "trends.title", "recovery")}
	for _, pp := range trendPeriods {
		page.Periods = append(page.Periods, PeriodLink{ID: pp.ID, Label: p.T("trends.period." + pp.ID), Current: pp.ID == period})
	}
	if len(list) == 0 {
		page.Empty = true
		return s.render(w, r, http.StatusOK, "trends", page)
	}
	days := trend.Days(from, today, list)
	page.Charts = trendCharts(p, days)
	page.Patterns = patternWords(p, trend.Patterns(days))
	return s.render(w, r, http.StatusOK, "trends", page)
}

// trendCharts draws the charts of mood, cravings and HALT over days.
func trendCharts(p *i18n.Printer, days []trend.Day) []*ChartView {
	n := len(days)
	dayMonth := func(d hearth.Date, monthly bool) string {
		month := p.T("month_short." + strconv.Itoa(int(d.Month)))
		if monthly {
			return month
		}
		return p.T("trends.day_month", "month", month, "day", d.Day)
	}
	ticks := trend.DayTicks(days[0].On, n, dayMonth)
	// The dates of the days checked in, said once for every table.
	dates := make([]string, n)
	in := make([]bool, n)
	checkedIn := 0
	for i, d := range days {
		if d.In {
			dates[i] = p.ShortDate(d.On.In(time.UTC))
			in[i] = true
			checkedIn++
		}
	}
	words := func(key string, n int) []string {
		out := make([]string, n+1)
		for i := range out {
			out[i] = p.T(key + strconv.Itoa(i))
		}
		return out
	}
	moodWords := words("checkin.mood.", 5)

	mood := &ChartView{ID: "mood", Heading: p.T("trends.mood"), Columns: []string{p.T("trends.date"), p.T("trends.mood")}}
	moods := trend.Moods(days)
	line := &trend.Line{LabelledBy: "mood-caption", Class: "mood", Values: moods, Min: 1, Max: 5, XTicks: ticks,
		YTicks: []trend.Tick{{At: 1, Label: moodWords[1]}, {At: 3, Label: moodWords[3]}, {At: 5, Label: moodWords[5]}}}
	mood.SVG = template.HTML(line.SVG())
	var rows strings.Builder
	for i, d := range days {
		if d.HasMood() {
			mood.row(&rows, dates[i], strconv.Itoa(d.Mood)+" · "+moodWords[d.Mood])
		}
	}
	mood.Rows = template.HTML(rows.String())
	mood.Caption, mood.Empty = summaryWords(p, "trends.mood_caption", "trends.mood_none", trend.Summarise(moods), n)

	craving := &ChartView{ID: "craving", Heading: p.T("trends.craving"), Columns: []string{p.T("trends.date"), p.T("trends.craving")}}
	cravings := trend.Cravings(days)
	line = &trend.Line{LabelledBy: "craving-caption", Class: "craving", Values: cravings, Min: 0, Max: 10, XTicks: ticks,
		YTicks: []trend.Tick{{At: 0, Label: p.T("checkin.craving.0")}, {At: 5, Label: "5"}, {At: 10, Label: p.T("checkin.craving.10")}}}
	craving.SVG = template.HTML(line.SVG())
	rows = strings.Builder{}
	for i, d := range days {
		if d.HasCraving() {
			craving.row(&rows, dates[i], strconv.Itoa(d.Craving))
		}
	}
	craving.Rows = template.HTML(rows.String())
	craving.Caption, craving.Empty = summaryWords(p, "trends.craving_caption", "trends.craving_none", trend.Summarise(cravings), n)

	halt := &ChartView{ID: "halt", Heading: p.T("trends.halt"), Columns: []string{p.T("trends.date")}}
	strip := &trend.Strip{LabelledBy: "halt-caption", Class: "halt", In: in, XTicks: ticks}
	counts := make([]any, 0, 2*len(hearth.HALTStates))
	yes, no := p.T("trends.yes"), p.T("trends.no")
	for _, st := range hearth.HALTStates {
		row := trend.Row{Label: p.T("checkin.halt." + st.Name), On: make([]bool, n)}
		count := 0
		for i, d := range days {
			if d.In && d.HALT.Has(st.State) {
				row.On[i] = true
				count++
			}
		}
		strip.Rows = append(strip.Rows, row)
		halt.Columns = append(halt.Columns, row.Label)
		counts = append(counts, st.Name, count)
	}
	halt.SVG = template.HTML(strip.SVG())
	rows = strings.Builder{}
	cells := make([]string, len(hearth.HALTStates))
	for i, d := range days {
		if !d.In {
			continue
		}
		for k, st := range hearth.HALTStates {
			cells[k] = no
			if d.HALT.Has(st.State) {
				cells[k] = yes
			}
		}
		halt.row(&rows, dates[i], cells...)
	}
	halt.Rows = template.HTML(rows.String())
	halt.Caption = p.N("trends.halt_caption", checkedIn, counts...)
	return []*ChartView{mood, craving, halt}
}

// summaryWords says what a line chart shows: how many of the period's
// days have a value, their average and their range; or, with none, the
// none message, and empty.
func summaryWords(p *i18n.Printer, key, none string, s trend.Summary, days int) (string, bool) {
	if s.N == 0 {
		return p.T(none), true
	}
	return p.N(key, s.N, "days", days, "average", oneDecimal(p, s.Mean),
		"low", oneDecimal(p, s.Low), "high", oneDecimal(p, s.High)), false
}

// patternWords puts patterns into words.
func patternWords(p *i18n.Printer, ps []trend.Pattern) []string {
	var out []string
	for _, pt := range ps {
		key := "trends.pattern." + pt.Kind
		if pt.State != "" {
			key += "." + pt.State
		}
		out = append(out, p.T(key, "with", oneDecimal(p, pt.A), "without", oneDecimal(p, pt.B)))
	}
	return out
}

// oneDecimal says a number with at most one decimal, in the printer's way:
// "3.5", "3,5", "4".
func oneDecimal(p *i18n.Printer, v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	return strings.Replace(s, ".", p.T("format.decimal"), 1)
}
