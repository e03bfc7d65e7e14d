package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"hearth"
	"hearth/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds every page template, parsed once per language so that the
// t function speaks that language. Pages are served through chromes (see
// chrome.go): a page's own template, its content, is executed alone, so
// one set per language holds every page's content (as "page:NAME") beside
// the partials, rather than a copy of the partials and the layout for
// every page.
type pages struct {
	names map[string]bool
	// bases are the partials and the layout per language; never executed,
	// they are what the other sets are cloned from.
	bases map[string]*template.Template
	// sets are the bases with every page's content.
	sets map[string]*template.Template
	// layouts are the bases with slots for the content and the feed link;
	// see chrome.
	layouts map[string]*template.Template
	chromes sync.Map // chromeKey → *chrome

	// wholes are pages as one template, layout and content, made when a
	// page is executed whole: by tests that compare, and for data that is
	// not a page's.
	mu     sync.Mutex
	wholes map[string]*template.Template // lang + "/" + name → template
	whole  bool                          // execute every page whole
}

func pageNames() ([]string, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".html") && !strings.HasPrefix(n, "_") {
			names = append(names, strings.TrimSuffix(n, ".html"))
		}
	}
	return names, nil
}

// contentName names a page's content in its language's set.
func contentName(page string) string { return "page:" + page }

func loadPages(funcs func(p *i18n.Printer) template.FuncMap) (*pages, error) {
	names, err := pageNames()
	if err != nil {
		return nil, err
	}
	parts, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	ps := &pages{names: map[string]bool{}, bases: map[string]*template.Template{}, sets: map[string]*template.Template{},
		layouts: map[string]*template.Template{}, wholes: map[string]*template.Template{}}
	for _, name := range names {
		ps.names[name] = true
	}
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		base := template.New("").Funcs(funcs(p))
		for _, part := range parts {
			if base, err = parseTranslated(base, part, p, ""); err != nil {
				return nil, err
			}
		}
		ps.bases[lang] = base
		layout := template.Must(base.Clone())
		for name, slot := range map[string]string{"content": slotContent, "feed-link": slotFeed, "unread-badge": slotUnread} {
			if _, err := layout.New(name).Parse(slot); err != nil {
				return nil, err
			}
		}
		ps.layouts[lang] = layout
		set := template.Must(base.Clone())
		for _, name := range names {
			if _, err := parseTranslated(set, "templates/"+name+".html", p, contentName(name)); err != nil {
				return nil, err
			}
		}
		ps.sets[lang] = set
	}
	return ps, nil
}

// wholePage returns the page as one template: the layout around the
// page's content.
func (ps *pages) wholePage(lang, name string) (*template.Template, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	key := lang + "/" + name
	if t := ps.wholes[key]; t != nil {
		return t, nil
	}
	base := ps.bases[lang]
	if base == nil {
		return nil, fmt.Errorf("web: no pages in %q", lang)
	}
	t, err := parseTranslated(template.Must(base.Clone()), "templates/"+name+".html", i18n.For(lang), "")
	if err != nil {
		return nil, err
	}
	ps.wholes[key] = t
	return t, nil
}

// plainMessage is a template action that says a catalog message with no
// arguments: {{t "key"}}.
var plainMessage = regexp.MustCompile(`\{\{-?\s*t\s+"([a-z0-9_.]+)"\s*-?\}\}`)

// parseTranslated parses a template file into t after writing each plain
// message into it as escaped text, since the file is parsed once per
// language: a page then spends no time looking up the words it always
// says. Messages with arguments, and keys held in data, still go through
// the t function. The escaped text is safe in element content and in
// quoted attribute values, the only places templates say messages.
//
// With content set, the file's {{define "content"}} is named content
// instead, so that many pages' contents can share one set.
func parseTranslated(t *template.Template, file string, p *i18n.Printer, content string) (*template.Template, error) {
	src, err := fs.ReadFile(templateFS, file)
	if err != nil {
		return nil, err
	}
	return parseTranslatedText(t, file, string(src), p, content)
}

// parseTranslatedText is parseTranslated of a file's text.
func parseTranslatedText(t *template.Template, file, text string, p *i18n.Printer, content string) (*template.Template, error) {
	if content != "" {
		const define = `{{define "content"}}`
		if strings.Count(text, define) != 1 {
			return nil, fmt.Errorf("web: %s must define its content once, as %s", file, define)
		}
		text = strings.Replace(text, define, `{{define "`+content+`"}}`, 1)
	}
	text = plainMessage.ReplaceAllStringFunc(text, func(action string) string {
		key := plainMessage.FindStringSubmatch(action)[1]
		msg := html.EscapeString(p.T(key))
		return strings.ReplaceAll(msg, "{{", "{{`{{`}}")
	})
	t, err := t.New(path.Base(file)).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("web: parsing %s: %w", file, err)
	}
	return t, nil
}

