package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hearth"
)

// The API of messages and reach-outs.

// APIConversation is a conversation; With is null for a former member.
type APIConversation struct {
	ID            int64      `json:"id"`
	With          *APIMember `json:"with"`
	Unread        int        `json:"unread"`
	Closed        bool       `json:"closed"`
	LastMessageAt *time.Time `json:"last_message_at"`
	TheyRead      *time.Time `json:"they_read"`
	CreatedAt     time.Time  `json:"created_at"`
	// Messages, when asked for one conversation: the latest, earliest
	// first.
	Messages []APIMessage `json:"messages,omitempty"`
}

// APIMessage is one message.
type APIMessage struct {
	ID        int64     `json:"id"`
	Mine      bool      `json:"mine"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	// Support is in the answer to sending it only.
	Support *APISupport `json:"support,omitempty"`
}

// optTime is t for JSON, null when zero.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func apiConversation(c *hearth.Conversation) APIConversation {
	return APIConversation{ID: c.ID, With: apiMember(c.With), Unread: c.Unread, Closed: c.Closed,
		LastMessageAt: optTime(c.LastMessageAt), TheyRead: optTime(c.TheyRead), CreatedAt: c.CreatedAt.UTC()}
}

func apiMessage(m *hearth.Message) APIMessage {
	return APIMessage{ID: m.ID, Mine: m.Mine, Body: m.Body, CreatedAt: m.CreatedAt.UTC()}
}

func (s *Server) apiConversations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Conversations(r.Context())
	if err != nil {
		return err
	}
	out := struct {
		Conversations []APIConversation `json:"conversations"`
	}{[]APIConversation{}}
	for _, c := range list {
		out.Conversations = append(out.Conversations, apiConversation(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiStartConversation(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		With string `json:"with"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	them, _, err := s.store.FindAccountByHandle(r.Context(), strings.TrimSpace(in.With))
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return hearth.FieldErrors{"with": "error.message.no_such_member"}.Err()
	}
	if err != nil {
		return err
	}
	c, err := s.store.StartConversation(r.Context(), them.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/me/conversations/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, apiConversation(c))
}

func (s *Server) apiGetConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		return err
	}
	list, err := s.store.Messages(r.Context(), id, before, conversationPageSize)
	if err != nil {
		return err
	}
	out := apiConversation(c)
	out.Messages = []APIMessage{}
	for _, m := range list {
		out.Messages = append(out.Messages, apiMessage(m))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSendMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.store.SendMessage(r.Context(), id, in.Body)
	if err != nil {
		return err
	}
	out := apiMessage(m)
	out.Support = apiSupport(r, in.Body)
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiReadConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.MarkConversationRead(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) apiEraseConversation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.EraseConversation(r.Context(), id); err != nil {
		return err
	}
	return noContent(w)
}

// APIMessagePrefs are a member's choices about messages.
type APIMessagePrefs struct {
	From     string `json:"from"`
	Receipts bool   `json:"receipts"`
}

func (s *Server) apiMessagePrefs(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.MessagePrefs(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, APIMessagePrefs{From: p.From, Receipts: p.Receipts})
}

func (s *Server) apiSetMessagePrefs(w http.ResponseWriter, r *http.Request) error {
	var in APIMessagePrefs
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetMessagePrefs(r.Context(), hearth.MessagePrefs{From: in.From, Receipts: in.Receipts}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

// APIReachOutPlan is who receives the member's reach-out, and the words.
type APIReachOutPlan struct {
	Partners    bool       `json:"partners"`
	Sponsor     bool       `json:"sponsor"`
	Groups      []int64    `json:"groups"`
	Words       string     `json:"words"`
	PausedUntil *time.Time `json:"paused_until"`
}

func (s *Server) apiReachOutPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.ReachOutPlan(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiPlan(p))
}

func apiPlan(p *hearth.ReachOutPlan) APIReachOutPlan {
	out := APIReachOutPlan{Partners: p.Partners, Sponsor: p.Sponsor, Groups: p.Groups, Words: p.Words, PausedUntil: optTime(p.PausedUntil)}
	if out.Groups == nil {
		out.Groups = []int64{}
	}
	return out
}

func (s *Server) apiSetReachOutPlan(w http.ResponseWriter, r *http.Request) error {
	var in APIReachOutPlan
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p := &hearth.ReachOutPlan{Partners: in.Partners, Sponsor: in.Sponsor, Groups: in.Groups, Words: in.Words}
	if in.PausedUntil != nil {
		p.PausedUntil = *in.PausedUntil
	}
	if err := s.store.SetReachOutPlan(r.Context(), p); err != nil {
		return err
	}
	saved, err := s.store.ReachOutPlan(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiPlan(saved))
}

// APIReachOut is a reach-out: for its sender, with who saw and answered;
// for a recipient, with its sender and their own seen and answered.
type APIReachOut struct {
	ID         int64                  `json:"id"`
	Sender     *APIMember             `json:"sender,omitempty"`
	Words      string                 `json:"words"`
	CreatedAt  time.Time              `json:"created_at"`
	Recipients []APIReachOutRecipient `json:"recipients"`
}

// APIReachOutRecipient is one who received a reach-out.
type APIReachOutRecipient struct {
	Member     *APIMember `json:"member"`
	SeenAt     *time.Time `json:"seen_at"`
	AnsweredAt *time.Time `json:"answered_at"`
}

func apiReachOut(ro *hearth.ReachOut) APIReachOut {
	out := APIReachOut{ID: ro.ID, Sender: apiMember(ro.Sender), Words: ro.Words, CreatedAt: ro.CreatedAt.UTC(),
		Recipients: []APIReachOutRecipient{}}
	for _, rc := range ro.Recipients {
		out.Recipients = append(out.Recipients, APIReachOutRecipient{Member: apiMember(rc.Account),
			SeenAt: optTime(rc.SeenAt), AnsweredAt: optTime(rc.AnsweredAt)})
	}
	return out
}

func apiReachOuts(list []*hearth.ReachOut) []APIReachOut {
	out := []APIReachOut{}
	for _, ro := range list {
		out = append(out, apiReachOut(ro))
	}
	return out
}

func (s *Server) apiListReachOuts(w http.ResponseWriter, r *http.Request) error {
	mine, err := s.store.MyReachOuts(r.Context())
	if err != nil {
		return err
	}
	toMe, err := s.store.ReachOutsToMe(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		Mine []APIReachOut `json:"mine"`
		ToMe []APIReachOut `json:"to_me"`
	}{apiReachOuts(mine), apiReachOuts(toMe)})
}

func (s *Server) apiSendReachOut(w http.ResponseWriter, r *http.Request) error {
	ro, err := s.store.ReachOut(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/me/reach-outs/"+strconv.FormatInt(ro.ID, 10))
	return writeJSON(w, http.StatusCreated, apiReachOut(ro))
}

func (s *Server) apiGetReachOut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ro, err := s.store.SeeReachOut(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiReachOut(ro))
}

func (s *Server) apiAnswerReachOut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.AnswerReachOut(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiConversation(c))
}
