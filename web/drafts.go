package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"hearth"
	"hearth/i18n"
)

// Drafts are never lost. Something long a member wrote and posted after
// their session ended (idle too long, or ended from another device) is
// not refused with an error page: the sign-in page comes instead, with
// what they wrote carried in its own hidden fields, and signing in brings
// them back to the same form with the text in it, to read over and save.
// So it goes for a share, a reply or an edit of one, a journal entry, a
// step's note, a worksheet row, the daily check-in and a private message.
//
// The text goes from the browser to the sign-in page and back into the
// form; it is never kept on the server (not in the database, a cache or a
// log), so nothing of it is left unencrypted anywhere, and it works
// without JavaScript. (With it, app.js also keeps the text in the tab's
// sessionStorage while it is written.)
//
// A draft names the form it is for (its action), and only a form in
// draftForms, at a path its pattern matches, takes one; only that form's
// own fields are carried. After signing in the form is shown as its own
// page shows it, for the member now signed in: a form they may not use
// (another member's conversation or entry, say) is not shown, and the
// sign-in goes on as any other, saying nothing of it.

// draftPrefix names a draft's fields in the sign-in form.
const draftPrefix = "draft."

// draftValuesMax bounds the values a field of a draft carries (a checks
// field has several).
const draftValuesMax = 32

// draftForm is a form whose drafts are carried through signing in.
type draftForm struct {
	// action matches the form's action; its named groups are the path
	// values of the form's route.
	action *regexp.Regexp
	// fields are the fields a draft of the form carries, and those of
	// them at least one of which must say something for a draft to be
	// worth carrying.
	fields func(s *Server, path map[string]string) (all, text []string)
	// back is the page the form is on.
	back func(path map[string]string) string
	// show renders the form with the draft for the member now signed in
	// (r's context); ENOTFOUND or EFORBIDDEN, having written nothing, if
	// it is not a form they may use.
	show func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error
}

// fixedFields are the fields of a form that has always the same.
func fixedFields(all []string, text ...string) func(*Server, map[string]string) ([]string, []string) {
	return func(*Server, map[string]string) ([]string, []string) { return all, text }
}

