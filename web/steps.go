package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/program"
)

// Step work: the programs a member works, where they are with each step,
// the worksheets they write in, a printable page per worksheet, and what
// they share, item by item, with a partner. Every page is the member's
// own; pages name no worksheet row in their title (a shared phone's
// history keeps titles). A shared item is read at /recovery/steps/shared
// by its recipient, and nobody else.

// stepsPath is where a program's pages start.
func stepsPath(prog string) string { return "/recovery/programs/" + prog }

func sheetPath(prog, sheet string) string { return stepsPath(prog) + "/sheet/" + sheet }

func stepEntryPath(id int64) string { return "/recovery/steps/entry/" + strconv.FormatInt(id, 10) }

// pathProgram is the program of the path: one the site offers, else not
// found.
func (s *Server) pathProgram(r *http.Request) (*program.Program, error) {
	p := s.programs.Get(r.PathValue("program"))
	if p == nil {
		return nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return p, nil
}

// pathStep is the program and step of the path.
func (s *Server) pathStep(r *http.Request) (*program.Program, *program.Step, error) {
	p, err := s.pathProgram(r)
	if err != nil {
		return nil, nil, err
	}
	st := p.Step(r.PathValue("step"))
	if st == nil {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return p, st, nil
}

// pathSheet is the program and worksheet of the path; the worksheet must
// belong to one of the program's steps.
func (s *Server) pathSheet(r *http.Request) (*program.Program, *program.Worksheet, error) {
	p, err := s.pathProgram(r)
	if err != nil {
		return nil, nil, err
	}
	id := r.PathValue("sheet")
	w := s.programs.Worksheet(id)
	if w == nil || !p.HasWorksheet(id) {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return p, w, nil
}

// chosen reports whether the member works the program.
func (s *Server) chosen(r *http.Request, prog string) (bool, error) {
	list, err := s.store.StepPrograms(r.Context())
	if err != nil {
		return false, err
	}
	for _, p := range list {
		if p == prog {
			return true, nil
		}
	}
	return false, nil
}

// ProgramView is a program as the pages show it.
type ProgramView struct {
	ID, Name string
	Points   bool // SMART Recovery's points, not steps
	Done     int
	Total    int
}

// StepsPage is the member's step work: the programs they work and what is
// shared with them.
type StepsPage struct {
	Page
	Form     *Form
	Programs []ProgramView
	Choices  []Choice
	// SharedWithMe counts the items partners share with the member.
	SharedWithMe int
}

func (s *Server) stepsPage(w http.ResponseWriter, r *http.Request) error {
	// A program's page sends a member who does not work it here, with
	// it chosen in the form.
	return s.stepsList(w, r, http.StatusOK, &Form{Values: url.Values{"program": {r.URL.Query().Get("choose")}}})
}

func (s *Server) stepsList(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	lang := langOf(r.Context())
	page := &StepsPage{Page: s.page(r, "steps.title", "recovery"), Form: f}
	mine, err := s.store.StepPrograms(r.Context())
	if err != nil {
		return err
	}
	for _, id := range mine {
		p := s.programs.Get(id)
		if p == nil {
			continue // an operator removed it; the member's work is kept
		}
		progress, err := s.store.StepProgress(r.Context(), id)
		if err != nil {
			return err
		}
		v := ProgramView{ID: p.ID, Name: p.Name.In(lang), Points: p.Kind == "points", Total: len(p.Steps)}
		for _, x := range progress {
			if x.Status == hearth.StepDone && p.Step(x.Step) != nil {
				v.Done++
			}
		}
		page.Programs = append(page.Programs, v)
	}
	for _, p := range s.programs.All() {
		if !containsString(mine, p.ID) {
			page.Choices = append(page.Choices, Choice{Value: p.ID, Label: p.Name.In(lang)})
		}
	}
	with, err := s.store.StepSharesWithMe(r.Context())
	if err != nil {
		return err
	}
	page.SharedWithMe = len(with)
	return s.render(w, r, status, "steps", page)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) chooseProgram(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := r.PostForm.Get("program")
	if s.programs.Get(id) == nil {
		return s.stepsList(w, r, http.StatusUnprocessableEntity, formFrom(r, hearth.FieldErrors{"program": "error.steps.unknown"}.Err()))
	}
	if err := s.store.ChooseProgram(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, stepsPath(id), "notice.program_chosen")
}

// StepView is a step as the pages show it.
type StepView struct {
	Key, Text, Guide string
	Status           hearth.StepStatus
	Note             string
	Version          int
	Sheets           []Choice // worksheet links: id and name
}

// StepsProgramPage is one program: its steps and where the member is.
type StepsProgramPage struct {
	Page
	Program ProgramView
	Steps   []StepView
}

// progressOf reads the member's progress in a program, by step.
func (s *Server) progressOf(r *http.Request, prog string) (map[string]*hearth.StepProgress, error) {
	list, err := s.store.StepProgress(r.Context(), prog)
	if err != nil {
		return nil, err
	}
	out := map[string]*hearth.StepProgress{}
	for _, p := range list {
		out[p.Step] = p
	}
	return out, nil
}

func (s *Server) stepView(lang string, st *program.Step, p *hearth.StepProgress) StepView {
	v := StepView{Key: st.Key, Text: st.Text.In(lang), Guide: st.Guide.In(lang)}
	if p != nil {
		v.Status, v.Note, v.Version = p.Status, p.Note, p.Version
	}
	for _, id := range st.Worksheets {
		v.Sheets = append(v.Sheets, Choice{Value: id, Label: s.programs.Worksheet(id).Name.In(lang)})
	}
	return v
}

// mustChoose sends a member who does not work the program to the list of
// programs, to choose it first.
func (s *Server) mustChoose(w http.ResponseWriter, r *http.Request, prog string) (bool, error) {
	ok, err := s.chosen(r, prog)
	if err != nil || ok {
		return false, err
	}
	return true, s.redirect(w, r, "/recovery/steps?choose="+url.QueryEscape(prog), "")
}

// chosenProgress is the member's progress in a program they work; a
// member who does not work it is sent to choose it (sent).
func (s *Server) chosenProgress(w http.ResponseWriter, r *http.Request, prog string) (map[string]*hearth.StepProgress, bool, error) {
	if sent, err := s.mustChoose(w, r, prog); sent || err != nil {
		return nil, sent, err
	}
	progress, err := s.progressOf(r, prog)
	return progress, false, err
}

func (s *Server) stepsProgramPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pathProgram(r)
	if err != nil {
		return err
	}
	progress, sent, err := s.chosenProgress(w, r, p.ID)
	if sent || err != nil {
		return err
	}
	lang := langOf(r.Context())
	page := &StepsProgramPage{Page: s.page(r, "steps_program.title", "recovery"),
		Program: ProgramView{ID: p.ID, Name: p.Name.In(lang), Points: p.Kind == "points", Total: len(p.Steps)}}
	for i := range p.Steps {
		v := s.stepView(lang, &p.Steps[i], progress[p.Steps[i].Key])
		if v.Status == hearth.StepDone {
			page.Program.Done++
		}
		page.Steps = append(page.Steps, v)
	}
	return s.render(w, r, http.StatusOK, "steps_program", page)
}

// StepsStepPage is one step: its text, guidance, where the member is,
// its worksheets, and sharing the program's progress.
type StepsStepPage struct {
	Page
	Program  ProgramView
	Step     StepView
	Form     *Form
	Statuses []Choice
	// Saved is the step as stored when the form sent was stale.
	Saved    *StepView
	Partners []Choice
}

func (s *Server) statusChoices(lang string) []Choice {
	p := i18n.For(lang)
	var out []Choice
	for st := hearth.StepNotBegun; st.Valid(); st++ {
		out = append(out, Choice{Value: strconv.Itoa(int(st)), Label: p.T(st.Key())})
	}
	return out
}

// partnerChoices are the people the member may share step work with.
func (s *Server) partnerChoices(r *http.Request) ([]Choice, error) {
	list, err := s.store.Partnerships(r.Context())
	if err != nil {
		return nil, err
	}
	var out []Choice
	for _, p := range list {
		if p.Accepted {
			out = append(out, Choice{Value: strconv.FormatInt(p.Them.ID, 10), Label: p.Them.DisplayName + " (" + p.Them.Handle + ")"})
		}
	}
	// And the member's sponsors (not their sponsees: step work goes to
	// the one who guides).
	sps, err := s.store.Sponsorships(r.Context(), s.now())
	if err != nil {
		return nil, err
	}
	p := i18n.For(langOf(r.Context()))
	for _, sp := range sps {
		if sp.Status != hearth.SponsorActive || sp.ImSponsor || sp.Sponsor == nil {
			continue
		}
		id := strconv.FormatInt(sp.Sponsor.ID, 10)
		if slices.ContainsFunc(out, func(c Choice) bool { return c.Value == id }) {
			continue
		}
		out = append(out, Choice{Value: id, Label: p.T("steps.share_to_sponsor", "name", sp.Sponsor.DisplayName, "handle", sp.Sponsor.Handle)})
	}
	return out, nil
}

func (s *Server) stepPage(w http.ResponseWriter, r *http.Request) error {
	return s.stepForm(w, r, http.StatusOK, nil, nil)
}

// stepForm shows a step; f is the status form as sent (nil: as stored),
// saved the stored step when f was stale.
func (s *Server) stepForm(w http.ResponseWriter, r *http.Request, status int, f *Form, saved *StepView) error {
	p, st, err := s.pathStep(r)
	if err != nil {
		return err
	}
	progress, sent, err := s.chosenProgress(w, r, p.ID)
	if sent || err != nil {
		return err
	}
	lang := langOf(r.Context())
	v := s.stepView(lang, st, progress[st.Key])
	if f == nil {
		f = &Form{Values: url.Values{"status": {strconv.Itoa(int(v.Status))}, "note": {v.Note}, "version": {strconv.Itoa(v.Version)}}}
	}
	partners, err := s.partnerChoices(r)
	if err != nil {
		return err
	}
	page := &StepsStepPage{Page: s.page(r, "steps_step.title", "recovery"), Step: v, Form: f, Saved: saved,
		Program: ProgramView{ID: p.ID, Name: p.Name.In(lang), Points: p.Kind == "points"}, Statuses: s.statusChoices(lang),
		Partners: partners}
	return s.render(w, r, status, "steps_step", page)
}

func (s *Server) saveStep(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, st, err := s.pathStep(r)
	if err != nil {
		return err
	}
	status, err1 := strconv.Atoi(r.PostForm.Get("status"))
	version, err2 := strconv.Atoi(r.PostForm.Get("version"))
	if err1 != nil || err2 != nil {
		return s.stepForm(w, r, http.StatusUnprocessableEntity, formFrom(r, hearth.FieldErrors{"status": "error.steps.status"}.Err()), nil)
	}
	sp := &hearth.StepProgress{Program: p.ID, Step: st.Key, Status: hearth.StepStatus(status), Note: r.PostForm.Get("note"), Version: version}
	err = s.store.SetStepProgress(r.Context(), sp)
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, stepsPath(p.ID)+"/step/"+st.Key, "notice.step_saved")
	case hearth.EINVALID:
		return s.stepForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err), nil)
	case hearth.ECONFLICT:
		// Another tab saved first: show both, and let the member choose
		// by saving again (the form now carries the stored version).
		progress, err := s.progressOf(r, p.ID)
		if err != nil {
			return err
		}
		saved := s.stepView(langOf(r.Context()), st, progress[st.Key])
		f := formFrom(r, hearth.Errorf(hearth.ECONFLICT, "error.steps.stale"))
		f.Values.Set("version", strconv.Itoa(saved.Version))
		return s.stepForm(w, r, http.StatusConflict, f, &saved)
	}
	return err
}

