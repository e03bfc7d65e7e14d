package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
	"hearth/program"
)

// The API of step work: the programs offered, a member's programs and
// progress, worksheet entries, and sharing. The same services and checks
// as the pages; documented in openapi.json.

// APIProgram is a program as offered, in the member's language.
type APIProgram struct {
	ID    string    `json:"id"`
	Kind  string    `json:"kind"`
	Name  string    `json:"name"`
	Steps []APIStep `json:"steps"`
}

// APIStep is a step of a program, with the member's progress when asked
// for theirs.
type APIStep struct {
	Key        string   `json:"key"`
	Text       string   `json:"text"`
	Guide      string   `json:"guide"`
	Worksheets []string `json:"worksheets"`
	Status     string   `json:"status,omitempty"`
	Note       string   `json:"note,omitempty"`
	Version    int      `json:"version"`
}

var statusNames = []string{"not_begun", "begun", "with_sponsor", "done"}

func (s *Server) apiProgram(lang string, p *program.Program, progress map[string]*hearth.StepProgress) APIProgram {
	out := APIProgram{ID: p.ID, Kind: p.Kind, Name: p.Name.In(lang), Steps: []APIStep{}}
	for _, st := range p.Steps {
		a := APIStep{Key: st.Key, Text: st.Text.In(lang), Guide: st.Guide.In(lang), Worksheets: append([]string{}, st.Worksheets...)}
		if progress != nil {
			a.Status = statusNames[0]
			if x := progress[st.Key]; x != nil {
				a.Status, a.Note, a.Version = statusNames[x.Status], x.Note, x.Version
			}
		}
		out.Steps = append(out.Steps, a)
	}
	return out
}

// apiMySteps lists the programs the member works, with their progress.
func (s *Server) apiMySteps(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	mine, err := s.store.StepPrograms(r.Context())
	if err != nil {
		return err
	}
	out := []APIProgram{}
	for _, id := range mine {
		p := s.programs.Get(id)
		if p == nil {
			continue
		}
		progress, err := s.progressOf(r, id)
		if err != nil {
			return err
		}
		out = append(out, s.apiProgram(lang, p, progress))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"programs": out})
}

// apiChooseProgram adds a program the member works: {"program": "aa"}.
func (s *Server) apiChooseProgram(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Program string `json:"program"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if s.programs.Get(in.Program) == nil {
		return hearth.FieldErrors{"program": "error.steps.unknown"}.Err()
	}
	if err := s.store.ChooseProgram(r.Context(), in.Program); err != nil {
		return err
	}
	return noContent(w)
}

// apiSetProgress sets where the member is with a step.
func (s *Server) apiSetProgress(w http.ResponseWriter, r *http.Request) error {
	p, st, err := s.pathStep(r)
	if err != nil {
		return err
	}
	var in struct {
		Status  string `json:"status"`
		Note    string `json:"note"`
		Version int    `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	status := -1
	for i, n := range statusNames {
		if n == in.Status {
			status = i
		}
	}
	if status < 0 {
		return hearth.FieldErrors{"status": "error.steps.status"}.Err()
	}
	sp := &hearth.StepProgress{Program: p.ID, Step: st.Key, Status: hearth.StepStatus(status), Note: in.Note, Version: in.Version}
	if err := s.store.SetStepProgress(r.Context(), sp); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, APIStep{Key: st.Key, Text: st.Text.In(langOf(r.Context())), Guide: st.Guide.In(langOf(r.Context())),
		Worksheets: append([]string{}, st.Worksheets...), Status: in.Status, Note: sp.Note, Version: sp.Version})
}

