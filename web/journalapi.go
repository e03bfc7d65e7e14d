package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/trend"
)

// The API of a member's journal and trends.

// APIEntry is a journal entry as the API shows it.
type APIEntry struct {
	ID        int64     `json:"id"`
	On        string    `json:"on"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Support is in the answer to writing or changing it only
	// (read-only, as apiSupport says).
	Support *APISupport `json:"support,omitempty"`
}

func apiEntry(j *hearth.JournalEntry) APIEntry {
	return APIEntry{ID: j.ID, On: j.On.String(), Title: j.Title, Body: j.Body, CreatedAt: j.CreatedAt.UTC(), UpdatedAt: j.UpdatedAt.UTC()}
}

// APIEntries is a page of entries.
type APIEntries struct {
	Entries []APIEntry `json:"entries"`
	More    bool       `json:"more"`
}

// apiEntries lists the member's entries, or those that hold every word
// of ?q, a page at a time (?offset, ?limit).
func (s *Server) apiEntries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := hearth.JournalPage{}
	if err := pageParams(q, &page.Offset, &page.Limit); err != nil {
		return err
	}
	var list []*hearth.JournalEntry
	var more bool
	var err error
	if query := q.Get("q"); query != "" {
		list, more, err = s.store.SearchEntries(r.Context(), query, page.Normal())
	} else {
		list, more, err = s.store.Entries(r.Context(), page.Normal())
	}
	if err != nil {
		return apiFields(err, map[string]string{"query": "q"})
	}
	out := APIEntries{Entries: []APIEntry{}, More: more}
	for _, j := range list {
		out.Entries = append(out.Entries, apiEntry(j))
	}
	return writeJSON(w, http.StatusOK, out)
}

// pageParams reads ?offset and ?limit, when given, into offset and limit:
// EINVALID unless each is a whole number, not negative.
func pageParams(q url.Values, offset, limit *int) error {
	errs := hearth.FieldErrors{}
	for name, dst := range map[string]*int{"offset": offset, "limit": limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs.Add(name, "error.api.type")
			}
			*dst = n
		}
	}
	return errs.Err()
}

// APIEntryInput is an entry as the API takes it; absent fields keep their
// value (a new entry is for today unless "on" says otherwise).
type APIEntryInput struct {
	On    *string `json:"on"`
	Title *string `json:"title"`
	Body  *string `json:"body"`
}

func entryUpdate(in APIEntryInput) (hearth.JournalUpdate, error) {
	u := hearth.JournalUpdate{Title: in.Title, Body: in.Body}
	if in.On != nil {
		d, err := hearth.ParseDate(*in.On)
		if err != nil {
			return u, hearth.FieldErrors{"on": "error.api.date"}.Err()
		}
		u.On = &d
	}
	return u, nil
}

func (s *Server) apiCreateEntry(w http.ResponseWriter, r *http.Request) error {
	in := APIEntryInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := entryUpdate(in)
	if err != nil {
		return err
	}
	today := s.memberToday(r)
	j := hearth.JournalEntry{On: today}
	u.Apply(&j)
	if err := s.store.CreateEntry(r.Context(), &j, today); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/me/journal/"+strconv.FormatInt(j.ID, 10))
	out := apiEntry(&j)
	out.Support = apiSupport(r, j.Title, j.Body)
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiGetEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	j, err := s.store.Entry(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiEntry(j))
}

func (s *Server) apiUpdateEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := APIEntryInput{}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := entryUpdate(in)
	if err != nil {
		return err
	}
	j, err := s.store.UpdateEntry(r.Context(), id, u, s.memberToday(r))
	if err != nil {
		return err
	}
	out := apiEntry(j)
	out.Support = apiSupport(r, j.Title, j.Body)
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeleteEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteEntry(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// APITrends is what a period of check-ins shows: the day-by-day values
// and the patterns stated plainly, in the member's language.
type APITrends struct {
	Period   string     `json:"period"`
	From     string     `json:"from"`
	To       string     `json:"to"`
	Days     []APITrend `json:"days"`
	Patterns []string   `json:"patterns"`
}

// APITrend is one day: nulls where there was no check-in or no answer.
type APITrend struct {
	On      string   `json:"on"`
	Mood    *int     `json:"mood"`
	Craving *int     `json:"craving"`
	HALT    []string `json:"halt"`
}

func (s *Server) apiTrends(w http.ResponseWriter, r *http.Request) error {
	period := r.URL.Query().Get("period")
	if period == "" {
		period = trendPeriods[0].ID
	}
	known := false
	for _, p := range trendPeriods {
		known = known || p.ID == period
	}
	if !known {
		return hearth.FieldErrors{"period": "error.api.period"}.Err()
	}
	today := s.memberToday(r)
	from := periodStart(period, today)
	list, err := s.store.CheckIns(r.Context(), from, today, false)
	if err != nil {
		return err
	}
	out := APITrends{Period: period, From: from.String(), To: today.String(), Days: []APITrend{}, Patterns: []string{}}
	byDay := map[hearth.Date]*hearth.CheckIn{}
	for _, c := range list {
		byDay[c.On] = c
	}
	for d := from; !d.After(today); d = d.AddDays(1) {
		t := APITrend{On: d.String(), HALT: []string{}}
		if c := byDay[d]; c != nil {
			x := c.Export()
			t.Craving, t.HALT = x.Craving, append(t.HALT, x.HALT...)
			if c.Mood > 0 {
				m := c.Mood
				t.Mood = &m
			}
		}
		out.Days = append(out.Days, t)
	}
	if len(list) > 0 {
		out.Patterns = append(out.Patterns, patternWords(i18n.For(langOf(r.Context())), trend.Patterns(trend.Days(from, today, list)))...)
	}
	return writeJSON(w, http.StatusOK, out)
}