// CellView is one field of a worksheet row, as read.
type CellView struct {
	Label string
	Text  string
	Long  bool
}

// RowView is one worksheet entry as read.
type RowView struct {
	ID      int64
	Version int
	Date    string
	On      string // YYYY-MM-DD, for the check-in link
	Cells   []CellView
	// CheckIn links to the day's check-in, for a dated entry of today or
	// yesterday.
	CheckIn string
}

// cells renders an entry's fields as the worksheet's columns.
func cells(lang string, ws *program.Worksheet, fields map[string]string) []CellView {
	out := make([]CellView, 0, len(ws.Fields))
	for i := range ws.Fields {
		f := &ws.Fields[i]
		v := fields[f.ID]
		switch f.Type {
		case program.FieldChoice:
			if o := f.Option(v); o != nil {
				v = o.Label.In(lang)
			}
		case program.FieldChecks:
			var labels []string
			for _, id := range strings.Split(v, ",") {
				if o := f.Option(id); o != nil {
					labels = append(labels, o.Label.In(lang))
				}
			}
			v = strings.Join(labels, ", ")
		}
		out = append(out, CellView{Label: f.Label.In(lang), Text: v, Long: f.Type == program.FieldLong})
	}
	return out
}

func (s *Server) rowView(r *http.Request, lang string, ws *program.Worksheet, e *hearth.StepEntry, today hearth.Date) RowView {
	v := RowView{ID: e.ID, Version: e.Version, Cells: cells(lang, ws, e.Fields)}
	if !e.On.IsZero() {
		v.On = e.On.String()
		v.Date = i18n.For(lang).Date(e.On.In(time.UTC))
		switch e.On {
		case today:
			v.CheckIn = "/check-in"
		case today.AddDays(-1):
			v.CheckIn = "/check-in?day=yesterday"
		}
	}
	return v
}