// APIStepEntry is a worksheet entry.
type APIStepEntry struct {
	ID        int64             `json:"id"`
	Program   string            `json:"program"`
	Worksheet string            `json:"worksheet"`
	Position  int               `json:"position"`
	On        string            `json:"on,omitempty"`
	Fields    map[string]string `json:"fields"`
	Version   int               `json:"version"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

func apiStepEntry(e *hearth.StepEntry) APIStepEntry {
	out := APIStepEntry{ID: e.ID, Program: e.Program, Worksheet: e.Worksheet, Position: e.Position, Fields: e.Fields,
		Version: e.Version, CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC()}
	if !e.On.IsZero() {
		out.On = e.On.String()
	}
	return out
}

// APIStepEntryInput is an entry as the API takes it.
type APIStepEntryInput struct {
	On      string            `json:"on"`
	Fields  map[string]string `json:"fields"`
	Version int               `json:"version"`
}

func (s *Server) apiSheetEntries(w http.ResponseWriter, r *http.Request) error {
	p, ws, err := s.pathSheet(r)
	if err != nil {
		return err
	}
	f := hearth.StepEntryFilter{}
	for name, dst := range map[string]*hearth.Date{"from": &f.From, "to": &f.To} {
		if v := r.URL.Query().Get(name); v != "" {
			d, err := hearth.ParseDate(v)
			if err != nil {
				return hearth.FieldErrors{name: "error.api.date"}.Err()
			}
			*dst = d
		}
	}
	list, err := s.store.StepEntries(r.Context(), p.ID, ws.ID, f)
	if err != nil {
		return err
	}
	out := []APIStepEntry{}
	for _, e := range list {
		out = append(out, apiStepEntry(e))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}

// apiFieldNames puts an entry's field problems under "fields.<id>".
func apiEntryFields(err error) error {
	names := map[string]string{}
	for f := range hearth.ErrorFields(err) {
		if f != "on" && f != "program" {
			names[f] = "fields." + f
		}
	}
	return apiFields(err, names)
}

func (s *Server) apiCreateSheetEntry(w http.ResponseWriter, r *http.Request) error {
	p, ws, err := s.pathSheet(r)
	if err != nil {
		return err
	}
	var in APIStepEntryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	fields, on, err := checkEntry(ws, in.Fields, in.On, s.memberToday(r))
	if err != nil {
		return apiEntryFields(err)
	}
	e := &hearth.StepEntry{Program: p.ID, Worksheet: ws.ID, On: on, Fields: fields}
	if err := s.store.CreateStepEntry(r.Context(), e); err != nil {
		return apiEntryFields(err)
	}
	w.Header().Set("Location", "/api/v1/me/step-entries/"+strconv.FormatInt(e.ID, 10))
	return writeJSON(w, http.StatusCreated, apiStepEntry(e))
}

func (s *Server) apiGetStepEntry(w http.ResponseWriter, r *http.Request) error {
	e, _, _, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiStepEntry(e))
}

// apiUpdateStepEntry replaces an entry's fields; "version" must be the
// one read (409 with the saved entry otherwise).
func (s *Server) apiUpdateStepEntry(w http.ResponseWriter, r *http.Request) error {
	e, _, ws, err := s.pathStepEntry(r)
	if err != nil {
		return err
	}
	var in APIStepEntryInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.On == "" && !e.On.IsZero() {
		in.On = e.On.String()
	}
	fields, on, err := checkEntry(ws, in.Fields, in.On, s.memberToday(r))
	if err != nil {
		return apiEntryFields(err)
	}
	got, err := s.store.UpdateStepEntry(r.Context(), e.ID, fields, on, in.Version)
	if err != nil {
		return apiEntryFields(err)
	}
	return writeJSON(w, http.StatusOK, apiStepEntry(got))
}

func (s *Server) apiDeleteStepEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStepEntry(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// APIStepShare is a shared item.
type APIStepShare struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	EntryID   int64     `json:"entry_id,omitempty"`
	Program   string    `json:"program"`
	Worksheet string    `json:"worksheet,omitempty"`
	Owner     string    `json:"owner"`
	Recipient string    `json:"recipient"`
	CreatedAt time.Time `json:"created_at"`
}

func apiStepShare(sh *hearth.StepShare) APIStepShare {
	return APIStepShare{ID: sh.ID, Kind: sh.Kind, EntryID: sh.EntryID, Program: sh.Program, Worksheet: sh.Worksheet,
		Owner: sh.Owner.Handle, Recipient: sh.Recipient.Handle, CreatedAt: sh.CreatedAt.UTC()}
}

// APIStepView is one look at a shared item.
type APIStepView struct {
	ShareID   int64     `json:"share_id"`
	Kind      string    `json:"kind"`
	Program   string    `json:"program"`
	Worksheet string    `json:"worksheet,omitempty"`
	Viewer    string    `json:"viewer"`
	At        time.Time `json:"at"`
}

// apiStepShares lists what the member shares, what is shared with them,
// and who looked at what they share.
func (s *Server) apiStepShares(w http.ResponseWriter, r *http.Request) error {
	mine, err := s.store.StepShares(r.Context())
	if err != nil {
		return err
	}
	with, err := s.store.StepSharesWithMe(r.Context())
	if err != nil {
		return err
	}
	views, err := s.store.StepViews(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Mine   []APIStepShare `json:"mine"`
		WithMe []APIStepShare `json:"with_me"`
		Views  []APIStepView  `json:"views"`
	}{[]APIStepShare{}, []APIStepShare{}, []APIStepView{}}
	for _, sh := range mine {
		out.Mine = append(out.Mine, apiStepShare(sh))
	}
	for _, sh := range with {
		out.WithMe = append(out.WithMe, apiStepShare(sh))
	}
	for _, v := range views {
		out.Views = append(out.Views, APIStepView{ShareID: v.ShareID, Kind: v.Kind, Program: v.Program, Worksheet: v.Worksheet,
			Viewer: v.Viewer.Handle, At: v.At.UTC()})
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiShareStepWork shares an item with a partner, named by sign-in name.
func (s *Server) apiShareStepWork(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Kind      string `json:"kind"`
		EntryID   int64  `json:"entry_id"`
		Program   string `json:"program"`
		Worksheet string `json:"worksheet"`
		Recipient string `json:"recipient"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	to, _, err := s.store.FindAccountByHandle(r.Context(), in.Recipient)
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return hearth.FieldErrors{"recipient": "error.steps.recipient"}.Err()
	}
	if err != nil {
		return err
	}
	sh := &hearth.StepShare{Kind: in.Kind, EntryID: in.EntryID, Program: in.Program, Worksheet: in.Worksheet, RecipientID: to.ID}
	if sh.Kind == hearth.ShareWorksheet {
		if p := s.programs.Get(sh.Program); p == nil || !p.HasWorksheet(sh.Worksheet) {
			return hearth.FieldErrors{"worksheet": "error.steps.unknown"}.Err()
		}
	}
	if err := s.store.ShareStepWork(r.Context(), sh); err != nil {
		return apiFields(err, map[string]string{"worksheet": "worksheet"})
	}
	a := hearth.AccountFromContext(r.Context())
	sh.Owner, sh.Recipient = a, to
	return writeJSON(w, http.StatusCreated, apiStepShare(sh))
}

