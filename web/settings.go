package web

import (
	"net/http"
	"strconv"

	"hearth"
	"hearth/credential"
	"hearth/i18n"
)

// SettingsPage is the base of every settings page.
type SettingsPage struct {
	Page
	Section string
}

func (s *Server) settingsPage(r *http.Request, title, section string) SettingsPage {
	return SettingsPage{Page: s.page(r, title, "settings"), Section: section}
}

// ProfilePage is the profile form.
type ProfilePage struct {
	SettingsPage
	Form      *Form
	Zones     []Choice
	Countries []Choice
	Languages []Choice
}

func (s *Server) profileForm(r *http.Request, status int, w http.ResponseWriter, f *Form) error {
	lang := langOf(r.Context())
	return s.render(w, r, status, "settings", &ProfilePage{
		SettingsPage: s.settingsPage(r, "settings.title", "profile"),
		Form:         f,
		Zones:        timeZones(lang),
		Countries:    countries(lang),
		Languages:    languageChoices(),
	})
}

func languageChoices() []Choice {
	var out []Choice
	for _, l := range i18n.Langs {
		out = append(out, Choice{Value: l, Label: i18n.For(l).T("language.name")})
	}
	return out
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request) error {
	// The session's account leaves private fields sealed; open them here.
	a, err := s.store.FindAccountByID(r.Context(), hearth.AccountIDFromContext(r.Context()))
	if err != nil {
		return err
	}
	f := &Form{Values: map[string][]string{
		"display_name": {a.DisplayName},
		"pronouns":     {a.Pronouns},
		"language":     {a.Language},
		"time_zone":    {a.TimeZone},
		"country":      {a.Country},
		"email":        {a.Email},
	}}
	return s.profileForm(r, http.StatusOK, w, f)
}

func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	u := profileUpdate(r.PostForm)
	if u.Country != nil && *u.Country != "" && !validCountryCode(*u.Country) {
		return s.profileForm(r, http.StatusUnprocessableEntity, w, formFrom(r, hearth.FieldErrors{"country": "error.country.invalid"}.Err()))
	}
	updated, err := s.store.UpdateAccount(r.Context(), a.ID, u)
	if err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.profileForm(r, http.StatusUnprocessableEntity, w, formFrom(r, err))
		}
		return err
	}
	s.rememberLanguage(w, r, updated.Language)
	return s.redirect(w, r, "/settings", "notice.profile_saved")
}

func profileUpdate(v map[string][]string) hearth.AccountUpdate {
	get := func(name string) *string {
		if vs, ok := v[name]; ok && len(vs) > 0 {
			s := vs[0]
			return &s
		}
		return nil
	}
	return hearth.AccountUpdate{
		DisplayName: get("display_name"),
		Pronouns:    get("pronouns"),
		Language:    get("language"),
		TimeZone:    get("time_zone"),
		Country:     get("country"),
		Email:       get("email"),
	}
}

// FormPage is a settings page with one form.
type FormPage struct {
	SettingsPage
	Form *Form
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "password", &FormPage{SettingsPage: s.settingsPage(r, "password.title", "password"), Form: &Form{}})
}

// checkCurrentPassword confirms a sensitive change with the password.
// Its attempts are limited per member, apart from sign-in's, so that
// someone failing to sign in as a member cannot lock them out of their own
// settings.
func (s *Server) checkCurrentPassword(w http.ResponseWriter, r *http.Request, field string) error {
	a := hearth.AccountFromContext(r.Context())
	hash, err := s.store.PasswordHash(r.Context(), a.ID)
	if err != nil {
		return err
	}
	if err := s.limit(w, s.reauth, strconv.FormatInt(a.ID, 10)); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(r.Context(), r.PostForm.Get(field), hash)
	if err != nil {
		return err
	}
	if !ok {
		return hearth.FieldErrors{field: "error.password.wrong"}.Err()
	}
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	again := func(err error) error {
		if c := hearth.ErrorCode(err); c != hearth.EINVALID && c != hearth.ERATELIMIT {
			return err
		}
		f := formFrom(r, err)
		f.Values.Del("current_password")
		f.Values.Del("new_password")
		return s.render(w, r, statusOf(hearth.ErrorCode(err)), "password", &FormPage{SettingsPage: s.settingsPage(r, "password.title", "password"), Form: f})
	}
	newPW := r.PostForm.Get("new_password")
	if err := hearth.CheckPassword(newPW, credential.IsCommon); err != nil {
		return again(hearth.FieldErrors{"new_password": hearth.ErrorFields(err)["password"]}.Err())
	}
	if err := s.checkCurrentPassword(w, r, "current_password"); err != nil {
		return again(err)
	}
	hash, err := s.hasher.Hash(r.Context(), newPW)
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.SetPassword(r.Context(), a.ID, hash, sessionOf(r.Context()).ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/password", "notice.password_changed")
}

// CodesPage shows how many recovery codes are left, or new ones once.
type CodesPage struct {
	SettingsPage
	Form  *Form
	Left  int
	Codes []string
}

func (s *Server) recoveryCodesPage(w http.ResponseWriter, r *http.Request) error {
	return s.codesPage(w, r, http.StatusOK, &Form{})
}

func (s *Server) codesPage(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a := hearth.AccountFromContext(r.Context())
	left, err := s.store.RecoveryCodesLeft(r.Context(), a.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "codes", &CodesPage{
		SettingsPage: s.settingsPage(r, "codes.title", "codes"),
		Form:         f,
		Left:         left,
		Codes:        s.reveal.take(sessionOf(r.Context()).ID, revealCodes),
	})
}

func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.checkCurrentPassword(w, r, "password"); err != nil {
		if c := hearth.ErrorCode(err); c != hearth.EINVALID && c != hearth.ERATELIMIT {
			return err
		}
		f := formFrom(r, err)
		f.Values.Del("password")
		return s.codesPage(w, r, statusOf(hearth.ErrorCode(err)), f)
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.ReplaceRecoveryCodes(r.Context(), a.ID, hashes); err != nil {
		return err
	}
	s.reveal.put(sessionOf(r.Context()).ID, revealCodes, codes)
	return s.redirect(w, r, "/settings/recovery-codes", "notice.codes_replaced")
}

// SessionsPage lists where the member is signed in.
type SessionsPage struct {
	SettingsPage
	Sessions []*hearth.Session
	Current  int64
}

func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	list, err := s.store.ListSessions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "sessions", &SessionsPage{
		SettingsPage: s.settingsPage(r, "sessions.title", "sessions"),
		Sessions:     list,
		Current:      sessionOf(r.Context()).ID,
	})
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, hearth.Errorf(hearth.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.DeleteSession(r.Context(), a.ID, id); err != nil {
		return err
	}
	if id == sessionOf(r.Context()).ID {
		s.endBrowser(w, r)
		return s.redirect(w, r, "/signin", "notice.signed_out")
	}
	return s.redirect(w, r, "/settings/sessions", "notice.session_ended")
}

