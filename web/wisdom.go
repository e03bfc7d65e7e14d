package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"hearth"
	"hearth/i18n"
)

// The community's library of coping strategies ("collective wisdom"):
// anyone may read and search it, members add strategies and mark those
// that helped them, authors change their own, site admins moderate.
// Bodies are plain text: shown escaped, their line breaks kept
// (lineParagraphs), never as HTML or Markdown. Route names say "library",
// never what it is about: they are metric labels.

// wisdomPageSize is how many strategies a page of the library lists.
const wisdomPageSize = 20

// dashboardHelps is how many strategies "What helps right now?" shows.
const dashboardHelps = 5

// StrategyView is a strategy as a list shows it.
type StrategyView struct {
	ID      int64
	Title   string
	Excerpt string
	// Tags are the situations' catalog keys.
	Tags   []string
	Helped int
	// Lang is the strategy's language; OtherLang says it is not the
	// reader's, so the page marks it (lang attribute and a label).
	Lang      string
	OtherLang bool
	HelpedMe  bool
	Mine      bool
	Hidden    bool
}

func strategyView(st *hearth.Strategy, lang string) StrategyView {
	v := StrategyView{ID: st.ID, Title: st.Title, Excerpt: summary(st.Body, excerptMax), Helped: st.Helped,
		Lang: st.Language, OtherLang: st.Language != lang, HelpedMe: st.HelpedMe, Mine: st.Mine, Hidden: st.Hidden}
	for _, t := range st.Tags {
		v.Tags = append(v.Tags, "situation."+t)
	}
	return v
}

func strategyViews(list []*hearth.Strategy, lang string) []StrategyView {
	out := make([]StrategyView, 0, len(list))
	for _, st := range list {
		out = append(out, strategyView(st, lang))
	}
	return out
}

// SituationLink is a situation to filter by, as a link.
type SituationLink struct {
	Label   string // catalog key
	URL     string
	Current bool
}

// WisdomPage is the library: a search, situations to choose from, and
// the strategies found.
type WisdomPage struct {
	Page
	Form       *Form
	Query      string
	Tag        string
	Sort       string
	Searched   bool
	Situations []SituationLink
	Sorts      []Choice
	Strategies []StrategyView
	PrevURL    string
	NextURL    string
}

func wisdomURL(q, tag, sort string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if tag != "" {
		v.Set("tag", tag)
	}
	if sort != "" {
		v.Set("sort", sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/wisdom"
	}
	return "/wisdom?" + v.Encode()
}

func (s *Server) wisdomPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	v := r.URL.Query()
	page := &WisdomPage{Page: s.page(r, "wisdom.title", "wisdom"), Query: strings.TrimSpace(v.Get("q")), Tag: v.Get("tag"), Sort: v.Get("sort"),
		Form: &Form{Values: url.Values{"q": {v.Get("q")}, "sort": {v.Get("sort")}}}}
	if !hearth.IsStrategyTag(page.Tag) {
		page.Tag = ""
	}
	page.Searched = page.Query != ""
	if page.Sort == "" {
		page.Sort = hearth.SortRelevance
	}
	n := 1
	if x := v.Get("page"); x != "" {
		if k, err := strconv.Atoi(x); err == nil && k >= 1 && k <= 10000 {
			n = k
		}
	}
	f := hearth.StrategyFilter{Query: page.Query, Tag: page.Tag, Sort: page.Sort, Language: lang,
		Offset: (n - 1) * wisdomPageSize, Limit: wisdomPageSize}
	page.Form.Values.Set("sort", page.Sort)
	list, more, err := s.store.Strategies(r.Context(), f)
	status := http.StatusOK
	if hearth.ErrorCode(err) == hearth.EINVALID {
		page.Form.Errors, err = map[string]string{"q": "error.strategy.query_long"}, nil
		status = http.StatusUnprocessableEntity
	}
	if err != nil {
		return err
	}
	page.Strategies = strategyViews(list, lang)
	page.Situations = append(page.Situations, SituationLink{Label: "wisdom.all", URL: wisdomURL(page.Query, "", v.Get("sort"), 1), Current: page.Tag == ""})
	for _, t := range hearth.StrategyTags {
		page.Situations = append(page.Situations, SituationLink{Label: "situation." + t, URL: wisdomURL(page.Query, t, v.Get("sort"), 1), Current: t == page.Tag})
	}
	// Best match first: a search typed on the plain list is ordered by
	// relevance (without a search, best match is the most helpful).
	page.Sorts = []Choice{{hearth.SortRelevance, p.T("wisdom.sort.relevance")}, {hearth.SortHelpful, p.T("wisdom.sort.helpful")},
		{hearth.SortNewest, p.T("wisdom.sort.newest")}}
	if n > 1 {
		page.PrevURL = wisdomURL(page.Query, page.Tag, v.Get("sort"), n-1)
	}
	if more {
		page.NextURL = wisdomURL(page.Query, page.Tag, v.Get("sort"), n+1)
	}
	return s.render(w, r, status, "wisdom", page)
}

