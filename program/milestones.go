// Package program holds recovery programs as data: the milestone
// schedules a member's clock can follow (AA chips, NA keytags, monthly
// marks, a simple schedule), embedded, and any an operator adds by file.
package program

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"hearth"
)

//go:embed schedules.json
var builtIn []byte

// Length is a length of time a milestone marks. Hours are counted as
// whole days (24 hours is reached the day after the start).
type Length struct {
	Hours  int `json:"hours,omitempty"`
	Days   int `json:"days,omitempty"`
	Months int `json:"months,omitempty"`
	Years  int `json:"years,omitempty"`
}

// After is the date the length is reached, counting from start.
func (l Length) After(start hearth.Date) hearth.Date {
	return start.AddMonths(l.Years*12 + l.Months).AddDays(l.Days + (l.Hours+23)/24)
}

// Mark is one milestone of a schedule.
type Mark struct {
	Length
	// Colour names the chip's or keytag's colour ("orange"), when the
	// program gives it one.
	Colour string `json:"colour,omitempty"`
}

// Every repeats a mark after the listed ones: every Years (or Months),
// starting at From.
type Every struct {
	Years  int    `json:"years,omitempty"`
	Months int    `json:"months,omitempty"`
	From   Length `json:"from"`
	Colour string `json:"colour,omitempty"`
}

// Schedule is a program's milestones.
type Schedule struct {
	ID string `json:"id"`
	// Name is the schedule's name by language ("en", "es").
	Name  map[string]string `json:"name"`
	Marks []Mark            `json:"marks"`
	Every *Every            `json:"every,omitempty"`
}

// Milestone is a mark reached, or to be reached, on a date.
type Milestone struct {
	Mark
	On hearth.Date
}

// NameIn is the schedule's name in lang, else in English.
func (s *Schedule) NameIn(lang string) string {
	if n := s.Name[lang]; n != "" {
		return n
	}
	return s.Name["en"]
}

// Milestones calls yield with the schedule's milestones for a count that
// started on start, in date order, until yield returns false. With Every,
// the milestones go on without end.
func (s *Schedule) Milestones(start hearth.Date, yield func(Milestone) bool) {
	for _, m := range s.Marks {
		if !yield(Milestone{Mark: m, On: m.After(start)}) {
			return
		}
	}
	if s.Every == nil {
		return
	}
	step := s.Every.Years*12 + s.Every.Months
	for i := 0; ; i++ {
		l := s.Every.From
		l.Months += i * step
		l.Years, l.Months = l.Years+l.Months/12, l.Months%12
		if !yield(Milestone{Mark: Mark{Length: l, Colour: s.Every.Colour}, On: l.After(start)}) {
			return
		}
	}
}

// Progress says where a count that started on start stands on today: the
// last milestone reached (ok false when none yet) and the next one.
func (s *Schedule) Progress(start, today hearth.Date) (last Milestone, reached bool, next Milestone, hasNext bool) {
	s.Milestones(start, func(m Milestone) bool {
		if m.On.After(today) {
			next, hasNext = m, true
			return false
		}
		last, reached = m, true
		return true
	})
	return last, reached, next, hasNext
}

// Reached returns the milestone reached on day exactly, if there is one.
func (s *Schedule) Reached(start, day hearth.Date) (Milestone, bool) {
	last, ok, _, _ := s.Progress(start, day)
	if ok && last.On == day {
		return last, true
	}
	return Milestone{}, false
}

// Schedules are the milestone schedules a site offers.
type Schedules struct {
	list []*Schedule
}

// DefaultSchedule is the schedule a new clock follows.
const DefaultSchedule = "aa"

// Load returns the built-in schedules and, when file is not empty, the
// schedules in that file: one with a built-in schedule's id replaces it,
// others are added.
func Load(file string) (*Schedules, error) {
	list, err := parse(builtIn)
	if err != nil {
		return nil, fmt.Errorf("program: the built-in schedules: %w", err)
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("program: cannot read the milestone schedules file: %w", err)
		}
		more, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("program: %s: %w", file, err)
		}
		for _, s := range more {
			if i := slices.IndexFunc(list, func(b *Schedule) bool { return b.ID == s.ID }); i >= 0 {
				list[i] = s
			} else {
				list = append(list, s)
			}
		}
	}
	return &Schedules{list: list}, nil
}

func parse(b []byte) ([]*Schedule, error) {
	var list []*Schedule
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range list {
		if err := s.check(); err != nil {
			return nil, err
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("schedule %q is given twice", s.ID)
		}
		seen[s.ID] = true
	}
	return list, nil
}

func (s *Schedule) check() error {
	if s.ID == "" || strings.ToLower(s.ID) != s.ID || strings.ContainsAny(s.ID, " /") {
		return fmt.Errorf("schedule id %q: want lower-case letters without spaces", s.ID)
	}
	if s.Name["en"] == "" {
		return fmt.Errorf("schedule %q has no English name", s.ID)
	}
	if len(s.Marks) == 0 {
		return fmt.Errorf("schedule %q has no marks", s.ID)
	}
	start := hearth.Date{Year: 2000, Month: 1, Day: 31}
	prev := hearth.Date{}
	for i, m := range s.Marks {
		if m.Hours < 0 || m.Days < 0 || m.Months < 0 || m.Years < 0 {
			return fmt.Errorf("schedule %q, mark %d: a negative length", s.ID, i+1)
		}
		on := m.After(start)
		if i > 0 && !on.After(prev) {
			return fmt.Errorf("schedule %q, mark %d: marks must grow longer", s.ID, i+1)
		}
		prev = on
	}
	if e := s.Every; e != nil {
		if e.Years < 0 || e.Months < 0 || e.Years*12+e.Months == 0 {
			return fmt.Errorf("schedule %q: every needs a positive number of years or months", s.ID)
		}
		if !e.From.After(start).After(prev) {
			return fmt.Errorf("schedule %q: every must start after the last mark", s.ID)
		}
	}
	return nil
}

// Get returns the schedule with this id, or the default schedule.
func (ss *Schedules) Get(id string) *Schedule {
	for _, s := range ss.list {
		if s.ID == id {
			return s
		}
	}
	return ss.Get(DefaultSchedule)
}

// Has reports whether there is a schedule with this id.
func (ss *Schedules) Has(id string) bool {
	return slices.ContainsFunc(ss.list, func(s *Schedule) bool { return s.ID == id })
}

// All lists the schedules, built-in ones first.
func (ss *Schedules) All() []*Schedule { return slices.Clone(ss.list) }
