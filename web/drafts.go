package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"hearth"
	"hearth/i18n"
)

// Drafts are never lost. A share, reply or edit posted after the
// member's session ended (idle too long, or ended from another device) is
// not refused with an error page: the sign-in page comes instead, with
// what they wrote carried in its own hidden fields, and signing in brings
// them back to the same form with the text in it, to read over and post.
//
// The text goes from the browser to the sign-in page and back into the
// form; it is never kept on the server (not in the database, a cache or a
// log), so nothing of it is left unencrypted anywhere, and it works
// without JavaScript. (With it, app.js also keeps the text in the tab's
// sessionStorage while it is written.)

// draftFields are the fields of the share form a draft carries.
var draftFields = []string{"kind", "title", "body", "warning", "anonymous"}

// draftPrefix names a draft's fields in the sign-in form.
const draftPrefix = "draft."

// draftActionRE is a form a draft may be posted to: a new share, a reply
// to a share, or an edit.
var draftActionRE = regexp.MustCompile(`^/groups/([a-z0-9]+(?:-[a-z0-9]+)*)/shares(?:/([0-9]{1,18})/(replies|edit))?$`)

// Draft is a share, reply or edit on its way back to its form.
type Draft struct {
	Action string       // where the form posts
	Back   string       // the page of the form
	Fields []DraftField // the sign-in form's hidden fields
	Form   *Form
	kind   string // "", "replies" or "edit"
}

// DraftField is one field of a draft, as the sign-in form carries it.
type DraftField struct{ Name, Value string }

// draftOf reads a draft from a form posted to action with the field names
// prefixed by prefix; nil unless action is a form that takes drafts and
// the draft says something.
func draftOf(action string, form url.Values, prefix string) *Draft {
	m := draftActionRE.FindStringSubmatch(action)
	if m == nil {
		return nil
	}
	d := &Draft{Action: action, Back: "/groups/" + m[1], kind: m[3], Form: &Form{Values: url.Values{}}}
	switch d.kind {
	case "replies":
		d.Back += "/shares/" + m[2]
	case "edit":
		d.Back = action
	}
	for _, name := range draftFields {
		if v, ok := form[prefix+name]; ok && len(v) > 0 {
			d.Fields = append(d.Fields, DraftField{draftPrefix + name, v[0]})
			d.Form.Values.Set(name, v[0])
		}
	}
	if d.Form.Get("body") == "" && d.Form.Get("title") == "" {
		return nil
	}
	return d
}

// signInForDraft answers a form posted to a share, reply or edit without
// a session: the sign-in page, carrying the draft. It reports false for
// any other request.
func (s *Server) signInForDraft(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPost || isAPI(r) || parseForm(r) != nil {
		return false
	}
	d := draftOf(r.URL.Path, r.PostForm, "")
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

// ShareDraftPage gives a member, signed in again, the form they were
// writing in, with what they wrote.
type ShareDraftPage struct {
	Page
	Back string
	Form *ShareFormView
}

// draftPage renders the form of the draft carried through the sign-in
// form, now that the member is signed in as acct.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, acct *hearth.Account, d *Draft) error {
	ctx := context.WithValue(hearth.NewContextWithAccount(r.Context(), acct), langKey, s.language(r, acct))
	r = r.WithContext(ctx)
	p := i18n.For(langOf(r.Context()))
	var f *ShareFormView
	switch d.kind {
	case "replies":
		f = shareFormView(p, d.Form, d.Action, true, "share.reply")
	case "edit":
		// A reply's edit form has no kind.
		f = shareFormView(p, d.Form, d.Action, d.Form.Get("kind") == "", "share_edit.save")
		f.Edit = true
	default:
		f = shareFormView(p, d.Form, d.Action, false, "share.post")
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "share_draft", &ShareDraftPage{Page: s.page(r, "share_draft.title", "groups"), Back: d.Back, Form: f})
}
