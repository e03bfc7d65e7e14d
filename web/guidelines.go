package web

import "net/http"

// GuidelinesPage is what the community asks of each other: the same for
// visitors and members, and holding nothing of any member's.
type GuidelinesPage struct {
	Page
}

func (s *Server) guidelines(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "guidelines", &GuidelinesPage{Page: s.page(r, "guidelines.title", "guidelines")})
}
