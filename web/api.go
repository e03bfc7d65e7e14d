package web

import (
	_ "embed"
	"net/http"
	"time"

	"hearth"
	"hearth/crisis"
	"hearth/i18n"
)

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDoc)
	return err
}

// APISupport is what the API adds to its answer to a member's own post,
// reply, edit, message or check-in when their words speak of wanting to
// die or to harm themselves (crisis.Detect), as the pages then show the
// help page and ask how they are. A client shows Message with a link to
// HelpURL. The write is never refused for it, and it is in that one
// answer only: stored nowhere, shown to no one else.
type APISupport struct {
	HelpURL   string `json:"help_url"`   // the help page, on this server
	HelpLabel string `json:"help_label"` // words for a link to it
	Message   string `json:"message"`    // asks how the member is, in their language
}

// apiSupport is the support for an answer to a write of texts: nil unless
// crisis.Detect finds such words in them.
func apiSupport(r *http.Request, texts ...string) *APISupport {
	if !crisis.Detect(texts...) {
		return nil
	}
	p := i18n.For(langOf(r.Context()))
	return &APISupport{HelpURL: "/help", HelpLabel: p.T("layout.need_help"), Message: p.T("help.api_support")}
}

// APIMe is the signed-in member as the API shows them.
type APIMe struct {
	ID          int64     `json:"id"`
	Handle      string    `json:"signin_name"`
	DisplayName string    `json:"display_name"`
	Pronouns    string    `json:"pronouns"`
	Language    string    `json:"language"`
	TimeZone    string    `json:"time_zone"`
	Country     string    `json:"country"`
	Role        string    `json:"role"`
	CreatedAt   time.Time `json:"created_at"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	return writeJSON(w, http.StatusOK, APIMe{
		ID: a.ID, Handle: a.Handle, DisplayName: a.DisplayName, Pronouns: a.Pronouns, Language: a.Language,
		TimeZone: a.TimeZone, Country: a.Country, Role: string(a.Role), CreatedAt: a.CreatedAt.UTC(),
	})
}

func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) error {
	e, err := s.buildExport(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
