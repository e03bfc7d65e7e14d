package hearth

import (
	"context"
	"time"
)

// Step work: a member works a recovery program (its steps are data, in
// package program), marks where they are, and writes in the worksheets
// that belong to each step. All of it is private: every field is sealed
// with the member's data key, and no one else reads any of it unless the
// member shares an item with a chosen person (StepShare).

// StepStatus is where a member is with one step.
type StepStatus int

// Step statuses. A member may go back: steps are revisited.
const (
	StepNotBegun StepStatus = iota
	StepBegun
	StepWithSponsor // worked through with their sponsor
	StepDone
)

// Valid reports whether the status is one of the four.
func (s StepStatus) Valid() bool { return s >= StepNotBegun && s <= StepDone }

// Key is the status's catalog key.
func (s StepStatus) Key() string {
	return [...]string{"steps.status.not_begun", "steps.status.begun", "steps.status.with_sponsor", "steps.status.done"}[s]
}

// StepProgress is where a member is with one step of a program, and a
// note of their own about it (sealed).
type StepProgress struct {
	AccountID int64
	Program   string
	Step      string
	Status    StepStatus
	Note      string
	// Version counts the changes; an update carrying an older one is
	// ECONFLICT (the form was stale: another tab saved first).
	Version   int
	UpdatedAt time.Time
}

// StepNoteMax bounds a progress note, in characters.
const StepNoteMax = 2_000

// StepEntry is one row of a worksheet (a resentment, a person on the
// amends list) or one dated entry (a nightly review). Fields holds the
// worksheet's fields by id; the program package checks them against the
// worksheet. The fields are sealed together with the member's key.
type StepEntry struct {
	ID        int64
	AccountID int64
	Program   string
	Worksheet string
	// Position orders a worksheet's rows (lowest first).
	Position int
	// On is the day of a dated entry (zero for rows).
	On        Date
	Fields    map[string]string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits on step work.
const (
	// StepEntryMax bounds an entry's fields together, in bytes.
	StepEntryMax = 160 << 10
	// StepEntriesMax bounds one worksheet's entries of a member.
	StepEntriesMax = 5_000
	// StepCommentMax bounds a comment, in characters.
	StepCommentMax = 2_000
)

// StepEntryFilter narrows a worksheet's entries: dated entries from From
// to To (zero for no bound).
type StepEntryFilter struct {
	From, To Date
}

// Kinds of shared step work.
const (
	ShareEntry     = "entry"     // one row or dated entry
	ShareWorksheet = "worksheet" // a whole worksheet, rows to come included
	ShareProgress  = "progress"  // where the member is with a program's steps
)

// StepShare is an item of a member's step work shared with one person.
type StepShare struct {
	ID          int64
	OwnerID     int64
	RecipientID int64
	Kind        string
	// EntryID for an entry; Program and Worksheet for a worksheet;
	// Program for progress (an entry's are filled in too).
	EntryID   int64
	Program   string
	Worksheet string
	CreatedAt time.Time
	// Owner and Recipient as anyone may see them.
	Owner, Recipient *Account
}

// SharedStepWork is a shared item as its recipient (or owner) reads it.
type SharedStepWork struct {
	Share    *StepShare
	Entries  []*StepEntry    // an entry's or a worksheet's
	Progress []*StepProgress // a program's
	Comments []*StepComment
}

// StepComment is a comment on a shared item, by its owner or recipient;
// only those two read it. It is sealed with the owner's key.
type StepComment struct {
	ID        int64
	ShareID   int64
	AuthorID  int64
	Author    *Account
	Body      string
	CreatedAt time.Time
}

// StepView is one look at a shared item by someone other than its owner.
// The record stays after the share is revoked.
type StepView struct {
	ShareID   int64
	Kind      string
	Program   string
	Worksheet string
	Viewer    *Account
	At        time.Time
}

// StepService keeps members' step work. Every method acts for the member
// in the context: EUNAUTHORIZED without one. Another member's entry is
// ENOTFOUND, whether it exists or not. No role (trusted servant, site
// admin) reads anyone's step work: only its owner, and the person an item
// is shared with, while it is.
type StepService interface {
	// ChooseProgram adds a program the actor works (several are allowed;
	// choosing one twice is no error).
	ChooseProgram(ctx context.Context, program string) error
	// StepPrograms lists the programs the actor chose, in the order chosen.
	StepPrograms(ctx context.Context) ([]string, error)
	// StepProgress lists where the actor is with a program's steps (steps
	// never marked are not listed). EINVALID for a program not chosen.
	StepProgress(ctx context.Context, program string) ([]*StepProgress, error)
	// SetStepProgress sets where the actor is with a step. p.Version is
	// the version the form was read at (0 for never set): ECONFLICT when
	// it has changed since. EINVALID.
	SetStepProgress(ctx context.Context, p *StepProgress) error
	// CreateStepEntry adds an entry to one of the actor's worksheets (a
	// row goes last). EINVALID for a program not chosen, too much text,
	// or too many entries.
	CreateStepEntry(ctx context.Context, e *StepEntry) error
	// UpdateStepEntry replaces an entry's fields (and day) when version
	// is still the stored one, and returns it as stored; ECONFLICT
	// otherwise (the caller shows both). EINVALID, ENOTFOUND.
	UpdateStepEntry(ctx context.Context, id int64, fields map[string]string, on Date, version int) (*StepEntry, error)
	// MoveStepEntry moves a row up (by -1) or down (by 1) its worksheet.
	// ENOTFOUND.
	MoveStepEntry(ctx context.Context, id int64, by int) error
	// DeleteStepEntry removes an entry (and its shares). ENOTFOUND.
	DeleteStepEntry(ctx context.Context, id int64) error
	// StepEntry returns one of the actor's entries. ENOTFOUND.
	StepEntry(ctx context.Context, id int64) (*StepEntry, error)
	// StepEntries lists the actor's entries of a worksheet: rows in their
	// order, dated entries latest first.
	StepEntries(ctx context.Context, program, worksheet string, f StepEntryFilter) ([]*StepEntry, error)

	// ShareStepWork shares an item with someone who may receive it (an
	// accountability partner, or the actor's sponsor):
	// ENOTFOUND for an entry not the actor's, EINVALID for a recipient
	// who may not receive it or a program not chosen, ECONFLICT if
	// already shared with them. It fills in ID and CreatedAt.
	ShareStepWork(ctx context.Context, sh *StepShare) error
	// StepShares lists what the actor shares, with whom.
	StepShares(ctx context.Context) ([]*StepShare, error)
	// StepSharesWithMe lists what others share with the actor.
	StepSharesWithMe(ctx context.Context) ([]*StepShare, error)
	// RevokeStepShare ends a share of the actor's at once. ENOTFOUND.
	RevokeStepShare(ctx context.Context, id int64) error
	// SharedStepWork reads a shared item, for its recipient (the view is
	// recorded) or its owner. ENOTFOUND for anyone else or a revoked
	// share.
	SharedStepWork(ctx context.Context, id int64) (*SharedStepWork, error)
	// CommentOnStepWork adds a comment to a shared item, by its owner or
	// recipient. EINVALID, ENOTFOUND.
	CommentOnStepWork(ctx context.Context, id int64, body string) (*StepComment, error)
	// StepViews lists who looked at the actor's shared items, latest
	// first.
	StepViews(ctx context.Context) ([]*StepView, error)
}