// StrategyPage is one strategy, to read and mark.
type StrategyPage struct {
	Page
	S          *hearth.Strategy
	View       StrategyView
	Paragraphs [][]string
	// Program is the program's catalog key ("" for neutral).
	Program  string
	CanEdit  bool
	CanMark  bool
	Moderate bool
	// ReportURL is where a member reports it.
	ReportURL string
	Form      *Form
	Actions   []Choice
}

func pathStrategy(r *http.Request, s *Server) (*hearth.Strategy, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.store.Strategy(r.Context(), id)
}

func (s *Server) strategyPage(w http.ResponseWriter, r *http.Request) error {
	st, err := pathStrategy(r, s)
	if err != nil {
		return err
	}
	return s.showStrategy(w, r, http.StatusOK, st, &Form{})
}

func (s *Server) showStrategy(w http.ResponseWriter, r *http.Request, status int, st *hearth.Strategy, f *Form) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	a := hearth.AccountFromContext(r.Context())
	page := &StrategyPage{Page: s.page(r, "strategy.title", "wisdom"), S: st, View: strategyView(st, lang),
		Paragraphs: lineParagraphs(st.Body), CanEdit: hearth.CanEditStrategy(a, st),
		CanMark: a != nil && !st.Mine && !st.Hidden, Moderate: hearth.CanModerateStrategies(a), Form: f}
	page.Subject = st.Title
	if st.Program != "" {
		page.Program = "strategy_program." + st.Program
	}
	if a != nil && !st.Mine {
		page.ReportURL = strategyPath(st.ID) + "/report"
	}
	if page.Moderate {
		action := hearth.ModerateHide
		if st.Hidden {
			action = hearth.ModerateRestore
		}
		page.Actions = []Choice{{action, p.T("strategy.moderate." + action)}, {hearth.ModerateRemove, p.T("strategy.moderate.remove")}}
	}
	return s.render(w, r, status, "strategy", page)
}

// StrategyFormPage adds or edits a strategy.
type StrategyFormPage struct {
	Page
	Form      *Form
	ID        int64 // 0 for a new strategy
	Tags      CheckGroup
	Languages []Choice
	Programs  []Choice
}

func (s *Server) strategyForm(w http.ResponseWriter, r *http.Request, status int, id int64, f *Form) error {
	p := i18n.For(langOf(r.Context()))
	title := "strategy_form.new_title"
	if id != 0 {
		title = "strategy_form.edit_title"
	}
	page := &StrategyFormPage{Page: s.page(r, title, "wisdom"), Form: f, ID: id}
	var tags []Choice
	for _, t := range hearth.StrategyTags {
		tags = append(tags, Choice{t, p.T("situation." + t)})
	}
	page.Tags = CheckGroup{ID: "tags", Name: "tags", Legend: "strategy_form.tags", Hint: "strategy_form.tags_hint", Error: f.Err("tags"),
		Checks: checks(tags, f.Values["tags"])}
	for _, l := range hearth.Languages {
		page.Languages = append(page.Languages, Choice{l, p.T("language." + l)})
	}
	page.Programs = []Choice{{"", p.T("strategy_program.neutral")}}
	for _, pr := range hearth.StrategyPrograms {
		page.Programs = append(page.Programs, Choice{pr, p.T("strategy_program." + pr)})
	}
	return s.render(w, r, status, "strategy_form", page)
}

