package hearth

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Role is a member's role on the whole site.
type Role string

const (
	RoleMember Role = "member"
	RoleAdmin  Role = "admin"
)

// Account is one member. Nothing in it names the person: the pseudonym is
// theirs to choose, and the sign-in name adds a number Hearth draws so that
// nobody can learn from sign-up which names are already in use.
type Account struct {
	ID int64
	// Handle is the sign-in name, e.g. "river.4821": lower case, unique.
	Handle      string
	DisplayName string
	Pronouns    string
	Language    string // "en" or "es"
	TimeZone    string // IANA name
	Country     string // ISO 3166-1 alpha-2, chooses crisis resources
	// Email is optional and private: it is sealed with the member's data key.
	Email     string
	Role      Role
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits on account fields, in characters.
const (
	PseudonymMin   = 2
	PseudonymMax   = 32
	DisplayNameMax = 64
	PronounsMax    = 32
	EmailMax       = 254
	PasswordMin    = 8
	PasswordMax    = 128
	HandleBaseMax  = 24
)

// Languages Hearth speaks, the first being the default.
var Languages = []string{"en", "es"}

// IsLanguage reports whether Hearth speaks lang.
func IsLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Validate checks the fields a member can change. It returns EINVALID with a
// catalog key per field at fault.
func (a *Account) Validate() error {
	f := FieldErrors{}
	n := utf8.RuneCountInString(a.DisplayName)
	switch {
	case strings.TrimSpace(a.DisplayName) == "":
		f.Add("display_name", "error.display_name.required")
	case n > DisplayNameMax || hasControl(a.DisplayName):
		f.Add("display_name", "error.display_name.invalid")
	}
	if utf8.RuneCountInString(a.Pronouns) > PronounsMax || hasControl(a.Pronouns) {
		f.Add("pronouns", "error.pronouns.invalid")
	}
	if !IsLanguage(a.Language) {
		f.Add("language", "error.language.invalid")
	}
	if a.TimeZone == "" || !ValidTimeZone(a.TimeZone) {
		f.Add("time_zone", "error.time_zone.invalid")
	}
	if a.Country != "" && !validCountry(a.Country) {
		f.Add("country", "error.country.invalid")
	}
	if a.Email != "" && !validEmail(a.Email) {
		f.Add("email", "error.email.invalid")
	}
	return f.Err()
}

// ValidTimeZone reports whether name is an IANA zone Go knows.
func ValidTimeZone(name string) bool {
	_, ok := loadZone(name)
	return ok
}

func validCountry(c string) bool {
	if len(c) != 2 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func validEmail(e string) bool {
	if len(e) > EmailMax || hasControl(e) || strings.ContainsAny(e, " <>,;\"") {
		return false
	}
	at := strings.LastIndexByte(e, '@')
	return at > 0 && at < len(e)-3 && strings.Contains(e[at+1:], ".")
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// CleanPseudonym trims and normalises a pseudonym as typed (NFC, single
// spaces) and checks it. The catalog key says what is wrong.
func CleanPseudonym(p string) (string, error) {
	p = strings.Join(strings.Fields(norm.NFC.String(p)), " ")
	f := FieldErrors{}
	n := utf8.RuneCountInString(p)
	switch {
	case n == 0:
		f.Add("pseudonym", "error.pseudonym.required")
	case n < PseudonymMin || n > PseudonymMax:
		f.Add("pseudonym", "error.pseudonym.length")
	case hasControl(p) || HandleBase(p) == "":
		f.Add("pseudonym", "error.pseudonym.chars")
	}
	return p, f.Err()
}

// HandleBase turns a pseudonym into the first part of a sign-in name: lower
// case letters and digits of any script, other runs folded into one "-".
func HandleBase(pseudonym string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKC.String(pseudonym) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if utf8.RuneCountInString(b.String()) >= HandleBaseMax {
			break
		}
	}
	return b.String()
}

// NormalizeHandle turns a sign-in name as typed into its stored form.
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimSpace(norm.NFKC.String(h)))
}