// draftForms are the forms that take drafts.
var draftForms = []*draftForm{
	{ // a new share, a reply to a share, or an edit
		action: regexp.MustCompile(`^/groups/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/shares(?:/(?P<id>[0-9]{1,18})/(?P<kind>replies|edit))?$`),
		fields: fixedFields([]string{"kind", "title", "body", "warning", "anonymous"}, "title", "body"),
		back: func(p map[string]string) string {
			switch p["kind"] {
			case "replies":
				return "/groups/" + p["slug"] + "/shares/" + p["id"]
			case "edit":
				return "/groups/" + p["slug"] + "/shares/" + p["id"] + "/edit"
			}
			return "/groups/" + p["slug"]
		},
		show: (*Server).shareDraftPage,
	},
	{ // a new journal entry, or an edit
		action: regexp.MustCompile(`^/recovery/journal(?:/(?P<id>[0-9]{1,18})/edit)?$`),
		fields: fixedFields([]string{"on", "title", "body"}, "title", "body"),
		back: func(p map[string]string) string {
			if p["id"] != "" {
				return entryPath(atoi64(p["id"]))
			}
			return "/recovery/journal"
		},
		show: func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error {
			var id int64
			if d.path["id"] != "" {
				j, err := s.pathEntry(r)
				if err != nil {
					return err
				}
				id = j.ID
			}
			return s.entryForm(w, r, http.StatusOK, id, d.Form)
		},
	},
	{ // a step's status and note
		action: regexp.MustCompile(`^/recovery/programs/(?P<program>[a-z0-9_]{1,40})/step/(?P<step>[A-Za-z0-9_.-]{1,40})$`),
		fields: fixedFields([]string{"status", "note", "version"}, "note"),
		back:   func(p map[string]string) string { return stepsPath(p["program"]) + "/step/" + p["step"] },
		show: func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error {
			return s.stepForm(w, r, http.StatusOK, d.Form, nil)
		},
	},
	{ // a new row of a worksheet: its own fields
		action: regexp.MustCompile(`^/recovery/programs/(?P<program>[a-z0-9_]{1,40})/sheet/(?P<sheet>[a-z0-9_]{1,40})$`),
		fields: func(s *Server, p map[string]string) ([]string, []string) {
			prog, ws := s.programs.Get(p["program"]), s.programs.Worksheet(p["sheet"])
			if prog == nil || ws == nil || !prog.HasWorksheet(ws.ID) {
				return nil, nil
			}
			var text []string
			for _, f := range ws.Fields {
				text = append(text, "f."+f.ID)
			}
			return append([]string{"on"}, text...), text
		},
		back: func(p map[string]string) string { return sheetPath(p["program"], p["sheet"]) },
		show: func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error {
			return s.sheetForm(w, r, http.StatusOK, d.Form)
		},
	},
	{ // an edit of a worksheet row: the fields of any worksheet, since
		// which is the row's is known only to its member
		action: regexp.MustCompile(`^/recovery/steps/entry/(?P<id>[0-9]{1,18})$`),
		fields: func(s *Server, _ map[string]string) ([]string, []string) {
			text := s.worksheetFields()
			return append([]string{"on", "version"}, text...), text
		},
		back: func(p map[string]string) string { return stepEntryPath(atoi64(p["id"])) },
		show: func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error {
			return s.stepEntryForm(w, r, http.StatusOK, d.Form, false)
		},
	},
	{ // the daily check-in
		action: regexp.MustCompile(`^/check-in$`),
		fields: fixedFields([]string{"on", "id", "mood", "craving", "halt", "sleep", "gratitude", "commitment", "note", "review"},
			"gratitude", "commitment", "note"),
		back: func(map[string]string) string { return "/check-in" },
		show: (*Server).checkInDraftPage,
	},
	{ // a private message
		action: regexp.MustCompile(`^/messages/(?P<id>[0-9]{1,18})$`),
		fields: fixedFields([]string{"body"}, "body"),
		back:   func(p map[string]string) string { return conversationPath(atoi64(p["id"])) },
		show: func(s *Server, w http.ResponseWriter, r *http.Request, d *Draft) error {
			return s.conversationForm(w, r, http.StatusOK, d.Form)
		},
	},
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// worksheetFields are the form names of every field of every worksheet
// the site's programs use.
func (s *Server) worksheetFields() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range s.programs.All() {
		for _, st := range p.Steps {
			for _, id := range st.Worksheets {
				ws := s.programs.Worksheet(id)
				if ws == nil {
					continue
				}
				for _, f := range ws.Fields {
					if name := "f." + f.ID; !seen[name] {
						seen[name] = true
						out = append(out, name)
					}
				}
			}
		}
	}
	return out
}

// Draft is something a member wrote on its way back to its form.
type Draft struct {
	Action string       // where the form posts
	Back   string       // the page of the form
	Fields []DraftField // the sign-in form's hidden fields
	Form   *Form
	form   *draftForm
	path   map[string]string // the path values of the form's route
}

// DraftField is one field of a draft, as the sign-in form carries it.
type DraftField struct{ Name, Value string }

// draftOf reads a draft from a form posted to action with the field names
// prefixed by prefix; nil unless action is a form that takes drafts and
// the draft says something.
func (s *Server) draftOf(action string, form url.Values, prefix string) *Draft {
	for _, df := range draftForms {
		m := df.action.FindStringSubmatch(action)
		if m == nil {
			continue
		}
		d := &Draft{Action: action, form: df, path: map[string]string{}, Form: &Form{Values: url.Values{}}}
		for i, name := range df.action.SubexpNames() {
			if name != "" && m[i] != "" {
				d.path[name] = m[i]
			}
		}
		d.Back = df.back(d.path)
		all, text := df.fields(s, d.path)
		for _, name := range all {
			for _, v := range form[prefix+name][:min(len(form[prefix+name]), draftValuesMax)] {
				d.Fields = append(d.Fields, DraftField{draftPrefix + name, v})
				d.Form.Values.Add(name, v)
			}
		}
		for _, name := range text {
			for _, v := range d.Form.Values[name] {
				if v != "" {
					return d
				}
			}
		}
		return nil
	}
	return nil
}

