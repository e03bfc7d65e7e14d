package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/crisis"
	"hearth/i18n"
)

// A member's journal: dated entries only they read, and a search over
// them. Pages name no entry in their title (a shared phone's history
// keeps titles); another member's entry is "not found".

// journalPageSize is how many entries a page of the journal lists.
const journalPageSize = 20

// excerptMax is how much of an entry's body the list shows.
const excerptMax = 160

// EntryView is an entry as the list shows it.
type EntryView struct {
	ID      int64
	Date    string
	Title   string
	Excerpt string
}

// JournalListPage is the member's journal: the latest entries, or those a
// search found.
type JournalListPage struct {
	Page
	// Form holds the search as typed ("q"), and its problem.
	Form     *Form
	Query    string
	Searched bool
	Entries  []EntryView
	PrevURL  string
	NextURL  string
}

func (s *Server) journalPage(w http.ResponseWriter, r *http.Request) error {
	p := i18n.For(langOf(r.Context()))
	v := r.URL.Query()
	page := &JournalListPage{Page: s.page(r, "journal.title", "recovery"), Query: v.Get("q"),
		Form: &Form{Values: url.Values{"q": {v.Get("q")}}}}
	n := 1
	if x := v.Get("page"); x != "" {
		if k, err := strconv.Atoi(x); err == nil && k >= 1 && k <= 100000 {
			n = k
		}
	}
	at := hearth.JournalPage{Offset: (n - 1) * journalPageSize, Limit: journalPageSize}
	var list []*hearth.JournalEntry
	var more bool
	var err error
	if strings.TrimSpace(page.Query) == "" {
		list, more, err = s.store.Entries(r.Context(), at)
	} else {
		page.Searched = true
		list, more, err = s.store.SearchEntries(r.Context(), page.Query, at)
	}
	status := http.StatusOK
	if hearth.ErrorCode(err) == hearth.EINVALID {
		problem := hearth.ErrorFields(err)["q"]
		if problem == "" {
			problem = "error.journal.query_empty"
		}
		page.Form.Errors, err = map[string]string{"q": problem}, nil
		status = http.StatusUnprocessableEntity
	}
	if err != nil {
		return err
	}
	for _, j := range list {
		page.Entries = append(page.Entries, EntryView{ID: j.ID, Date: p.Date(j.On.In(time.UTC)), Title: j.Title, Excerpt: summary(j.Body, excerptMax)})
	}
	link := func(k int) string {
		q := url.Values{}
		if page.Searched {
			q.Set("q", page.Query)
		}
		if k > 1 {
			q.Set("page", strconv.Itoa(k))
		}
		if len(q) == 0 {
			return "/recovery/journal"
		}
		return "/recovery/journal?" + q.Encode()
	}
	if n > 1 {
		page.PrevURL = link(n - 1)
	}
	if more {
		page.NextURL = link(n + 1)
	}
	return s.render(w, r, status, "journal", page)
}

// JournalFormPage writes or edits an entry.
type JournalFormPage struct {
	Page
	Form  *Form
	ID    int64 // 0 for a new entry
	Today string
}

func (s *Server) entryForm(w http.ResponseWriter, r *http.Request, status int, id int64, f *Form) error {
	title := "journal_form.new_title"
	if id != 0 {
		title = "journal_form.edit_title"
	}
	page := &JournalFormPage{Page: s.page(r, title, "recovery"), Form: f, ID: id, Today: s.memberToday(r).String()}
	return s.render(w, r, status, "journal_form", page)
}

func (s *Server) newEntryPage(w http.ResponseWriter, r *http.Request) error {
	return s.entryForm(w, r, http.StatusOK, 0, &Form{Values: url.Values{"on": {s.memberToday(r).String()}}})
}

