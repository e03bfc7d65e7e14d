package web

import (
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"hearth"
	"hearth/crisis"
	"hearth/i18n"
)

// Shares in a group: the list on the group's page, a share's thread with
// its replies, and what members and trusted servants do with them. Every
// page asks the store, which decides who may read what; another group's
// share, or one the member may not read, is "not found".

// ShareView is a share or reply as pages and fragments show it. Its
// words are put in the reader's language here, and its fields are its
// own rather than promoted from an embedded share: a group's page shows
// fifty, and html/template's reflection over promoted fields and its
// message lookups were most of the page's time.
type ShareView struct {
	Share *hearth.Share
	ID    int64
	// URL is the share's thread (a reply's: its share's thread, at it);
	// Base is where its actions are posted.
	URL  string
	Base string
	// Heading is its title, or its kind when it has none.
	Heading string
	Kind    string // the kind, in words
	Author  string // who wrote it, as the reader may know
	HTML    template.HTML
	When    string
	Stamp   string // the time, machine-readable
	Edited  bool
	// History is its edit history, for the reader who may read it (its
	// author, those who moderate): "" otherwise.
	History  string
	Status   string
	Reason   string // why it is not visible, when it is not, in words
	Warning  string // the content note's words, "" for none
	Replies  string // "3 replies", or "Reply" for none
	Own      bool
	CanBlock bool // the reader may block who wrote it: not theirs, and not an author hidden from them
	Reply    bool
	InThread bool // shown as the head of its thread (no title link)
	// ReportAuthor reports its author as a member, on a thread's page,
	// when the reader knows who wrote it: "" otherwise.
	ReportAuthor string
	// CanReact: the reader is a member and the share is visible.
	CanReact  bool
	Reactions []ReactionView
}

// ReactionView is one reaction's button.
type ReactionView struct {
	Kind  string
	Label string
	Mine  bool
	Count int // shown to the author only
}

func (s *Server) viewShare(r *http.Request, sh *hearth.Share, member bool) *ShareView {
	p := i18n.For(langOf(r.Context()))
	id := strconv.FormatInt(sh.ID, 10)
	base := "/groups/" + sh.GroupSlug + "/shares/" + id
	v := &ShareView{Share: sh, ID: sh.ID, Base: base, URL: base, Reply: sh.ParentID != 0,
		Heading: sh.Title, Kind: p.T("share.kind." + sh.Kind),
		HTML:   template.HTML(sh.HTML), // rendered and sanitised by package markdown when written
		When:   p.DateTime(sh.CreatedAt.In(s.viewerZone(r))),
		Stamp:  sh.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Edited: !sh.EditedAt.IsZero(), Status: sh.Status, Own: sh.Own, CanBlock: !sh.Own && !sh.AuthorHidden(),
		CanReact: member && sh.Status == hearth.ShareVisible}
	if v.Heading == "" {
		v.Heading = v.Kind
	}
	if v.Edited && (sh.Own || sh.Moderate) {
		v.History = base + "/history"
	}
	switch {
	case sh.Own:
		v.Author = p.T("share.you")
	case sh.AuthorName != "":
		v.Author = sh.AuthorName
	default:
		v.Author = p.T("share.a_member")
	}
	if sh.Anonymous && (sh.Own || sh.AuthorName != "") {
		v.Author += " (" + p.T("share.as_a_member") + ")"
	}
	if sh.Status != hearth.ShareVisible {
		v.Reason = p.T("share.status." + sh.Status)
		if sh.Reason != "" {
			v.Reason += " " + p.T("share.because", "reason", p.T("report.reason."+sh.Reason))
		}
	}
	if sh.Warning != "" {
		v.Warning = p.T("share.warning_open", "warning", p.T("warning."+sh.Warning))
	}
	if sh.Replies > 0 {
		v.Replies = p.N("share.replies", sh.Replies)
	} else {
		v.Replies = p.T("share.reply_first")
	}
	if v.Reply {
		v.URL = "/groups/" + sh.GroupSlug + "/shares/" + strconv.FormatInt(sh.ParentID, 10) + "#share-" + id
	}
	if v.CanReact {
		v.Reactions = make([]ReactionView, len(hearth.Reactions))
		for i, k := range hearth.Reactions {
			v.Reactions[i] = ReactionView{Kind: k, Label: p.T("reaction." + k), Mine: slices.Contains(sh.Mine, k), Count: sh.Reactions[k]}
		}
	}
	return v
}