// newStrategyPage offers the form, filled in from the query when it
// comes with one: a share saved into the library arrives as
// /wisdom/new?share=N&title=…&body=…&tags=….
func (s *Server) newStrategyPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := url.Values{"language": {langOf(r.Context())}}
	for _, k := range []string{"title", "body", "language", "program", "share"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	if t := q["tags"]; len(t) > 0 {
		v["tags"] = t
	}
	if t := q.Get("tag"); hearth.IsStrategyTag(t) && len(v["tags"]) == 0 {
		v["tags"] = []string{t}
	}
	// A member saving their own share starts from its words.
	if id, err := strconv.ParseInt(q.Get("share"), 10, 64); err == nil && v.Get("body") == "" {
		if sh, err := s.store.FindShare(r.Context(), id); err == nil && sh.Own {
			v.Set("title", sh.Title)
			v.Set("body", sh.Body)
		}
	}
	return s.strategyForm(w, r, http.StatusOK, 0, &Form{Values: v})
}

// formStrategy reads a strategy's form onto st.
func formStrategy(v url.Values, st *hearth.Strategy) {
	st.Title, st.Body, st.Language, st.Program = v.Get("title"), v.Get("body"), v.Get("language"), v.Get("program")
	st.Tags = slices.Clone(v["tags"])
}

// strategyFormAgain shows the form again after err: what was typed is
// kept, but text the store mended (invisible characters taken out, bytes
// that were not UTF-8) is shown mended, as the message says.
func (s *Server) strategyFormAgain(w http.ResponseWriter, r *http.Request, id int64, st *hearth.Strategy, err error) error {
	f := formFrom(r, err)
	f.Values = maps.Clone(r.PostForm)
	for field, key := range f.Errors {
		if key == "error.strategy.invisible" || key == "error.strategy.encoding" {
			mended := *st
			_ = mended.Validate()
			switch field {
			case "title":
				f.Values.Set("title", mended.Title)
			case "body":
				f.Values.Set("body", mended.Body)
			}
		}
	}
	return s.strategyForm(w, r, http.StatusUnprocessableEntity, id, f)
}

func (s *Server) createStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var st hearth.Strategy
	formStrategy(r.PostForm, &st)
	typed := st
	var err error
	if share := r.PostForm.Get("share"); share != "" {
		id, perr := strconv.ParseInt(share, 10, 64)
		if perr != nil {
			id = -1
		}
		err = s.store.SaveShareAsStrategy(r.Context(), id, &st)
	} else {
		err = s.store.CreateStrategy(r.Context(), &st)
	}
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.strategyFormAgain(w, r, 0, &typed, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, strategyPath(st.ID), "notice.strategy_saved")
}

func strategyPath(id int64) string { return "/wisdom/" + strconv.FormatInt(id, 10) }

func (s *Server) editStrategyPage(w http.ResponseWriter, r *http.Request) error {
	st, err := pathStrategy(r, s)
	if err != nil {
		return err
	}
	if !hearth.CanEditStrategy(hearth.AccountFromContext(r.Context()), st) {
		return hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden")
	}
	return s.strategyForm(w, r, http.StatusOK, st.ID, &Form{Values: url.Values{"title": {st.Title}, "body": {st.Body},
		"language": {st.Language}, "program": {st.Program}, "tags": st.Tags}})
}

func (s *Server) updateStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var st hearth.Strategy
	formStrategy(r.PostForm, &st)
	typed := st
	_, err = s.store.UpdateStrategy(r.Context(), id, hearth.StrategyUpdate{Title: &st.Title, Body: &st.Body, Language: &st.Language,
		Program: &st.Program, Tags: &st.Tags})
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.strategyFormAgain(w, r, id, &typed, err)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, strategyPath(id), "notice.strategy_saved")
}

// StrategyDeletePage asks before a strategy goes.
type StrategyDeletePage struct {
	Page
	S *hearth.Strategy
}

func (s *Server) deleteStrategyPage(w http.ResponseWriter, r *http.Request) error {
	st, err := pathStrategy(r, s)
	if err != nil {
		return err
	}
	if !hearth.CanEditStrategy(hearth.AccountFromContext(r.Context()), st) {
		return hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden")
	}
	return s.render(w, r, http.StatusOK, "strategy_delete", &StrategyDeletePage{Page: s.page(r, "strategy_delete.title", "wisdom"), S: st})
}

