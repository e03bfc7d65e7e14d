package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"hearth"
	"hearth/i18n"
)

// Reporting a member of a group (not one thing they wrote) to the group's
// trusted servants: from the members list, or beside a share's author.
// The member reported is never told who reported them.

// MemberReportPage asks why a member is reported.
type MemberReportPage struct {
	Page
	G       *GroupView
	Name    string // the member reported, as the group knows them
	Action  string
	Back    string // where the reporter came from, in the group
	Form    *Form
	Reasons []Choice
}

// memberReportPath is where a member of the group is reported from back,
// a page of the group ("" for its members list).
func memberReportPath(slug string, accountID int64, back string) string {
	p := "/groups/" + slug + "/members/" + strconv.FormatInt(accountID, 10) + "/report"
	if back != "" {
		p += "?back=" + url.QueryEscape(back)
	}
	return p
}

// reportBack is where a member reporting goes back to: a page of the
// group, its members list unless they came from another of its pages.
func reportBack(slug, back string) string {
	if b := safeNext(back); strings.HasPrefix(b, "/groups/"+slug+"/") || b == "/groups/"+slug {
		return b
	}
	return "/groups/" + slug + "/members"
}

// pathMember is the group and the member of the path, whom the actor (a
// member of the group, not them) may report: ENOTFOUND otherwise.
func (s *Server) pathMember(r *http.Request) (*hearth.Group, *hearth.Membership, error) {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, nil, err
	}
	id, err := accountParam(r)
	if err != nil {
		return nil, nil, err
	}
	members, err := s.store.GroupMembers(r.Context(), g.ID)
	if hearth.ErrorCode(err) == hearth.EFORBIDDEN {
		return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	me := hearth.AccountIDFromContext(r.Context())
	for _, m := range members {
		if m.AccountID == id && id != me {
			return g, m, nil
		}
	}
	return nil, nil, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
}

func (s *Server) memberReportPage(w http.ResponseWriter, r *http.Request) error {
	return s.memberReportForm(w, r, http.StatusOK, &Form{Values: url.Values{"back": {r.URL.Query().Get("back")}}})
}

func (s *Server) memberReportForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	g, m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	page := &MemberReportPage{Page: s.page(r, "member_report.title", "groups"), G: viewGroup(g, lang), Name: m.Name,
		Action: memberReportPath(g.Slug, m.AccountID, ""), Back: reportBack(g.Slug, f.Get("back")), Form: f,
		Reasons: reasonChoices(i18n.For(lang))}
	return s.render(w, r, status, "member_report", page)
}

func (s *Server) reportMember(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	g, m, err := s.pathMember(r)
	if err != nil {
		return err
	}
	rep := &hearth.Report{TargetKind: hearth.ReportMember, TargetID: m.AccountID, GroupID: g.ID,
		Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")}
	err = s.store.FileReport(r.Context(), rep)
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.memberReportForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	back := reportBack(g.Slug, r.PostForm.Get("back"))
	if r.PostForm.Get("block") == "1" {
		if err := s.store.Block(r.Context(), m.AccountID); err != nil {
			return err
		}
		return s.redirect(w, r, back, "notice.reported_blocked")
	}
	return s.redirect(w, r, back, "notice.reported")
}