// OptionInput is one option of a choice or checks field.
type OptionInput struct {
	ID, Label string
	Checked   bool
}

// FieldInput is one field of a worksheet's form.
type FieldInput struct {
	ID, Name, Type, Label, Value, Error string
	Options                             []OptionInput
}

// sheetInputs builds a worksheet's form fields from what was typed.
func sheetInputs(lang string, ws *program.Worksheet, f *Form) []FieldInput {
	out := make([]FieldInput, 0, len(ws.Fields))
	for _, fd := range ws.Fields {
		in := FieldInput{ID: fd.ID, Name: "f." + fd.ID, Type: fd.Type, Label: fd.Label.In(lang), Error: f.Err(fd.ID)}
		var values []string
		if f != nil && f.Values != nil {
			values = f.Values["f."+fd.ID]
		}
		in.Value = strings.Join(values, ",")
		chosen := map[string]bool{}
		for _, v := range values {
			for _, id := range strings.Split(v, ",") {
				chosen[strings.TrimSpace(id)] = true
			}
		}
		for _, o := range fd.Options {
			in.Options = append(in.Options, OptionInput{ID: o.ID, Label: o.Label.In(lang), Checked: chosen[o.ID]})
		}
		out = append(out, in)
	}
	return out
}

// formFields reads a worksheet form's fields ("f.<id>"; a checks field
// may come as several values).
func formFields(v url.Values) map[string]string {
	out := map[string]string{}
	for k, vs := range v {
		if id, ok := strings.CutPrefix(k, "f."); ok {
			out[id] = strings.Join(vs, ",")
		}
	}
	return out
}