// ShareFormView is what the share form needs.
type ShareFormView struct {
	Form     *Form
	Edit     bool // no choice of posting as a member of the group
	Action   string
	Kinds    []Choice
	Warnings []Choice
	Reply    bool
	Submit   string // catalog key of the button
}

func shareFormView(p *i18n.Printer, f *Form, action string, reply bool, submit string) *ShareFormView {
	v := &ShareFormView{Form: f, Action: action, Reply: reply, Submit: submit,
		Warnings: []Choice{{"", p.T("share.warning.none")}}}
	for _, k := range hearth.ShareKinds {
		v.Kinds = append(v.Kinds, Choice{k, p.T("share.kind." + k)})
	}
	for _, w := range hearth.Warnings {
		v.Warnings = append(v.Warnings, Choice{w, p.T("warning." + w)})
	}
	return v
}

// addShares puts the group's latest shares and the share form on its page.
func (s *Server) addShares(r *http.Request, page *GroupPage, f *Form) error {
	p := i18n.For(langOf(r.Context()))
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := s.store.GroupShares(r.Context(), page.G.ID, hearth.ShareFilter{Before: before, Limit: hearth.SharePageMax})
	if err != nil {
		return err
	}
	for _, sh := range list {
		page.Shares = append(page.Shares, s.viewShare(r, sh, true))
	}
	s.foldMuted(r, page.Shares...)
	page.ShareItems = shareItems(langOf(r.Context()), page.Shares)
	if len(list) == hearth.SharePageMax {
		page.OlderURL = "/groups/" + page.G.Slug + "?before=" + strconv.FormatInt(list[len(list)-1].ID, 10) + "#shares-h"
	}
	page.Older = before > 0
	if f == nil {
		f = &Form{Values: url.Values{"kind": {hearth.ShareShare}}}
	}
	page.ShareForm = shareFormView(p, f, "/groups/"+page.G.Slug+"/shares", false, "share.post")
	return nil
}

