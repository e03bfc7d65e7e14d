package hearth

import (
	"context"
	"time"
)

// Home is what a member's dashboard shows of their own things. Later
// features add theirs (clocks, today's check-in, shares).
type Home struct {
	// Groups are the member's groups, by name. Only what a link to a group
	// needs is read: their lists (Languages, Tags) are nil.
	Groups []*Group
	// Meetings are the meetings the member follows and may see, the next
	// to start first and inactive ones last.
	Meetings []MeetingResult
	// Clocks are the member's counts, oldest first, their names opened.
	Clocks []*Clock
	// WeekCheckIns counts the member's check-ins of the last week, today
	// included; LastCheckIn is the latest of them (zero when none).
	WeekCheckIns int
	LastCheckIn  Date
}

// HomeService reads a member's dashboard.
type HomeService interface {
	// Home reads the dashboard of the member in ctx, with the meetings'
	// next occurrences after now and the check-ins of the week to today
	// (the member's date). EUNAUTHORIZED without a member.
	Home(ctx context.Context, now time.Time, today Date) (*Home, error)
}
