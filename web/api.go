package web

import (
	_ "embed"
	"net/http"
	"time"

	"hearth"
)

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDoc)
	return err
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
