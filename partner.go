package hearth

import (
	"context"
	"time"
)

// Partnership joins two members as accountability partners: peers (not
// sponsors) who agreed to walk together. One invites the other by sign-in
// name; it is active once the other accepts. Each chooses what the other
// sees of them (Shares), never their notes.
type Partnership struct {
	ID int64
	// Inviter and Invitee are the two members; Me and Them say which is the
	// actor that read it.
	Inviter, Invitee int64
	Accepted         bool
	CreatedAt        time.Time
	AcceptedAt       time.Time
	// Mine is what the actor shares; Theirs what the other shares.
	Mine, Theirs Sharing
	// Them is the other member, as anyone may see them (display name,
	// sign-in name, pronouns); never their private fields.
	Them *Account
	// Invited says the actor is the one who was invited.
	Invited bool
	// NudgedMe is when the other last nudged the actor (zero for never).
	NudgedMe time.Time
}

// Sharing is what a member shares with a partner.
type Sharing struct {
	// Clocks shows their counts (those not kept to themselves).
	Clocks bool
	// CheckIns shows whether they checked in today and this week.
	CheckIns bool
	// Mood shows their mood over the last two weeks.
	Mood bool
	// Nudges lets the partner send a "thinking of you" nudge.
	Nudges bool
}

// DefaultSharing is what a member shares with a new partner until they
// choose: that they check in, and nudges. Counts and mood are opt-in.
var DefaultSharing = Sharing{CheckIns: true, Nudges: true}

// NudgeInterval is how often one partner may nudge the other.
const NudgeInterval = 12 * time.Hour

// PartnersMax bounds a member's partnerships, pending ones included.
const PartnersMax = 20

// PartnerStatus is what a partner sees of the other: what they share.
type PartnerStatus struct {
	Partnership
	// Clocks are the partner's counts they share (nil unless shared).
	Clocks []*Clock
	// CheckedInToday and WeekCheckIns, when check-ins are shared.
	CheckedInToday bool
	WeekCheckIns   int
	// Moods are the partner's moods of the last two weeks, earliest
	// first, when shared (0 for a day without a check-in).
	Moods []int
	// Nudged is when the actor last nudged them (zero for never).
	Nudged time.Time
	// HardDay is the day of their latest setback of the last week that
	// they chose to tell their partners about (zero for none): what
	// happened is never said.
	HardDay Date
}

// PartnerService keeps accountability partnerships. Every method acts
// for the member in the context (EUNAUTHORIZED without one); a
// partnership the actor is not in is ENOTFOUND.
type PartnerService interface {
	// InvitePartner invites the member with this sign-in name. ENOTFOUND
	// for no such member (or oneself), ECONFLICT when the two already
	// have a partnership or the actor has PartnersMax.
	InvitePartner(ctx context.Context, handle string) (*Partnership, error)
	// Partnerships lists the actor's partnerships: invitations to them
	// first, then active ones, then their own invitations.
	Partnerships(ctx context.Context) ([]*Partnership, error)
	// AnswerInvitation accepts or declines an invitation to the actor.
	// ENOTFOUND unless the actor is its invitee and it is pending.
	AnswerInvitation(ctx context.Context, id int64, accept bool) error
	// EndPartnership ends a partnership, or withdraws an invitation; either
	// member may.
	EndPartnership(ctx context.Context, id int64) error
	// SetSharing sets what the actor shares in a partnership.
	SetSharing(ctx context.Context, id int64, s Sharing) error
	// PartnerStatus is what the actor sees of an active partner at now
	// (their day is the day in their own time zone). ENOTFOUND for a
	// pending partnership.
	PartnerStatus(ctx context.Context, id int64, now time.Time) (*PartnerStatus, error)
	// Nudge tells an active partner the actor is thinking of them.
	// EFORBIDDEN when they turned nudges off, ERATELIMIT within
	// NudgeInterval of the last one.
	Nudge(ctx context.Context, id int64, now time.Time) error
}