// formEntry reads an entry's form onto j and checks it all, so that
// every problem is shown at once: a date that is no date is one problem,
// and the rest are checked as if it were today.
func formEntry(v url.Values, j *hearth.JournalEntry, today hearth.Date) error {
	title, body := v.Get("title"), v.Get("body")
	u := hearth.JournalUpdate{Title: &title, Body: &body}
	errs := hearth.FieldErrors{}
	if d, err := hearth.ParseDate(strings.TrimSpace(v.Get("on"))); err == nil {
		u.On = &d
	} else {
		errs.Add("on", "error.journal.date_required")
	}
	u.Apply(j)
	check := *j
	if u.On == nil {
		check.On = today
	}
	for field, key := range hearth.ErrorFields(check.Validate(today)) {
		errs.Add(field, key)
	}
	return errs.Err()
}

func (s *Server) createEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	today := s.memberToday(r)
	var j hearth.JournalEntry
	err := formEntry(r.PostForm, &j, today)
	if err == nil {
		err = s.store.CreateEntry(r.Context(), &j, today)
	}
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.entryForm(w, r, http.StatusUnprocessableEntity, 0, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if crisis.Detect(j.Title, j.Body) {
		return s.reachOut(w, r, "notice.reach_out")
	}
	return s.redirect(w, r, entryPath(j.ID), "notice.entry_saved")
}

func entryPath(id int64) string { return "/recovery/journal/" + strconv.FormatInt(id, 10) }

// pathEntry is the entry of the path, the member's own.
func (s *Server) pathEntry(r *http.Request) (*hearth.JournalEntry, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return s.store.Entry(r.Context(), id)
}

// EntryPage is one entry, to read.
type EntryPage struct {
	Page
	E    *hearth.JournalEntry
	Date string
	// Paragraphs are the body's paragraphs, each its lines.
	Paragraphs [][]string
	Edited     bool
}

// lineParagraphs splits a body at blank lines, and each paragraph into
// its lines, so that the page keeps the member's breaks without raw HTML.
func lineParagraphs(body string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) error {
	j, err := s.pathEntry(r)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &EntryPage{Page: s.page(r, "journal_entry.title", "recovery"), E: j, Date: p.Date(j.On.In(time.UTC)),
		Paragraphs: lineParagraphs(j.Body), Edited: !j.UpdatedAt.Equal(j.CreatedAt)}
	return s.render(w, r, http.StatusOK, "journal_entry", page)
}

func (s *Server) editEntryPage(w http.ResponseWriter, r *http.Request) error {
	j, err := s.pathEntry(r)
	if err != nil {
		return err
	}
	return s.entryForm(w, r, http.StatusOK, j.ID, &Form{Values: url.Values{"on": {j.On.String()}, "title": {j.Title}, "body": {j.Body}}})
}

func (s *Server) updateEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	j, err := s.pathEntry(r)
	if err != nil {
		return err
	}
	today := s.memberToday(r)
	changed := *j
	err = formEntry(r.PostForm, &changed, today)
	if err == nil {
		_, err = s.store.UpdateEntry(r.Context(), j.ID, hearth.JournalUpdate{On: &changed.On, Title: &changed.Title, Body: &changed.Body}, today)
	}
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.entryForm(w, r, http.StatusUnprocessableEntity, j.ID, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if crisis.Detect(changed.Title, changed.Body) {
		return s.reachOut(w, r, "notice.reach_out")
	}
	return s.redirect(w, r, entryPath(j.ID), "notice.entry_saved")
}

// EntryDeletePage asks before an entry goes.
type EntryDeletePage struct {
	Page
	E    *hearth.JournalEntry
	Date string
}

func (s *Server) deleteEntryPage(w http.ResponseWriter, r *http.Request) error {
	j, err := s.pathEntry(r)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &EntryDeletePage{Page: s.page(r, "journal_delete.title", "recovery"), E: j, Date: p.Date(j.On.In(time.UTC))}
	return s.render(w, r, http.StatusOK, "journal_delete", page)
}

func (s *Server) deleteEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	j, err := s.pathEntry(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteEntry(r.Context(), j.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/journal", "notice.entry_deleted")
}
