package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/i18n"
	"hearth/ratelimit"
)

// recoveryCodeCount is how many one-time recovery codes a member gets.
const recoveryCodeCount = 10

const revealCodes = "recovery-codes"

// AuthPage is the sign-up, sign-in and recovery forms.
type AuthPage struct {
	Page
	Form *Form
	Next string
	// Draft is what the member was writing when their session ended,
	// carried through the sign-in form (see drafts.go).
	Draft *Draft
}

func (s *Server) signUpPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "signup", &AuthPage{Page: s.page(r, "signup.title", "signup"), Form: &Form{},
		Next: safeNext(r.URL.Query().Get("next"))})
}

// signUp makes an account from a pseudonym and a password. The answer never
// depends on which names exist: Hearth draws the number of the sign-in
// name, so nobody can probe for a name by signing up.
func (s *Server) signUp(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := parseForm(r); err != nil {
		return err
	}
	// Where the newcomer was going (a meeting they want to keep, say),
	// after the welcome page.
	next := safeNext(r.PostForm.Get("next"))
	pseudonym, err := hearth.CleanPseudonym(r.PostForm.Get("pseudonym"))
	fields := hearth.FieldErrors{}
	if err != nil {
		for k, v := range hearth.ErrorFields(err) {
			fields.Add(k, v)
		}
	}
	password := r.PostForm.Get("password")
	if err := hearth.CheckPassword(password, credential.IsCommon); err != nil {
		for k, v := range hearth.ErrorFields(err) {
			fields.Add(k, v)
		}
	}
	if err := fields.Err(); err != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "signup", &AuthPage{Page: s.page(r, "signup.title", "signup"), Form: formFrom(r, err), Next: next})
	}
	if err := s.limit(w, s.signUpClient, s.clientKey(r)); err != nil {
		return s.render(w, r, http.StatusTooManyRequests, "signup", &AuthPage{Page: s.page(r, "signup.title", "signup"), Form: formFrom(r, err), Next: next})
	}
	if err := s.limit(w, s.signUpName, hearth.HandleBase(pseudonym)); err != nil {
		return s.render(w, r, http.StatusTooManyRequests, "signup", &AuthPage{Page: s.page(r, "signup.title", "signup"), Form: formFrom(r, err), Next: next})
	}

	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	codes, codeHashes, err := newRecoveryCodes()
	if err != nil {
		return err
	}
	tz := r.PostForm.Get("time_zone")
	if !hearth.ValidTimeZone(tz) {
		tz = s.cfg.DefaultTimeZone
	}
	acct := &hearth.Account{
		DisplayName: pseudonym,
		Language:    langOf(ctx),
		TimeZone:    tz,
		Country:     s.cfg.DefaultCountry,
		Role:        hearth.RoleMember,
	}
	if err := s.createWithFreshHandle(ctx, acct, hearth.NewAccount{Account: acct, PasswordHash: hash, RecoveryHashes: codeHashes}); err != nil {
		return err
	}
	sess, err := s.startSession(w, r, acct.ID)
	if err != nil {
		return err
	}
	s.reveal.put(sess.ID, revealCodes, codes)
	if next != "/" {
		return s.redirect(w, r, "/welcome?next="+url.QueryEscape(next), "")
	}
	return s.redirect(w, r, "/welcome", "")
}

// createWithFreshHandle gives the account a sign-in name made of its
// pseudonym and a random number, drawing again on the rare collision.
func (s *Server) createWithFreshHandle(ctx context.Context, acct *hearth.Account, n hearth.NewAccount) error {
	base := hearth.HandleBase(acct.DisplayName)
	for attempt := 0; attempt < 20; attempt++ {
		digits := 4
		if attempt >= 10 {
			digits = 6
		}
		num, err := rand.Int(rand.Reader, big.NewInt(int64(pow10(digits))))
		if err != nil {
			return err
		}
		acct.Handle = fmt.Sprintf("%s.%0*d", base, digits, num.Int64())
		err = s.store.CreateAccount(ctx, n)
		if hearth.ErrorCode(err) != hearth.ECONFLICT {
			return err
		}
	}
	return hearth.Errorf(hearth.ECONFLICT, "error.signup_busy")
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

func newRecoveryCodes() ([]string, [][]byte, error) {
	codes, err := credential.NewRecoveryCodes(recoveryCodeCount)
	if err != nil {
		return nil, nil, err
	}
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = credential.HashRecoveryCode(c)
	}
	return codes, hashes, nil
}