// entryValues is an entry's fields as form values.
func entryValues(e *hearth.StepEntry) url.Values {
	v := url.Values{"version": {strconv.Itoa(e.Version)}}
	if !e.On.IsZero() {
		v.Set("on", e.On.String())
	}
	for k, x := range e.Fields {
		v.Set("f."+k, x)
	}
	return v
}

// checkEntry checks an entry's form: the worksheet's fields and, for a
// dated worksheet, the day (today when none is given).
func checkEntry(ws *program.Worksheet, fields map[string]string, on string, today hearth.Date) (map[string]string, hearth.Date, error) {
	clean, err := ws.Check(fields)
	errs := hearth.FieldErrors{}
	for f, key := range hearth.ErrorFields(err) {
		errs.Add(f, key)
	}
	var d hearth.Date
	if ws.Kind == program.KindDated {
		d = today
		if on = strings.TrimSpace(on); on != "" {
			var perr error
			if d, perr = hearth.ParseDate(on); perr != nil || d.After(today) || d.Before(hearth.EarliestStart) {
				errs.Add("on", "error.steps.date")
			}
		}
	}
	if len(errs) > 0 {
		return nil, d, errs.Err()
	}
	return clean, d, err // err: a message for the whole entry (nothing written)
}

// StepsSheetPage is a worksheet: its rows (a table like the paper
// columns) or dated entries, and a form to add one.
type StepsSheetPage struct {
	Page
	Program  ProgramView
	Sheet    SheetView
	Rows     []RowView
	Form     *Form
	Inputs   []FieldInput
	Today    string
	Partners []Choice
	// All says every dated entry is listed, not only the latest.
	All      bool
	Earliest string
}

// SheetView is a worksheet's names.
type SheetView struct {
	ID, Name, About string
	Dated           bool
	Columns         []string
}

func sheetView(lang string, ws *program.Worksheet) SheetView {
	v := SheetView{ID: ws.ID, Name: ws.Name.In(lang), About: ws.About.In(lang), Dated: ws.Kind == program.KindDated}
	for _, f := range ws.Fields {
		v.Columns = append(v.Columns, f.Label.In(lang))
	}
	return v
}

// sheetDays is how many days of dated entries a worksheet shows first.
const sheetDays = 90

func (s *Server) sheetPage(w http.ResponseWriter, r *http.Request) error {
	return s.sheetForm(w, r, http.StatusOK, &Form{Values: url.Values{}})
}