// signInForDraft answers a form that takes drafts, posted without a
// session: the sign-in page, carrying the draft. It reports false for any
// other request.
func (s *Server) signInForDraft(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost || isAPI(r) || parseForm(r) != nil {
		return false
	}
	d := s.draftOf(r.URL.Path, r.PostForm, "")
	if d == nil {
		return false
	}
	err := s.render(w, r, http.StatusUnauthorized, "signin", &AuthPage{Page: s.page(r, "signin.title", "signin"),
		Form: &Form{}, Next: d.Back, Draft: d})
	if err != nil {
		s.logRequestError(r, err)
		return false
	}
	return true
}

// draftBackKey marks a request that shows a draft brought back through
// signing in: its page says so.
const draftBackKey reqKey = -1

// draftPage renders the form of the draft carried through the sign-in
// form, now that the member is signed in as acct. It answers ENOTFOUND or
// EFORBIDDEN, having written nothing, when the form is not one the
// member may use.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, acct *hearth.Account, d *Draft) error {
	ctx := context.WithValue(hearth.NewContextWithAccount(r.Context(), acct), langKey, s.language(r, acct))
	ctx = context.WithValue(ctx, draftBackKey, true)
	r = r.WithContext(ctx)
	for name, v := range d.path {
		r.SetPathValue(name, v)
	}
	w.Header().Set("Cache-Control", "no-store")
	return d.form.show(s, w, r, d)
}

// ShareDraftPage gives a member, signed in again, the share form they
// were writing in, with what they wrote.
type ShareDraftPage struct {
	Page
	Back string
	Form *ShareFormView
}

func (s *Server) shareDraftPage(w http.ResponseWriter, r *http.Request, d *Draft) error {
	p := i18n.For(langOf(r.Context()))
	var f *ShareFormView
	switch d.path["kind"] {
	case "replies":
		f = shareFormView(p, d.Form, d.Action, true, "share.reply")
	case "edit":
		// A reply's edit form has no kind.
		f = shareFormView(p, d.Form, d.Action, d.Form.Get("kind") == "", "share_edit.save")
		f.Edit = true
	default:
		f = shareFormView(p, d.Form, d.Action, false, "share.post")
	}
	return s.render(w, r, http.StatusOK, "share_draft", &ShareDraftPage{Page: s.page(r, "share_draft.title", "groups"), Back: d.Back, Form: f})
}

// checkInDraftPage gives back the check-in of the draft's day, saying so
// if one was saved for that day meanwhile (the form now saves over it,
// as after a conflict).
func (s *Server) checkInDraftPage(w http.ResponseWriter, r *http.Request, d *Draft) error {
	today := s.memberToday(r)
	on, err := hearth.ParseDate(d.Form.Get("on"))
	if err != nil || on.After(today) || on.Before(today.AddDays(-1)) {
		on = today
	}
	var id int64
	c, err := s.store.CheckInOn(r.Context(), on)
	switch hearth.ErrorCode(err) {
	case "":
		id = c.ID
		if d.Form.Get("id") != strconv.FormatInt(c.ID, 10) {
			d.Form.Message = "error.checkin.exists"
		}
	case hearth.ENOTFOUND:
	default:
		return err
	}
	d.Form.Values.Del("id")
	d.Form.Values.Set("on", on.String())
	return s.checkInForm(w, r, http.StatusOK, on, id, d.Form)
}