// startSession signs the account in on this browser with a new token.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, accountID int64) (*hearth.Session, error) {
	token, hash, err := credential.NewToken("")
	if err != nil {
		return nil, err
	}
	now := s.now()
	sess := &hearth.Session{
		AccountID:  accountID,
		Device:     deviceLabel(r.UserAgent()),
		CreatedAt:  now,
		LastSeenAt: now,
		ExpiresAt:  now.Add(s.cfg.SessionMax),
	}
	if err := s.store.CreateSession(r.Context(), sess, hash); err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName(),
		Value:    token,
		Path:     "/",
		Expires:  sess.ExpiresAt,
		HttpOnly: true,
		Secure:   s.secure(r),
		SameSite: http.SameSiteLaxMode,
	})
	return sess, nil
}

// cookieName uses the __Host- prefix when Hearth is served over TLS, which
// binds the cookie to this exact host and path.
func (s *Server) cookieName() string {
	if s.cfg.BehindTLSProxy || s.cfg.TLS {
		return "__Host-hearth_session"
	}
	return "hearth_session"
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// deviceLabel turns a user agent into a coarse label for the sessions
// page: a browser family and a system, nothing that identifies.
func deviceLabel(ua string) string {
	browser := "browser"
	for _, b := range []struct{ needle, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"SamsungBrowser/", "Samsung Internet"},
		{"Chrome/", "Chrome"}, {"Chromium/", "Chromium"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.needle) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, o := range []struct{ needle, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.needle) {
			system = o.name
			break
		}
	}
	if system == "" {
		return browser
	}
	return browser + " · " + system
}

// WelcomePage shows a new member their sign-in name and recovery codes.
type WelcomePage struct {
	Page
	Handle string
	Codes  []string
	Next   string
}

func (s *Server) welcomePage(w http.ResponseWriter, r *http.Request) error {
	sess := sessionOf(r.Context())
	if sess == nil {
		return s.redirect(w, r, "/", "")
	}
	a := hearth.AccountFromContext(r.Context())
	return s.render(w, r, http.StatusOK, "welcome", &WelcomePage{
		Page:   s.page(r, "welcome.title", ""),
		Handle: a.Handle,
		Codes:  s.reveal.peek(sess.ID, revealCodes),
		Next:   safeNext(r.URL.Query().Get("next")),
	})
}

func (s *Server) welcomeDone(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if sess := sessionOf(r.Context()); sess != nil {
		s.reveal.take(sess.ID, revealCodes)
	}
	return s.redirect(w, r, safeNext(r.PostForm.Get("next")), "")
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "signin", &AuthPage{
		Page: s.page(r, "signin.title", "signin"),
		Form: &Form{},
		Next: safeNext(r.URL.Query().Get("next")),
	})
}

// errSignIn is the one answer to every failed sign-in, whether or not the
// name exists.
var errSignIn = &hearth.Error{Code: hearth.EUNAUTHORIZED, Message: "error.signin_failed"}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := parseForm(r); err != nil {
		return err
	}
	handle := hearth.NormalizeHandle(r.PostForm.Get("handle"))
	password := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	draft := s.draftOf(r.PostForm.Get(draftPrefix+"action"), r.PostForm, draftPrefix)
	again := func(status int, err error) error {
		f := formFrom(r, err)
		f.Values.Del("password")
		return s.render(w, r, status, "signin", &AuthPage{Page: s.page(r, "signin.title", "signin"), Form: f, Next: next, Draft: draft})
	}
	if handle == "" || password == "" || len(password) > 4*hearth.PasswordMax {
		return again(http.StatusUnauthorized, errSignIn)
	}
	if err := s.limit(w, s.signInClient, s.clientKey(r)); err != nil {
		return again(http.StatusTooManyRequests, err)
	}
	if err := s.limit(w, s.signInName, handle); err != nil {
		return again(http.StatusTooManyRequests, err)
	}
	acct, hash, err := s.store.FindAccountByHandle(ctx, handle)
	switch hearth.ErrorCode(err) {
	case "":
	case hearth.ENOTFOUND:
		if err := s.hasher.VerifyNobody(ctx, password); err != nil {
			return err
		}
		return again(http.StatusUnauthorized, errSignIn)
	default:
		return err
	}
	ok, rehash, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return err
	}
	if !ok {
		return again(http.StatusUnauthorized, errSignIn)
	}
	if rehash {
		// The same password, hashed anew: no session ends, no token is
		// revoked. A password changed meanwhile stays as it is.
		if h, err := s.hasher.Hash(ctx, password); err == nil {
			if err := s.store.RehashPassword(ctx, acct.ID, hash, h); err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
				s.log.Error("rehashing a password", "err", err)
			}
		}
	}
	if _, err := s.startSession(w, r, acct.ID); err != nil {
		return err
	}
	// A language chosen on this browser just before signing in is the
	// member's latest choice: it becomes their setting.
	if c, err := r.Cookie("lang"); err == nil && i18n.Supported(c.Value) && c.Value != acct.Language {
		if _, err := s.store.UpdateAccount(ctx, acct.ID, hearth.AccountUpdate{Language: &c.Value}); err != nil {
			return err
		}
		acct.Language = c.Value
	}
	if draft != nil {
		// A form the member may not use (another's conversation, say)
		// is not shown: the sign-in goes on as any other.
		switch err := s.draftPage(w, r, acct, draft); hearth.ErrorCode(err) {
		case hearth.ENOTFOUND, hearth.EFORBIDDEN:
		default:
			return err
		}
	}
	return s.redirect(w, r, next, "")
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if sess := sessionOf(r.Context()); sess != nil {
		if err := s.store.DeleteSession(r.Context(), sess.AccountID, sess.ID); err != nil && hearth.ErrorCode(err) != hearth.ENOTFOUND {
			return err
		}
	}
	s.endBrowser(w, r)
	return s.redirect(w, r, "/", "notice.signed_out")
}