func (s *Server) sheetForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	p, ws, err := s.pathSheet(r)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		if sent, err := s.mustChoose(w, r, p.ID); sent || err != nil {
			return err
		}
	}
	lang := langOf(r.Context())
	today := s.memberToday(r)
	page := &StepsSheetPage{Page: s.page(r, "steps_sheet.title", "recovery"), Sheet: sheetView(lang, ws), Form: f,
		Program: ProgramView{ID: p.ID, Name: p.Name.In(lang)}, Today: today.String(), All: r.URL.Query().Get("all") == "1"}
	filter := hearth.StepEntryFilter{}
	if ws.Kind == program.KindDated && !page.All {
		filter.From = today.AddDays(-(sheetDays - 1))
		page.Earliest = i18n.For(lang).Date(filter.From.In(time.UTC))
	}
	list, err := s.store.StepEntries(r.Context(), p.ID, ws.ID, filter)
	if hearth.ErrorFields(err)["program"] != "" && status != http.StatusOK {
		// A row for a program not chosen: say so, keeping what was typed.
		f.Message, err = "error.steps.program_not_chosen", nil
	}
	if err != nil {
		return err
	}
	page.Rows = make([]RowView, 0, len(list))
	for _, e := range list {
		page.Rows = append(page.Rows, s.rowView(r, lang, ws, e, today))
	}
	page.Inputs = sheetInputs(lang, ws, f)
	if f.Get("on") == "" && ws.Kind == program.KindDated {
		f.Values.Set("on", today.String())
	}
	if page.Partners, err = s.partnerChoices(r); err != nil {
		return err
	}
	return s.render(w, r, status, "steps_sheet", page)
}

func (s *Server) addSheetEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, ws, err := s.pathSheet(r)
	if err != nil {
		return err
	}
	fields, on, err := checkEntry(ws, formFields(r.PostForm), r.PostForm.Get("on"), s.memberToday(r))
	if err == nil {
		err = s.store.CreateStepEntry(r.Context(), &hearth.StepEntry{Program: p.ID, Worksheet: ws.ID, On: on, Fields: fields})
	}
	if hearth.ErrorCode(err) == hearth.EINVALID {
		f := formFrom(r, err)
		if f.Errors["program"] != "" {
			f.Message = f.Errors["program"]
		}
		return s.sheetForm(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, sheetPath(p.ID, ws.ID), "notice.row_saved")
}

// StepsPrintPage is a worksheet laid out like the paper form, to print.
type StepsPrintPage struct {
	Page
	Program ProgramView
	Sheet   SheetView
	Rows    []RowView
}

func (s *Server) printSheet(w http.ResponseWriter, r *http.Request) error {
	p, ws, err := s.pathSheet(r)
	if err != nil {
		return err
	}
	if sent, err := s.mustChoose(w, r, p.ID); sent || err != nil {
		return err
	}
	lang := langOf(r.Context())
	list, err := s.store.StepEntries(r.Context(), p.ID, ws.ID, hearth.StepEntryFilter{})
	if err != nil {
		return err
	}
	today := s.memberToday(r)
	page := &StepsPrintPage{Page: s.page(r, "steps_print.title", "recovery"), Sheet: sheetView(lang, ws),
		Program: ProgramView{ID: p.ID, Name: p.Name.In(lang)}}
	for _, e := range list {
		page.Rows = append(page.Rows, s.rowView(r, lang, ws, e, today))
	}
	return s.render(w, r, http.StatusOK, "steps_print", page)
}

// StepsEntryPage edits one entry; after a stale save it shows the saved
// version beside what the member typed.
type StepsEntryPage struct {
	Page
	Program  ProgramView
	Sheet    SheetView
	ID       int64
	Form     *Form
	Inputs   []FieldInput
	Today    string
	Saved    *RowView
	Partners []Choice
}

// pathStepEntry is the member's entry of the path, with its program and
// worksheet.
func (s *Server) pathStepEntry(r *http.Request) (*hearth.StepEntry, *program.Program, *program.Worksheet, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, nil, err
	}
	e, err := s.store.StepEntry(r.Context(), id)
	if err != nil {
		return nil, nil, nil, err
	}
	p, ws := s.programs.Get(e.Program), s.programs.Worksheet(e.Worksheet)
	if p == nil || ws == nil {
		return nil, nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return e, p, ws, nil
}

func (s *Server) stepEntryPage(w http.ResponseWriter, r *http.Request) error {
	return s.stepEntryForm(w, r, http.StatusOK, nil, false)
}

func (s *Server) stepEntryForm(w http.ResponseWriter, r *http.Request, status int, f *Form, stale bool) error {
	e, p, ws, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	today := s.memberToday(r)
	page := &StepsEntryPage{Page: s.page(r, "steps_entry.title", "recovery"), Program: ProgramView{ID: p.ID, Name: p.Name.In(lang)},
		Sheet: sheetView(lang, ws), ID: e.ID, Form: f, Today: today.String()}
	if f == nil {
		page.Form = &Form{Values: entryValues(e)}
	}
	if stale {
		saved := s.rowView(r, lang, ws, e, today)
		page.Saved = &saved
		page.Form.Values.Set("version", strconv.Itoa(e.Version))
	}
	page.Inputs = sheetInputs(lang, ws, page.Form)
	if page.Partners, err = s.partnerChoices(r); err != nil {
		return err
	}
	return s.render(w, r, status, "steps_entry", page)
}

