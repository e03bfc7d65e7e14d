package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/program"
)

// CelebrationWindow is how long after a milestone others see it to
// celebrate.
const celebrationWindow = 7 // days

// CelebrationView is a milestone others may celebrate: who, how long,
// and whether the viewer already said congratulations.
type CelebrationView struct {
	ClockID       int64
	Name          string // the member's display name
	Milestone     string // "90 days"
	On            string // the milestone's date, YYYY-MM-DD
	Date          string // in words
	Congratulated bool
}

// recentMilestones turns celebrations into the milestones reached in the
// last week, on each member's own calendar.
func (s *Server) recentMilestones(p *i18n.Printer, list []*hearth.Celebration) []*CelebrationView {
	var out []*CelebrationView
	for _, c := range list {
		today := hearth.Today(s.now(), hearth.LoadZone(c.Member.TimeZone))
		last, ok, _, _ := s.schedules.Get(c.Schedule).Progress(c.Start, today)
		if !ok || today.DaysSince(last.On) >= celebrationWindow {
			continue
		}
		out = append(out, &CelebrationView{ClockID: c.ClockID, Name: c.Member.DisplayName,
			Milestone: milestoneName(p, last.Length), On: last.On.String(), Date: p.Date(last.On.In(time.UTC)),
			Congratulated: c.CongratulatedOn == last.On})
	}
	return out
}

// congratulate sends the member's congratulations on a milestone, then
// goes back to the page they came from.
func (s *Server) congratulate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("clock"), 10, 64)
	if err != nil {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	on, err := hearth.ParseDate(r.PostForm.Get("on"))
	if err != nil {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	if err := s.store.Congratulate(r.Context(), id, on); err != nil {
		return err
	}
	return s.redirect(w, r, safeNext(r.PostForm.Get("return")), "notice.congratulated")
}

// BirthdayView is what the count's page shows around a milestone: who
// congratulated, and the birthday meetings to celebrate at.
type BirthdayView struct {
	Congratulations []CongratulationView
	Meetings        []*MeetingView
}

// CongratulationView is one congratulation in words.
type CongratulationView struct {
	Name, Milestone string
}

// birthday gathers the congratulations on a count and, when a milestone
// is near (reached in the last week or coming in the next), the member's
// birthday meetings.
func (s *Server) birthday(r *http.Request, c *hearth.Clock, today hearth.Date) (*BirthdayView, error) {
	p := i18n.For(langOf(r.Context()))
	b := &BirthdayView{}
	list, err := s.store.Congratulations(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	sched := s.schedules.Get(c.Schedule)
	for _, g := range list {
		name := g.MilestoneOn.String()
		sched.Milestones(c.Start, func(m program.Milestone) bool {
			if m.On == g.MilestoneOn {
				name = milestoneName(p, m.Length)
			}
			return !m.On.After(g.MilestoneOn)
		})
		b.Congratulations = append(b.Congratulations, CongratulationView{Name: g.From.DisplayName, Milestone: name})
	}
	last, reached, next, hasNext := sched.Progress(c.Start, today)
	near := (reached && today.DaysSince(last.On) < celebrationWindow) || (hasNext && next.On.DaysSince(today) <= celebrationWindow)
	if near {
		res, err := s.store.BirthdayMeetings(r.Context(), s.now())
		if err != nil {
			return nil, err
		}
		b.Meetings = s.meetingViews(r, res, s.now())
	}
	return b, nil
}

// CelebrationList is the celebrations partial's data: the milestones and
// the page to come back to.
type CelebrationList struct {
	List   []*CelebrationView
	Return string
}