// CheckPassword applies Hearth's password rules: 8 to 128 characters, no
// composition rules, none of the most common passwords. It does not hash.
func CheckPassword(pw string, common func(string) bool) error {
	n := utf8.RuneCountInString(pw)
	f := FieldErrors{}
	switch {
	case n < PasswordMin:
		f.Add("password", "error.password.short")
	case n > PasswordMax:
		f.Add("password", "error.password.long")
	case common != nil && common(pw):
		f.Add("password", "error.password.common")
	}
	return f.Err()
}

// AccountUpdate holds the profile fields to change; nil means keep.
type AccountUpdate struct {
	DisplayName *string
	Pronouns    *string
	Language    *string
	TimeZone    *string
	Country     *string
	Email       *string
}

// Apply sets the non-nil fields of u on a.
func (u AccountUpdate) Apply(a *Account) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.DisplayName, u.DisplayName)
	set(&a.Pronouns, u.Pronouns)
	set(&a.Language, u.Language)
	set(&a.TimeZone, u.TimeZone)
	set(&a.Country, u.Country)
	set(&a.Email, u.Email)
}

// NewAccount is what sign-up stores: the account, its password hash and the
// hashes of its one-time recovery codes.
type NewAccount struct {
	Account        *Account
	PasswordHash   string
	RecoveryHashes [][]byte
}

// AccountService keeps accounts.
type AccountService interface {
	// CreateAccount stores a new account with a fresh data key; it fills in
	// ID and times. Returns ECONFLICT if the handle is taken, EINVALID if a
	// field is wrong.
	CreateAccount(ctx context.Context, n NewAccount) error
	// FindAccountByID returns ENOTFOUND if there is no such account.
	FindAccountByID(ctx context.Context, id int64) (*Account, error)
	// FindAccountByHandle returns the account and its password hash, or
	// ENOTFOUND.
	FindAccountByHandle(ctx context.Context, handle string) (*Account, string, error)
	// HandleTaken reports whether a sign-in name is in use.
	HandleTaken(ctx context.Context, handle string) (bool, error)
	// PasswordHash returns the stored hash, or ENOTFOUND.
	PasswordHash(ctx context.Context, id int64) (string, error)
	// UpdateAccount changes the profile. EINVALID, ENOTFOUND.
	UpdateAccount(ctx context.Context, id int64, u AccountUpdate) (*Account, error)
	// SetPassword stores a new password hash, ends every session of the
	// account except keepSession (0 ends all) and revokes every access
	// token, in one transaction. ENOTFOUND.
	SetPassword(ctx context.Context, id int64, hash string, keepSession int64) error
	// RehashPassword replaces the stored hash oldHash by newHash, a hash of
	// the same password with newer parameters; nothing is ended or revoked.
	// ENOTFOUND when the stored hash is no longer oldHash.
	RehashPassword(ctx context.Context, id int64, oldHash, newHash string) error
	// RedeemRecoveryCode spends an unused recovery code and sets a new
	// password, ending every session and revoking every access token, in
	// one transaction. Returns ENOTFOUND when the account has no such
	// unused code.
	RedeemRecoveryCode(ctx context.Context, id int64, codeHash []byte, passwordHash string) error
	// RecoveryCodesLeft counts the unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, id int64) (int, error)
	// ReplaceRecoveryCodes discards the old codes and stores new ones.
	ReplaceRecoveryCodes(ctx context.Context, id int64, hashes [][]byte) error
	// SetRole sets the site role of the account with this handle. ENOTFOUND.
	SetRole(ctx context.Context, handle string, role Role) error
	// DeleteAccount removes the account: its data key first (so whatever
	// is left anywhere can no longer be read), then every row that is its.
	DeleteAccount(ctx context.Context, id int64) error
	// CountAccounts counts the accounts (the demo fills only empty sites).
	CountAccounts(ctx context.Context) (int, error)
}
