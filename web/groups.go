package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"hearth"
	"hearth/i18n"
)

// groupPageSize is how many groups a page of the directory lists.
const groupPageSize = 30

// GroupsPage is the directory of listed groups.
type GroupsPage struct {
	Page
	Form      *Form
	Groups    []*GroupView
	Programs  []Choice
	Languages []Choice
	Tags      []Choice
	PrevURL   string
	NextURL   string
}

// GroupView is a group as a page shows it, in the viewer's language.
type GroupView struct {
	*hearth.Group
	URL         string
	ProgramName string
	Languages   []string
	Tags        []string
	// Paragraphs are the description, split where it has blank lines.
	Paragraphs []string
	// Summary is the start of the description, for lists.
	Summary string
}

func viewGroup(g *hearth.Group, lang string) *GroupView {
	v := &GroupView{Group: g, URL: "/groups/" + g.Slug, ProgramName: programName(g.Program, lang)}
	for _, l := range g.Languages {
		v.Languages = append(v.Languages, languageName(l, lang))
	}
	for _, t := range g.Tags {
		v.Tags = append(v.Tags, tagName(t, lang))
	}
	v.Paragraphs = paragraphs(g.Description)
	v.Summary = summary(g.Description, 160)
	return v
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// summary is the start of s, cut at a word, with an ellipsis if cut.
func summary(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

func (s *Server) groupsPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	v := r.URL.Query()
	f := hearth.GroupFilter{
		Program:  v.Get("program"),
		Language: v.Get("lang"),
		Tag:      v.Get("tag"),
		Query:    strings.TrimSpace(v.Get("q")),
		Limit:    groupPageSize + 1, // one more, to know whether there is a next page
	}
	errs := hearth.FieldErrors{}
	if f.Program != "" && !knownProgram(f.Program) {
		errs.Add("program", "error.program.invalid")
		f.Program = ""
	}
	if len(f.Query) > 200 {
		errs.Add("q", "error.finder.text_long")
		f.Query = ""
	}
	if len(f.Language) > 35 {
		errs.Add("lang", "error.language.invalid")
		f.Language = ""
	}
	if len(f.Tag) > 35 {
		errs.Add("tag", "error.tags.invalid")
		f.Tag = ""
	}
	pageNo := 1
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 && n <= 10000 {
		pageNo = n
	}
	f.Offset = (pageNo - 1) * groupPageSize
	list, err := s.store.ListGroups(r.Context(), f)
	if err != nil {
		return err
	}
	page := &GroupsPage{
		Page:      s.page(r, "groups.title", "groups"),
		Form:      &Form{Values: v, Errors: errs},
		Programs:  append([]Choice{{"", p.T("groups.program.any")}}, programChoices(lang)...),
		Languages: append([]Choice{{"", p.T("finder.lang.any")}}, languageChoicesFor(lang)...),
		Tags:      append([]Choice{{"", p.T("groups.tag.any")}}, tagChoices(lang)...),
	}
	more := len(list) > groupPageSize
	if more {
		list = list[:groupPageSize]
	}
	for _, g := range list {
		page.Groups = append(page.Groups, viewGroup(g, lang))
	}
	link := func(n int) string {
		v := cloneValues(v)
		if n == 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
		return "/groups?" + v.Encode()
	}
	if pageNo > 1 {
		page.PrevURL = link(pageNo - 1)
	}
	if more {
		page.NextURL = link(pageNo + 1)
	}
	return s.render(w, r, http.StatusOK, "groups", page)
}

// GroupPage is one group: what it is, its meetings, and the member's place
// in it.
type GroupPage struct {
	Page
	G        *GroupView
	Meetings []*MeetingView
	// Membership is the member's place in the group, nil if none.
	Membership *hearth.Membership
	Serves     bool
	Owner      bool
	// Zone names the zone the meetings' times are shown in.
	Zone string
	// Members counts the members, for members to see.
	Members     int
	Requests    int
	SignUpURL   string
	CalendarURL string
	Listed      bool
	// Celebrations are the members' recent milestones, for members.
	Celebrations []*CelebrationView
	// Shares are the latest shares, for members, with the form to post
	// one; OlderURL pages back, Older says this is not the first page.
	Shares []*ShareView
	// ShareItems are the shares' list items, written in Go (shareitem.go).
	ShareItems template.HTML
	ShareForm  *ShareFormView
	OlderURL   string
	Older      bool
	// Moderate: the reader serves the group (or is a site admin).
	Moderate bool
}

// membership returns the member's place in a group, or nil.
func (s *Server) membership(r *http.Request, groupID int64) (*hearth.Membership, error) {
	if hearth.AccountFromContext(r.Context()) == nil {
		return nil, nil
	}
	ms, err := s.store.Membership(r.Context(), groupID)
	switch hearth.ErrorCode(err) {
	case "":
		return ms, nil
	case hearth.ENOTFOUND, hearth.EUNAUTHORIZED:
		return nil, nil
	default:
		return nil, err
	}
}

func (s *Server) groupPage(w http.ResponseWriter, r *http.Request) error {
	return s.groupPageWith(w, r, http.StatusOK, nil)
}

// groupPageWith shows the group's page, with the share form as typed
// (shareForm nil for an empty one).
func (s *Server) groupPageWith(w http.ResponseWriter, r *http.Request, status int, shareForm *Form) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	ms, err := s.membership(r, g.ID)
	if err != nil {
		return err
	}
	// An unlisted group's meetings are for its members; others who have
	// its address see what it is and may ask to join.
	meetings, err := s.store.GroupMeetings(r.Context(), g.ID)
	if err != nil && !(hearth.ErrorCode(err) == hearth.ENOTFOUND && g.Visibility == hearth.GroupUnlisted) {
		return err
	}
	page := &GroupPage{
		Page:        s.page(r, "group.title", "groups"),
		G:           viewGroup(g, lang),
		Membership:  ms,
		SignUpURL:   "/signup?next=" + url.QueryEscape("/groups/"+g.Slug),
		CalendarURL: "/groups/" + g.Slug + "/calendar.ics",
		Listed:      g.Visibility == hearth.GroupListed,
	}
	page.Subject = g.Name
	if page.Listed {
		// Only a listed group has a feed to advertise.
		page.FeedURL = "/groups/" + g.Slug + "/meetings.json"
	}
	isMember := ms != nil && !ms.Pending
	if isMember {
		page.Serves = hearth.CanServe(ms.Role)
		page.Owner = ms.Role == hearth.GroupOwner
		if page.Members, err = s.store.CountGroupMembers(r.Context(), g.ID); err != nil {
			return err
		}
		celebrations, err := s.store.GroupCelebrations(r.Context(), g.ID)
		if err != nil {
			return err
		}
		page.Celebrations = s.recentMilestones(i18n.For(lang), celebrations)
		if err := s.addShares(r, page, shareForm); err != nil {
			return err
		}
	}
	page.Moderate = page.Serves || (page.Account != nil && page.Account.Role == hearth.RoleAdmin)
	if page.Serves {
		reqs, err := s.store.PendingRequests(r.Context(), g.ID)
		if err != nil {
			return err
		}
		page.Requests = len(reqs)
	}
	now, zone := s.now(), s.viewerZone(r)
	page.Zone = i18n.ZoneCity(lang, zone.String())
	p := i18n.For(lang)
	for _, m := range meetings {
		if m.Group == nil {
			m.Group = g
		}
		if m.Inactive && !page.Serves {
			continue
		}
		v := viewMeeting(p, m, now, zone)
		v.GroupName = "" // the page is the group's
		page.Meetings = append(page.Meetings, v)
	}
	return s.render(w, r, status, "group", page)
}

