package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/meetingfeed"
	"hearth/meetingguide"
)

// The site admin's upload of a Meeting Guide feed: an intergroup moves its
// meeting list into Hearth, and sees what became of every record.

// importMaxBody bounds an upload: the largest feed Hearth reads, and room
// for the form around it.
const importMaxBody = meetingguide.DefaultMaxBytes + 1<<20

// importTime is how long an upload and its import may take, beyond the
// server's usual limits.
const importTime = 10 * time.Minute

// reportLinesShown bounds the report's lines on the page; the command line
// import prints them all.
const reportLinesShown = 1000

// ImportPage is the upload form, and the report of an import.
type ImportPage struct {
	Page
	Form     *Form
	Programs []Choice
	Zones    []Choice
	Report   *meetingfeed.Report
	Lines    []ImportLine
	// More counts the report's lines not shown.
	More int
	// Detail says, in the format's own terms, why a feed was refused.
	Detail string
}

// ImportLine is a line of the report, its kind in the admin's language.
type ImportLine struct {
	Kind    string // catalog key
	Slug    string
	Reasons []ImportReason
}

// ImportReason is one reason of a line, in the admin's language, with
// what exactly the format's check found, when it says (in English: it
// quotes the file's values).
type ImportReason struct {
	Text   string
	Detail string
}

// importReason says r in the printer's language.
func importReason(p *i18n.Printer, r meetingfeed.Reason) ImportReason {
	args := r.Args()
	if r.Key != "" { // Hearth's own message, which the catalog says too
		problem := r.Key
		if p.Has(r.Key) {
			problem = p.T(r.Key)
		}
		if r.Code == meetingfeed.ReasonHearthRule && r.Field == "" {
			return ImportReason{Text: problem}
		}
		args = append(args, "problem", problem)
	}
	return ImportReason{Text: p.T("import.reason."+string(r.Code), args...), Detail: r.Detail}
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	f := &Form{Values: map[string][]string{
		"program": {string(meetingguide.ProgramAA)}, "source": {meetingfeed.DefaultSource},
		"time_zone": {s.cfg.DefaultTimeZone},
	}}
	return s.renderImport(w, r, http.StatusOK, &ImportPage{Form: f})
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, page *ImportPage) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page.Page = s.page(r, "import.title", "settings")
	page.Programs = programChoices(lang)
	page.Zones = timeZones(lang)
	if rep := page.Report; rep != nil {
		for i, l := range rep.Lines {
			if i == reportLinesShown {
				page.More = len(rep.Lines) - i
				break
			}
			line := ImportLine{Kind: "import.kind." + l.Kind, Slug: l.Slug}
			for _, reason := range l.Reasons {
				line.Reasons = append(line.Reasons, importReason(p, reason))
			}
			page.Lines = append(page.Lines, line)
		}
	}
	return s.render(w, r, status, "import", page)
}

// importFeed reads the upload as it arrives: the form's fields come first,
// then the file, which goes straight to the import without being kept.
func (s *Server) importFeed(w http.ResponseWriter, r *http.Request) error {
	rc := http.NewResponseController(w)
	deadline := time.Now().Add(importTime)
	_ = rc.SetReadDeadline(deadline) // not every server sets one; the import works either way
	_ = rc.SetWriteDeadline(deadline)

	mr, err := r.MultipartReader()
	if err != nil {
		return hearth.FieldErrors{"feed": "error.import.no_file"}.Err()
	}
	f := &Form{Values: map[string][]string{}, Errors: map[string]string{}}
	page := &ImportPage{Form: f}
	again := func(status int) error { return s.renderImport(w, r, status, page) }
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return bodyError(err)
		}
		if part.FormName() != "feed" {
			v, err := io.ReadAll(io.LimitReader(part, 1<<10))
			if err != nil {
				return bodyError(err)
			}
			f.Values.Set(part.FormName(), strings.TrimSpace(string(v)))
			continue
		}
		opts, ok := importOptions(f)
		if !ok {
			return again(http.StatusUnprocessableEntity)
		}
		if part.FileName() == "" {
			break
		}
		opts.TempDir = s.cfg.TempDir
		page.Report, err = meetingfeed.Import(r.Context(), s.store, part, opts)
		return s.importDone(w, r, page, err)
	}
	f.Errors["feed"] = "error.import.no_file"
	return again(http.StatusUnprocessableEntity)
}

// importOptions reads the form's fields, noting in f what is wrong.
func importOptions(f *Form) (meetingfeed.ImportOptions, bool) {
	o := meetingfeed.ImportOptions{
		Program:           meetingguide.Program(f.Get("program")),
		Source:            f.Get("source"),
		DefaultTimeZone:   f.Get("time_zone"),
		DeactivateMissing: f.Get("deactivate_missing") != "",
	}
	if !o.Program.Known() {
		f.Errors["program"] = "error.program.invalid"
	}
	if o.Source == "" || !hearth.ValidSlug(o.Source) {
		f.Errors["source"] = "error.import.source"
	}
	if o.DefaultTimeZone != "" && !hearth.ValidTimeZone(o.DefaultTimeZone) {
		f.Errors["time_zone"] = "error.time_zone.invalid"
	}
	return o, len(f.Errors) == 0
}

// importDone shows the report, or why the feed was refused.
func (s *Server) importDone(w http.ResponseWriter, r *http.Request, page *ImportPage, err error) error {
	var feedErr *meetingfeed.FeedError
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		s.log.Info("meetings imported", "created", page.Report.Created, "updated", page.Report.Updated,
			"unchanged", page.Report.Unchanged, "rejected", page.Report.Rejected)
		return s.renderImport(w, r, http.StatusOK, page)
	case errors.As(err, &tooLarge), errors.Is(err, multipart.ErrMessageTooLarge):
		page.Form.Message = "error.import.too_large"
		return s.renderImport(w, r, http.StatusRequestEntityTooLarge, page)
	case errors.As(err, &feedErr):
		page.Form.Message = "error.import.feed"
		page.Detail = feedErr.Err.Error()
		return s.renderImport(w, r, http.StatusUnprocessableEntity, page)
	default:
		// Storing failed part of the way: what was stored stays, and the
		// report says how far it got.
		s.logRequestError(r, err)
		page.Form.Message = "error.import.stopped"
		return s.renderImport(w, r, http.StatusInternalServerError, page)
	}
}

// bodyError says what went wrong reading a request's body.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return hearth.Errorf(hearth.ETOOLARGE, "error.too_large")
	}
	return hearth.Errorf(hearth.EINVALID, "error.form")
}