func (s *Server) deleteStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStrategy(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/wisdom", "notice.strategy_deleted")
}

// markStrategy marks ("helped" = 1) or unmarks a strategy "this helped
// me".
func (s *Server) markStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	helped := r.PostForm.Get("helped") == "1"
	if err := s.store.MarkHelped(r.Context(), id, helped); err != nil {
		return err
	}
	notice := "notice.strategy_helped"
	if !helped {
		notice = "notice.strategy_unhelped"
	}
	return s.redirect(w, r, strategyPath(id), notice)
}

// moderateStrategy hides, restores or removes a strategy, for site
// admins, with a reason kept in the audit.
func (s *Server) moderateStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	action := r.PostForm.Get("action")
	err = s.store.ModerateStrategy(r.Context(), id, action, r.PostForm.Get("reason"))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		st, serr := s.store.Strategy(r.Context(), id)
		if serr != nil {
			return serr
		}
		return s.showStrategy(w, r, http.StatusUnprocessableEntity, st, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if action == hearth.ModerateRemove {
		return s.redirect(w, r, "/wisdom", "notice.strategy_moderated")
	}
	return s.redirect(w, r, strategyPath(id), "notice.strategy_moderated")
}

// WhatHelps is the dashboard's "What helps right now?": the situations
// to choose from, the one chosen, and a few strategies for it.
type WhatHelps struct {
	Form       *Form
	Situations []Choice
	Chosen     string
	Strategies []StrategyView
	MoreURL    string
}

// whatHelps answers the dashboard's ?situation (and optional ?words):
// the most helpful strategies for it, the member's language first.
func (s *Server) whatHelps(r *http.Request) (*WhatHelps, error) {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	q := r.URL.Query()
	wh := &WhatHelps{Form: &Form{Values: url.Values{"situation": {q.Get("situation")}, "words": {q.Get("words")}}}}
	wh.Situations = []Choice{{"", p.T("dashboard.helps.choose")}}
	for _, t := range hearth.StrategyTags {
		wh.Situations = append(wh.Situations, Choice{t, p.T("situation." + t)})
	}
	tag, words := q.Get("situation"), strings.TrimSpace(q.Get("words"))
	if !hearth.IsStrategyTag(tag) {
		tag = ""
	}
	if tag == "" && words == "" {
		return wh, nil
	}
	if len([]rune(words)) > hearth.StrategyQueryMax {
		wh.Form.Errors = map[string]string{"words": "error.strategy.query_long"}
		return wh, nil
	}
	wh.Chosen = tag
	if wh.Chosen == "" {
		wh.Chosen = "words"
	}
	sort := hearth.SortHelpful
	if words != "" {
		sort = hearth.SortRelevance
	}
	list, _, err := s.store.Strategies(r.Context(), hearth.StrategyFilter{Tag: tag, Query: words, Sort: sort, Language: lang, Limit: dashboardHelps})
	if err != nil {
		return nil, err
	}
	wh.Strategies = strategyViews(list, lang)
	wh.MoreURL = wisdomURL(words, tag, "", 1)
	return wh, nil
}

// StrategyReportPage reports a strategy to the site admins.
type StrategyReportPage struct {
	Page
	S       *hearth.Strategy
	Form    *Form
	Reasons []Choice
}

func (s *Server) strategyReportPage(w http.ResponseWriter, r *http.Request) error {
	return s.strategyReportForm(w, r, http.StatusOK, &Form{Values: url.Values{}})
}

func (s *Server) strategyReportForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	st, err := pathStrategy(r, s)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "strategy_report", &StrategyReportPage{Page: s.page(r, "report.title", "wisdom"), S: st, Form: f,
		Reasons: reasonChoices(i18n.For(langOf(r.Context())))})
}

// reportStrategy files a report of a strategy the member may read; it
// goes to the site admins' queue, and the reporter is never shown.
func (s *Server) reportStrategy(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	st, err := pathStrategy(r, s)
	if err != nil {
		return err
	}
	err = s.store.FileReport(r.Context(), &hearth.Report{TargetKind: hearth.ReportStrategy, TargetID: st.ID,
		Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")})
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.strategyReportForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, strategyPath(st.ID), "notice.reported")
}
