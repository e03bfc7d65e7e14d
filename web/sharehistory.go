package web

import (
	"html/template"
	"net/http"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/markdown"
)

// A share's or reply's edit history: what it said before each edit, for
// those the store lets read it (its author, and those who serve its group
// or the site: a member who edits away something that said too much can
// trust the other members no longer read it).

// ShareHistoryPage lists a share's versions, newest first: the one
// showing now, then each it replaced.
type ShareHistoryPage struct {
	Page
	S        *ShareView
	Versions []*VersionView
}

// VersionView is one version of a share: what it said between Since and
// Until (Until "" for the version showing now).
type VersionView struct {
	V          *ShareView
	Since      string
	SinceStamp string
	Until      string
	UntilStamp string
}

// shareVersion is one of a share's versions: when it began to show, and
// when it was replaced (zero for the one showing now).
type shareVersion struct {
	s            *hearth.Share
	since, until time.Time
}

// shareVersions are a share's versions, newest first, from the share and
// its history (ShareHistory gives each earlier version with the time it
// was replaced).

func shareVersions(sh *hearth.Share, history []*hearth.Share) []shareVersion {
	now := shareVersion{s: sh, since: sh.EditedAt}
	if now.since.IsZero() {
		now.since = sh.CreatedAt
	}
	out := []shareVersion{now}
	for i, old := range history {
		v := shareVersion{s: old, until: old.EditedAt, since: sh.CreatedAt}
		if i+1 < len(history) {
			v.since = history[i+1].EditedAt
		}
		out = append(out, v)
	}
	return out
}

// versionHTML renders an earlier version through the same renderer and
// sanitiser as every share: the store keeps only its Markdown.
func versionHTML(body string) string {
	h, _, err := markdown.Render(body)
	if err != nil {
		// Written before a limit changed: shown as plain text.
		return "<p>" + template.HTMLEscapeString(body) + "</p>"
	}
	return string(h)
}

func (s *Server) shareHistoryPage(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.pathShare(r)
	if err != nil {
		return err
	}
	history, err := s.store.ShareHistory(r.Context(), sh.ID)
	if err != nil {
		return err
	}
	p := i18n.For(langOf(r.Context()))
	zone := s.viewerZone(r)
	page := &ShareHistoryPage{Page: s.page(r, "share_history.title", "groups"), S: s.viewShare(r, sh, false)}
	for i, v := range shareVersions(sh, history) {
		if i > 0 {
			v.s.HTML = versionHTML(v.s.Body)
		}
		vv := &VersionView{V: s.viewShare(r, v.s, false),
			Since: p.DateTime(v.since.In(zone)), SinceStamp: v.since.UTC().Format("2006-01-02T15:04:05Z")}
		if !v.until.IsZero() {
			vv.Until, vv.UntilStamp = p.DateTime(v.until.In(zone)), v.until.UTC().Format("2006-01-02T15:04:05Z")
		}
		page.Versions = append(page.Versions, vv)
	}
	views := make([]*ShareView, len(page.Versions))
	for i, v := range page.Versions {
		views[i] = v.V
	}
	s.foldMuted(r, views...)
	return s.render(w, r, http.StatusOK, "share_history", page)
}

// APIShareVersion is one version of a share: what it said from
// written_at until replaced_at (absent for the version showing now).
type APIShareVersion struct {
	Title      string     `json:"title"`
	Body       string     `json:"body"`
	Warning    string     `json:"content_note"`
	WrittenAt  time.Time  `json:"written_at"`
	ReplacedAt *time.Time `json:"replaced_at,omitempty"`
}

// APIShareHistory is a share's versions, newest first.
type APIShareHistory struct {
	Versions []APIShareVersion `json:"versions"`
}

func (s *Server) apiShareHistory(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.apiPathShare(r)
	if err != nil {
		return err
	}
	history, err := s.store.ShareHistory(r.Context(), sh.ID)
	if err != nil {
		return err
	}
	out := APIShareHistory{Versions: []APIShareVersion{}}
	for _, v := range shareVersions(sh, history) {
		a := APIShareVersion{Title: v.s.Title, Body: v.s.Body, Warning: v.s.Warning, WrittenAt: v.since.UTC()}
		if !v.until.IsZero() {
			u := v.until.UTC()
			a.ReplacedAt = &u
		}
		out.Versions = append(out.Versions, a)
	}
	return writeJSON(w, http.StatusOK, out)
}
