package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"hearth"
	"hearth/i18n"
)

// What a member keeps away from themselves: words that fold shares away,
// and members they block.

// QuietPage is the settings page of muted words and blocked members.
type QuietPage struct {
	SettingsPage
	Form    *Form
	Blocked []*hearth.Account
}

func (s *Server) quietPage(w http.ResponseWriter, r *http.Request) error {
	words, err := s.store.MutedWords(r.Context())
	if err != nil {
		return err
	}
	return s.quietForm(w, r, http.StatusOK, &Form{Values: map[string][]string{"words": {strings.Join(words, "\n")}}})
}

func (s *Server) quietForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	blocked, err := s.store.BlockedMembers(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, "quiet", &QuietPage{SettingsPage: s.settingsPage(r, "quiet.title", "quiet"), Form: f, Blocked: blocked})
}

func (s *Server) setMutedWords(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	err := s.store.SetMutedWords(r.Context(), strings.Split(r.PostForm.Get("words"), "\n"))
	if hearth.ErrorCode(err) == hearth.EINVALID {
		return s.quietForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/quiet", "notice.muted_saved")
}

func (s *Server) unblock(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("account"), 10, 64)
	if err != nil {
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
	if err := s.store.Unblock(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/quiet", "notice.unblocked")
}

// foldMuted folds away, for the reader, the shares and replies that hold
// one of their muted words, as a content note does: they open it if they
// choose. Words match whatever their case and accents.
func (s *Server) foldMuted(r *http.Request, views ...*ShareView) {
	if hearth.AccountFromContext(r.Context()) == nil || len(views) == 0 {
		return
	}
	words, err := s.store.MutedWords(r.Context())
	if err != nil {
		s.logRequestError(r, err)
		return
	}
	if len(words) == 0 {
		return
	}
	for i, w := range words {
		words[i] = plainText(w)
	}
	p := i18n.For(langOf(r.Context()))
	for _, v := range views {
		if v == nil || v.Share == nil || v.Warning != "" {
			continue
		}
		text := plainText(v.Share.Title + "\n" + v.Share.Body)
		for _, w := range words {
			if strings.Contains(text, w) {
				v.Warning = p.T("share.muted_open")
				break
			}
		}
	}
}

// plainText is s lower-cased without accents, for matching muted words.
func plainText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
