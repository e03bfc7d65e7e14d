package hearth

import (
	"context"
	"strconv"
	"time"
)

// Event says that something happened that an open page may want to show at
// once: a new share in a group, a notification for a member. It carries
// identifiers only, never what anyone wrote: a page that receives one asks
// for the new thing over an ordinary, authorised request. So an event may
// cross between Hearth nodes (NATS) without carrying private content.
type Event struct {
	// ID orders the events of one EventService; the service sets it on
	// Publish. It is what a browser sends back as Last-Event-ID.
	ID int64
	// Topic is who may hear it: GroupTopic or AccountTopic.
	Topic string
	// Kind says what happened (EventShare, EventNotification, …).
	Kind string
	// Group and Subject identify the thing: the group and the share, reply
	// or notification (0 when not relevant).
	Group   int64
	Subject int64
	At      time.Time
}

// Event kinds.
const (
	EventShare        = "share"          // a share was posted or shown again in Group
	EventReply        = "reply"          // a reply was posted; Subject is the reply
	EventShareChanged = "share_change"   // a share or reply was edited, hidden or removed
	EventNotification = "notification"   // a notification for the topic's member; Subject is it
	EventMessage      = "message"        // a new message in conversation Subject
	EventMessageRead  = "message_read"   // the other member read conversation Subject
	EventReachOut     = "reach_out"      // someone reached out to the topic's member; Subject is it
	EventReachOutSeen = "reach_out_seen" // a recipient saw or answered the sender's reach-out Subject
)

// GroupTopic is the topic of a group's conversation: only its members may
// subscribe.
func GroupTopic(groupID int64) string { return "group." + strconv.FormatInt(groupID, 10) }

// AccountTopic is a member's own topic (notifications, messages): only they
// may subscribe.
func AccountTopic(accountID int64) string {
	return "account." + strconv.FormatInt(accountID, 10)
}

// EventService carries events between the parts of Hearth and, when
// configured with NATS, between Hearth nodes. Authorisation is the
// caller's: the service delivers whatever it is asked for.
type EventService interface {
	// Publish sets e.ID and e.At (when zero) and sends e to every
	// subscriber of e.Topic, on every node.
	Publish(ctx context.Context, e *Event) error
	// Subscribe delivers the events published on topics from now on. When
	// after is not 0 it first delivers, in order and once each, those
	// after that ID which the service still holds (a resume). The channel
	// closes when ctx is done or the service closes; a subscriber too slow
	// to keep up is dropped (its channel closes) rather than slowing
	// everyone.
	Subscribe(ctx context.Context, topics []string, after int64) (<-chan Event, error)
}