func (s *Server) joinGroup(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	ms, err := s.store.JoinGroup(r.Context(), g.ID)
	if err != nil {
		return err
	}
	notice := "notice.group_joined"
	if ms.Pending {
		notice = "notice.group_requested"
	}
	return s.redirect(w, r, "/groups/"+g.Slug, notice)
}

func (s *Server) leaveGroup(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := s.store.LeaveGroup(r.Context(), g.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug, "notice.group_left")
}

// MembersPage lists a group's members, to its members; those who serve
// also see requests to join, and owners appoint trusted servants.
type MembersPage struct {
	Page
	G        *GroupView
	Members  []*hearth.Membership
	Requests []*hearth.Membership
	Serves   bool
	Owner    bool
	// Me is the member's own account ID.
	Me    int64
	Roles []Choice
}

func (s *Server) groupMembersPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	// The store decides: members only (TRUST.md).
	members, err := s.store.GroupMembers(r.Context(), g.ID)
	if err != nil {
		return err
	}
	ms, err := s.membership(r, g.ID)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	p := i18n.For(lang)
	page := &MembersPage{
		Page:    s.page(r, "members.title", "groups"),
		G:       viewGroup(g, lang),
		Members: members,
		Me:      hearth.AccountIDFromContext(r.Context()),
		Roles: []Choice{
			{hearth.GroupMember, p.T("role.member")},
			{hearth.GroupServant, p.T("role.servant")},
			{hearth.GroupOwner, p.T("role.owner")},
		},
	}
	if ms != nil && !ms.Pending {
		page.Serves = hearth.CanServe(ms.Role)
		page.Owner = ms.Role == hearth.GroupOwner
	}
	if page.Serves {
		if page.Requests, err = s.store.PendingRequests(r.Context(), g.ID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "group_members", page)
}

