package web

import (
	"net/http"
	"strconv"
	"strings"

	"hearth"
	"hearth/crisis"
)

// Private messages between two members: the list of conversations, one
// conversation with its form, and a member's choices about messages.

// MessagesPage lists the member's conversations, the form to start one,
// and their choices.
type MessagesPage struct {
	Page
	Conversations []*hearth.Conversation
	Form          *Form
	Prefs         hearth.MessagePrefs
	// Reports are the messages the member reported to the site admins.
	Reports []*MyReportView
}

func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request) error {
	return s.messagesForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) messagesForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	list, err := s.store.Conversations(r.Context())
	if err != nil {
		return err
	}
	prefs, err := s.store.MessagePrefs(r.Context())
	if err != nil {
		return err
	}
	reports, err := s.myReportViews(r, list)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "messages", &MessagesPage{Page: s.page(r, "messages.title", "messages"),
		Conversations: list, Form: f, Prefs: prefs, Reports: reports})
}

// startConversation opens the conversation with the member whose sign-in
// name was typed.
func (s *Server) startConversation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	handle := strings.TrimSpace(r.PostForm.Get("handle"))
	fail := func(status int, key string) error {
		return s.messagesForm(w, r, status, formFrom(r, hearth.FieldErrors{"handle": key}.Err()))
	}
	if handle == "" {
		return fail(http.StatusUnprocessableEntity, "error.message.handle_required")
	}
	them, _, err := s.store.FindAccountByHandle(r.Context(), handle)
	if hearth.ErrorCode(err) == hearth.ENOTFOUND {
		return fail(http.StatusUnprocessableEntity, "error.message.no_such_member")
	}
	if err != nil {
		return err
	}
	c, err := s.store.StartConversation(r.Context(), them.ID)
	switch hearth.ErrorCode(err) {
	case "":
		return s.redirect(w, r, conversationPath(c.ID), "")
	case hearth.ENOTFOUND:
		return fail(http.StatusUnprocessableEntity, "error.message.no_such_member")
	case hearth.EFORBIDDEN:
		return fail(http.StatusForbidden, "error.message.not_allowed")
	}
	return err
}

func conversationPath(id int64) string { return "/messages/" + strconv.FormatInt(id, 10) }

// ConversationPage is one conversation, its messages and the form.
type ConversationPage struct {
	Page
	C        *hearth.Conversation
	Messages []*hearth.Message
	// Earlier is the ID to read messages before, when there are more.
	Earlier int64
	Form    *Form
	// Help says the message just sent spoke of a crisis: help is shown.
	Help bool
	// Reported are the messages the member reported.
	Reported map[int64]bool
}

// conversationPageSize is how many messages a conversation page shows.
const conversationPageSize = 50

func (s *Server) conversationPage(w http.ResponseWriter, r *http.Request) error {
	return s.conversationForm(w, r, http.StatusOK, &Form{})
}

func (s *Server) conversationForm(w http.ResponseWriter, r *http.Request, status int, f *Form) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		return err
	}
	list, err := s.store.Messages(r.Context(), id, before, conversationPageSize+1)
	if err != nil {
		return err
	}
	if before == 0 && c.Unread > 0 && r.Method == http.MethodGet {
		// Read now, before the page counts the member's unread
		// notifications.
		if err := s.store.MarkConversationRead(r.Context(), id); err != nil {
			return err
		}
	}
	page := &ConversationPage{Page: s.page(r, "conversation.title", "messages"), C: c, Form: f,
		Help: r.URL.Query().Has("help")}
	if len(list) > conversationPageSize {
		list = list[1:]
		page.Earlier = list[0].ID
	}
	page.Messages = list
	reports, err := s.store.MyMessageReports(r.Context())
	if err != nil {
		return err
	}
	page.Reported = map[int64]bool{}
	for _, rep := range reports {
		page.Reported[rep.MessageID] = true
	}
	return s.render(w, r, status, "conversation", page)
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	_, err = s.store.SendMessage(r.Context(), id, body)
	switch hearth.ErrorCode(err) {
	case "":
	case hearth.EINVALID:
		return s.conversationForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
	case hearth.ERATELIMIT:
		return s.conversationForm(w, r, http.StatusTooManyRequests, formFrom(r, err))
	case hearth.EFORBIDDEN:
		return s.conversationForm(w, r, http.StatusForbidden, formFrom(r, err))
	default:
		return err
	}
	to := conversationPath(id)
	if crisis.Detect(body) {
		to += "?help"
	}
	return s.redirect(w, r, to+"#end", "notice.message_sent")
}

func (s *Server) eraseConversationPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.store.Conversation(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "conversation_erase", &ConversationPage{Page: s.page(r, "conversation_erase.title", "messages"), C: c})
}

func (s *Server) eraseConversation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.EraseConversation(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/messages", "notice.conversation_erased")
}

func (s *Server) setMessagePrefs(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p := hearth.MessagePrefs{From: r.PostForm.Get("from"), Receipts: r.PostForm.Get("receipts") != ""}
	if err := s.store.SetMessagePrefs(r.Context(), p); err != nil {
		if hearth.ErrorCode(err) == hearth.EINVALID {
			return s.messagesForm(w, r, http.StatusUnprocessableEntity, formFrom(r, err))
		}
		return err
	}
	return s.redirect(w, r, "/messages", "notice.message_prefs_saved")
}