// endBrowser forgets the session here and asks the browser to clear what it
// cached of the member's pages.
func (s *Server) endBrowser(w http.ResponseWriter, r *http.Request) {
	s.clearSessionCookie(w, r)
	w.Header().Set("Clear-Site-Data", `"cache", "storage"`)
}

func (s *Server) recoverPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "recover", &AuthPage{Page: s.page(r, "recover.title", "signin"), Form: &Form{}})
}

var errRecover = &hearth.Error{Code: hearth.EUNAUTHORIZED, Message: "error.recover_failed"}

// recoverAccount sets a new password with a one-time recovery code. It
// answers alike whether or not the name exists: the new password is
// hashed before the name is even looked up.
func (s *Server) recoverAccount(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := parseForm(r); err != nil {
		return err
	}
	handle := hearth.NormalizeHandle(r.PostForm.Get("handle"))
	code := r.PostForm.Get("code")
	password := r.PostForm.Get("password")
	again := func(status int, err error) error {
		f := formFrom(r, err)
		f.Values.Del("password")
		f.Values.Del("code")
		return s.render(w, r, status, "recover", &AuthPage{Page: s.page(r, "recover.title", "signin"), Form: f})
	}
	fields := hearth.FieldErrors{}
	if handle == "" {
		fields.Add("handle", "error.handle.required")
	}
	if strings.TrimSpace(code) == "" {
		fields.Add("code", "error.code.required")
	}
	if err := hearth.CheckPassword(password, credential.IsCommon); err != nil {
		fields.Add("password", hearth.ErrorFields(err)["password"])
	}
	if err := fields.Err(); err != nil {
		return again(http.StatusUnprocessableEntity, err)
	}
	if err := s.limit(w, s.signInClient, s.clientKey(r)); err != nil {
		return again(http.StatusTooManyRequests, err)
	}
	if err := s.limit(w, s.signInName, handle); err != nil {
		return again(http.StatusTooManyRequests, err)
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	acct, _, err := s.store.FindAccountByHandle(ctx, handle)
	switch hearth.ErrorCode(err) {
	case "":
	case hearth.ENOTFOUND:
		return again(http.StatusUnauthorized, errRecover)
	default:
		return err
	}
	err = s.store.RedeemRecoveryCode(ctx, acct.ID, credential.HashRecoveryCode(code), hash)
	switch hearth.ErrorCode(err) {
	case "":
	case hearth.ENOTFOUND:
		return again(http.StatusUnauthorized, errRecover)
	default:
		return err
	}
	return s.redirect(w, r, "/signin", "notice.recovered")
}

// clientKey is the client's address, for rate limits only.
func (s *Server) clientKey(r *http.Request) string {
	return ratelimit.ClientKey(r, s.cfg.TrustProxyHeaders)
}

// limit refuses when the key has used up its attempts, saying in a
// Retry-After header when to come back.
func (s *Server) limit(w http.ResponseWriter, l *ratelimit.Limiter, key string) error {
	if l.Allow(key) {
		return nil
	}
	wait := l.RetryAfter(key)
	w.Header().Set("Retry-After", fmt.Sprint(int(wait.Round(time.Second)/time.Second)+1))
	return hearth.Errorf(hearth.ERATELIMIT, "error.rate_limited")
}

// parseForm reads a submitted form. A body over the limit is refused as
// too large; anything else unreadable is a bad form.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooLarge):
		return hearth.Errorf(hearth.ETOOLARGE, "error.too_large")
	default:
		return hearth.Errorf(hearth.EINVALID, "error.form")
	}
}