// pathShare is the share or reply of the path, in the group of the path
// (by slug, or by ID as live updates ask).
func (s *Server) pathShare(r *http.Request) (*hearth.Share, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	sh, err := s.store.FindShare(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if g := r.PathValue("slug"); g != sh.GroupSlug && g != strconv.FormatInt(sh.GroupID, 10) {
		return nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return sh, nil
}

// shareForm reads the share form.
func shareForm(v url.Values, sh *hearth.Share) {
	sh.Kind = v.Get("kind")
	sh.Title = v.Get("title")
	sh.Body = v.Get("body")
	sh.Warning = v.Get("warning")
	sh.Anonymous = v.Get("anonymous") == "1"
}

func (s *Server) createShare(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	sh := &hearth.Share{GroupID: g.ID}
	shareForm(r.PostForm, sh)
	err = s.store.CreateShare(r.Context(), sh)
	if c := hearth.ErrorCode(err); c == hearth.EINVALID || (c == hearth.EFORBIDDEN && hearth.ErrorMessage(err) == "error.share.suspended") {
		// What was typed stays in the form.
		return s.groupPageWith(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if crisis.Detect(sh.Title, sh.Body) {
		return s.reachOut(w, r, shareReachOut(sh))
	}
	notice := "notice.share_posted"
	if sh.Status == hearth.SharePending {
		notice = "notice.share_pending"
	}
	return s.redirect(w, r, "/groups/"+g.Slug+"#share-"+strconv.FormatInt(sh.ID, 10), notice)
}

// SharePage is a share's thread: the share, its replies, and a reply form.
type SharePage struct {
	Page
	G         *GroupView
	S         *ShareView
	Replies   []*ShareView
	ReplyForm *ShareFormView
	Member    bool
	// Moderate offers trusted servants' actions.
	Moderate bool
	Reasons  []Choice
}

func (s *Server) sharePage(w http.ResponseWriter, r *http.Request) error {
	return s.sharePageWith(w, r, http.StatusOK, nil)
}

func (s *Server) sharePageWith(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	if sh.ParentID != 0 {
		http.Redirect(w, r, "/groups/"+sh.GroupSlug+"/shares/"+strconv.FormatInt(sh.ParentID, 10)+"#share-"+r.PathValue("id"), http.StatusSeeOther)
		return nil
	}
	g, err := s.store.FindGroupBySlug(r.Context(), sh.GroupSlug)
	if err != nil {
		return err
	}
	ms, err := s.membership(r, g.ID)
	if err != nil {
		return err
	}
	member := ms != nil && !ms.Pending
	replies, err := s.store.ShareReplies(r.Context(), sh.ID)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page := &SharePage{Page: s.page(r, "share.title", "groups"), G: viewGroup(g, lang), S: s.viewShare(r, sh, member),
		Member: member, Moderate: sh.Moderate, Reasons: reasonChoices(p)}
	page.S.InThread = true
	for _, x := range replies {
		page.Replies = append(page.Replies, s.viewShare(r, x, member))
	}
	if member {
		for _, v := range append([]*ShareView{page.S}, page.Replies...) {
			offerReportAuthor(v, g.Slug, page.S.Base)
		}
	}
	s.foldMuted(r, append([]*ShareView{page.S}, page.Replies...)...)
	if f == nil {
		f = &Form{Values: url.Values{}}
	}
	page.ReplyForm = shareFormView(p, f, page.S.Base+"/replies", true, "share.reply")
	return s.render(w, r, status, "share", page)
}

func reasonChoices(p *i18n.Printer) []Choice {
	var list []Choice
	for _, k := range hearth.ReportReasons {
		list = append(list, Choice{k, p.T("report.reason." + k)})
	}
	return list
}

func (s *Server) createReply(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	parent, err := s.pathShare(r)
	if err != nil {
		return err
	}
	reply := &hearth.Share{ParentID: parent.ID, Body: r.PostForm.Get("body"), Anonymous: r.PostForm.Get("anonymous") == "1",
		Warning: r.PostForm.Get("warning")}
	err = s.store.CreateShare(r.Context(), reply)
	if c := hearth.ErrorCode(err); c == hearth.EINVALID || (c == hearth.EFORBIDDEN && hearth.ErrorMessage(err) == "error.share.suspended") {
		return s.sharePageWith(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if crisis.Detect(reply.Body) {
		return s.reachOut(w, r, shareReachOut(reply))
	}
	notice := "notice.reply_posted"
	if reply.Status == hearth.SharePending {
		notice = "notice.reply_pending"
	}
	return s.redirect(w, r, s.viewShare(r, parent, true).Base+"#share-"+strconv.FormatInt(reply.ID, 10), notice)
}

// shareFragment is one share or reply exactly as its list shows it, for
// pages that insert what a live event announced.
func (s *Server) shareFragment(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	ms, err := s.membership(r, sh.GroupID)
	if err != nil {
		return err
	}
	member := ms != nil && !ms.Pending
	v := s.viewShare(r, sh, member)
	if member && sh.ParentID != 0 {
		// A reply arriving in its open thread, as the thread shows it.
		offerReportAuthor(v, sh.GroupSlug, "/groups/"+sh.GroupSlug+"/shares/"+strconv.FormatInt(sh.ParentID, 10))
	}
	s.foldMuted(r, v)
	lang := langOf(r.Context())
	item := shareItem(shareWordsIn(lang), v)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	_, err = io.WriteString(w, string(item))
	return err
}

// offerReportAuthor offers, in the thread at back, to report v's author
// as a member: not one's own, and not what was posted as a member of the
// group.
func offerReportAuthor(v *ShareView, slug, back string) {
	if sh := v.Share; !sh.Own && !sh.Anonymous && sh.AuthorID != 0 {
		v.ReportAuthor = memberReportPath(slug, sh.AuthorID, back)
	}
}

// ShareEditPage changes a share or reply.
type ShareEditPage struct {
	Page
	S        *ShareView
	EditForm *ShareFormView
}

func (s *Server) shareEditPage(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	f := &Form{Values: url.Values{"kind": {sh.Kind}, "title": {sh.Title}, "body": {sh.Body}, "warning": {sh.Warning}}}
	return s.shareEditForm(w, r, http.StatusOK, sh, f)
}

func (s *Server) shareEditForm(w http.ResponseWriter, r *http.Request, status int, sh *hearth.Share, f *Form) error {
	if !sh.Own {
		return hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	p := i18n.For(langOf(r.Context()))
	v := s.viewShare(r, sh, true)
	page := &ShareEditPage{Page: s.page(r, "share_edit.title", "groups"), S: v,
		EditForm: shareFormView(p, f, v.Base+"/edit", sh.ParentID != 0, "share_edit.save")}
	page.EditForm.Edit = true
	return s.render(w, r, status, "share_edit", page)
}

func (s *Server) updateShare(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	edit := &hearth.Share{ID: sh.ID, ParentID: sh.ParentID}
	shareForm(r.PostForm, edit)
	if sh.ParentID != 0 {
		edit.Kind = hearth.ShareReply
	}
	err = s.store.EditShare(r.Context(), edit)
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.shareEditForm(w, r, http.StatusUnprocessableEntity, sh, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	if crisis.Detect(edit.Title, edit.Body) {
		return s.reachOut(w, r, shareReachOut(edit))
	}
	return s.redirect(w, r, s.viewShare(r, sh, true).URL, "notice.share_saved")
}

// shareReachOut is the notice reachOut shows after a share or reply, just
// posted or changed, whose words speak of wanting to die or to harm
// oneself: it says truly where the words are (posted in the group, or
// held for a trusted servant as notice.share_pending says) before it asks
// how the member is.
func shareReachOut(sh *hearth.Share) string {
	switch sh.Status {
	case hearth.ShareVisible:
		return "notice.reach_out_posted"
	case hearth.SharePending:
		return "notice.reach_out_pending"
	default: // hidden or removed by a trusted servant, and changed since
		return "notice.reach_out_saved"
	}
}

func (s *Server) deleteShare(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteShare(r.Context(), sh.ID); err != nil {
		return err
	}
	to := "/groups/" + sh.GroupSlug
	if sh.ParentID != 0 {
		to += "/shares/" + strconv.FormatInt(sh.ParentID, 10)
	}
	return s.redirect(w, r, to, "notice.share_deleted")
}

func (s *Server) reactToShare(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	kind := r.PostForm.Get("kind")
	if err := s.store.React(r.Context(), sh.ID, kind, !slices.Contains(sh.Mine, kind)); err != nil {
		return err
	}
	return s.redirect(w, r, s.viewShare(r, sh, true).URL, "")
}

// ReportPage asks why a share or reply is reported.
type ReportPage struct {
	Page
	S       *ShareView
	Form    *Form
	Reasons []Choice
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	return s.reportForm(w, r, http.StatusOK, &Form{Values: url.Values{}})
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	page := &ReportPage{Page: s.page(r, "report.title", "groups"), S: s.viewShare(r, sh, false), Form: f, Reasons: reasonChoices(p)}
	return s.render(w, r, status, "share_report", page)
}

func (s *Server) fileReport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	rep := &hearth.Report{TargetKind: hearth.ReportShare, TargetID: sh.ID, Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")}
	err = s.store.FileReport(r.Context(), rep)
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.reportForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	// A block box ticked for a share whose author the reader may not
	// know is left alone: the report is filed, no one is blocked.
	if r.PostForm.Get("block") == "1" && !sh.Own && !sh.AuthorHidden() {
		if err := s.store.BlockAuthor(r.Context(), sh.ID); err != nil {
			return err
		}
		return s.redirect(w, r, "/groups/"+sh.GroupSlug, "notice.reported_blocked")
	}
	return s.redirect(w, r, s.viewShare(r, sh, false).URL, "notice.reported")
}

func (s *Server) blockAuthor(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	if err := s.store.BlockAuthor(r.Context(), sh.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+sh.GroupSlug, "notice.blocked")
}

func (s *Server) moderateShare(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	if err := s.store.Moderate(r.Context(), sh.ID, r.PostForm.Get("action"), r.PostForm.Get("reason")); err != nil {
		return err
	}
	back := r.PostForm.Get("return")
	if back != "queue" {
		return s.redirect(w, r, s.viewShare(r, sh, false).URL, "notice.moderated")
	}
	return s.redirect(w, r, "/groups/"+sh.GroupSlug+"/moderation", "notice.moderated")
}

// ModerationPage is a group's queue for its trusted servants (and site
// admins), or the site's own queue.
type ModerationPage struct {
	Page
	G *GroupView // nil for the site queue
	// Groups are the groups with open reports (the site queue only).
	Groups  []*hearth.GroupQueue
	Reports []*ReportView
	Pending []*ShareView
	Log     []*LogView
	Reasons []Choice
	Premod  bool
	// DismissBase + report ID + "/dismiss" closes a report.
	DismissBase string
}

// ReportView is a report in a queue.
type ReportView struct {
	*hearth.Report
	When     string
	ShareURL string
	Base     string
	Excerpt  string
	// Message is a report of a private message (site queue only): it
	// opens on a page of its own, and Reads counts the admins' reads.
	Message bool
	Reads   int
}

// LogView is a line of the moderation log.
type LogView struct {
	*hearth.ModerationEntry
	When string
}

func (s *Server) moderationPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.queuePage(w, r, g)
}

func (s *Server) siteReportsPage(w http.ResponseWriter, r *http.Request) error {
	return s.queuePage(w, r, nil)
}

func (s *Server) queuePage(w http.ResponseWriter, r *http.Request, g *hearth.Group) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	var groupID int64
	page := &ModerationPage{Page: s.page(r, "moderation.site_title", "groups"), Reasons: reasonChoices(p), DismissBase: "/admin/reports/"}
	if g != nil {
		groupID = g.ID
		page.G = viewGroup(g, lang)
		page.Title = "moderation.title"
		page.DismissBase = "/groups/" + g.Slug + "/moderation/reports/"
	}
	reports, err := s.store.Reports(r.Context(), groupID)
	if err != nil {
		return err
	}
	zone := s.viewerZone(r)
	for _, rep := range reports {
		v := &ReportView{Report: rep, When: p.DateTime(rep.CreatedAt.In(zone)), Excerpt: summary(rep.Excerpt, 240)}
		if g != nil && rep.ShareID != 0 {
			v.Base = "/groups/" + g.Slug + "/shares/" + strconv.FormatInt(rep.TargetID, 10)
			v.ShareURL = "/groups/" + g.Slug + "/shares/" + strconv.FormatInt(rep.ShareID, 10) + "#share-" + strconv.FormatInt(rep.TargetID, 10)
		}
		if rep.TargetKind == hearth.ReportStrategy {
			v.ShareURL = strategyPath(rep.TargetID)
		}
		page.Reports = append(page.Reports, v)
	}
	if g == nil {
		// Site admins act in every group: which queues are waiting.
		if page.Groups, err = s.store.GroupQueues(r.Context()); err != nil {
			return err
		}
		// The site queue holds the reports of private messages too,
		// which no group's queue ever does.
		messages, err := s.messageReportViews(r, p, zone)
		if err != nil {
			return err
		}
		page.Reports = append(page.Reports, messages...)
		slices.SortStableFunc(page.Reports, atRiskFirst)
	}
	if g != nil {
		if page.Premod, err = s.store.Premoderated(r.Context(), groupID); err != nil {
			return err
		}
		pending, err := s.store.PendingShares(r.Context(), groupID)
		if err != nil {
			return err
		}
		for _, sh := range pending {
			page.Pending = append(page.Pending, s.viewShare(r, sh, false))
		}
	}
	log, err := s.store.ModerationLog(r.Context(), groupID)
	if err != nil {
		return err
	}
	for _, e := range log {
		page.Log = append(page.Log, &LogView{ModerationEntry: e, When: p.DateTime(e.At.In(zone))})
	}
	return s.render(w, r, http.StatusOK, "moderation", page)
}

func (s *Server) dismissReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DismissReport(r.Context(), id); err != nil {
		return err
	}
	if slug := r.PathValue("slug"); slug != "" {
		return s.redirect(w, r, "/groups/"+slug+"/moderation", "notice.report_dismissed")
	}
	return s.redirect(w, r, "/admin/reports", "notice.report_dismissed")
}

func (s *Server) suspendMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	id, err := accountParam(r)
	if err != nil {
		return err
	}
	if err := s.store.SuspendMember(r.Context(), g.ID, id, r.PostForm.Get("suspend") != "0"); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug+"/moderation", "notice.suspension_saved")
}

func (s *Server) setPremoderation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := s.store.SetPremoderation(r.Context(), g.ID, r.PostForm.Get("premoderate") == "1"); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug+"/moderation", "notice.group_saved")
}

// ModerateForm is what the moderate-form partial needs: the share, the
// reasons to choose from, and where to come back ("queue" or its thread).
type ModerateForm struct {
	S       *hearth.Share
	Reasons []Choice
	Return  string
}

func moderateOf(sh *hearth.Share, reasons []Choice, ret string) ModerateForm {
	return ModerateForm{S: sh, Reasons: reasons, Return: ret}
}

// shareRef is enough of a share for moderate-form.
func shareRef(id int64, slug, status string) *hearth.Share {
	return &hearth.Share{ID: id, GroupSlug: slug, Status: status}
}