// endAllSessions signs the member out everywhere, this browser included.
func (s *Server) endAllSessions(w http.ResponseWriter, r *http.Request) error {
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.DeleteSessions(r.Context(), a.ID, 0); err != nil {
		return err
	}
	s.endBrowser(w, r)
	return s.redirect(w, r, "/signin", "notice.sessions_ended")
}

// TokensPage lists API tokens and shows a new one once.
type TokensPage struct {
	SettingsPage
	Form     *Form
	Tokens   []*hearth.AccessToken
	NewToken string
}

const revealToken = "access-token"

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) error {
	return s.tokensForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) tokensForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	a := hearth.AccountFromContext(r.Context())
	list, err := s.store.ListAccessTokens(r.Context(), a.ID)
	if err != nil {
		return err
	}
	p := &TokensPage{SettingsPage: s.settingsPage(r, "tokens.title", "tokens"), Form: f, Tokens: list}
	if v := s.reveal.take(sessionOf(r.Context()).ID, revealToken); len(v) == 1 {
		p.NewToken = v[0]
	}
	return s.render(w, r, status, "tokens", p)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	token, hash, err := credential.NewToken("hpat_")
	if err != nil {
		return err
	}
	t := &hearth.AccessToken{AccountID: a.ID, Name: r.PostForm.Get("name"), CreatedAt: s.now()}
	if err := s.store.CreateAccessToken(r.Context(), t, hash); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.tokensForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
		}
		return err
	}
	s.reveal.put(sessionOf(r.Context()).ID, revealToken, []string{token})
	return s.redirect(w, r, "/settings/tokens", "")
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.DeleteAccessToken(r.Context(), a.ID, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/tokens", "notice.token_revoked")
}

func (s *Server) deletePage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "delete", &FormPage{SettingsPage: s.settingsPage(r, "delete.title", "delete"), Form: &Form{}})
}

// deleteAccount erases the member: their data key first, so nothing of
// theirs can be read again, then every row that is theirs.
func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.checkCurrentPassword(w, r, "password"); err != nil {
		if c := hearth.ErrorCode(err); c != hearth.EINVALID && c != hearth.ERATELIMIT {
			return err
		}
		f := formFrom(r, err)
		f.Values.Del("password")
		return s.render(w, r, statusOf(hearth.ErrorCode(err)), "delete", &FormPage{SettingsPage: s.settingsPage(r, "delete.title", "delete"), Form: f})
	}
	a := hearth.AccountFromContext(r.Context())
	if err := s.store.DeleteAccount(r.Context(), a.ID); err != nil {
		return err
	}
	s.reveal.take(sessionOf(r.Context()).ID, revealCodes)
	s.endBrowser(w, r)
	return s.redirect(w, r, "/", "notice.deleted")
}

// setLanguage switches the interface language: for a member it is their
// setting; for a visitor, a cookie.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Supported(lang) {
		return hearth.FieldErrors{"lang": "error.language.invalid"}.Err()
	}
	if a := hearth.AccountFromContext(r.Context()); a != nil {
		if _, err := s.store.UpdateAccount(r.Context(), a.ID, hearth.AccountUpdate{Language: &lang}); err != nil {
			return err
		}
	}
	s.rememberLanguage(w, r, lang)
	return s.redirect(w, r, safeNext(r.PostForm.Get("return")), "")
}

// rememberLanguage keeps the chosen language in a cookie too, so that the
// browser still speaks it after the member signs out.
func (s *Server) rememberLanguage(w http.ResponseWriter, r *http.Request, lang string) {
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}
