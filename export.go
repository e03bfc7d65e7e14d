package hearth

import "time"

// ExportFormat names the version of the export document.
const ExportFormat = "hearth-export/1"

// Export is everything a member gave Hearth, as they download it. It
// never holds another member's private data. Each feature adds its part.
type Export struct {
	Format            string          `json:"format"`
	ExportedAt        time.Time       `json:"exported_at"`
	Account           ExportAccount   `json:"account"`
	RecoveryCodesLeft int             `json:"recovery_codes_left"`
	Sessions          []ExportSession `json:"sessions"`
	AccessTokens      []ExportToken   `json:"access_tokens"`
	Groups            []ExportGroup   `json:"groups"`
	Meetings          []ExportMeeting `json:"meetings"`
	// Journal is the member's journal, oldest entry first.
	Journal []ExportJournalEntry `json:"journal"`
}

// ExportAccount is the profile part of an export.
type ExportAccount struct {
	Handle      string    `json:"signin_name"`
	DisplayName string    `json:"display_name"`
	Pronouns    string    `json:"pronouns"`
	Language    string    `json:"language"`
	TimeZone    string    `json:"time_zone"`
	Country     string    `json:"country"`
	Email       string    `json:"email"`
	Role        Role      `json:"role"`
	CreatedAt   time.Time `json:"created_at"`
}

// ExportSession is one signed-in browser.
type ExportSession struct {
	Device     string    `json:"device"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

// ExportToken is one API token (its name and dates; never the token).
type ExportToken struct {
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedOn *time.Time `json:"last_used_on,omitempty"`
}

// ExportGroup is a group the member belongs to, or asked to join
// (Pending).
type ExportGroup struct {
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Role     string    `json:"role,omitempty"`
	Pending  bool      `json:"pending,omitempty"`
	JoinedAt time.Time `json:"joined_at,omitzero"`
}

// ExportMeeting is a meeting the member follows ("my meetings").
type ExportMeeting struct {
	Slug       string    `json:"slug"`
	Name       string    `json:"name"`
	Group      string    `json:"group"`
	FollowedAt time.Time `json:"followed_at"`
}

// ExportJournalEntry is one entry of the member's journal, opened.
type ExportJournalEntry struct {
	On        string    `json:"on"` // YYYY-MM-DD
	Title     string    `json:"title,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
