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
}

// HomeService reads a member's dashboard.
type HomeService interface {
	// Home reads the dashboard of the member in ctx, with the meetings'
	// next occurrences after now. EUNAUTHORIZED without a member.
	Home(ctx context.Context, now time.Time) (*Home, error)
}