func (s *Server) apiRevokeStepShare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.RevokeStepShare(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// APIComment is a comment on a shared item.
type APIComment struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// apiSharedStepWork reads a shared item (the look is recorded for its
// owner).
func (s *Server) apiSharedStepWork(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sw, err := s.store.SharedStepWork(r.Context(), id)
	if err != nil {
		return err
	}
	out := struct {
		Share    APIStepShare   `json:"share"`
		Entries  []APIStepEntry `json:"entries"`
		Progress []APIStep      `json:"progress"`
		Comments []APIComment   `json:"comments"`
	}{apiStepShare(sw.Share), []APIStepEntry{}, []APIStep{}, []APIComment{}}
	for _, e := range sw.Entries {
		out.Entries = append(out.Entries, apiStepEntry(e))
	}
	for _, p := range sw.Progress {
		out.Progress = append(out.Progress, APIStep{Key: p.Step, Status: statusNames[p.Status], Note: p.Note, Version: p.Version, Worksheets: []string{}})
	}
	for _, c := range sw.Comments {
		out.Comments = append(out.Comments, APIComment{ID: c.ID, Author: c.Author.Handle, Body: c.Body, CreatedAt: c.CreatedAt.UTC()})
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCommentOnShared(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CommentOnStepWork(r.Context(), id, in.Body)
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	return writeJSON(w, http.StatusCreated, APIComment{ID: c.ID, Author: a.Handle, Body: c.Body, CreatedAt: c.CreatedAt.UTC()})
}

// apiPrograms lists the programs this Hearth offers.
func (s *Server) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	out := []APIProgram{}
	for _, p := range s.programs.All() {
		out = append(out, s.apiProgram(langOf(r.Context()), p, nil))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"programs": out})
}
