package trend

import (
	"html"
	"math"
	"strconv"
	"strings"

	"hearth"
)

// Charts are drawn in a box of Width units (the SVG scales to the width
// of the page, from a phone's 328 px up), with text of about 12 units,
// coloured by classes of the page's style sheet (so they follow light and
// dark) rather than by style attributes the content policy would refuse.
const (
	Width    = 320.0
	fontSize = 12.0
)

// Tick is a labelled place on an axis: a day's index on the X axis, a
// value on the Y axis.
type Tick struct {
	At    float64
	Label string
}

// Line is a chart of one value a day, drawn as a line that breaks where
// a day has no value.
type Line struct {
	// LabelledBy is the id of the element that says what the chart shows
	// (its caption); the SVG is an image named by it.
	LabelledBy string
	// Class names the series for the style sheet ("mood", "craving").
	Class string
	// Values holds one value a day, earliest first; NaN is a gap.
	Values   []float64
	Min, Max float64
	// YTicks are drawn as grid lines with their labels above them, XTicks
	// as marks under the axis with their labels below.
	YTicks, XTicks []Tick
}

// Geometry of a line chart.
const (
	lineHeight = 172.0
	lineTop    = 20.0 // room for the top grid line's label
	lineBottom = 144.0
	lineLeft   = 4.0
	lineRight  = Width - 4
)

// dotsUpTo is the longest series whose every value gets a dot; longer ones
// get dots only where a value stands alone between gaps (a line needs two).
const dotsUpTo = 31

// SVG draws the chart.
func (l *Line) SVG() string {
	var b svgWriter
	b.open(lineHeight, "chart line "+l.Class, l.LabelledBy)
	n := len(l.Values)
	y := func(v float64) float64 {
		if l.Max == l.Min {
			return lineBottom
		}
		return lineBottom - (v-l.Min)/(l.Max-l.Min)*(lineBottom-lineTop)
	}
	// Grid lines and their labels.
	for _, t := range l.YTicks {
		yy := y(t.At)
		b.s(`<path class="grid" d="M`)
		b.f(lineLeft)
		b.s(" ")
		b.f(yy)
		b.s("H")
		b.f(lineRight)
		b.s(`"/>`)
		b.text(lineLeft, yy-4, "start", "axis", t.Label)
	}
	b.xAxis(lineLeft, lineRight, lineBottom, n, l.XTicks)
	// The line, broken at gaps.
	x := func(i int) float64 { return dayX(lineLeft, lineRight, n, i) }
	b.s(`<path class="series" d="`)
	drawing := false
	for i, v := range l.Values {
		if math.IsNaN(v) {
			drawing = false
			continue
		}
		if drawing {
			b.s("L")
		} else {
			b.s("M")
			drawing = true
		}
		b.f(x(i))
		b.s(" ")
		b.f(y(v))
	}
	b.s(`"/>`)
	// Dots: every value on a short series, lone ones on a long one.
	b.s(`<path class="dots" d="`)
	for i, v := range l.Values {
		if math.IsNaN(v) {
			continue
		}
		alone := (i == 0 || math.IsNaN(l.Values[i-1])) && (i == n-1 || math.IsNaN(l.Values[i+1]))
		if n <= dotsUpTo || alone {
			b.dot(x(i), y(v))
		}
	}
	b.s(`"/>`)
	b.s("</svg>")
	return b.String()
}

// Strip is a chart of yes-or-no states a day (HALT): a row for each
// state, a mark on each day it was so, and a soft band on each day there
// was a check-in at all, so that a day without one is a gap and a day
// with one but no mark is an empty band.
type Strip struct {
	LabelledBy string
	Class      string
	// In holds, for each day, whether there was a check-in.
	In     []bool
	Rows   []Row
	XTicks []Tick
}

// Row is one state of a Strip.
type Row struct {
	Label string
	On    []bool // a day each, as Strip.In
}

// Geometry of a strip chart.
const (
	stripRow   = 18.0
	stripGap   = 8.0
	stripTop   = 4.0
	stripLeft  = 84.0 // room for the rows' labels
	stripRight = Width - 4
)

// SVG draws the chart.
func (s *Strip) SVG() string {
	var b svgWriter
	n := len(s.In)
	bottom := stripTop + float64(len(s.Rows))*(stripRow+stripGap)
	b.open(bottom+28, "chart strip "+s.Class, s.LabelledBy)
	w := (stripRight - stripLeft) / float64(max(n, 1))
	// Bars leave a gap between days, unless the days are too narrow for
	// one (a year), where they touch.
	inset, bw := w*0.1, w*0.8
	if w < 2 {
		inset, bw = 0, w
	}
	bar := func(i int, top, height float64) {
		x := stripLeft + float64(i)*w
		b.s("M")
		b.f(x + inset)
		b.s(" ")
		b.f(top)
		b.s("h")
		b.f(bw)
		b.s("v")
		b.f(height)
		b.s("h")
		b.f(-bw)
		b.s("z")
	}
	b.s(`<path class="band" d="`)
	for i, in := range s.In {
		if in {
			bar(i, stripTop, bottom-stripTop-stripGap)
		}
	}
	b.s(`"/>`)
	for r, row := range s.Rows {
		top := stripTop + float64(r)*(stripRow+stripGap)
		b.text(stripLeft-6, top+stripRow/2+fontSize/3, "end", "axis", row.Label)
		b.s(`<path class="mark" d="`)
		for i, on := range row.On {
			if on && i < n && s.In[i] {
				bar(i, top, stripRow)
			}
		}
		b.s(`"/>`)
	}
	b.xAxis(stripLeft, stripRight, bottom-stripGap/2, n, s.XTicks)
	b.s("</svg>")
	return b.String()
}