// Page is what every page template gets.
type Page struct {
	Lang  string
	Title string // catalog key of the page's title
	// Subject, when set, titles the page instead: a group's or a
	// meeting's name, which no catalog holds.
	Subject string
	// FeedURL, when set, is advertised as the page's Meeting Guide feed.
	FeedURL string
	Account *hearth.Account
	// Path is where the language switcher returns to.
	Path   string
	Notice string // catalog key of a one-time notice
	Nav    string // the nav item to mark as current
	CSS    string
	JS     string
	// Unread counts the member's unread notifications (the header's
	// badge).
	Unread int
}

// FeedTitle is the title the Meeting Guide format requires of a feed's
// link: apps look for it as it is, so it is never translated.
func (Page) FeedTitle() string { return "Meetings Feed" }

// Form is a submitted form: what was typed, and what was wrong with it.
type Form struct {
	Values url.Values
	Errors map[string]string // field → catalog key
	// Message is a catalog key for the form as a whole.
	Message string
}

// Get returns what was typed in a field.
func (f *Form) Get(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Err returns the catalog key of a field's problem, or "".
func (f *Form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// HasErrors reports whether anything is wrong.
func (f *Form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Message != "") }

// formFrom keeps what was typed and takes the problems out of err.
func formFrom(r *http.Request, err error) *Form {
	f := &Form{Values: r.PostForm}
	if err != nil {
		f.Errors = hearth.ErrorFields(err)
		if len(f.Errors) == 0 {
			f.Message = hearth.ErrorMessage(err)
		}
	}
	return f
}

func (s *Server) page(r *http.Request, title, nav string) Page {
	p := Page{
		Lang:    langOf(r.Context()),
		Title:   title,
		Account: hearth.AccountFromContext(r.Context()),
		Path:    r.URL.Path,
		Nav:     nav,
		CSS:     s.static.url("app.css"),
		JS:      s.static.url("app.js"),
	}
	if c, err := r.Cookie("notice"); err == nil && noticeKeys[c.Value] {
		p.Notice = c.Value
	}
	if r.Context().Value(draftBackKey) != nil {
		p.Notice = "notice.draft_back"
	}
	if p.Account != nil {
		p.Unread = s.unread(r)
	}
	return p
}

// noticeKeys are the one-time notices a redirect may carry.
var noticeKeys = map[string]bool{
	"notice.draft_back":             true,
	"notice.message_sent":           true,
	"notice.message_reported":       true,
	"notice.message_reported_again": true,
	"notice.message_report_handled": true,
	"notice.strategy_saved":         true,
	"notice.strategy_deleted":       true,
	"notice.strategy_helped":        true,
	"notice.strategy_unhelped":      true,
	"notice.strategy_moderated":     true,
	"notice.signed_out":             true,
	"notice.deleted":                true,
	"notice.password_changed":       true,
	"notice.recovered":              true,
	"notice.profile_saved":          true,
	"notice.sessions_ended":         true,
	"notice.session_ended":          true,
	"notice.token_revoked":          true,
	"notice.codes_replaced":         true,
	"notice.sponsor_offer_saved":    true,
	"notice.sponsor_paused":         true,
	"notice.sponsor_resumed":        true,
	"notice.sponsor_asked":          true,
	"notice.sponsor_accepted":       true,
	"notice.sponsor_declined":       true,
	"notice.cadence_saved":          true,
	"notice.sponsor_check_in":       true,
	"notice.sponsorship_ended":      true,
	// Groups and meetings.
	"notice.group_created":    true,
	"notice.group_joined":     true,
	"notice.group_requested":  true,
	"notice.group_left":       true,
	"notice.group_saved":      true,
	"notice.request_approved": true,
	"notice.request_declined": true,
	"notice.role_saved":       true,
	"notice.meeting_created":  true,
	"notice.meeting_saved":    true,
	"notice.meeting_deleted":  true,
	// A member's recovery.
	"notice.clock_created":      true,
	"notice.clock_saved":        true,
	"notice.clock_deleted":      true,
	"notice.setback_undone":     true,
	"notice.checkin_saved":      true,
	"notice.entry_saved":        true,
	"notice.entry_deleted":      true,
	"notice.meeting_followed":   true,
	"notice.meeting_unfollowed": true,
	"notice.calendar_made":      true,
	"notice.calendar_revoked":   true,
	"notice.partner_invited":    true,
	"notice.partner_accepted":   true,
	"notice.partner_declined":   true,
	"notice.partner_ended":      true,
	"notice.sharing_saved":      true,
	"notice.nudged":             true,
	"notice.nudged_already":     true,
	// Messages and reach-outs.
	"notice.conversation_erased":  true,
	"notice.message_prefs_saved":  true,
	"notice.reach_out_plan_saved": true,
	"notice.muted_saved":          true,
	"notice.unblocked":            true,
	"notice.congratulated":        true,
	// Notifications.
	"notice.notifications_read":       true,
	"notice.notification_prefs_saved": true,
	// Shares in groups, and their moderation.
	"notice.share_posted":     true,
	"notice.share_pending":    true,
	"notice.reply_posted":     true,
	"notice.reply_pending":    true,
	"notice.share_saved":      true,
	"notice.share_deleted":    true,
	"notice.reported":         true,
	"notice.reported_blocked": true,
	"notice.blocked":          true,
	"notice.moderated":        true,
	"notice.report_dismissed": true,
	"notice.suspension_saved": true,
	// Step work.
	"notice.program_chosen": true,
	"notice.step_saved":     true,
	"notice.row_saved":      true,
	"notice.row_deleted":    true,
	"notice.shared":         true,
	"notice.shared_already": true,
	"notice.share_refused":  true,
	"notice.share_revoked":  true,
	"notice.comment_saved":  true,
	// Shown on the help page to a member whose words, just saved, speak
	// of wanting to die or to harm themselves.
	"notice.reach_out": true,
	// The same, after a share or reply: posted, held for a trusted
	// servant, or (hidden by one) changed.
	"notice.reach_out_posted":  true,
	"notice.reach_out_pending": true,
	"notice.reach_out_saved":   true,
}

// redirect answers a form with a See Other and, optionally, a notice shown
// once on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, notice string) error {
	if notice != "" {
		http.SetCookie(w, &http.Cookie{Name: "notice", Value: notice, Path: "/", MaxAge: 60,
			HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// renderBuffers holds page buffers for reuse, so that rendering a page
// does not grow a new one each time.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// render executes a page in the request's language.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	if !s.pages.names[name] {
		return fmt.Errorf("web: no page %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := s.pages.execute(buf, langOf(r.Context()), name, data); err != nil {
		return fmt.Errorf("web: rendering %s: %w", name, err)
	}
	if _, err := r.Cookie("notice"); err == nil {
		http.SetCookie(w, &http.Cookie{Name: "notice", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", langOf(r.Context()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) templateFuncs() func(p *i18n.Printer) template.FuncMap {
	return func(p *i18n.Printer) template.FuncMap {
		words := shareWordsIn(p.Lang())
		return template.FuncMap{
			"t": p.T,
			"n": p.N,
			"date": func(t time.Time, a *hearth.Account) string {
				return p.Date(t.In(s.zone(a)))
			},
			"datetime": func(t time.Time, a *hearth.Account) string {
				return p.DateTime(t.In(s.zone(a)))
			},
			"field":    newField,
			"selectOf": newSelect,
			"static":   func(name string) string { return s.static.url(name) },
			"lower":    strings.ToLower,
			"celebrations": func(list []*CelebrationView, back string) CelebrationList {
				return CelebrationList{List: list, Return: back}
			},
			"moderateOf": moderateOf,
			"radiosOf": func(f *Form, name, legend string, choices []Choice) RadioGroup {
				return RadioGroup{Name: name, Legend: legend, Error: f.Err(name), Choices: choices, Value: f.Get(name)}
			},
			"shareRef":  shareRef,
			"program":   func(code string) string { return programName(code, p.Lang()) },
			"langName":  func(tag string) string { return languageName(tag, p.Lang()) },
			"decimal":   func(f float64) string { return oneDecimal(p, f) },
			"intOf":     func(n *int) int { return *n },
			"shareItem": func(v *ShareView) template.HTML { return shareItem(words, v) },
		}
	}
}

// zone is the member's time zone, or the site's default.
func (s *Server) zone(a *hearth.Account) *time.Location {
	name := s.cfg.DefaultTimeZone
	if a != nil && a.TimeZone != "" {
		name = a.TimeZone
	}
	return hearth.LoadZone(name)
}

// Field describes one labelled input of a form, for the _field partial.
type Field struct {
	Form         *Form
	Name         string
	Type         string
	Label        string // catalog key
	Hint         string // catalog key, may be ""
	Autocomplete string
	Required     bool
}

// Value is what was typed.
func (f Field) Value() string { return f.Form.Get(f.Name) }

// Error is the field's problem, a catalog key.
func (f Field) Error() string { return f.Form.Err(f.Name) }

// newField builds a Field from a template: form, name, type, label key,
// hint key, autocomplete, and "required" when the field is.
func newField(form *Form, name, typ, label, hint, autocomplete string, more ...string) Field {
	f := Field{Form: form, Name: name, Type: typ, Label: label, Hint: hint, Autocomplete: autocomplete}
	for _, m := range more {
		if m == "required" {
			f.Required = true
		}
	}
	return f
}

// ErrorPage is the page shown for an error.
type ErrorPage struct {
	Page
	Status  int
	Message string // catalog key
}

func statusOf(code string) int {
	switch code {
	case hearth.EINVALID:
		return http.StatusUnprocessableEntity
	case hearth.ENOTFOUND:
		return http.StatusNotFound
	case hearth.EFORBIDDEN:
		return http.StatusForbidden
	case hearth.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case hearth.ECONFLICT:
		return http.StatusConflict
	case hearth.ERATELIMIT:
		return http.StatusTooManyRequests
	case hearth.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

// fail answers with an error: problem+json for the API, a page otherwise.
// Internal errors are logged in detail and shown as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := hearth.ErrorCode(err)
	status := statusOf(code)
	if errors.As(err, new(malformed)) {
		status = http.StatusBadRequest
	}
	msg := hearth.ErrorMessage(err)
	if code == hearth.EINTERNAL {
		s.logRequestError(r, err)
		msg = "error.internal"
	}
	if _, ok := r.Context().Value(langKey).(string); !ok {
		// Refused before the member was identified (a cross-origin write).
		r = r.WithContext(context.WithValue(r.Context(), langKey, s.language(r, nil)))
	}
	p := i18n.For(langOf(r.Context()))
	if isAPI(r) || wantsJSON(r) {
		writeProblem(w, status, code, p.T(msg), problemFields(p, hearth.ErrorFields(err)))
		return
	}
	if code == hearth.EUNAUTHORIZED && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if code == hearth.EUNAUTHORIZED && s.signInForDraft(w, r) {
		return
	}
	page := &ErrorPage{Page: s.page(r, "error.title", ""), Status: status, Message: msg}
	if rerr := s.render(w, r, status, "error", page); rerr != nil {
		s.logRequestError(r, rerr)
		s.writeBroken(w, p.Lang(), status, msg)
	}
}

func wantsJSON(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, "application/json") && !strings.Contains(a, "text/html")
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Code   string         `json:"code"`
	Errors []ProblemField `json:"errors,omitempty"`
}

// ProblemField names a field at fault.
type ProblemField struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

func problemFields(p *i18n.Printer, fields map[string]string) []ProblemField {
	var out []ProblemField
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		out = append(out, ProblemField{Field: name, Detail: p.T(fields[name])})
	}
	return out
}

func writeProblem(w http.ResponseWriter, status int, code, title string, fields []ProblemField) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(Problem{Type: "about:blank", Title: title, Status: status, Code: code, Errors: fields})
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	// Escaped again, so that "%5C" (a backslash) or "%09" (a tab) in the
	// path cannot come out as "/\x" or "/<tab>/x", which a browser reads
	// as "//x": another site.
	clean := url.URL{Path: path.Clean(u.Path), RawQuery: u.RawQuery}
	return clean.String()
}

// Select describes one labelled select, for the select partial.
type Select struct {
	Field
	Choices  []Choice
	selected string
}

// Value is the chosen option: what was submitted, else the default.
func (s Select) Value() string {
	if v := s.Form.Get(s.Name); v != "" {
		return v
	}
	return s.selected
}

// Options are the select's options, the chosen one selected. They are
// written here rather than by the partial: a page may offer hundreds (time
// zones, languages, programs), and html/template's escaping of each value
// and label, through reflection, was a third of the finder page's
// rendering. Values and labels are escaped for text and for a quoted
// attribute alike.
func (s Select) Options() template.HTML {
	v := s.Value()
	var b strings.Builder
	b.Grow(48 * len(s.Choices))
	for _, c := range s.Choices {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(c.Value))
		b.WriteByte('"')
		if c.Value == v {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(c.Label))
		b.WriteString("</option>\n")
	}
	return template.HTML(b.String())
}

// newSelect builds a Select from a template: form (may be nil), name,
// label key, hint key, the choices and optionally the chosen value.
func newSelect(form *Form, name, label, hint string, choices []Choice, selected ...string) Select {
	s := Select{Field: Field{Form: form, Name: name, Label: label, Hint: hint}, Choices: choices}
	if len(selected) > 0 {
		s.selected = selected[0]
	}
	return s
}