func (s *Server) updateStepEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	e, p, ws, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	version, verr := strconv.Atoi(r.PostForm.Get("version"))
	fields, on, err := checkEntry(ws, formFields(r.PostForm), r.PostForm.Get("on"), s.memberToday(r))
	if err == nil && verr != nil {
		err = hearth.Errorf(hearth.ECONFLICT, "error.steps.stale")
	}
	if err == nil {
		_, err = s.store.UpdateStepEntry(r.Context(), e.ID, fields, on, version)
	}
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, sheetPath(p.ID, ws.ID), "notice.row_saved")
	case hearth.EINVALID:
		return s.stepEntryForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err), false)
	case hearth.ECONFLICT:
		return s.stepEntryForm(w, r, http.StatusConflict, formFrom(r, err), true)
	}
	return err
}

func (s *Server) moveStepEntry(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	e, p, ws, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	by := 1
	if r.PostForm.Get("to") == "up" {
		by = -1
	}
	if err := s.store.MoveStepEntry(r.Context(), e.ID, by); err != nil {
		return err
	}
	return s.redirect(w, r, sheetPath(p.ID, ws.ID)+"#row-"+strconv.FormatInt(e.ID, 10), "")
}

func (s *Server) deleteStepEntry(w http.ResponseWriter, r *http.Request) error {
	e, p, ws, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStepEntry(r.Context(), e.ID); err != nil {
		return err
	}
	return s.redirect(w, r, sheetPath(p.ID, ws.ID), "notice.row_deleted")
}

// Sharing.

// StepShareView is a shared item as the sharing pages list it.
type StepShareView struct {
	ID    int64
	What  string
	Who   string // the recipient, or the owner when shared with the member
	Since string
}

// shareWhat says what a share holds, in the member's language.
func (s *Server) shareWhat(lang string, sh *hearth.StepShare) string {
	p := i18n.For(lang)
	prog := sh.Program
	if x := s.programs.Get(sh.Program); x != nil {
		prog = x.Name.In(lang)
	}
	sheet := sh.Worksheet
	if x := s.programs.Worksheet(sh.Worksheet); x != nil {
		sheet = x.Name.In(lang)
	}
	switch sh.Kind {
	case hearth.ShareEntry:
		return p.T("steps.what.entry", "sheet", sheet)
	case hearth.ShareWorksheet:
		return p.T("steps.what.sheet", "sheet", sheet)
	}
	return p.T("steps.what.progress", "program", prog)
}

// StepsSharingPage is what the member shares and with whom, who looked,
// and what partners share with them.
type StepsSharingPage struct {
	Page
	Mine   []StepShareView
	WithMe []StepShareView
	Views  []StepShareView
}

func (s *Server) sharingPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	a := hearth.AccountFromContext(r.Context())
	page := &StepsSharingPage{Page: s.page(r, "steps_sharing.title", "recovery")}
	// views lists shares, naming the other person of each.
	views := func(mine bool) func([]*hearth.StepShare, error) ([]StepShareView, error) {
		return func(list []*hearth.StepShare, err error) ([]StepShareView, error) {
			var out []StepShareView
			for _, sh := range list {
				who := sh.Owner
				if mine {
					who = sh.Recipient
				}
				out = append(out, StepShareView{ID: sh.ID, What: s.shareWhat(lang, sh), Who: who.DisplayName, Since: p.Date(sh.CreatedAt.In(s.zone(a)))})
			}
			return out, err
		}
	}
	var err error
	if page.Mine, err = views(true)(s.store.StepShares(r.Context())); err != nil {
		return err
	}
	if page.WithMe, err = views(false)(s.store.StepSharesWithMe(r.Context())); err != nil {
		return err
	}
	looks, err := s.store.StepViews(r.Context())
	if err != nil {
		return err
	}
	for _, v := range looks {
		sh := &hearth.StepShare{Kind: v.Kind, Program: v.Program, Worksheet: v.Worksheet}
		page.Views = append(page.Views, StepShareView{ID: v.ShareID, What: s.shareWhat(lang, sh), Who: v.Viewer.DisplayName,
			Since: p.DateTime(v.At.In(s.zone(a)))})
	}
	return s.render(w, r, http.StatusOK, "steps_sharing", page)
}