// accountParam reads the account ID of the path.
func accountParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("account"), 10, 64)
	if err != nil || id <= 0 {
		return 0, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

func (s *Server) decideRequest(w http.ResponseWriter, r *http.Request) error {
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
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "decline":
	default:
		return hearth.FieldErrors{"decision": "error.decision.invalid"}.Err()
	}
	if err := s.store.DecideRequest(r.Context(), g.ID, id, approve); err != nil {
		return err
	}
	notice := "notice.request_declined"
	if approve {
		notice = "notice.request_approved"
	}
	return s.redirect(w, r, "/groups/"+g.Slug+"/members", notice)
}

func (s *Server) setGroupRole(w http.ResponseWriter, r *http.Request) error {
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
	role := r.PostForm.Get("role")
	if role != hearth.GroupMember && role != hearth.GroupServant && role != hearth.GroupOwner {
		return hearth.FieldErrors{"role": "error.role.invalid"}.Err()
	}
	if err := s.store.SetGroupRole(r.Context(), g.ID, id, role); err != nil {
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug+"/members", "notice.role_saved")
}

// GroupFormPage starts or edits a group.
type GroupFormPage struct {
	Page
	Form       *Form
	Action     string
	Editing    bool
	Programs   []Choice
	Zones      []Choice
	Languages  CheckGroup
	Tags       CheckGroup
	Visibility RadioGroup
	JoinPolicy RadioGroup
	Slug       string
}

func (s *Server) groupForm(w http.ResponseWriter, r *http.Request, status int, slug string, f *Form) error {
	lang := langOf(r.Context())
	p := i18n.For(lang)
	langs := checks(languageChoicesFor(lang), f.Values["languages"])
	tags := checks(tagChoices(lang), f.Values["tags"])
	// A group's own languages or tags that the lists lack (from an import)
	// stay on the form.
	for _, l := range f.Values["languages"] {
		if !slices.Contains(groupLanguages, l) {
			langs = append(langs, Check{Value: l, Label: l, Checked: true})
		}
	}
	for _, t := range f.Values["tags"] {
		if !slices.Contains(groupTags, t) {
			tags = append(tags, Check{Value: t, Label: t, Checked: true})
		}
	}
	page := &GroupFormPage{
		Form:      f,
		Programs:  append([]Choice{{"", p.T("group_form.program_choose")}}, programChoices(lang)...),
		Zones:     timeZones(lang),
		Languages: CheckGroup{ID: "languages", Name: "languages", Legend: "group_form.languages", Error: f.Err("languages"), Checks: langs},
		Tags:      CheckGroup{ID: "tags", Name: "tags", Legend: "group_form.tags", Hint: "group_form.tags_hint", Error: f.Err("tags"), Checks: tags},
		Visibility: RadioGroup{Name: "visibility", Legend: "group_form.visibility", Error: f.Err("visibility"), Value: f.Get("visibility"),
			Choices: []Choice{{hearth.GroupListed, p.T("group_form.listed")}, {hearth.GroupUnlisted, p.T("group_form.unlisted")}}},
		JoinPolicy: RadioGroup{Name: "join_policy", Legend: "group_form.join_policy", Error: f.Err("join_policy"), Value: f.Get("join_policy"),
			Choices: []Choice{{hearth.JoinOpen, p.T("group_form.join_open")}, {hearth.JoinApproval, p.T("group_form.join_approval")}}},
		Slug: slug,
	}
	if slug == "" {
		page.Page = s.page(r, "group_form.new_title", "groups")
		page.Action = "/groups"
	} else {
		page.Page = s.page(r, "group_form.edit_title", "groups")
		page.Action = "/groups/" + slug + "/edit"
		page.Editing = true
	}
	return s.render(w, r, status, "group_form", page)
}

