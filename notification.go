package hearth

import (
	"context"
	"time"
)

// Notification tells a member, inside Hearth, that something needs them.
// It names what happened and where, never the content: the text shown is
// generic, in the member's language, so that it is safe on a lock screen or
// in an email subject later.
type Notification struct {
	ID        int64
	AccountID int64
	Kind      string
	// Group and Subject point at the thing (a share, a reply, a report):
	// 0 when not relevant. The page that shows it checks access again.
	Group     int64
	Subject   int64
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Notification kinds. A member may turn each off (NotificationPrefs).
const (
	NotifyReply      = "reply"      // someone replied to the member's share
	NotifyReaction   = "reaction"   // someone reacted to the member's share or reply
	NotifyModeration = "moderation" // a trusted servant acted on what the member wrote
	NotifyReport     = "report"     // (trusted servants) a new report in their group's queue
	NotifyMessage    = "message"    // a new private message; Subject is the conversation
	NotifyReachOut   = "reach_out"  // someone asked for support now; Subject is the reach-out
	NotifyAnswered   = "answered"   // someone answered the member's reach-out; Subject is the conversation

	// Sponsorship. Kinds and texts name neither sponsorship nor recovery:
	// "Someone sent you a request".
	NotifySponsorRequest = "request"        // someone asked the member to guide them
	NotifySponsorAnswer  = "request_answer" // the member's request was answered
	NotifySponsorDue     = "check_in_due"   // an agreed check-in is due
	// NotifyReportClosed: the site admins closed a report the member made
	// (of a private message); Subject is the report.
	NotifyReportClosed = "report_closed"
)

// NotificationKinds lists the kinds a member can choose about, in the
// order settings show them. Reach-outs and their answers are not among
// them: a member who cannot take reach-outs for a while pauses them
// (ReachOutPlan.PausedUntil), and an answer always reaches its sender.
var NotificationKinds = []string{NotifyReply, NotifyReaction, NotifyModeration, NotifyReport, NotifyReportClosed,
	NotifyMessage, NotifySponsorRequest, NotifySponsorAnswer, NotifySponsorDue}

// NotificationService keeps a member's notifications. Every method acts
// for the member in the context (EUNAUTHORIZED without one).
type NotificationService interface {
	// Notifications lists the actor's latest notifications, newest first,
	// at most limit, before the one with ID before (0 for the newest).
	Notifications(ctx context.Context, before int64, limit int) ([]*Notification, error)
	// UnreadNotifications counts the actor's unread notifications.
	UnreadNotifications(ctx context.Context) (int, error)
	// MarkNotificationsRead marks the actor's notifications up to and
	// including upTo as read (0 for all of them).
	MarkNotificationsRead(ctx context.Context, upTo int64) error
	// NotificationPrefs says, for each kind, whether the actor wants it.
	NotificationPrefs(ctx context.Context) (map[string]bool, error)
	// SetNotificationPrefs sets them; a kind left out is unchanged.
	// EINVALID for an unknown kind.
	SetNotificationPrefs(ctx context.Context, prefs map[string]bool) error
}