// shareStepWork shares an entry, a worksheet or a program's progress
// with a partner; bad input goes back to the page it came from, with a
// message.
func (s *Server) shareStepWork(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v := r.PostForm
	to, _ := strconv.ParseInt(v.Get("to"), 10, 64)
	sh := &hearth.StepShare{Kind: v.Get("kind"), RecipientID: to, Program: v.Get("program"), Worksheet: v.Get("sheet")}
	back := "/recovery/steps/sharing"
	switch sh.Kind {
	case hearth.ShareEntry:
		id, err := strconv.ParseInt(v.Get("entry"), 10, 64)
		if err != nil {
			return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
		}
		sh.EntryID = id
		back = stepEntryPath(id)
	case hearth.ShareWorksheet:
		p := s.programs.Get(sh.Program)
		if p == nil || !p.HasWorksheet(sh.Worksheet) {
			return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
		}
		back = sheetPath(p.ID, sh.Worksheet)
	case hearth.ShareProgress:
		if s.programs.Get(sh.Program) == nil {
			return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
		}
		back = stepsPath(sh.Program)
	default:
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	err := s.store.ShareStepWork(r.Context(), sh)
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, "/recovery/steps/sharing", "notice.shared")
	case hearth.EINVALID:
		return s.redirect(w, r, back, "notice.share_refused")
	case hearth.ECONFLICT:
		return s.redirect(w, r, "/recovery/steps/sharing", "notice.shared_already")
	}
	return err
}

func (s *Server) revokeShare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.RevokeStepShare(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/steps/sharing", "notice.share_revoked")
}

// CommentView is a comment on a shared item.
type CommentView struct {
	Who, When, Body string
	Mine            bool
}

// StepsSharedPage is a shared item as its recipient (or owner) reads it.
type StepsSharedPage struct {
	Page
	ID       int64
	What     string
	Owner    string
	Mine     bool
	Sheet    *SheetView
	Rows     []RowView
	Steps    []StepView
	Comments []CommentView
	Form     *Form
}

func (s *Server) sharedPage(w http.ResponseWriter, r *http.Request) error {
	return s.sharedForm(w, r, http.StatusOK, &Form{Values: url.Values{}})
}

func (s *Server) sharedForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sw, err := s.store.SharedStepWork(r.Context(), id)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	a := hearth.AccountFromContext(r.Context())
	p := i18n.For(lang)
	sh := sw.Share
	page := &StepsSharedPage{Page: s.page(r, "steps_shared.title", "recovery"), ID: id, What: s.shareWhat(lang, sh),
		Owner: sh.Owner.DisplayName, Mine: sh.OwnerID == a.ID, Form: f}
	if ws := s.programs.Worksheet(sh.Worksheet); ws != nil {
		v := sheetView(lang, ws)
		page.Sheet = &v
		today := hearth.Today(s.now(), s.zone(a))
		for _, e := range sw.Entries {
			rv := s.rowView(r, lang, ws, e, today)
			rv.CheckIn = "" // the owner's check-ins are not the reader's
			page.Rows = append(page.Rows, rv)
		}
	}
	if prog := s.programs.Get(sh.Program); prog != nil && sh.Kind == hearth.ShareProgress {
		by := map[string]*hearth.StepProgress{}
		for _, x := range sw.Progress {
			by[x.Step] = x
		}
		for i := range prog.Steps {
			v := s.stepView(lang, &prog.Steps[i], by[prog.Steps[i].Key])
			v.Sheets = nil
			page.Steps = append(page.Steps, v)
		}
	}
	for _, c := range sw.Comments {
		page.Comments = append(page.Comments, CommentView{Who: c.Author.DisplayName, When: p.DateTime(c.CreatedAt.In(s.zone(a))),
			Body: c.Body, Mine: c.AuthorID == a.ID})
	}
	return s.render(w, r, status, "steps_shared", page)
}

func (s *Server) commentOnShared(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	_, err = s.store.CommentOnStepWork(r.Context(), id, r.PostForm.Get("body"))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.sharedForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/recovery/steps/shared/"+strconv.FormatInt(id, 10)+"#comments", "notice.comment_saved")
}

// SheetTable is a worksheet's rows laid out like the paper columns.
type SheetTable struct {
	Lang    string
	Caption string // the id of the heading that names the table
	Sheet   SheetView
	Rows    []RowView
	// Actions adds edit and move links to each row (the owner's page).
	Actions bool
	// Paper is the print page's table: blank rows to write in by hand.
	Paper bool
}