func groupValues(g *hearth.Group) url.Values {
	return url.Values{
		"name": {g.Name}, "description": {g.Description}, "program": {g.Program},
		"languages": slices.Clone(g.Languages), "tags": slices.Clone(g.Tags), "time_zone": {g.TimeZone},
		"visibility": {g.Visibility}, "join_policy": {g.JoinPolicy},
	}
}

// formGroup fills g from a submitted form.
func formGroup(v url.Values, g *hearth.Group) {
	g.Name = strings.TrimSpace(v.Get("name"))
	g.Description = strings.TrimSpace(strings.ReplaceAll(v.Get("description"), "\r\n", "\n"))
	g.Program = v.Get("program")
	g.Languages = slices.Clone(v["languages"])
	g.Tags = slices.Clone(v["tags"])
	g.TimeZone = v.Get("time_zone")
	g.Visibility = v.Get("visibility")
	g.JoinPolicy = v.Get("join_policy")
}

func (s *Server) newGroupPage(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	zone := a.TimeZone
	if zone == "" {
		zone = s.cfg.DefaultTimeZone
	}
	f := &Form{Values: url.Values{"time_zone": {zone}, "visibility": {hearth.GroupListed}, "join_policy": {hearth.JoinOpen},
		"languages": {langOf(r.Context())}}}
	return s.groupForm(w, r, http.StatusOK, "", f)
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g := &hearth.Group{}
	formGroup(r.PostForm, g)
	base := trimSlug(slugify(g.Name), 60)
	if base == "" || base == "new" { // "new" is the address of this form
		base = "group"
	}
	g.Slug = base
	errs := hearth.FieldErrors{}
	if g.Program != "" && !knownProgram(g.Program) {
		errs.Add("program", "error.program.invalid")
	}
	for k, v := range hearth.ErrorFields(g.Validate()) {
		errs.Add(k, v)
	}
	if err := errs.Err(); err != nil {
		return s.groupForm(w, r, http.StatusUnprocessableEntity, "", formFrom(r, err))
	}
	a := hearth.AccountFromContext(r.Context())
	var err error
	for n := 2; ; n++ {
		err = s.store.CreateGroup(r.Context(), g, a.ID)
		if hearth.ErrorCode(err) != hearth.ECONFLICT || n > 20 {
			break
		}
		g.Slug = trimSlug(base, 60) + "-" + strconv.Itoa(n)
	}
	if err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.groupForm(w, r, http.StatusUnprocessableEntity, "", formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug, "notice.group_created")
}

func (s *Server) editGroupPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.servedGroup(r)
	if err != nil {
		return err
	}
	return s.groupForm(w, r, http.StatusOK, g.Slug, &Form{Values: groupValues(g)})
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, err := s.servedGroup(r)
	if err != nil {
		return err
	}
	formGroup(r.PostForm, g)
	errs := hearth.FieldErrors{}
	if !knownProgram(g.Program) {
		errs.Add("program", "error.program.invalid")
	}
	for k, v := range hearth.ErrorFields(g.Validate()) {
		errs.Add(k, v)
	}
	if err := errs.Err(); err != nil {
		return s.groupForm(w, r, http.StatusUnprocessableEntity, g.Slug, formFrom(r, err))
	}
	if err := s.store.UpdateGroup(r.Context(), g); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.groupForm(w, r, http.StatusUnprocessableEntity, g.Slug, formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/groups/"+g.Slug, "notice.group_saved")
}

// slugify makes a URL-safe slug of a name: lower-case ASCII letters and
// digits joined by dashes, accents dropped ("Grupo Renacer, Añoranza" →
// "grupo-renacer-anoranza").
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r): // a combining accent
		default:
			dash = true
		}
	}
	return b.String()
}

// trimSlug shortens a slug to at most n bytes, at a dash if it can.
func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}
