package hearth

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// ReachOutPlan is who receives a member's "I need support now", and in
// what words, chosen beforehand, so that in a hard moment one tap is
// enough.
type ReachOutPlan struct {
	// Partners sends it to every active accountability partner.
	Partners bool
	// Sponsor sends it to the member's sponsors.
	Sponsor bool
	// Groups are groups of the member's whose trusted servants receive it.
	Groups []int64
	// Words are the member's own (sealed); empty for Hearth's default.
	Words string
	// PausedUntil is when the member takes others' reach-outs again
	// (zero: they do).
	PausedUntil time.Time
}

// ReachOutWordsMax bounds the words of a reach-out.
const ReachOutWordsMax = 500

// DefaultReachOutPlan is a member's plan until they choose: their
// partners and sponsor.
var DefaultReachOutPlan = ReachOutPlan{Partners: true, Sponsor: true}

// Validate checks the plan's words.
func (p *ReachOutPlan) Validate() error {
	p.Words = strings.TrimSpace(p.Words)
	f := FieldErrors{}
	switch {
	case !utf8.ValidString(p.Words):
		f.Add("words", "error.reach_out.words_invalid")
	case utf8.RuneCountInString(p.Words) > ReachOutWordsMax:
		f.Add("words", "error.reach_out.words_too_long")
	}
	return f.Err()
}

// ReachOut is one "I need support now".
type ReachOut struct {
	ID int64
	// Sender is the member who reached out, as anyone may see them (nil
	// for the sender themselves).
	Sender *Account
	// Words are as the sender chose them ("" for Hearth's default).
	Words     string
	CreatedAt time.Time
	// Recipients, for the sender: who received it, who saw it, who
	// answered. For a recipient, only themselves.
	Recipients []*ReachOutRecipient
}

// ReachOutRecipient is one member who received a reach-out.
type ReachOutRecipient struct {
	Account    *Account
	SeenAt     time.Time
	AnsweredAt time.Time
}

// ReachOutInterval is the least time between two reach-outs of one
// member: the people they chose have been told, and a second tap in a
// panic must not alarm them twice.
const ReachOutInterval = 5 * time.Minute

// ReachOutRecent is how long a reach-out is shown to those who received it.
const ReachOutRecent = 7 * 24 * time.Hour

// ReachOutService keeps reach-outs. Every method acts for the member in
// the context (EUNAUTHORIZED without one); a reach-out the actor neither
// sent nor received is ENOTFOUND.
type ReachOutService interface {
	ReachOutPlan(ctx context.Context) (*ReachOutPlan, error)
	// SetReachOutPlan: EINVALID for words too long, ENOTFOUND for a group
	// the actor is not in.
	SetReachOutPlan(ctx context.Context, p *ReachOutPlan) error
	// ReachOut sends the actor's reach-out to everyone their plan names
	// (but those who paused receiving or are blocked). ERATELIMIT within
	// ReachOutInterval of the last one, which it returns with the error.
	ReachOut(ctx context.Context) (*ReachOut, error)
	// MyReachOuts lists the actor's own of the last ReachOutRecent, the
	// latest first, with who saw and answered.
	MyReachOuts(ctx context.Context) ([]*ReachOut, error)
	// ReachOutsToMe lists those the actor received in the last
	// ReachOutRecent, the latest first.
	ReachOutsToMe(ctx context.Context) ([]*ReachOut, error)
	// SeeReachOut returns one the actor received, and records that they
	// saw it.
	SeeReachOut(ctx context.Context, id int64) (*ReachOut, error)
	// AnswerReachOut answers "I'm here — message me": the sender is told,
	// and the two have a conversation (whatever their message choices,
	// unless one blocks the other: EFORBIDDEN), which it returns.
	AnswerReachOut(ctx context.Context, id int64) (*Conversation, error)
}
