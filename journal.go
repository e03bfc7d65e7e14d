package hearth

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// JournalEntry is a page of a member's journal: what they wrote on a day.
// Only the member ever reads it.
type JournalEntry struct {
	ID        int64
	AccountID int64
	// On is the day the entry is about, in the member's time zone.
	On Date
	// Title (optional) and Body are private: sealed with the member's
	// data key.
	Title     string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits on journal entries.
const (
	JournalTitleMax = 200    // characters
	JournalBodyMax  = 20_000 // characters
	// JournalPageMax is the most entries one call lists.
	JournalPageMax = 100
	// JournalQueryMax bounds a search as typed, in characters.
	JournalQueryMax = 200
)

// Validate checks an entry written by a member whose today is today. It
// trims the title; the body is kept as written (its line breaks are the
// member's), but must hold more than spaces. Bytes that are not UTF-8
// become U+FFFD.
func (j *JournalEntry) Validate(today Date) error {
	errs := FieldErrors{}
	switch {
	case j.On.IsZero():
		errs["on"] = "error.journal.date_required"
	case j.On.After(today):
		errs["on"] = "error.journal.date_future"
	case j.On.Before(EarliestStart):
		errs["on"] = "error.journal.date_early"
	}
	j.Title = strings.TrimSpace(strings.ToValidUTF8(j.Title, "\uFFFD"))
	if utf8.RuneCountInString(j.Title) > JournalTitleMax {
		errs["title"] = "error.journal.title_long"
	}
	j.Body = strings.TrimRight(strings.ToValidUTF8(j.Body, "\uFFFD"), " \t\r\n")
	switch {
	case strings.TrimSpace(j.Body) == "":
		errs["body"] = "error.journal.body_required"
	case utf8.RuneCountInString(j.Body) > JournalBodyMax:
		errs["body"] = "error.journal.body_long"
	}
	return errs.Err()
}

// JournalUpdate changes an entry; nil fields stay as they are.
type JournalUpdate struct {
	On    *Date
	Title *string
	Body  *string
}

// Apply sets the update's fields on j.
func (u JournalUpdate) Apply(j *JournalEntry) {
	set(&j.On, u.On)
	set(&j.Title, u.Title)
	set(&j.Body, u.Body)
}

// JournalPage asks for a page of entries: Limit of them (1 to
// JournalPageMax; 0 means 20) after skipping Offset.
type JournalPage struct {
	Offset int
	Limit  int
}

// Normal returns the page with its limit in bounds.
func (p JournalPage) Normal() JournalPage {
	switch {
	case p.Limit <= 0:
		p.Limit = 20
	case p.Limit > JournalPageMax:
		p.Limit = JournalPageMax
	}
	p.Offset = max(0, p.Offset)
	return p
}

// JournalService keeps members' journals. Every method acts for the
// member in the context: EUNAUTHORIZED without one, and an entry of
// another member is ENOTFOUND (whether it exists is not said). Entries
// are listed latest first: by day, then by when they were written.
type JournalService interface {
	// CreateEntry stores a new entry of the actor, who is on today; it
	// fills in ID, AccountID and times. EINVALID.
	CreateEntry(ctx context.Context, j *JournalEntry, today Date) error
	// UpdateEntry changes one of the actor's entries and returns it as
	// stored. EINVALID, ENOTFOUND.
	UpdateEntry(ctx context.Context, id int64, u JournalUpdate, today Date) (*JournalEntry, error)
	// DeleteEntry removes one of the actor's entries. ENOTFOUND.
	DeleteEntry(ctx context.Context, id int64) error
	// Entry returns one of the actor's entries. ENOTFOUND.
	Entry(ctx context.Context, id int64) (*JournalEntry, error)
	// Entries lists a page of the actor's entries, latest first; more
	// says whether entries follow the page.
	Entries(ctx context.Context, p JournalPage) (list []*JournalEntry, more bool, err error)
	// SearchEntries lists a page of the actor's entries whose title or
	// body holds every word of query, latest first. Words match the
	// start of words, whatever their case and accents ("llamo" finds
	// "Llamó"). A query with no words is EINVALID.
	SearchEntries(ctx context.Context, query string, p JournalPage) (list []*JournalEntry, more bool, err error)
}
