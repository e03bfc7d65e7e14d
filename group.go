package hearth

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Visibility of a group in the directory.
const (
	GroupListed   = "listed"
	GroupUnlisted = "unlisted"
)

// Join policies.
const (
	JoinOpen     = "open"
	JoinApproval = "approval"
)

// Group roles, from least to most.
const (
	GroupMember  = "member"
	GroupServant = "servant" // trusted servant: secretary, moderator
	GroupOwner   = "owner"
)

// Group is a support group: the home of its meetings and its members.
type Group struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Program     string   // program code, e.g. "aa", "na", "smart"
	Languages   []string // BCP 47 tags, e.g. "en", "es"
	Tags        []string // inclusivity tags, e.g. "women", "lgbtq"
	TimeZone    string
	Visibility  string
	JoinPolicy  string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a URL-safe slug of at most 64 bytes.
func ValidSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// Validate checks a group before it is stored.
func (g *Group) Validate() error {
	f := FieldErrors{}
	if !ValidSlug(g.Slug) {
		f.Add("slug", "error.slug.invalid")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(g.Name)); n == 0 || n > 120 {
		f.Add("name", "error.group_name.invalid")
	}
	if utf8.RuneCountInString(g.Description) > 4000 {
		f.Add("description", "error.description.long")
	}
	if g.Program == "" {
		f.Add("program", "error.program.invalid")
	}
	if !ValidTimeZone(g.TimeZone) {
		f.Add("time_zone", "error.time_zone.invalid")
	}
	if g.Visibility != GroupListed && g.Visibility != GroupUnlisted {
		f.Add("visibility", "error.visibility.invalid")
	}
	if g.JoinPolicy != JoinOpen && g.JoinPolicy != JoinApproval {
		f.Add("join_policy", "error.join_policy.invalid")
	}
	return f.Err()
}

// GroupFilter narrows ListGroups. Zero values mean "any".
type GroupFilter struct {
	Program  string
	Language string
	Tag      string
	Query    string // free text over name and description
	Limit    int
	Offset   int
}

// Membership is an account's place in a group.
type Membership struct {
	GroupID   int64
	AccountID int64
	Role      string // GroupMember, GroupServant or GroupOwner
	// Pending marks a request to join a group that approves its members.
	Pending bool
	// Suspended marks a member a trusted servant has paused from posting.
	Suspended bool
	JoinedAt  time.Time
	// Name and Pronouns are the member's as others see them; filled in by
	// GroupMembers and PendingRequests.
	Name     string
	Pronouns string
}

// CanServe reports whether the role may edit the group and its meetings.
func CanServe(role string) bool { return role == GroupServant || role == GroupOwner }

// GroupService keeps groups.
type GroupService interface {
	// CreateGroup stores g with owner as its first member. ECONFLICT if the
	// slug is taken, EINVALID.
	CreateGroup(ctx context.Context, g *Group, owner int64) error
	// FindGroupBySlug returns ENOTFOUND.
	FindGroupBySlug(ctx context.Context, slug string) (*Group, error)
	// ListGroups lists listed groups by name.
	ListGroups(ctx context.Context, f GroupFilter) ([]*Group, error)
	// AddGroupMember makes the account a member with role, as an operator
	// does (no actor check). ENOTFOUND.
	AddGroupMember(ctx context.Context, groupID, accountID int64, role string) error
	// MyGroups lists the groups an account belongs to.
	MyGroups(ctx context.Context, accountID int64) ([]*Group, error)
}

// MembershipService keeps who belongs to which group and who serves it.
// Its methods act for the actor in ctx (AccountFromContext), and the store
// decides whether they may: a visitor (no actor) gets EUNAUTHORIZED where
// a signed-in member who may not gets EFORBIDDEN.
type MembershipService interface {
	// UpdateGroup changes the group's fields. EFORBIDDEN unless the actor
	// serves the group; EINVALID; ENOTFOUND.
	UpdateGroup(ctx context.Context, g *Group) error
	// Membership returns the actor's membership of a group, ENOTFOUND if
	// they have none (nor a pending request).
	Membership(ctx context.Context, groupID int64) (*Membership, error)
	// JoinGroup makes the actor a member of an open group, or records
	// their request to join a group that approves. EUNAUTHORIZED for a
	// visitor; ENOTFOUND.
	JoinGroup(ctx context.Context, groupID int64) (*Membership, error)
	// LeaveGroup ends the actor's membership or request. An owner who is
	// the last owner cannot leave: ECONFLICT. ENOTFOUND when there is
	// neither.
	LeaveGroup(ctx context.Context, groupID int64) error
	// GroupMembers lists the members, to members only: EFORBIDDEN for
	// anyone else (TRUST.md: member lists only to members).
	GroupMembers(ctx context.Context, groupID int64) ([]*Membership, error)
	// CountGroupMembers counts the members (pending requests aside), to
	// members only, as GroupMembers decides: a group's page says how
	// many there are without reading the list.
	CountGroupMembers(ctx context.Context, groupID int64) (int, error)
	// PendingRequests lists requests to join, oldest first, to those who
	// serve: EFORBIDDEN for anyone else.
	PendingRequests(ctx context.Context, groupID int64) ([]*Membership, error)
	// DecideRequest approves or declines a request. EFORBIDDEN unless the
	// actor serves the group; ENOTFOUND if there is no such request.
	DecideRequest(ctx context.Context, groupID, accountID int64, approve bool) error
	// SetGroupRole appoints or stands down a trusted servant, or passes
	// ownership on. EFORBIDDEN unless the actor owns the group; ENOTFOUND
	// unless the account is a member; ECONFLICT when it would leave the
	// group without an owner.
	SetGroupRole(ctx context.Context, groupID, accountID int64, role string) error
}
