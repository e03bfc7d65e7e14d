package hearth

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Conversation is a private exchange of messages between two members.
// What they write is sealed with a key of the conversation's own, kept
// sealed once with each member's data key: each reads their copy with
// their own key, and erasing an account leaves the other's copy readable.
type Conversation struct {
	ID int64
	// With is the other member as anyone may see them; nil when they
	// erased their account ("a former member").
	With *Account
	// Unread counts the messages to the actor they have not read.
	Unread        int
	LastMessageAt time.Time // zero for none yet
	// TheyRead is when the other last read the conversation, when both
	// chose to share read receipts (zero otherwise).
	TheyRead time.Time
	// Closed says no more messages can be sent: one blocked the other, or
	// the other erased their account or their copy.
	Closed    bool
	CreatedAt time.Time
}

// Message is one message of a conversation.
type Message struct {
	ID             int64
	ConversationID int64
	// SenderID is 0 once the sender erased their account.
	SenderID  int64
	Mine      bool
	Body      string
	CreatedAt time.Time
}

// MessageMaxRunes bounds a message: long enough for a hard night's
// message, short of a document.
const MessageMaxRunes = 4000

// Validate checks a message's body.
func (m *Message) Validate() error {
	f := FieldErrors{}
	switch {
	case !utf8.ValidString(m.Body):
		f.Add("body", "error.message.body_invalid")
	case strings.TrimSpace(m.Body) == "":
		f.Add("body", "error.message.body_required")
	case utf8.RuneCountInString(m.Body) > MessageMaxRunes:
		f.Add("body", "error.message.body_too_long")
	}
	return f.Err()
}

// Who a member accepts messages from, besides their sponsor, sponsees and
// accountability partners, who may always write.
const (
	MessagesFromGroups      = "groups"      // also members of a group they belong to (the default)
	MessagesFromConnections = "connections" // only sponsor, sponsees and partners
)

// MessagePrefs are a member's choices about messages.
type MessagePrefs struct {
	From string
	// Receipts shares when the member read a conversation; each sees the
	// other's only when both share.
	Receipts bool
}

// DefaultMessagePrefs are a member's until they choose.
var DefaultMessagePrefs = MessagePrefs{From: MessagesFromGroups}

// MessageInterval is the least time between two messages of one member
// in one conversation, against floods (and a double tap sending twice).
const MessageInterval = 500 * time.Millisecond

// MessageService keeps private conversations. Every method acts for the
// member in the context (EUNAUTHORIZED without one); a conversation the
// actor is not in, or has erased, is ENOTFOUND.
type MessageService interface {
	// StartConversation returns the actor's conversation with a member,
	// opening it when there is none. ENOTFOUND for no such member (or
	// oneself); EFORBIDDEN when either does not accept messages from the
	// other (MessagePrefs) or one blocks the other.
	StartConversation(ctx context.Context, with int64) (*Conversation, error)
	// Conversations lists the actor's conversations, the latest message
	// first.
	Conversations(ctx context.Context) ([]*Conversation, error)
	// Conversation returns one of them.
	Conversation(ctx context.Context, id int64) (*Conversation, error)
	// Messages lists a conversation's messages before the one with ID
	// before (0 for the latest), at most limit, earliest first.
	Messages(ctx context.Context, conversationID, before int64, limit int) ([]*Message, error)
	// SendMessage sends a message. EINVALID for an empty or too long
	// body; EFORBIDDEN when the conversation is Closed; ERATELIMIT within
	// MessageInterval of the actor's last message in it.
	SendMessage(ctx context.Context, conversationID int64, body string) (*Message, error)
	// MarkConversationRead records that the actor read it to the end.
	MarkConversationRead(ctx context.Context, id int64) error
	// EraseConversation removes the actor's copy; the other keeps theirs
	// (closed) until they erase it too, and then nothing is left.
	EraseConversation(ctx context.Context, id int64) error
	MessagePrefs(ctx context.Context) (MessagePrefs, error)
	// SetMessagePrefs: EINVALID for an unknown From.
	SetMessagePrefs(ctx context.Context, p MessagePrefs) error
}
