package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/i18n"
)

// maxBody bounds every request body; forms are far smaller.
const maxBody = 1 << 20

// bodyLimits are the paths that take more: uploads.
var bodyLimits = map[string]int64{
	"/admin/import": importMaxBody,
}

type reqKey int

const (
	sessionKey reqKey = iota
	langKey
	langSeenKey
)

// middleware wraps every request: panics become 500s, headers that keep a
// member safe are set, bodies are bounded, cross-origin writes refused,
// the session and the language are found.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, hearth.Errorf(hearth.EFORBIDDEN, "error.cross_origin"))
	}))
	h := cop.Handler(s.identify(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.quiet.noteRequest()
		seen := new(langSeen)
		r = r.WithContext(context.WithValue(r.Context(), langSeenKey, seen))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
				s.recovered(w, r, seen)
			}
		}()
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; font-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("X-Robots-Tag", "noindex, nofollow")
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Cross-Origin-Opener-Policy", "same-origin")
		hdr.Set("Cross-Origin-Resource-Policy", "same-origin")
		hdr.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self), interest-cohort=()")
		if s.secure(r) {
			hdr.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		limit := int64(maxBody)
		if n, ok := bodyLimits[r.URL.Path]; ok {
			limit = n
		}
		if r.ContentLength > limit {
			s.fail(w, r, hearth.Errorf(hearth.ETOOLARGE, "error.too_large"))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		h.ServeHTTP(w, r)
	})
}

// secure reports whether the request came over TLS.
func (s *Server) secure(r *http.Request) bool {
	return s.cfg.TLS || s.cfg.BehindTLSProxy || (r != nil && r.TLS != nil)
}

// identify finds the member behind a session cookie or an API token, and
// the language to speak.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r)
			return
		}
		var acct *hearth.Account
		// API tokens open the API only; pages need a browser session.
		if bearer, ok := bearerToken(r); ok && isAPI(r) {
			_, a, err := s.store.FindAccessToken(ctx, credential.HashToken(bearer), s.now())
			if err == nil {
				acct = a
			} else if hearth.ErrorCode(err) != hearth.ENOTFOUND {
				s.log.Error("finding an access token", "err", err)
			}
		} else if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
			now := s.now()
			sess, a, err := s.store.FindSession(ctx, credential.HashToken(c.Value), now, now.Add(-s.cfg.SessionIdle))
			switch {
			case err == nil:
				acct = a
				ctx = context.WithValue(ctx, sessionKey, sess)
				if now.Sub(sess.LastSeenAt) > time.Hour {
					if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
						s.log.Error("touching a session", "err", err)
					}
				}
			case hearth.ErrorCode(err) == hearth.ENOTFOUND:
				s.clearSessionCookie(w, r)
			case ctx.Err() != nil:
				// The client went away; nothing to report.
			default:
				s.log.Error("finding a session", "err", err)
			}
		}
		if acct != nil {
			ctx = hearth.NewContextWithAccount(ctx, acct)
		}
		lang := s.language(r, acct)
		if seen, ok := ctx.Value(langSeenKey).(*langSeen); ok {
			seen.lang = lang
		}
		ctx = context.WithValue(ctx, langKey, lang)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// language is the member's setting, else the visitor's choice, else
// what the browser asks for.
func (s *Server) language(r *http.Request, a *hearth.Account) string {
	if a != nil && i18n.Supported(a.Language) {
		return a.Language
	}
	if c, err := r.Cookie("lang"); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

func langOf(ctx context.Context) string {
	if l, ok := ctx.Value(langKey).(string); ok {
		return l
	}
	return i18n.Langs[0]
}

func sessionOf(ctx context.Context) *hearth.Session {
	s, _ := ctx.Value(sessionKey).(*hearth.Session)
	return s
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// endpoint adapts a route: it checks access, runs the handler, turns its
// error into a response, and counts the request.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		acct := hearth.AccountFromContext(r.Context())
		if acct != nil || rt.access == member || rt.access == admin {
			rec.Header().Set("Cache-Control", "no-store")
		}
		err := s.allow(rt, r, acct)
		if err == nil {
			err = rt.h(rec, r)
		}
		if err != nil {
			if errors.Is(err, errSentHome) {
				http.Redirect(rec, r, "/", http.StatusSeeOther)
			} else {
				s.fail(rec, r, err)
			}
		}
		s.metrics.observe(rt.name, r.Method, rec.status, time.Since(start))
	})
}

var errSentHome = errors.New("already signed in")

func (s *Server) allow(rt route, r *http.Request, a *hearth.Account) error {
	switch rt.access {
	case visitor:
		if a != nil && !isAPI(r) {
			return errSentHome
		}
	case member:
		if a == nil {
			return hearth.Errorf(hearth.EUNAUTHORIZED, "error.signin_needed")
		}
	case admin:
		if a == nil {
			return hearth.Errorf(hearth.EUNAUTHORIZED, "error.signin_needed")
		}
		if a.Role != hearth.RoleAdmin {
			return hearth.Errorf(hearth.EFORBIDDEN, "error.forbidden")
		}
	}
	return nil
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequestError never carries a token, password or private content: only the
// route pattern (never the path, which may hold a token), method and error.
//
// A request whose client went away is not Hearth's error: it is not
// logged, whatever failed after that (the database's driver may report a
// query cut short as "statement is closed", or a transaction rolled back
// under it, rather than as context.Canceled).
func (s *Server) logRequestError(r *http.Request, err error) {
	if r.Context().Err() != nil {
		return
	}
	s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
		slog.String("method", r.Method), slog.String("route", r.Pattern), slog.String("err", err.Error()))
}

// bearerToken returns the token of an "Authorization: Bearer" header; the
// scheme is case-insensitive (RFC 9110).
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}