// dayX is the middle of day i of n between left and right.
func dayX(left, right float64, n, i int) float64 {
	return left + (float64(i)+0.5)*(right-left)/float64(max(n, 1))
}

// DayTicks chooses the days of a period of n days from from to label:
// for a month or less, every seventh day back from the last; for longer,
// the first of each month, at most about six of them. label says a day,
// monthly when it stands for its month.
func DayTicks(from hearth.Date, n int, label func(d hearth.Date, monthly bool) string) []Tick {
	var ticks []Tick
	if n <= 31 {
		for i := n - 1; i >= 0; i -= 7 {
			ticks = append(ticks, Tick{At: float64(i), Label: label(from.AddDays(i), false)})
		}
		for i, j := 0, len(ticks)-1; i < j; i, j = i+1, j-1 {
			ticks[i], ticks[j] = ticks[j], ticks[i]
		}
		return ticks
	}
	var firsts []int
	for i := range n {
		if from.AddDays(i).Day == 1 {
			firsts = append(firsts, i)
		}
	}
	step := (len(firsts) + 5) / 6
	for k, i := range firsts {
		if k%max(step, 1) == (len(firsts)-1)%max(step, 1) { // keep the latest month
			ticks = append(ticks, Tick{At: float64(i), Label: label(from.AddDays(i), true)})
		}
	}
	return ticks
}

// svgWriter builds an SVG's text.
type svgWriter struct{ strings.Builder }

func (b *svgWriter) s(s string) { b.WriteString(s) }

// f writes a coordinate with at most one decimal, as integers (a
// year's chart writes thousands: formatting floats was most of its cost).
func (b *svgWriter) f(v float64) {
	tenths := int64(math.Round(v * 10))
	var buf [24]byte
	out := buf[:0]
	if tenths < 0 {
		out = append(out, '-')
		tenths = -tenths
	}
	out = strconv.AppendInt(out, tenths/10, 10)
	if d := tenths % 10; d != 0 {
		out = append(out, '.', byte('0'+d))
	}
	b.Write(out)
}

func (b *svgWriter) open(height float64, class, labelledBy string) {
	b.Grow(4096)
	b.s(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	b.f(Width)
	b.s(" ")
	b.f(height)
	b.s(`" class="`)
	b.s(html.EscapeString(class))
	b.s(`" role="img"`)
	if labelledBy != "" {
		b.s(` aria-labelledby="`)
		b.s(html.EscapeString(labelledBy))
		b.s(`"`)
	}
	b.s(` focusable="false">`)
}

func (b *svgWriter) text(x, y float64, anchor, class, s string) {
	b.s(`<text x="`)
	b.f(x)
	b.s(`" y="`)
	b.f(y)
	b.s(`" text-anchor="`)
	b.s(anchor)
	b.s(`" class="`)
	b.s(class)
	b.s(`">`)
	b.s(html.EscapeString(s))
	b.s("</text>")
}

// dot adds a small circle to a path, as two arcs.
func (b *svgWriter) dot(x, y float64) {
	const r = 2.5
	b.s("M")
	b.f(x - r)
	b.s(" ")
	b.f(y)
	b.s("a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0")
}

// xAxis draws the axis at y from left to right, its ticks marked and
// labelled below; labels near an edge are anchored to stay inside.
func (b *svgWriter) xAxis(left, right, y float64, n int, ticks []Tick) {
	b.s(`<path class="axis-line" d="M`)
	b.f(left)
	b.s(" ")
	b.f(y)
	b.s("H")
	b.f(right)
	for _, t := range ticks {
		b.s("M")
		b.f(dayX(left, right, n, int(t.At)))
		b.s(" ")
		b.f(y)
		b.s("v4")
	}
	b.s(`"/>`)
	for _, t := range ticks {
		x := dayX(left, right, n, int(t.At))
		anchor := "middle"
		switch half := float64(len(t.Label)) * fontSize * 0.3; {
		case x-half < 0:
			anchor, x = "start", max(x-4, 0)
		case x+half > Width:
			anchor, x = "end", min(x+4, Width)
		}
		b.text(x, y+6+fontSize, anchor, "axis", t.Label)
	}
}
