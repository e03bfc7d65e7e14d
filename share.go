package hearth

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Share is what a member posts in a group (a share, a question, a
// milestone, a gratitude), or a reply in its thread (ParentID set). Shares
// are the group's: only its members read them.
type Share struct {
	ID        int64
	GroupID   int64
	GroupSlug string
	ParentID  int64 // the share a reply answers; 0 for a share
	// AuthorID and AuthorName are who wrote it, as the reader may know:
	// 0 and "" when it was posted as "a member of this group" and the
	// reader is neither its author nor one who serves the group (nor a
	// site admin).
	AuthorID   int64
	AuthorName string
	// Anonymous: posted as "a member of this group".
	Anonymous bool
	Kind      string // ShareKinds; replies are ShareReply
	Title     string
	// Body is Markdown as written (cleaned: see package markdown); HTML
	// is it rendered and sanitised, by the store when it is written, so
	// that no page renders Markdown again.
	Body string
	HTML string
	// Warning is a content warning (Warnings), "" for none: the body is
	// collapsed until the reader opens it.
	Warning string
	Status  string // ShareVisible, SharePending, ShareHidden, ShareRemoved
	// Reason is why a trusted servant hid or removed it (ReportReasons),
	// shown to its author.
	Reason    string
	CreatedAt time.Time
	EditedAt  time.Time // zero unless edited
	Replies   int       // visible replies to a share
	// Reactions counts each kind, for the author's eyes only: nil for
	// anyone else.
	Reactions map[string]int
	// Mine lists the reader's own reactions.
	Mine []string
	// Own: the reader wrote it. Moderate: the reader serves its group or
	// is a site admin.
	Own      bool
	Moderate bool
}

// Share kinds.
const (
	ShareShare     = "share"
	ShareQuestion  = "question"
	ShareMilestone = "milestone"
	ShareGratitude = "gratitude"
	ShareReply     = "reply"
)

// ShareKinds are the kinds a member may choose, in the order forms offer.
var ShareKinds = []string{ShareShare, ShareQuestion, ShareMilestone, ShareGratitude}

// Warnings are the content warnings a member may put on a share.
var Warnings = []string{"relapse", "trauma", "grief", "self-harm", "substance-use", "other"}

// Share statuses.
const (
	ShareVisible = "visible"
	SharePending = "pending" // waiting for a trusted servant (pre-moderation)
	ShareHidden  = "hidden"  // hidden by a trusted servant; may be restored
	ShareRemoved = "removed" // removed by a trusted servant, with a reason
)

// Reactions are the supportive answers a member may give; they are
// counted for the author only, never ranked.
var Reactions = []string{"heard", "me-too", "thank-you", "strength"}

// Limits on shares.
const (
	ShareTitleMax = 140 // characters
	// SharePageMax is the most shares one call lists.
	SharePageMax = 50
)

// AuthorHidden reports whether the reader may not know who wrote it:
// posted as a member of the group by someone else, read by one who does
// not moderate the group (the store leaves its author out for them).
func (s *Share) AuthorHidden() bool { return s.Anonymous && !s.Own && !s.Moderate }

// Validate checks a share or reply before the store cleans its body. It
// trims the title.
func (s *Share) Validate() error {
	errs := FieldErrors{}
	if s.ParentID != 0 {
		s.Kind, s.Title, s.Warning = ShareReply, "", strings.TrimSpace(s.Warning)
	} else if !slices.Contains(ShareKinds, s.Kind) {
		errs.Add("kind", "error.share.kind")
	}
	s.Title = strings.TrimSpace(strings.ToValidUTF8(s.Title, "\uFFFD"))
	if utf8.RuneCountInString(s.Title) > ShareTitleMax {
		errs.Add("title", "error.share.title_long")
	}
	if s.Warning != "" && !slices.Contains(Warnings, s.Warning) {
		errs.Add("warning", "error.share.warning")
	}
	if strings.TrimSpace(s.Body) == "" {
		errs.Add("body", "error.share.body_required")
	}
	return errs.Err()
}

// ShareFilter pages a group's shares: newest first, before the share
// with ID Before (0 for the newest).
type ShareFilter struct {
	Before int64
	Limit  int
}

// Report is a member's word to trusted servants (or, for what belongs to
// no group, site admins) that something is wrong. The reporter is never
// shown to the member reported.
// GroupQueue is a group's queue as the site admins' overview shows it.
type GroupQueue struct {
	GroupID    int64
	Slug, Name string
	Open       int // open reports
	AtRisk     int // of them, at risk
}

// GroupQueuesMax bounds the groups GroupQueues lists.
const GroupQueuesMax = 200

type Report struct {
	ID         int64
	TargetKind string // ReportShare, ReportReply, ReportMember, ReportStrategy
	TargetID   int64  // the share, reply, account or strategy
	GroupID    int64  // 0 for what belongs to no group (strategies): the site queue
	Reason     string // ReportReasons
	Note       string
	ReporterID int64 // 0 when the reader may not know
	Status     string
	CreatedAt  time.Time
	// Excerpt and AuthorName describe the target for the queue.
	Excerpt    string
	AuthorName string
	// TargetStatus is, for the queue, a share's or reply's status, or a
	// member's standing in the group: "member", "suspended", or "" when
	// they are no longer in it.
	TargetStatus string
	// ShareID is the share whose thread holds the target (itself for a
	// share), 0 for other kinds.
	ShareID int64
}

// Report target kinds.
const (
	ReportShare    = "share"
	ReportReply    = "reply"
	ReportMember   = "member"
	ReportStrategy = "strategy"
)

// ReportReasons, at-risk first: an at-risk report goes to the top of the
// queue.
var ReportReasons = []string{"at-risk", "harassment", "identity", "spam", "other"}

// Report statuses.
const (
	ReportOpen     = "open"
	ReportResolved = "resolved"
)

// ReportNoteMax bounds a report's note, in characters.
const ReportNoteMax = 1000

// Validate checks a report.
func (r *Report) Validate() error {
	errs := FieldErrors{}
	if !slices.Contains([]string{ReportShare, ReportReply, ReportMember, ReportStrategy}, r.TargetKind) {
		errs.Add("target", "error.report.target")
	}
	r.Note = checkReportWords(errs, r.Reason, r.Note)
	return errs.Err()
}

// Moderation actions.
const (
	ModHide    = "hide"
	ModRestore = "restore"
	ModRemove  = "remove"
	ModDismiss = "dismiss" // a report closed with nothing done
	ModSuspend = "suspend"
)

// ModerationEntry is one line of the audit log: who did what to what, and
// why. Trusted servants of the group and site admins read it.
type ModerationEntry struct {
	ID         int64
	GroupID    int64
	ActorName  string
	Action     string
	TargetKind string
	TargetID   int64
	Reason     string
	At         time.Time
}

// ShareService keeps shares, replies and reactions. Every method acts for
// the actor in ctx: EUNAUTHORIZED without one. Who may read a share is
// decided in one place (the store's canReadShare): members of its group
// read what is visible and not written by someone they block or who
// blocks them; its author also reads it while pending, hidden or removed;
// those who serve the group and site admins read everything. A share the
// actor may not read is ENOTFOUND.
type ShareService interface {
	// GroupShares lists a group's shares, newest first. EFORBIDDEN
	// unless the actor is a member (or a site admin); ENOTFOUND.
	GroupShares(ctx context.Context, groupID int64, f ShareFilter) ([]*Share, error)
	// FindShare returns a share or reply. ENOTFOUND.
	FindShare(ctx context.Context, id int64) (*Share, error)
	// ShareReplies lists a share's replies, oldest first. ENOTFOUND.
	ShareReplies(ctx context.Context, shareID int64) ([]*Share, error)
	// CreateShare posts s (a reply when s.ParentID is set) as the actor,
	// setting its ID, status and times. EFORBIDDEN unless the actor is a
	// member of the group, not suspended; EINVALID.
	CreateShare(ctx context.Context, s *Share) error
	// EditShare changes its author's share or reply (title, body,
	// warning, kind), keeping what it said before. ENOTFOUND for anyone
	// else; EINVALID.
	EditShare(ctx context.Context, s *Share) error
	// ShareHistory lists what an edited share said before, newest first,
	// to its author and to those who moderate it. ENOTFOUND.
	ShareHistory(ctx context.Context, id int64) ([]*Share, error)
	// DeleteShare deletes its author's share or reply and its replies.
	// ENOTFOUND for anyone else.
	DeleteShare(ctx context.Context, id int64) error
	// React adds (on) or takes back the actor's reaction to a share or
	// reply they may read. EINVALID for an unknown kind; ENOTFOUND.
	React(ctx context.Context, id int64, kind string, on bool) error
}

// ModerationService keeps reports, blocks and what trusted servants do.
type ModerationService interface {
	// FileReport records r from the actor. EINVALID; ENOTFOUND when the
	// actor may not see the target.
	FileReport(ctx context.Context, r *Report) error
	// Reports lists a group's open reports, at-risk first then oldest,
	// to those who serve it and site admins: EFORBIDDEN otherwise.
	// groupID 0 is the site queue (what belongs to no group), for site
	// admins only.
	Reports(ctx context.Context, groupID int64) ([]*Report, error)
	// GroupQueues lists the groups with open reports, those with at-risk
	// reports first, then the most; for site admins, who act across
	// groups (EFORBIDDEN for anyone else). At most GroupQueuesMax.
	GroupQueues(ctx context.Context) ([]*GroupQueue, error)
	// Moderate hides, restores or removes a share or reply, with a
	// reason (ReportReasons) for hide and remove; its open reports are
	// resolved and the author told. EFORBIDDEN unless the actor serves
	// its group or is a site admin; EINVALID; ENOTFOUND.
	Moderate(ctx context.Context, shareID int64, action, reason string) error
	// DismissReport closes a report with nothing done. EFORBIDDEN;
	// ENOTFOUND.
	DismissReport(ctx context.Context, reportID int64) error
	// PendingShares lists the shares held for a trusted servant (the
	// group pre-moderates new members' first shares), oldest first; a
	// servant approves one with Moderate(restore). EFORBIDDEN.
	PendingShares(ctx context.Context, groupID int64) ([]*Share, error)
	// Premoderated says whether the group holds new members' first
	// shares. EFORBIDDEN unless the actor moderates the group.
	Premoderated(ctx context.Context, groupID int64) (bool, error)
	// SetPremoderation turns that holding on or off. EFORBIDDEN unless
	// the actor serves the group.
	SetPremoderation(ctx context.Context, groupID int64, on bool) error
	// SuspendMember stops (on) or lets again a member post in the group;
	// suspending resolves the open reports about them in the group.
	// EFORBIDDEN unless the actor serves it or is a site admin; ENOTFOUND
	// unless the account is a member; ECONFLICT for one who serves.
	SuspendMember(ctx context.Context, groupID, accountID int64, on bool) error
	// ModerationLog lists a group's moderation actions, newest first, to
	// those who serve it and site admins: EFORBIDDEN otherwise.
	ModerationLog(ctx context.Context, groupID int64) ([]*ModerationEntry, error)
	// Block makes the account disappear for the actor, and the actor for
	// them. EINVALID to block oneself; ENOTFOUND.
	Block(ctx context.Context, accountID int64) error
	// BlockAuthor blocks the author of a share the actor can read.
	// EFORBIDDEN when the actor may not know who wrote it (AuthorHidden):
	// a block is listed by name and hides all of that person's shares,
	// so it would tell them. EINVALID for one's own; ENOTFOUND.
	BlockAuthor(ctx context.Context, shareID int64) error
	// Unblock ends the actor's block of the account.
	Unblock(ctx context.Context, accountID int64) error
	// Blocked reports whether a blocks b or b blocks a, for any feature
	// that lets one member reach another.
	Blocked(ctx context.Context, a, b int64) (bool, error)
}

// Muted words: a member's list of words that fold away, for them only,
// the shares and replies that hold one (as a content note does).
const (
	MutedWordsMax     = 50
	MutedWordRunesMax = 60
)

// CleanMutedWords trims, lower-cases and de-duplicates a list of muted
// words (or phrases), dropping empty ones; EINVALID when there are too
// many or one is too long.
func CleanMutedWords(words []string) ([]string, error) {
	var out []string
	for _, w := range words {
		w = strings.ToLower(strings.Join(strings.Fields(w), " "))
		switch {
		case w == "" || slices.Contains(out, w):
			continue
		case !utf8.ValidString(w) || utf8.RuneCountInString(w) > MutedWordRunesMax:
			return nil, FieldErrors{"words": "error.muted.too_long"}.Err()
		}
		out = append(out, w)
	}
	if len(out) > MutedWordsMax {
		return nil, FieldErrors{"words": "error.muted.too_many"}.Err()
	}
	return out, nil
}

// MutedWordService keeps what a member keeps away from themselves: muted
// words, and the members they block. Every method acts for the member in
// the context (EUNAUTHORIZED without one).
type MutedWordService interface {
	MutedWords(ctx context.Context) ([]string, error)
	// SetMutedWords replaces the list (see CleanMutedWords).
	SetMutedWords(ctx context.Context, words []string) error
	// BlockedMembers lists the members the actor blocks, as anyone may
	// see them, by sign-in name.
	BlockedMembers(ctx context.Context) ([]*Account, error)
}
