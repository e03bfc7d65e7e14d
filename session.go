package hearth

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored.
type Session struct {
	ID        int64
	AccountID int64
	// Device is a coarse label such as "Firefox on Android", never the
	// full user agent and never an address.
	Device     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	// ExpiresAt is the absolute end; the idle end is LastSeenAt+idle.
	ExpiresAt time.Time
}

// SessionService keeps sessions.
type SessionService interface {
	// CreateSession stores s under tokenHash and fills in its ID.
	CreateSession(ctx context.Context, s *Session, tokenHash []byte) error
	// FindSession returns the live session with this token hash and its
	// account, without the account's private fields (Email is empty: it
	// is unsealed only by FindAccountByID, where a page needs it). A session idle since before idleSince or past its absolute
	// end is removed and ENOTFOUND is returned.
	FindSession(ctx context.Context, tokenHash []byte, now, idleSince time.Time) (*Session, *Account, error)
	// TouchSession records activity.
	TouchSession(ctx context.Context, id int64, now time.Time) error
	// ListSessions lists an account's sessions, newest activity first.
	ListSessions(ctx context.Context, accountID int64) ([]*Session, error)
	// DeleteSession ends one session of the account. ENOTFOUND.
	DeleteSession(ctx context.Context, accountID, id int64) error
	// DeleteSessions ends all of the account's sessions but except (0: all)
	// and revokes all of its access tokens, in one transaction.
	DeleteSessions(ctx context.Context, accountID, except int64) error
	// DeleteExpiredSessions removes sessions past either lifetime.
	DeleteExpiredSessions(ctx context.Context, now, idleSince time.Time) (int, error)
}

// AccessToken is a personal access token for the JSON API. Only the
// SHA-256 of the token is stored; the member sees the token once.
type AccessToken struct {
	ID         int64
	AccountID  int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero when never used; day-granular
}

// AccessTokenNameMax bounds a token's name, in characters.
const AccessTokenNameMax = 64

// AccessTokenService keeps personal access tokens.
type AccessTokenService interface {
	// CreateAccessToken stores t; EINVALID for a bad name.
	CreateAccessToken(ctx context.Context, t *AccessToken, tokenHash []byte) error
	// FindAccessToken returns the token and its account, or ENOTFOUND. It
	// records the day of use.
	FindAccessToken(ctx context.Context, tokenHash []byte, now time.Time) (*AccessToken, *Account, error)
	ListAccessTokens(ctx context.Context, accountID int64) ([]*AccessToken, error)
	// DeleteAccessToken revokes one of the account's tokens. ENOTFOUND.
	DeleteAccessToken(ctx context.Context, accountID, id int64) error
}