// HTML writes the table. It is written here rather than by a template: a
// 4th step of 500 rows is 2,000 cells and 1,000 small forms, and
// html/template's reflection and escaping, cell by cell, was most of the
// page's time. Every text is escaped for element content and quoted
// attributes alike.
func (t SheetTable) HTML() template.HTML {
	p := i18n.For(t.Lang)
	esc := html.EscapeString
	var b strings.Builder
	b.Grow(len(t.Rows) * 1024)
	if t.Paper {
		b.WriteString(`<table class="sheet paper" id="paper"><caption class="visually-hidden">` + esc(t.Sheet.Name) + `</caption>`)
	} else {
		b.WriteString(`<div class="table-wrap" role="region" aria-labelledby="` + esc(t.Caption) + `" tabindex="0"><table class="sheet">`)
	}
	b.WriteString(`<thead><tr>`)
	if t.Sheet.Dated {
		b.WriteString(`<th scope="col">` + esc(p.T("steps.date")) + `</th>`)
	}
	for _, c := range t.Sheet.Columns {
		b.WriteString(`<th scope="col">` + esc(c) + `</th>`)
	}
	if t.Actions {
		b.WriteString(`<th scope="col"><span class="visually-hidden">` + esc(p.T("steps.actions")) + `</span></th>`)
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	edit, up, down, checkIn := esc(p.T("steps.edit")), esc(p.T("steps.up")), esc(p.T("steps.down")), esc(p.T("steps.checkin_link"))
	for _, r := range t.Rows {
		id := strconv.FormatInt(r.ID, 10)
		b.WriteString(`<tr id="row-` + id + `">`)
		if t.Sheet.Dated {
			b.WriteString(`<th scope="row">` + esc(r.Date))
			if t.Actions && r.CheckIn != "" {
				b.WriteString(`<br><a class="small" href="` + esc(r.CheckIn) + `">` + checkIn + `</a>`)
			}
			b.WriteString(`</th>`)
		}
		for _, c := range r.Cells {
			b.WriteString(`<td data-label="` + esc(c.Label) + `"`)
			if c.Long {
				b.WriteString(` class="pre"`)
			}
			b.WriteString(`>` + esc(c.Text) + `</td>`)
		}
		if t.Actions {
			b.WriteString(`<td class="row-actions"><a href="/recovery/steps/entry/` + id + `">` + edit + `</a>`)
			if !t.Sheet.Dated {
				b.WriteString(`<form action="/recovery/steps/entry/` + id + `/move" method="post" class="inline">` +
					`<button type="submit" name="to" value="up" class="link">` + up + `</button>` +
					`<button type="submit" name="to" value="down" class="link">` + down + `</button></form>`)
			}
			b.WriteString(`</td>`)
		}
		b.WriteString("</tr>\n")
	}
	if t.Paper {
		for range 3 {
			b.WriteString(`<tr class="blank">`)
			n := len(t.Sheet.Columns)
			if t.Sheet.Dated {
				n++
			}
			b.WriteString(strings.Repeat("<td></td>", n) + "</tr>\n")
		}
	}
	b.WriteString("</tbody></table>")
	if !t.Paper {
		b.WriteString("</div>")
	}
	return template.HTML(b.String())
}

// ShareForm is what the share-form partial needs.
type ShareForm struct {
	Kind     string
	Entry    int64
	Program  string
	Sheet    string
	Partners []Choice
	Button   string // catalog key
}

// Table is the worksheet's rows, with the owner's actions.
func (p *StepsSheetPage) Table() SheetTable {
	return SheetTable{Lang: p.Lang, Caption: "rows-heading", Sheet: p.Sheet, Rows: p.Rows, Actions: true}
}

// ShareForm shares the whole worksheet.
func (p *StepsSheetPage) ShareForm() ShareForm {
	return ShareForm{Kind: hearth.ShareWorksheet, Program: p.Program.ID, Sheet: p.Sheet.ID, Partners: p.Partners, Button: "steps.share_sheet"}
}

// ShareForm shares the entry.
func (p *StepsEntryPage) ShareForm() ShareForm {
	return ShareForm{Kind: hearth.ShareEntry, Entry: p.ID, Partners: p.Partners, Button: "steps.share_entry"}
}

// ShareForm shares the program's progress.
func (p *StepsStepPage) ShareForm() ShareForm {
	return ShareForm{Kind: hearth.ShareProgress, Program: p.Program.ID, Partners: p.Partners, Button: "steps.share_progress"}
}

// Table is the shared rows, without actions.
func (p *StepsSharedPage) Table() SheetTable {
	return SheetTable{Lang: p.Lang, Caption: "shared-heading", Sheet: *p.Sheet, Rows: p.Rows}
}

// Table is the worksheet as the paper form.
func (p *StepsPrintPage) Table() SheetTable {
	return SheetTable{Lang: p.Lang, Sheet: p.Sheet, Rows: p.Rows, Paper: true}
}
