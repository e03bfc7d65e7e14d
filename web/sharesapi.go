package web

import (
	"net/http"
	"strconv"
	"time"

	"hearth"
)

// The API of shares, replies, reactions and reports: the same store, the
// same decisions about who may read what, as the pages.

// APIShare is a share or reply as the API shows it. author_id and
// author_name are absent when it was posted as "a member of this group"
// and the reader may not know who; reactions are the author's only.
type APIShare struct {
	ID         int64          `json:"id"`
	Group      string         `json:"group"`
	ParentID   int64          `json:"parent_id,omitempty"`
	AuthorID   int64          `json:"author_id,omitempty"`
	AuthorName string         `json:"author_name,omitempty"`
	Anonymous  bool           `json:"as_a_member"`
	Kind       string         `json:"kind"`
	Title      string         `json:"title"`
	Body       string         `json:"body"`
	Warning    string         `json:"content_note"`
	Status     string         `json:"status"`
	Reason     string         `json:"reason,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
	EditedAt   *time.Time     `json:"edited_at,omitempty"`
	Replies    int            `json:"replies"`
	Reactions  map[string]int `json:"reactions,omitempty"`
	Mine       []string       `json:"my_reactions"`
	// Support is in the answer to the author's own post or edit only.
	Support *APISupport `json:"support,omitempty"`
}

func apiShare(sh *hearth.Share) APIShare {
	a := APIShare{ID: sh.ID, Group: sh.GroupSlug, ParentID: sh.ParentID, AuthorID: sh.AuthorID, AuthorName: sh.AuthorName,
		Anonymous: sh.Anonymous, Kind: sh.Kind, Title: sh.Title, Body: sh.Body, Warning: sh.Warning, Status: sh.Status,
		Reason: sh.Reason, CreatedAt: sh.CreatedAt.UTC(), Replies: sh.Replies, Reactions: sh.Reactions, Mine: sh.Mine}
	if !sh.EditedAt.IsZero() {
		e := sh.EditedAt.UTC()
		a.EditedAt = &e
	}
	if a.Mine == nil {
		a.Mine = []string{}
	}
	return a
}

// APIShares is a page of shares, newest first; next_before pages on.
type APIShares struct {
	Shares     []APIShare `json:"shares"`
	NextBefore int64      `json:"next_before,omitempty"`
}

func apiShares(list []*hearth.Share) []APIShare {
	out := []APIShare{}
	for _, sh := range list {
		out = append(out, apiShare(sh))
	}
	return out
}

// APIShareInput is a share or reply as the API takes it.
type APIShareInput struct {
	Kind      *string `json:"kind"`
	Title     *string `json:"title"`
	Body      *string `json:"body"`
	Warning   *string `json:"content_note"`
	Anonymous *bool   `json:"as_a_member"`
}

func (in APIShareInput) apply(sh *hearth.Share) {
	for dst, src := range map[*string]*string{&sh.Kind: in.Kind, &sh.Title: in.Title, &sh.Body: in.Body, &sh.Warning: in.Warning} {
		if src != nil {
			*dst = *src
		}
	}
	if in.Anonymous != nil {
		sh.Anonymous = *in.Anonymous
	}
}

var shareAPIFields = map[string]string{"warning": "content_note"}

func (s *Server) apiGroupShares(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	f := hearth.ShareFilter{}
	if v := r.URL.Query().Get("before"); v != "" {
		if f.Before, err = strconv.ParseInt(v, 10, 64); err != nil || f.Before < 0 {
			return hearth.FieldErrors{"before": "error.api.type"}.Err()
		}
	}
	list, err := s.store.GroupShares(r.Context(), g.ID, f)
	if err != nil {
		return err
	}
	out := APIShares{Shares: apiShares(list)}
	if len(list) == hearth.SharePageMax {
		out.NextBefore = list[len(list)-1].ID
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateShare(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindGroupBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	var in APIShareInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sh := &hearth.Share{GroupID: g.ID, Kind: hearth.ShareShare}
	in.apply(sh)
	if err := s.store.CreateShare(r.Context(), sh); err != nil {
		return apiFields(err, shareAPIFields)
	}
	return s.apiCreated(w, r, sh.ID, apiSupport(r, sh.Title, sh.Body))
}

// apiCreated answers 201 with the share as the store now gives it, and
// the support its words call for (nil for none).
func (s *Server) apiCreated(w http.ResponseWriter, r *http.Request, id int64, support *APISupport) error {
	sh, err := s.store.FindShare(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/shares/"+strconv.FormatInt(id, 10))
	out := apiShare(sh)
	out.Support = support
	return writeJSON(w, http.StatusCreated, out)
}

// apiPathShare is the share or reply of the path, as the reader may see it.
func (s *Server) apiPathShare(r *http.Request) (*hearth.Share, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.store.FindShare(r.Context(), id)
}

func (s *Server) apiGetShare(w http.ResponseWriter, r *http.Request) error {
	sh, err := s.apiPathShare(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiShare(sh))
}

func (s *Server) apiUpdateShare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in APIShareInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sh, err := s.store.FindShare(r.Context(), id)
	if err != nil {
		return err
	}
	edit := &hearth.Share{ID: sh.ID, ParentID: sh.ParentID, Kind: sh.Kind, Title: sh.Title, Body: sh.Body, Warning: sh.Warning}
	in.apply(edit)
	if err := s.store.EditShare(r.Context(), edit); err != nil {
		return apiFields(err, shareAPIFields)
	}
	if sh, err = s.store.FindShare(r.Context(), id); err != nil {
		return err
	}
	out := apiShare(sh)
	out.Support = apiSupport(r, edit.Title, edit.Body)
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeleteShare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteShare(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiReplies(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.store.ShareReplies(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, APIShares{Shares: apiShares(list)})
}

func (s *Server) apiCreateReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in APIShareInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sh := &hearth.Share{ParentID: id}
	in.apply(sh)
	if err := s.store.CreateShare(r.Context(), sh); err != nil {
		return apiFields(err, shareAPIFields)
	}
	return s.apiCreated(w, r, sh.ID, apiSupport(r, sh.Body))
}

func (s *Server) apiReact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.React(r.Context(), id, r.PathValue("kind"), r.Method == http.MethodPut); err != nil {
		return err
	}
	return noContent(w)
}

// APIReportInput is a report as the API takes it.
type APIReportInput struct {
	Target   string `json:"target"` // share, reply, member, strategy
	TargetID int64  `json:"target_id"`
	Group    string `json:"group"` // for a member: the group they were met in
	Reason   string `json:"reason"`
	Note     string `json:"note"`
}

// APIReport is a report as filed.
type APIReport struct {
	ID        int64     `json:"id"`
	Target    string    `json:"target"`
	TargetID  int64     `json:"target_id"`
	Reason    string    `json:"reason"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) apiFileReport(w http.ResponseWriter, r *http.Request) error {
	var in APIReportInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rep := &hearth.Report{TargetKind: in.Target, TargetID: in.TargetID, Reason: in.Reason, Note: in.Note}
	if in.Group != "" {
		g, err := s.store.FindGroupBySlug(r.Context(), in.Group)
		if err != nil {
			return err
		}
		rep.GroupID = g.ID
	}
	if err := s.store.FileReport(r.Context(), rep); err != nil {
		return apiFields(err, nil)
	}
	return writeJSON(w, http.StatusCreated, APIReport{ID: rep.ID, Target: rep.TargetKind, TargetID: rep.TargetID,
		Reason: rep.Reason, Status: rep.Status, CreatedAt: rep.CreatedAt.UTC()})
}
